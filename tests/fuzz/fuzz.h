/*
 * fuzz.h: what the fuzz targets of tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput, the one function
 * libFuzzer calls with each input it makes; `make fuzz` links it with
 * libFuzzer (clang -fsanitize=fuzzer,address,undefined), and `make test`
 * links it with replay.c, which calls it on the files of
 * tests/fuzz/regress/NAME/ and tests/fuzz/seeds/NAME/.
 *
 * Beyond the sanitizers, a target checks what the readers promise and
 * aborts (a crash libFuzzer keeps) when a promise is broken: every cell
 * of a doc is valid UTF-8, trimmed, without control or bidi characters,
 * and every record turns into JSON.  Messages go to /dev/null, so that
 * writing them is exercised too.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/diag.h"
#include "base/text.h"
#include "read/read.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A diag writing to /dev/null, opened once for the process. */
static inline diag fuzz_diag(void)
{
    static FILE *null;
    if (!null && !(null = fopen("/dev/null", "w"))) abort();
    return (diag){ null, 0, 0 };
}

static inline void fuzz_fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz: %s: \"%s\"\n", what, text);
    abort();
}

/* TEXT breaks no promise of report text: valid UTF-8, no C0 control (but
 * '\n' where NEWLINES), no DEL, C1, bidi or zero-width character. */
static inline void fuzz_check_text(const char *text, const char *what, int newlines)
{
    size_t len = strlen(text);
    if (!utf8_valid(text, len, NULL)) fuzz_fail(what, "not valid UTF-8");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p < 0x20 && !(newlines && *p == '\n')) || *p == 0x7F)
            fuzz_fail(what, "a control character");
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0) fuzz_fail(what, "a C1 control");
        if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x8B && p[2] <= 0x8F) || (p[2] >= 0xAA && p[2] <= 0xAE)))
            fuzz_fail(what, "a bidi or zero-width character");
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
            fuzz_fail(what, "a bidi isolate");
        if ((p[0] == 0xD8 && p[1] == 0x9C) || (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
            fuzz_fail(what, "U+061C or U+FEFF");
    }
}

/* Every cell of DC is normalised text (read.h, normalize_cell). */
static inline void fuzz_check_doc(const doc *dc)
{
    for (int i = 0; i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        if (l->ncells < 0 || (l->ncells == 0 && !l->table_row)) fuzz_fail("line", "no cells");
        for (int j = 0; j < l->ncells; j++) {
            const char *c = l->cells[j];
            fuzz_check_text(c, "cell", 0);
            size_t n = strlen(c);
            if (n && (c[0] == ' ' || c[n - 1] == ' ')) fuzz_fail("cell not trimmed", c);
        }
    }
}

/* The record of DC (freed), checked: its texts and its JSON. */
static inline void fuzz_record(doc *dc, const char *charset)
{
    fuzz_check_doc(dc);
    diag d = fuzz_diag();
    record *r = record_from_doc(dc, charset, &d);
    if (!r) return;
    if (r->agency) fuzz_check_text(r->agency, "agency", 0);
    if (r->title) fuzz_check_text(r->title, "title", 0);
    for (const section *s = r->sections; s; s = s->next) {
        if (s->heading) fuzz_check_text(s->heading, "heading", 0);
        if (s->body) fuzz_check_text(s->body, "section body", 1);
    }
    json_t *j = record_to_json(r);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (!s) fuzz_fail("record", "no JSON");
    free(s);
    json_decref(j);
    record_free(r);
}

/* Decoded text (UTF-8 or GBK, as parse.c decodes it) given to READ. */
typedef doc *(*fuzz_text_reader)(const char *path, const char *utf8, size_t len, diag *d);
static inline void fuzz_decoded(const uint8_t *data, size_t size, const char *path, fuzz_text_reader read)
{
    decoded text = decode_text((const char *)data, size, NULL);
    if (!text.text) return;
    if (!utf8_valid(text.text, text.len, NULL)) fuzz_fail("decode_text", "not valid UTF-8");
    diag d = fuzz_diag();
    doc *dc = read(path, text.text, text.len, &d);
    if (dc) fuzz_record(dc, text.charset);
    free(text.text);
}

#endif
