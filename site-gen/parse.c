/* parse.c: (being written) */
#include "parse.h"

record *parse_bytes(const char *path, const char *bytes, size_t len, diag *d)
{
    (void)bytes; (void)len;
    diag_error(d, path, 0, "reports cannot be parsed yet");
    return NULL;
}

record *parse_file(const char *path, diag *d)
{
    return parse_bytes(path, "", 0, d);
}
