/*
 * fuzz_front_matter.c: a Markdown page's front matter (config_front_matter,
 * read/config.c): the "---" lines found within the page's length, the
 * YAML between them read with libyaml into JSON.  Seeds: content/pages/.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag d = fuzz_diag();
    front_matter fm;
    const char *text = (const char *)data;
    if (config_front_matter("page.md", text, size, &fm, &d)) {
        if (!json_is_object(fm.data)) fuzz_fail("front matter", "not an object");
        if (fm.body < text || fm.body + fm.body_len != text + size)
            fuzz_fail("front matter", "the body is not the end of the page");
        if (fm.yaml < text || fm.yaml + fm.yaml_len > fm.body)
            fuzz_fail("front matter", "the YAML is not before the body");
    } else if (fm.data || d.errors == 0) {
        fuzz_fail("front matter", "refused without one message");
    }
    json_decref(fm.data);
    return 0;
}
