/* test_record.c: the canonical record's JSON shape, key order and cells. */
#include <string.h>

#include "check.h"
#include "record/record.h"

int main(void)
{
    check_plan(10);
    record *r = record_new("x.txt");
    r->agency = "测试局";
    r->year = 2023;
    r->active.licensing = 160;
    r->active.fees = 1.5;
    r->requests[REQ_NEW][COL_NATURAL] = 1;
    record_add_finding(r, "missing", "requests", 12, "缺少 %d 个单元格", 3);

    json_t *j = record_to_json(r);
    char *s = json_dumps(j, JSON_COMPACT);
    check(strncmp(s, "{\"agency\":\"测试局\",\"year\":2023,\"active\":{\"rules\":", 52) == 0,
          "keys start agency, year, active");
    const char *order[] = { "\"active\"", "\"requests\"", "\"appeals\"", "\"issues\"", "\"published\"" };
    const char *prev = s;
    bool ordered = true;
    for (size_t i = 0; i < 5; i++) {
        const char *at = strstr(prev, order[i]);
        if (!at) { ordered = false; break; }
        prev = at;
    }
    check(ordered, "top-level keys in the documented order");
    check(json_integer_value(json_object_get(json_object_get(j, "active"), "licensing")) == 160,
          "licensing is the integer 160");
    check(json_real_value(json_object_get(json_object_get(j, "active"), "fees")) == 1.5,
          "fractional fees stay real");
    check(json_is_null(json_object_get(json_object_get(j, "active"), "penalty")),
          "an unread cell is null, not 0");
    json_t *newrow = json_object_get(json_object_get(j, "requests"), "new");
    check(json_array_size(newrow) == 7 && json_integer_value(json_array_get(newrow, 0)) == 1 &&
          json_is_null(json_array_get(newrow, 6)), "requests.new has 7 cells, known and unknown");
    check(json_object_size(json_object_get(j, "requests")) == 25, "requests has 25 rows");
    check(json_array_size(json_object_get(json_object_get(j, "appeals"), "suit_after_review")) == 5,
          "each appeals group has 5 cells");
    json_t *issue = json_array_get(json_object_get(j, "issues"), 0);
    check(strcmp(json_string_value(json_object_get(issue, "code")), "missing") == 0 &&
          strcmp(json_string_value(json_object_get(issue, "message")), "缺少 3 个单元格") == 0,
          "a finding keeps its code and formatted message");
    check(record_has_finding(r, "missing") && !record_has_finding(r, "balance"),
          "record_has_finding");
    free(s);
    json_decref(j);
    record_free(r);
    return check_done();
}
