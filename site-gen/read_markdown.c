/* read_markdown.c: (being written) */
#include "reader.h"

doc *read_markdown(const char *path, const char *input, size_t len, diag *d)
{
    (void)path; (void)input; (void)len;
    diag_error(d, path, 0, "this form of report cannot be read yet");
    return NULL;
}
