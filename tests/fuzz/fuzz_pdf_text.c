/*
 * fuzz_pdf_text.c: the text reader (read_text, text.c) on text pulled
 * out of a PDF, one cell per line (the extractor splits the numbers off),
 * then the record stage.
 *
 * read_text decides the form from the text itself, so the three text
 * targets (fuzz_pdf_text, fuzz_word_text, fuzz_portal_text) call the same
 * code; each starts from its own form's seeds (here tests/fixtures/
 * text-pdf-*, narrative-* and rules-*, gathered by tests/fuzz/seeds.sh)
 * and its corpus grows from there.  The bytes are decoded first as
 * parse.c decodes them (UTF-8, else GBK).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decoded(data, size, "report.txt", read_text);
    return 0;
}
