/*
 * fuzz_portal_text.c: the text reader (read_text, text.c, with portal.c)
 * on text copied off a portal page: its chrome and metadata, tables as
 * cells between '|', a row per line or a cell per line; then the record
 * stage.
 *
 * read_text decides the form from the text itself, so the three text
 * targets (fuzz_pdf_text, fuzz_word_text, fuzz_portal_text) call the same
 * code; each starts from its own form's seeds (here tests/fixtures/
 * portal-*, the real pages of tests/fixtures/real/ and tests/gold/,
 * gathered by tests/fuzz/seeds.sh) and its corpus grows from there.  The
 * bytes are decoded first as parse.c decodes them (UTF-8, else GBK).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decoded(data, size, "report.txt", read_text);
    return 0;
}
