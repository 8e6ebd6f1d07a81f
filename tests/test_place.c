/*
 * test_place.c: agencies placed in the GB/T 2260 tree by their names,
 * on the tree of content/regions.csv.
 *
 * Each case is a name, the text of its reports (or none), and where a
 * person reading the tree puts it: the division's code, or none, and how
 * it was found.  Among them the ambiguous names: 鼓楼区 is in 南京, 徐州,
 * 福州 and 开封, 朝阳区 in 北京 and 长春, 新华区 in 石家庄, 沧州 and 平顶山,
 * 西湖区 in 杭州 and 南昌, 市中区 in four cities, 城区 in three.
 */
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "store/place.h"
#include "store/registry.h"

typedef struct place_case {
    const char *name, *text;
    enum place_how how;
    const char *code;           /* NULL: no division */
    const char *path;           /* as place_path() writes it, when given */
} place_case;

static const place_case cases[] = {
    { "武义县卫生健康局", NULL, PLACE_BY_NAME, "330723", "浙江省 › 金华市 › 武义县" },
    { "红寺堡区卫生健康局", NULL, PLACE_BY_NAME, "640303", "宁夏回族自治区 › 吴忠市 › 红寺堡区" },
    { "利通区卫生健康局", NULL, PLACE_BY_NAME, "640302", NULL },
    { "沙坡头区卫生健康局", NULL, PLACE_BY_NAME, "640502", NULL },
    { "红旗区卫生健康委员会", NULL, PLACE_BY_NAME, "410702", "河南省 › 新乡市 › 红旗区" },
    { "南京市鼓楼区卫生健康委员会", NULL, PLACE_BY_NAME, "320106", NULL },
    { "鼓楼区卫生健康局", "福州市鼓楼区卫生健康局2024年政府信息公开工作年度报告。本局位于福州市。",
      PLACE_BY_PROSE, "350102", "福建省 › 福州市 › 鼓楼区" },
    { "鼓楼区卫生健康局", "根据开封市人民政府的要求……", PLACE_BY_PROSE, "410204", NULL },
    { "鼓楼区人民政府", NULL, PLACE_AMBIGUOUS, NULL, NULL },
    { "鼓楼区人民政府", "本报告由区政府办公室编制。", PLACE_AMBIGUOUS, NULL, NULL },
    { "鼓楼区教育局", "江苏省教育厅部署……", PLACE_PARTIAL, "320000", NULL },
    { "北京市东城区卫生健康委员会", NULL, PLACE_BY_NAME, "110101", "北京市 › 东城区" },
    { "东城区市场监督管理局", NULL, PLACE_BY_NAME, "110101", NULL },
    { "朝阳区卫生健康委员会", "北京市朝阳区卫生健康委员会", PLACE_BY_PROSE, "110105", NULL },
    { "长春市朝阳区人民政府", NULL, PLACE_BY_NAME, "220104", NULL },
    { "吉林省长春市朝阳区司法局", NULL, PLACE_BY_NAME, "220104", "吉林省 › 长春市 › 朝阳区" },
    { "浙江省卫生健康委员会", NULL, PLACE_BY_NAME, "330000", "浙江省" },
    { "金华市生态环境局", NULL, PLACE_BY_NAME, "330700", "浙江省 › 金华市" },
    { "吉林市卫生健康委员会", NULL, PLACE_BY_NAME, "220200", NULL },
    { "吉林省教育厅", NULL, PLACE_BY_NAME, "220000", NULL },
    { "宁夏吴忠市利通区教育局", NULL, PLACE_BY_NAME, "640302", NULL },
    { "国家税务总局武义县税务局", NULL, PLACE_BY_NAME, "330723", NULL },
    { "中共金华市委宣传部", NULL, PLACE_BY_NAME, "330700", NULL },
    { "恩施州卫生健康委员会", NULL, PLACE_BY_NAME, "422800", NULL },
    { "石柱县教育委员会", NULL, PLACE_BY_NAME, "500240", "重庆市 › 石柱土家族自治县" },
    { "济源市卫生健康委员会", NULL, PLACE_BY_NAME, "419001", "河南省 › 济源市" },
    { "屈原管理区卫生健康局", NULL, PLACE_NONE, NULL, NULL },
    { "城区卫生健康局", "本局……", PLACE_NONE, NULL, NULL },
    { "晋城市城区卫生健康局", NULL, PLACE_BY_NAME, "140502", "山西省 › 晋城市 › 城区" },
    { "新华区人民政府", "河北省人民政府办公厅……", PLACE_PARTIAL, "130000", NULL },
    { "西湖区卫生健康局", "杭州市西湖区", PLACE_BY_PROSE, "330106", NULL },
    { "浙江西湖区文化和旅游局", NULL, PLACE_BY_NAME, "330106", NULL },
    { "海南藏族自治州共和县人民政府", NULL, PLACE_BY_NAME, "632521", NULL },
    { "广西壮族自治区南宁市青秀区教育局", NULL, PLACE_BY_NAME, "450103", NULL },
    { "市中区卫生健康局", "济南市市中区", PLACE_BY_PROSE, "370103", NULL },
    { "某某科技有限公司", NULL, PLACE_NONE, NULL, NULL },
};
enum { NCASES = sizeof cases / sizeof cases[0] };

static const char *const how_names[] = {
    [PLACE_NONE] = "none", [PLACE_BY_NAME] = "name", [PLACE_BY_PROSE] = "prose",
    [PLACE_PARTIAL] = "partial", [PLACE_AMBIGUOUS] = "ambiguous",
};

static void check_case(const place_tree *t, const place_case *c)
{
    place_result r;
    place_by_name(t, c->name, c->text, &r);
    const char *code = r.division >= 0 ? place_code(t, r.division) : NULL;
    bool ok = r.how == c->how && ((!code && !c->code) || (code && c->code && strcmp(code, c->code) == 0));
    buf path = BUF_INIT, why = BUF_INIT;
    if (r.division >= 0) place_path(t, r.division, " › ", &path);
    if (c->path) ok = ok && strcmp(path.data, c->path) == 0;
    buf_printf(&why, "got %s %s (%s), %d candidates", how_names[r.how], code ? code : "-",
               path.data, r.ncandidates);
    check_why(ok, why.data, "%s%s%s → %s %s", c->name, c->text ? " with text " : "",
              c->text ? c->text : "", how_names[c->how], c->code ? c->code : "unplaced");
    buf_free(&path);
    buf_free(&why);
}

int main(void)
{
    check_plan(NCASES + 4);
    registry *reg = registry_new();
    diag d = { .out = stderr };
    bool read = registry_read_regions(reg, "content/regions.csv", &d);
    place_tree *t = place_tree_new();
    int divisions = 0;
    for (const registry_region *r = reg->regions; r; r = r->next)
        if (r->code) {
            place_tree_add(t, r->code, r->name, r->level, r->parent_code, r->slug);
            divisions++;
        }
    place_tree_done(t);
    check(read && d.errors == 0, "content/regions.csv reads without an error");
    check(divisions >= 3000 && place_tree_size(t) == divisions,
          "the tree holds every division of regions.csv (%d, at least 3000)", divisions);
    check(NCASES >= 30, "%d names are placed (at least 30)", NCASES);
    for (int i = 0; i < NCASES; i++) check_case(t, &cases[i]);

    place_result r;
    place_by_name(t, "鼓楼区人民政府", NULL, &r);
    bool four = r.ncandidates == 4;
    for (int k = 0; four && k < 4; k++)
        four = place_level_of(t, r.candidates[k]) == PLACE_COUNTY &&
               strcmp(place_name(t, r.candidates[k]), "鼓楼区") == 0;
    check(four && strcmp(r.matched, "鼓楼区") == 0,
          "an ambiguous name keeps its four candidates and the name it matched");
    place_tree_free(t);
    registry_free(reg);
    return check_done();
}
