/* rules.c: (being written) */
#include "rules.h"

void rules_check(record *r)
{
    (void)r;
}
