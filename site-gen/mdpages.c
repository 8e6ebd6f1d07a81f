/* mdpages.c: (being written) */
#include "outputs.h"

int mdpages_write(site *s)
{
    (void)s;
    return 0;
}
