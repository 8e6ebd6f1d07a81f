/*
 * test_search_index.c: the search index builder (site-gen/out/search_*.c)
 * on four documents written here, and the ranking of the site's own
 * script (templates/static/search.js, run under Node by
 * tests/search/engine.js) on the index it writes.
 *
 * Every expected value was worked out by hand from the documents below:
 * the normal forms, the tokens, the postings (document, slot, positions
 * as pos * 2 + 1 when a separator stands before, and a term's weight in
 * a document), and the BM25 scores over a query's terms (k1 = 1.2,
 * b = 0.75, slot weights title 4, agency 3, prose 1), written as the
 * arithmetic they come from.
 *
 *   doc 0  report 2024, 甲局 (甲省)
 *          title 甲局报告 (4 positions), agency "甲局 甲省" (4),
 *          part 一 信息公开。公开信息 (8), part 五 乙局乙局乙局 (6): length 22
 *   doc 1  report 2023, 乙局 (乙省)
 *          title 乙局报告 (4), agency "乙局 乙省" (4),
 *          part 一 依申请公开信息公开 (9), part 五 信息 (2): length 19
 *   doc 2  agency page 甲局: title 甲局 (2): length 2
 *   doc 3  report 2025, 乙局 (乙省)
 *          title 乙局报告 (4), agency "乙局 乙省" (4),
 *          part 一 公开。公开。公开。信息。信息。甲 (11): length 19
 *
 * N = 4 documents, mean length 62 / 4 = 15.5.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fs.h"
#include "check.h"
#include "out/search.h"

static const char *norm(search_norm *n, const char *s)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    search_norm_text(n, s, strlen(s), &b);
    return b.data;
}

static void on_token(void *ctx, const search_token *t)
{
    buf *b = ctx;
    buf_printf(b, "%s%.*s/%u%s", b->len ? " " : "", (int)t->len, t->term, t->pos, t->after_sep ? "+" : "");
}

/* "doc:slot:v,v doc:slot:v" for the postings of TERM. */
static const char *postings(search_index *si, const char *term)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    search_posting *p;
    size_t n = search_index_postings(si, term, &p);
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "%s%u:%u:", i ? " " : "", p[i].doc, p[i].slot);
        for (uint32_t k = 0; k < p[i].count; k++) buf_printf(&b, "%s%u", k ? "," : "", p[i].pos[k]);
    }
    return b.data;
}

/* TERM's weight in each document that holds it, as "doc:weight", with
 * "+" when it stands in the title or agency. */
static const char *weights(search_index *si, const char *term)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    search_posting *p;
    size_t n = search_index_postings(si, term, &p);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || p[i].doc != p[i - 1].doc)
            buf_printf(&b, "%s%u:%u%s", i ? " " : "", p[i].doc, p[i].weight, p[i].named ? "+" : "");
    return b.data;
}

static void add_docs(search_index *si)
{
    search_doc d0 = { .kind = SK_REPORT, .url = "/agencies/jia/2024/", .title = "甲局报告", .year = 2024,
                      .province = "甲省", .agency = "甲局", .agency_slug = "jia" };
    d0.slot_text[SLOT_TITLE] = "甲局报告";
    d0.slot_text[SLOT_AGENCY] = "甲局 甲省";
    d0.slot_text[SLOT_PART1] = "信息公开。公开信息";
    d0.slot_text[SLOT_PART5] = "乙局乙局乙局";
    d0.slot_anchor[SLOT_PART1] = "part-1";
    search_doc d1 = { .kind = SK_REPORT, .url = "/agencies/yi/2023/", .title = "乙局报告", .year = 2023,
                      .province = "乙省", .agency = "乙局", .agency_slug = "yi" };
    d1.slot_text[SLOT_TITLE] = "乙局报告";
    d1.slot_text[SLOT_AGENCY] = "乙局 乙省";
    d1.slot_text[SLOT_PART1] = "依申请公开信息公开";
    d1.slot_text[SLOT_PART5] = "信息";
    search_doc d2 = { .kind = SK_AGENCY, .url = "/agencies/jia/", .title = "甲局", .province = "甲省",
                      .agency = "甲局", .agency_slug = "jia" };
    d2.slot_text[SLOT_TITLE] = "甲局";
    search_doc d3 = d1;
    d3.url = "/agencies/yi/2025/";
    d3.year = 2025;
    d3.slot_text[SLOT_PART1] = "公开。公开。公开。信息。信息。甲";
    d3.slot_text[SLOT_PART5] = NULL;
    search_index_add(si, &d0);
    search_index_add(si, &d1);
    search_index_add(si, &d2);
    search_index_add(si, &d3);
}

typedef struct out_dir {
    const char *root;
    int files;
} out_dir;

static int write_file(void *ctx, const char *path, const void *data, size_t len)
{
    out_dir *o = ctx;
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", o->root, path);
    if (fs_make_parents(full) != 0) return -1;
    FILE *f = fopen(full, "wb");
    if (!f) return -1;
    size_t put = fwrite(data, 1, len, f);
    o->files++;
    return fclose(f) == 0 && put == len ? 0 : -1;
}

/* The search page the Node runner reads the index's URLs from, and the script. */
static bool write_page(const char *root, json_t *assets)
{
    buf page = BUF_INIT, script = BUF_INIT;
    buf_printf(&page, "<div id=\"search-app\" data-base=\"\" data-index=\"%s\"></div>\n"
               "<script src=\"/static/search.js\" defer></script>\n",
               json_string_value(json_object_get(assets, "search_index")));
    out_dir o = { root, 0 };
    bool ok = fs_read(&script, "templates/static/search.js", FS_MAX_FILE) == 0 &&
              write_file(&o, "search/index.html", page.data, page.len) == 0 &&
              write_file(&o, "static/search.js", script.data, script.len) == 0;
    buf_free(&page);
    buf_free(&script);
    return ok;
}

/* What the script answers to each query: {"hits": [...], "files": [...]}. */
static json_t *run_queries(const char *root, const char *const *queries, int n)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "node tests/search/engine.js '%s'", root);
    for (int i = 0; i < n; i++) buf_printf(&cmd, " '%s'", queries[i]);
    FILE *p = popen(cmd.data, "r");
    buf_free(&cmd);
    json_t *all = json_object();
    char line[1 << 16];
    while (p && fgets(line, sizeof line, p)) {
        json_t *j = json_loads(line, 0, NULL);
        if (j) json_object_set(all, json_string_value(json_object_get(j, "q")), j);
        json_decref(j);
    }
    if (p) pclose(p);
    return all;
}

/* "3 1 0": the documents of a query's hits, in order. */
static const char *order(json_t *all, const char *q)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    json_t *hits = json_object_get(json_object_get(all, q), "hits");
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h)
        buf_printf(&b, "%s%lld", i ? " " : "", (long long)json_integer_value(json_object_get(h, "doc")));
    return hits ? b.data : "(no answer)";
}

static double score(json_t *all, const char *q, size_t k)
{
    return json_real_value(json_object_get(json_array_get(json_object_get(json_object_get(all, q), "hits"), k),
                                           "score"));
}

/* "0 1": the numbers of the files of family DIR ("d") that query Q read. */
static const char *family_files(json_t *all, const char *q, const char *dir)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    char prefix[16];
    snprintf(prefix, sizeof prefix, "/search/%s/", dir);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(json_object_get(all, q), "files"), i, f) {
        const char *u = json_string_value(f);
        if (!u || strncmp(u, prefix, strlen(prefix)) != 0) continue;
        const char *name = strrchr(u, '/') + 1;
        buf_printf(&b, "%s%.*s", b.len ? " " : "", (int)(strlen(name) - 4), name);
    }
    return b.data;
}

/* The slug the script gives hit K of query Q. */
static const char *slug(json_t *all, const char *q, size_t k)
{
    const char *s = json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(all, q),
                                                                                      "hits"), k), "slug"));
    return s ? s : "(none)";
}

/* Z inflated into OUT, NUL-terminated. */
static bool inflate_buf(const buf *z, buf *out)
{
    z_stream zs = {0};
    if (inflateInit(&zs) != Z_OK) return false;
    buf_clear(out);
    zs.next_in = (Bytef *)z->data;
    zs.avail_in = (uInt)z->len;
    int rc = Z_OK;
    while (rc == Z_OK) {
        buf_reserve(out, 65536);
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = 65536;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->len = (size_t)((char *)zs.next_out - out->data);
    }
    inflateEnd(&zs);
    buf_putc(out, '\0');
    out->len--;
    return rc == Z_STREAM_END;
}

/* The JSON of the index file at site-relative URL (as DIR, NAME) under ROOT; NULL when unreadable. */
static json_t *index_json(const char *root, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", root, dir ? dir : "(none)", name);
    buf z = BUF_INIT, text = BUF_INIT;
    json_t *j = fs_read(&z, path, FS_MAX_FILE) == 0 && inflate_buf(&z, &text) ? json_loads(text.data, 0, NULL) : NULL;
    buf_free(&z);
    buf_free(&text);
    return j;
}

static json_t *manifest(const char *root, json_t *assets)
{
    return index_json(root, json_string_value(json_object_get(assets, "search_index")), "");
}

/* The normal form of CH that the block file of its code points gives, read from ROOT. */
static bool norm_block_maps(const char *root, json_t *assets, int32_t cp, const char *ch, const char *want)
{
    json_t *m = manifest(root, assets);
    char name[32];
    snprintf(name, sizeof name, "%d.bin", (int)(cp >> 10));
    json_t *t = index_json(root, json_string_value(json_object_get(json_object_get(m, "norm"), "dir")), name);
    const char *f = json_string_value(json_object_get(t, ch));
    bool ok = f && strcmp(f, want) == 0;
    json_decref(t);
    json_decref(m);
    return ok;
}

/* The normal form of CH that the whole table gives, read from ROOT. */
static bool norm_whole_maps(const char *root, json_t *assets, const char *ch, const char *want)
{
    json_t *m = manifest(root, assets);
    json_t *t = index_json(root, json_string_value(json_object_get(json_object_get(m, "norm"), "whole")), "");
    const char *f = json_string_value(json_object_get(t, ch));
    bool ok = f && strcmp(f, want) == 0;
    json_decref(t);
    json_decref(m);
    return ok;
}

/* "slots:s,s values:slot=v|..." of document DOC's text file under ROOT. */
static const char *text_file(const char *root, json_t *assets, int doc)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    json_t *m = manifest(root, assets);
    char name[32];
    snprintf(name, sizeof name, "%d.bin", doc);
    json_t *t = index_json(root, json_string_value(json_object_get(m, "texts")), name), *e;
    size_t i;
    buf_puts(&b, "slots:");
    json_array_foreach(json_object_get(t, "s"), i, e)
        buf_printf(&b, "%s%d=%s", i ? "|" : "", (int)json_integer_value(json_array_get(e, 0)),
                   json_string_value(json_array_get(e, 1)));
    buf_puts(&b, " values:");
    json_array_foreach(json_object_get(t, "v"), i, e)
        buf_printf(&b, "%s%d=%s", i ? "|" : "", (int)json_integer_value(json_array_get(e, 0)),
                   json_string_value(json_array_get(e, 1)));
    json_decref(t);
    json_decref(m);
    return b.data;
}

/* The forms file under ROOT: "slot=piece|piece ..." */
static const char *forms_file(const char *root, json_t *assets)
{
    static buf b = BUF_INIT;
    buf_clear(&b);
    json_t *m = manifest(root, assets);
    json_t *f = index_json(root, json_string_value(json_object_get(json_object_get(m, "forms"), "url")), "");
    const char *key;
    json_t *pieces;
    json_object_foreach(f, key, pieces) {
        size_t i;
        json_t *p;
        buf_printf(&b, "%s%s=", b.len ? " " : "", key);
        json_array_foreach(pieces, i, p) buf_printf(&b, "%s%s", i ? "|" : "", json_string_value(p));
    }
    json_decref(f);
    json_decref(m);
    return b.data;
}

/* A table written as a form (search.h): two reports with the form
 * "复议 _ 诉讼 _\n", one with "复议 _\n". */
static void forms_checks(search_norm *n, diag *d)
{
    search_index *si = search_index_new(n);
    search_doc a = { .kind = SK_REPORT, .url = "/agencies/jia/2024/", .year = 2024, .agency = "甲局",
                     .agency_slug = "jia" };
    a.slot_text[SLOT_APPEALS] = "复议 \x01 诉讼 \x01\n";
    a.slot_values[SLOT_APPEALS] = "3\x01—\x01";
    search_doc b = a;
    b.slot_values[SLOT_APPEALS] = "12\x01" "7\x01";
    search_doc c = a;
    c.slot_text[SLOT_APPEALS] = "复议 \x01\n";
    c.slot_values[SLOT_APPEALS] = "5\x01";
    search_index_add(si, &a);
    search_index_add(si, &b);
    search_index_add(si, &c);
    /* 复议3诉讼— and 复议12诉讼7 (white space next to CJK dropped): the
     * number at position 2, 7 at 5; 5 in doc 2 at 2.  Slot 11 is the
     * appeals table. */
    check_why(strcmp(postings(si, "3"), "0:11:4") == 0 && strcmp(postings(si, "12"), "1:11:4") == 0 &&
              strcmp(postings(si, "7"), "1:11:10") == 0 && strcmp(postings(si, "5"), "2:11:4") == 0,
              postings(si, "3"), "a form's blanks filled with its values are what is indexed");
    char root[] = "/tmp/test_search_forms_XXXXXX";
    if (!mkdtemp(root)) return;
    out_dir o = { root, 0 };
    json_t *assets = json_object();
    search_stats st;
    int rc = search_index_write(si, (search_sizes){0}, write_file, &o, assets, &st, d);
    check_why(rc == 0 && strcmp(text_file(root, assets, 0), "slots: values:11=3 —") == 0 &&
              strcmp(text_file(root, assets, 1), "slots: values:11=12 7") == 0 &&
              strcmp(text_file(root, assets, 2), "slots:11=复议 5\n values:") == 0,
              text_file(root, assets, 2),
              "the texts hold the values of the first form, spaced, and the whole text of another");
    check_why(st.forms == 1 && strcmp(forms_file(root, assets), "11=复议 | 诉讼 |\n") == 0, forms_file(root, assets),
              "the forms file holds the first form's text between its blanks");
    json_t *m = manifest(root, assets), *t = json_object_get(m, "table");
    check(st.doc_chunks == 1 && json_is_true(json_object_get(t, "whole")) &&
          json_integer_value(json_object_get(t, "per")) == 3,
          "the document table of 3 documents, far under 64 kB, is one file, marked whole");
    json_decref(m);
    json_decref(assets);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", root);
    search_index_free(si);
}

static double bm25(double idf, double tf, double len)
{
    return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / 15.5));
}

int main(void)
{
    check_plan(35);
    diag d = { .out = stderr };
    search_norm *n = search_norm_new(&d);
    if (!check(n != NULL, "OpenCC's t2s opens and the normaliser is made")) return check_done();

    check(strcmp(norm(n, "ＡＢＣ１２３"), "abc123") == 0, "full-width letters and digits fold to ASCII, lower case");
    check(strcmp(norm(n, "資訊公開"), "资讯公开") == 0, "traditional characters become simplified (OpenCC t2s)");
    check(strcmp(norm(n, "红 寺 堡\u3000区"), "红寺堡区") == 0, "white space between CJK characters is dropped");
    check_why(strcmp(norm(n, "2023 年 a  b"), "2023年a b") == 0, norm(n, "2023 年 a  b"),
              "white space next to a CJK character is dropped, between words it is one space");
    check(strcmp(norm(n, "一\n\n二\r\n三"), "一\n二\n三") == 0, "line breaks stay, one each");
    check(strcmp(norm(n, "红\u200b寺\u00ad"), "红寺") == 0, "zero-width space and soft hyphen are dropped");

    buf toks = BUF_INIT;
    const char *t = norm(n, "红寺堡2023年。第1");
    search_tokens(t, strlen(t), on_token, &toks);
    check_why(strcmp(toks.data, "红/0 红寺/0 寺/1 寺堡/1 堡/2 2023/3 年/4 第/5+ 1/6") == 0, toks.data,
              "tokens: each CJK character and the pair it starts, words whole, a separator flags the next");
    buf_free(&toks);

    search_index *si = search_index_new(n);
    add_docs(si);
    /* 公开: doc 0 part 一 (slot 3) at 2 and 4 (after 。); doc 1 part 一 at 3 and 7;
     * doc 3 part 一 at 0, 2 and 4, the last two after 。 */
    check_why(strcmp(postings(si, "公开"), "0:3:4,9 1:3:6,14 3:3:0,5,9") == 0, postings(si, "公开"),
              "postings of 公开 as worked out by hand");
    /* 信息: doc 0 at 0 and 6 (公开信息: 公4 开5 信6); doc 1 at 5, and part 五 (slot 7) at 0;
     * doc 3 at 6 and 8, each after 。 */
    check_why(strcmp(postings(si, "信息"), "0:3:0,12 1:3:10 1:7:0 3:3:13,17") == 0, postings(si, "信息"),
              "postings of 信息 as worked out by hand");
    /* 甲: doc 0 title 0, agency 0 and 2 (甲局甲省); doc 2 title 0; doc 3 part 一 at 10 after 。 */
    check_why(strcmp(postings(si, "甲"), "0:0:0 0:1:0,4 2:0:0 3:3:21") == 0, postings(si, "甲"),
              "postings of the single character 甲 as worked out by hand");
    /* Weights, doubled: title 8, agency 6, prose 2 an occurrence.  甲: doc 0
     * once in the title and twice in the agency, 8 + 12; doc 2 once in the
     * title; doc 3 once in part 一.  乙局: docs 1 and 3 once in the title
     * and once in the agency, 8 + 6; doc 0 three times in part 五. */
    check_why(strcmp(weights(si, "甲"), "0:20+ 2:8+ 3:2") == 0, weights(si, "甲"),
              "甲 weighs 20 in doc 0 and 8 in doc 2, both in the title, and 2 in doc 3");
    check_why(strcmp(weights(si, "乙局"), "0:6 1:14+ 3:14+") == 0, weights(si, "乙局"),
              "乙局 weighs 6 in doc 0 (three times in prose), 14 in docs 1 and 3 (title and agency)");
    check(strcmp(postings(si, "息公"), "0:3:2 1:3:12") == 0 && strcmp(postings(si, "开。"), "") == 0 &&
          strcmp(postings(si, "开信"), "0:3:10 1:3:8") == 0,
          "bigrams stand only inside a run of CJK characters");

    char root[] = "/tmp/test_search_XXXXXX";
    if (!mkdtemp(root)) return check_done();
    out_dir o = { root, 0 };
    json_t *assets = json_object();
    search_stats st;
    /* Two documents a chunk of the table (0 and 1, 2 and 3; never whole:
     * at most 1 byte), one agency a chunk (jia, then yi: by slug). */
    int rc = search_index_write(si, (search_sizes){ 48 << 10, 2, 1, 1 }, write_file, &o, assets, &st, &d);
    check(rc == 0 && st.docs == 4 && st.shards == 1 && st.doc_chunks == 2 &&
          st.agency_chunks == 2 && st.texts == 4 && st.norm_chunks > 0 && st.norm_whole &&
          st.files == 1 + 2 + 2 + 1 + 4 + st.norm_chunks + 1 + 1 && o.files == (int)st.files,
          "the index is written: 1 shard, 2 chunks of the table, 2 of the agencies and their "
          "first slugs, 4 texts, %zu blocks of the normalisation table and the whole of it, the manifest",
          st.norm_chunks);
    check(norm_block_maps(root, assets, 0x958B, "開", "开"),
          "開 (U+958B) becomes 开 in block 37 (U+9400 to U+97FF) of the normalisation table");
    check(norm_whole_maps(root, assets, "開", "开") && norm_whole_maps(root, assets, "資", "资") == false,
          "開 becomes 开 in the whole table too (small, so written); 資 is not in it (资 is in no document)");
    check(write_page(root, assets), "the search page for the Node runner is written");

    static const char *const q[] = { "信息公开", "信息 公开", "乙局", "公开。公开", "公开公开", "2" };
    json_t *all = run_queries(root, q, 6);
    /* 信息公开: docs 0 and 1 (in doc 3 信息 and 公开 never stand together).
     * Scored over its terms 信息 and 公开, each in docs 0, 1 and 3: df 3, idf
     * = ln(1 + 1.5 / 3.5) = ln(10 / 7); each twice in doc 0 (信息 0 and 6, 公开
     * 2 and 4) and in doc 1 (信息 in parts 一 and 五, 公开 3 and 7); doc 1 is
     * shorter (19 against 22). */
    check_why(strcmp(order(all, "信息公开"), "1 0") == 0, order(all, "信息公开"),
              "信息公开 finds docs 1 and 0, the shorter first");
    check(fabs(score(all, "信息公开", 0) - 2 * bm25(log(10.0 / 7), 2, 19)) < 1e-9 &&
          fabs(score(all, "信息公开", 1) - 2 * bm25(log(10.0 / 7), 2, 22)) < 1e-9,
          "信息公开 scores 2 · ln(10/7) · 2 · 2.2 / (2 + 1.2 (0.25 + 0.75 · 19 / 15.5)) and the same with 22");
    /* 信息 公开: docs 0, 1, 3 hold both; in 0 and 1 they stand together, in 3 not. */
    check_why(strcmp(order(all, "信息 公开"), "1 0 3") == 0, order(all, "信息 公开"),
              "信息 公开 puts the documents where the parts stand together first (1 0), then doc 3");
    /* each part: df 3, idf = ln(1 + 1.5 / 3.5) = ln(10 / 7); doc 3: 信息 tf 2, 公开 tf 3 */
    check(fabs(score(all, "信息 公开", 2) - (bm25(log(10.0 / 7), 2, 19) + bm25(log(10.0 / 7), 3, 19))) < 1e-9 &&
          score(all, "信息 公开", 2) > score(all, "信息 公开", 1),
          "doc 3 scores more (2 and 3 hits) and still comes after the two where the parts stand together");
    /* 乙局: docs 1 and 3 in title and agency (tf 4 + 3 = 7), tied, 3 newer; doc 0 in prose only (tf 3). */
    check_why(strcmp(order(all, "乙局"), "3 1 0") == 0, order(all, "乙局"),
              "乙局: title and agency above prose, the newer report first on a tie");
    check(fabs(score(all, "乙局", 0) - bm25(log(10.0 / 7), 7, 19)) < 1e-9 &&
          fabs(score(all, "乙局", 1) - score(all, "乙局", 0)) < 1e-12 &&
          fabs(score(all, "乙局", 2) - bm25(log(10.0 / 7), 3, 22)) < 1e-9 &&
          score(all, "乙局", 2) < score(all, "乙局", 0),
          "乙局 scores ln(10/7) · 7 · 2.2 / (7 + 1.2 (0.25 + 0.75 · 19 / 15.5)) for docs 3 and 1");
    check_why(strcmp(order(all, "公开。公开"), "3 0") == 0, order(all, "公开。公开"),
              "公开。公开 (a separator inside) finds docs 3 (twice) and 0");
    check_why(strcmp(order(all, "公开公开"), "") == 0, order(all, "公开公开"),
              "公开公开 finds nothing: in every document a separator stands between");
    check_why(strcmp(order(all, "2"), "") == 0, order(all, "2"), "a word that no document holds finds nothing");

    /* What each query read: 信息公开 matches docs 0 and 1, 乙局 docs 0, 1 and 3. */
    check_why(strcmp(family_files(all, "信息公开", "d"), "0") == 0 && strcmp(family_files(all, "信息公开", "s"), "0") == 0 &&
              strcmp(family_files(all, "信息公开", "f"), "") == 0 && strcmp(family_files(all, "信息公开", "a"), "") == 0,
              family_files(all, "信息公开", "d"),
              "信息公开 reads its shard and the chunk of the table holding docs 0 and 1, no text, no agency");
    check_why(strcmp(family_files(all, "乙局", "d"), "0 1") == 0, family_files(all, "乙局", "d"),
              "乙局 reads both chunks of the table (docs 0, 1 and 3)");
    check(strcmp(family_files(all, "2", "s"), "0") == 0 && strcmp(family_files(all, "2", "d"), "") == 0,
          "2, in no document, reads the one shard (where it would stand) and no chunk of the table");
    check(strcmp(slug(all, "乙局", 0), "yi") == 0 && strcmp(slug(all, "乙局", 1), "yi") == 0 &&
          strcmp(slug(all, "乙局", 2), "jia") == 0,
          "the agencies' chunks give the hits of 乙局 their agencies' slugs: yi, yi, jia");
    json_decref(all);
    json_decref(assets);
    forms_checks(n, &d);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", root);
    search_index_free(si);
    search_norm_free(n);
    return check_done();
}
