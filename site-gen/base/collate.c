/*
 * collate.c: pinyin order through ICU (collate.h).
 *
 * One collator for the process, opened on first use (pthread_once, so
 * the ingest's worker thread could sort too) and never closed: ICU's
 * collators are safe to use from several threads for comparing.  If ICU
 * cannot open the Chinese rules the order falls back to bytes, which is
 * still a total order, so sorting never fails.
 */
#include "base/collate.h"

#include <pthread.h>
#include <string.h>

#include <unicode/ucol.h>

static UCollator *collator;
static pthread_once_t opened = PTHREAD_ONCE_INIT;

static void open_collator(void)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *c = ucol_open("zh", &status);
    if (U_FAILURE(status)) {
        if (c) ucol_close(c);
        return;
    }
    collator = c;
}

static int bytewise(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

int collate_zh(const char *a, size_t alen, const char *b, size_t blen)
{
    pthread_once(&opened, open_collator);
    if (collator) {
        UErrorCode status = U_ZERO_ERROR;
        UCollationResult r = ucol_strcollUTF8(collator, a, (int32_t)alen, b, (int32_t)blen, &status);
        if (U_SUCCESS(status) && r != UCOL_EQUAL) return r == UCOL_LESS ? -1 : 1;
    }
    return bytewise(a, alen, b, blen);      /* also breaks ICU's ties, so equal means identical */
}

int collate_zh_str(const char *a, const char *b)
{
    if (!a || !b) return (a == NULL) - (b == NULL);
    return collate_zh(a, strlen(a), b, strlen(b));
}
