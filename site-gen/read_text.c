/* read_text.c: (being written) */
#include "reader.h"

doc *read_text(const char *path, const char *input, size_t len, diag *d)
{
    (void)path; (void)input; (void)len;
    diag_error(d, path, 0, "this form of report cannot be read yet");
    return NULL;
}
