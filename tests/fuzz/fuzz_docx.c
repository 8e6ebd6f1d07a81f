/*
 * fuzz_docx.c: the Word reader (read_docx, docx.c: the zip opened in
 * memory with libzip, word/document.xml read with libxml2), then the
 * record stage.
 *
 * An input that starts with "PK" is a whole file (seeds: the .docx files
 * of tests/fixtures/office/).  Changed at random, such a zip mostly fails
 * its checksums, so the XML walk would rarely be reached; any other input
 * is the text of word/document.xml, which this target stores in a zip of
 * its own (seeds: that part of each fixture, taken out by
 * tests/fuzz/seeds.sh).
 */
#include "fuzz.h"

#include <zip.h>

#include "base/buf.h"

/* A zip holding XML as word/document.xml, stored, in *out; false if
 * libzip could not make it. */
static bool wrap_document(const uint8_t *xml, size_t size, buf *out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
    bool ok = false;
    if (z) {
        zip_source_keep(mem);
        zip_source_t *part = zip_source_buffer(z, xml, size, 0);
        zip_int64_t i = part ? zip_file_add(z, "word/document.xml", part, ZIP_FL_OVERWRITE) : -1;
        if (i < 0) zip_source_free(part);
        ok = i >= 0 && zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) == 0;
        if (zip_close(z) != 0) {
            zip_discard(z);
            ok = false;
        }
    }
    if (ok && zip_source_open(mem) == 0) {
        char chunk[65536];
        zip_int64_t n;
        while ((n = zip_source_read(mem, chunk, sizeof chunk)) > 0) buf_append(out, chunk, (size_t)n);
        ok = n == 0;
        zip_source_close(mem);
    } else {
        ok = false;
    }
    if (mem) zip_source_free(mem);
    zip_error_fini(&ze);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf wrapped = BUF_INIT;
    const char *bytes = (const char *)data;
    if (size < 2 || memcmp(data, "PK", 2) != 0) {
        if (!wrap_document(data, size, &wrapped)) abort();
        bytes = wrapped.data, size = wrapped.len;
    }
    diag d = fuzz_diag();
    doc *dc = read_docx("report.docx", bytes, size, &d);
    if (dc) fuzz_record(dc, NULL);
    buf_free(&wrapped);
    return 0;
}
