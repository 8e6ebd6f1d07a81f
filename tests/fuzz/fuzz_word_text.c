/*
 * fuzz_word_text.c: the text reader (read_text, text.c) on text pulled
 * out of a Word or HTML page, a table row per line with its cells
 * separated by tabs, then the record stage.
 *
 * read_text decides the form from the text itself, so the three text
 * targets (fuzz_pdf_text, fuzz_word_text, fuzz_portal_text) call the same
 * code; each starts from its own form's seeds (here tests/fixtures/
 * text-word-* and the GBK bytes of text-gbk.txt, gathered by
 * tests/fuzz/seeds.sh) and its corpus grows from there.  The bytes are
 * decoded first as parse.c decodes them (UTF-8, else GBK).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decoded(data, size, "report.txt", read_text);
    return 0;
}
