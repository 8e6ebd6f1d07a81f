/*
 * fuzz_config.c: the site configuration (config_parse, read/config.c):
 * site.yaml read with libyaml into JSON, then its required keys checked
 * and base_path made from base_url.  Seeds: content/site.yaml and a few
 * variants (tests/fuzz/seeds/config/).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d = fuzz_diag();
    json_t *cfg = config_parse("site.yaml", (const char *)data, size, &d);
    if (cfg) {
        const char *base = json_string_value(json_object_get(cfg, "base_url"));
        const char *path = json_string_value(json_object_get(cfg, "base_path"));
        if (!base || !path) fuzz_fail("config", "accepted without base_url and base_path");
        if (*path && (path[0] != '/' || path[strlen(path) - 1] == '/'))
            fuzz_fail("base_path", path);
    } else if (d.errors == 0) {
        fuzz_fail("config", "refused without a message");
    }
    json_decref(cfg);
    return 0;
}
