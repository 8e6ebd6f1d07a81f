/*
 * hash.c: FNV-1a, 64 bit, and the hex names made from it (hash.h).
 */
#include "base/hash.h"

#include <stdio.h>
#include <string.h>

uint64_t fnv1a64_more(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t fnv1a64(const void *p, size_t n) { return fnv1a64_more(FNV1A64_START, p, n); }

void content_hash(const void *p, size_t n, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)fnv1a64(p, n));
}

void fingerprint(const void *p, size_t n, char out[9])
{
    snprintf(out, 9, "%08llx", (unsigned long long)(fnv1a64(p, n) & 0xffffffffULL));
}

void generated_slug(const char *prefix, const char *text, char out[32])
{
    uint64_t h = fnv1a64(text, strlen(text)) & 0xffffffffffffULL;
    snprintf(out, 32, "%s-%012llx", prefix, (unsigned long long)h);
}
