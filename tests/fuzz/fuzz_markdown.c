/*
 * fuzz_markdown.c: the Markdown reader (read_markdown, markdown.c: GFM
 * pipe tables through cmark-gfm) on decoded text, then the record stage.
 * Seeds: tests/fixtures/md-*.md and the reports of tests/compare/.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_decoded(data, size, "report.md", read_markdown);
    return 0;
}
