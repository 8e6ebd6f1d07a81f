/* feeds.c: (being written) */
#include "outputs.h"

int feeds_write(site *s)
{
    (void)s;
    return 0;
}
