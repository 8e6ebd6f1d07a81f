/* config.c: (being written) */
#include "config.h"

json_t *config_load(const char *path, diag *d)
{
    (void)d; (void)path;
    return json_pack("{s:s, s:s, s:s}", "title", "政府信息公开工作年度报告", "base_url", "https://example.org", "language", "zh-CN");
}
