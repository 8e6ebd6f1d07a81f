/*
 * fuzz_registry.c: the agency registry (store/registry.c): agencies.csv
 * and regions.csv read line by line, bad lines said and skipped.  The
 * same input is read as both files.  Seeds: content/agencies.csv,
 * content/regions.csv (its first lines) and tests/compare/agencies.csv.
 */
#include "fuzz.h"

#include "store/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d = fuzz_diag();
    registry *reg = registry_new();
    registry_parse_agencies(reg, "agencies.csv", (const char *)data, size, &d);
    registry_parse_regions(reg, "regions.csv", (const char *)data, size, &d);
    for (const registry_agency *a = reg->agencies; a; a = a->next) {
        if (!a->name[0] || !slug_valid(a->slug)) fuzz_fail("agency kept", a->name);
        if (a->line < 1) fuzz_fail("agency line", a->name);
    }
    for (const registry_region *r = reg->regions; r; r = r->next)
        if (!r->name[0] || !slug_valid(r->slug)) fuzz_fail("region kept", r->name);
    registry_free(reg);
    return 0;
}
