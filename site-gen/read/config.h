/*
 * config.h: the site configuration, content/site.yaml, read with libyaml.
 * It gives the title, base URL, language and the few texts the templates
 * need; the result is a JSON object handed to every template as "site".
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include <jansson.h>

#include "base/diag.h"

/* NULL (with a file:line message) when the file is missing or malformed. */
json_t *config_load(const char *path, diag *d);

/* The YAML mapping in TEXT (LEN bytes) as a JSON object: nested mappings
 * and sequences become objects and arrays, scalars stay strings.  `name`
 * and `first_line` (the line TEXT starts on in that file) place messages;
 * used for site.yaml and for the front matter of Markdown pages.
 * NULL (with a name:line message) when TEXT is not a YAML mapping. */
json_t *config_parse_yaml(const char *name, const char *text, size_t len,
                          int first_line, diag *d);

#endif
