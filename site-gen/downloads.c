/* downloads.c: (being written) */
#include "outputs.h"

int downloads_write(site *s)
{
    (void)s;
    return 0;
}
