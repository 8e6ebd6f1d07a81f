/*
 * config.h: the site configuration, content/site.yaml, read with libyaml.
 * It gives the title, base URL, language and the few texts the templates
 * need; the result is a JSON object handed to every template as "site".
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <jansson.h>

#include "diag.h"

/* NULL (with a file:line message) when the file is missing or malformed. */
json_t *config_load(const char *path, diag *d);

#endif
