/*
 * bench_corpus.c: writes a corpus of generated reports for benchmarks.
 *
 *   bench_corpus SEED_DIR OUT_DIR N [REGISTER_EVERY]
 *
 * Each seed report SEED_DIR/NAME.txt with its gold NAME.json (agency,
 * year) is copied N / seeds times with the agency renamed (a two-syllable
 * place name put in front of it), the year moved (2018..2025), and the
 * digits of every number after the first table heading shifted by the
 * copy's number so the tables differ from copy to copy.  Files go to
 * OUT_DIR/dNN/NNNNN.txt, a few hundred per folder.  With REGISTER_EVERY,
 * every such copy's agency is also written to OUT_DIR/../agencies.csv,
 * so part of the corpus is registered.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "base/buf.h"

typedef struct seed {
    char *text;
    size_t len;
    char *agency;
    int year;
} seed;

static const char *const syllables[] = {
    "安", "宝", "长", "德", "东", "丰", "福", "广", "和", "华", "嘉", "金", "康", "乐", "临",
    "龙", "明", "南", "宁", "平", "庆", "荣", "瑞", "山", "寿", "顺", "泰", "通", "西", "祥",
    "新", "兴", "阳", "永", "裕", "云", "兆", "镇", "中", "州",
};
enum { NSYL = sizeof syllables / sizeof syllables[0] };

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
    fclose(f);
    return buf_detach(&b, len);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The seeds: every NAME.txt in DIR that has a NAME.json with agency and year. */
static int read_seeds(const char *dir, seed *out, int max)
{
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) names[n++] = strdup(e->d_name);
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof *names, by_name);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%.*s.json", dir, (int)strlen(names[i]) - 4, names[i]);
        json_t *gold = json_load_file(path, 0, NULL);
        const char *agency = json_string_value(json_object_get(gold, "agency"));
        int year = (int)json_integer_value(json_object_get(gold, "year"));
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        seed s = { .agency = agency ? strdup(agency) : NULL, .year = year };
        s.text = slurp(path, &s.len);
        if (s.text && s.agency && year && kept < max) out[kept++] = s;
        else { free(s.text); free(s.agency); }
        json_decref(gold);
        free(names[i]);
    }
    return kept;
}

/* Appends TEXT with every AGENCY made NAME and every YEAR made NEW_YEAR;
 * after the first table heading (二、) single digits are shifted by SHIFT
 * when the number is not a year, so each copy has its own figures. */
static void vary(buf *out, const seed *s, const char *name, int new_year, int shift)
{
    char year[8], new_y[8];
    snprintf(year, sizeof year, "%d", s->year);
    snprintf(new_y, sizeof new_y, "%d", new_year);
    size_t alen = strlen(s->agency);
    const char *p = s->text, *end = s->text + s->len;
    const char *tables = strstr(s->text, "二、");
    while (p < end) {
        if ((size_t)(end - p) >= alen && memcmp(p, s->agency, alen) == 0) {
            buf_puts(out, name);
            p += alen;
        } else if (end - p >= 4 && memcmp(p, year, 4) == 0) {
            buf_puts(out, new_y);
            p += 4;
        } else if (tables && p > tables && *p >= '1' && *p <= '8' &&
                   (p == s->text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') &&
                   (p + 1 == end || p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || p[1] == '\r')) {
            buf_putc(out, (char)('1' + (*p - '1' + shift) % 8));   /* stays one digit */
            p++;
        } else {
            buf_putc(out, *p++);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: bench_corpus SEED_DIR OUT_DIR N [REGISTER_EVERY]\n", stderr);
        return 2;
    }
    seed seeds[64];
    int nseeds = read_seeds(argv[1], seeds, 64);
    if (!nseeds) {
        fprintf(stderr, "%s: no seed reports with gold agency and year\n", argv[1]);
        return 2;
    }
    long n = atol(argv[3]);
    long every = argc > 4 ? atol(argv[4]) : 0;
    const char *out_dir = argv[2];
    mkdir(out_dir, 0777);
    FILE *registry = NULL;
    if (every > 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/../agencies.csv", out_dir);
        registry = fopen(path, "w");
        if (!registry) { perror(path); return 2; }
        fputs("name,slug,province,city,county\n", registry);
    }
    buf text = BUF_INIT;
    for (long i = 0; i < n; i++) {
        const seed *s = &seeds[i % nseeds];
        long k = i / nseeds;
        char name[256], path[4096];
        snprintf(name, sizeof name, "%s%s%s%s", syllables[k % NSYL], syllables[(k / NSYL) % NSYL],
                 syllables[(k / NSYL / NSYL) % NSYL], s->agency);
        buf_clear(&text);
        vary(&text, s, name, 2018 + (int)(k % 8), (int)(k % 7));
        snprintf(path, sizeof path, "%s/d%02ld", out_dir, i / 500);
        if (i % 500 == 0 && mkdir(path, 0777) != 0 && errno != EEXIST) { perror(path); return 2; }
        snprintf(path, sizeof path, "%s/d%02ld/%05ld.txt", out_dir, i / 500, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(text.data, 1, text.len, f) != text.len || fclose(f) != 0) {
            perror(path);
            return 2;
        }
        if (registry && i % every == 0)
            fprintf(registry, "%s,bench-%ld,测试省,测试%ld市,\n", name, i, i % 50);
    }
    if (registry) fclose(registry);
    buf_free(&text);
    for (int i = 0; i < nseeds; i++) { free(seeds[i].text); free(seeds[i].agency); }
    return 0;
}
