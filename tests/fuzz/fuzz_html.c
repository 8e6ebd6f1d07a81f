/*
 * fuzz_html.c: the HTML reader (read_html, html.c: libxml2's HTML parser,
 * tables with rowspan and colspan expanded) on raw bytes, whose charset
 * the page declares or the reader sniffs; then the record stage.  Seeds:
 * tests/fixtures/html-*.html.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d = fuzz_diag();
    doc *dc = read_html("report.html", (const char *)data, size, &d);
    if (dc) fuzz_record(dc, NULL);
    return 0;
}
