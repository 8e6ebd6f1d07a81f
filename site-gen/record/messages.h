/*
 * messages.h: every sentence that a finding says to the site's readers,
 * in one place.
 *
 * Findings are stored with their message and shown on the pages as they
 * are, so the words live here, beside each other, where an editor can
 * read them all at once and keep them consistent.  Each is a printf
 * format (kept a literal, so the compiler checks its arguments where it
 * is used); the comment says what fills it.  The words of the pages
 * themselves live in templates/; the labels of the table rows and
 * columns are data, in record.c.
 */
#ifndef MESSAGES_H
#define MESSAGES_H

/* ---- the tables' own rules (rules.c) ---- */

/* column; new, carried in, their sum; processed, carried out, their sum */
#define MSG_BALANCE "%s列：新收 %.15g + 上年结转 %.15g = %.15g，" \
                    "但办理结果总计 %.15g + 结转下年 %.15g = %.15g" \
                    "（第一项加第二项之和应等于第三项加第四项之和）"
/* column; the total's label and value; the sum; the non-zero terms */
#define MSG_PROCESSED_SUM "%s列：%s为 %.15g，但 21 项办理结果之和为 %.15g（%s）"
#define MSG_PROCESSED_SUM_ALL_ZERO "各项均为 0"
/* row; total column's label and value; the terms; their sum */
#define MSG_ROW_TOTAL "「%s」行：%s列为 %.15g，但六类申请人之和 %s = %.15g"
/* group; total's label and value; the terms; their sum */
#define MSG_APPEALS_TOTAL "%s：%s为 %.15g，但 %s = %.15g"
/* When a rule breaks three times or more in one table, one finding for
 * all: how many; each breach's own message, joined by MSG_LIST_SEP. */
#define MSG_BALANCE_MANY "表三有 %d 列不平衡（第一项加第二项之和应等于第三项加第四项之和）：%s"
#define MSG_PROCESSED_SUM_MANY "表三有 %d 列的办理结果总计不等于 21 项办理结果之和：%s"
#define MSG_ROW_TOTAL_MANY "表三有 %d 行的总计列不等于六类申请人之和：%s"
#define MSG_APPEALS_TOTAL_MANY "表四有 %d 组的总计不等于四项结果之和：%s"

/* ---- cells that cannot be read (rules.c) ---- */

#define MSG_TABLE_ACTIVE "表二（主动公开政府信息情况）"
#define MSG_TABLE_REQUESTS "表三（收到和处理政府信息公开申请情况）"
#define MSG_TABLE_APPEALS "表四（政府信息公开行政复议、行政诉讼情况）"
#define MSG_WHOLE_ROW "整行"
#define MSG_WHOLE_GROUP "整组"
/* table; number of cells */
#define MSG_MISSING_ALL "%s全部 %d 个数值空白或无法识别"
/* table; unknown cells; readable cells; the readable ones */
#define MSG_MISSING_MOST "%s有 %d 个数值空白或无法识别，只有 %d 个可读：%s"
/* table; unknown cells; which */
#define MSG_MISSING_SOME "%s有 %d 个数值空白或无法识别：%s"
/* table; cells marked "/"; which */
#define MSG_MISSING_NA "%s有 %d 个单元格填“/”，即不适用，没有数值：%s"
/* pieces of the list of cells: separator; a whole column ("全部" when
 * unknown); a row, followed by its columns joined by MSG_AND */
#define MSG_LIST_SEP "；"
#define MSG_AND "、"
#define MSG_COLUMN "%s「%s」列%s"
#define MSG_COLUMN_ALL "全部"
#define MSG_ROW "%s「%s」%s"
#define MSG_ROW_CELLS "%s「%s」的"

/* ---- a row with the wrong number of cells (table_rows.c) ---- */

/* row label; cells in the row; columns of the table */
#define MSG_COLUMNS "“%s”一行有 %d 个单元格，表格应有 %d 列，各数值所在的列无法确定"
/* cells in the row; columns of the table */
#define MSG_COLUMNS_APPEALS "行政复议、行政诉讼情况一行有 %d 个单元格，表格应有 %d 列，" \
                            "各数值所在的列无法确定"

/* table; rows; the first row's own message (MSG_COLUMNS) */
#define MSG_COLUMNS_ROWS "%s有 %d 行的单元格数与表格列数不符，例如%s"

/* ---- cells filled by the tables' own rules (deduce.c) ---- */

/* table; number of cells; the rules used (MSG_RULE_* joined by MSG_AND) */
#define MSG_DEDUCED "%s有 %d 个数值报告未填或缺失，但表格自身的勾稽关系只允许一个值，" \
                    "本站据此推定填入（%s），推定的数值在表中单独标出"
#define MSG_RULE_LOST_COLUMN "缺一列的行按“总计等于六类申请人之和”且数量不为负只有一种读法"
#define MSG_RULE_ROW_TOTAL "总计等于六类申请人之和"
#define MSG_RULE_PROCESSED_SUM "办理结果总计等于各项办理结果之和"
#define MSG_RULE_BALANCE "新收加上年结转等于办理结果总计加结转下年"
#define MSG_RULE_APPEALS_TOTAL "各组总计等于四项结果之和"

/* ---- the prose against the tables (narrative.c) ---- */

/* where (MSG_SAID_IN or MSG_SAID_BODY); the clause; the count; row label;
 * which cells; the table's value */
#define MSG_NARRATIVE_RECEIVED "%s称「%s」，即收到申请 %.15g 件，但表三「%s」%s为 %.15g"
#define MSG_NARRATIVE_TOTAL_COLUMN "总计列"
#define MSG_NARRATIVE_APPLICANT_SUM "六类申请人之和"
/* where; the clause; the count; row label; the table's value */
#define MSG_NARRATIVE_CARRIED "%s称「%s」，即 %.15g 件，但表三「%s」总计列为 %.15g"
/* where; the clause; the count; the groups' totals (MSG_APPEAL_GROUP_TOTAL
 * joined by MSG_AND) */
#define MSG_NARRATIVE_APPEALS "%s称「%s」，即 %.15g 件，但表四%s"
#define MSG_APPEAL_GROUP_TOTAL "%s%s总计 %.15g"
/* the section heading */
#define MSG_SAID_IN "「%s」中"
#define MSG_SAID_BODY "正文"

/* ---- across reports and the registry (store/reports.c, through SQL) ---- */

/* the agency's name */
#define MSG_UNREGISTERED "“%s”未列入本站机构名录（content/agencies.csv）。"
/* the other file's path, when this file is the one shown / the other is */
#define MSG_DUPLICATE_THIS_SHOWN "同一机构同一年度还有另一份报告文件：%s。本站展示本文件。"
#define MSG_DUPLICATE_OTHER_SHOWN "同一机构同一年度还有另一份报告文件：%s。本站展示该文件。"

/* last year; the columns that differ (MSG_CARRY_OVER_COLUMN joined by MSG_LIST_SEP) */
#define MSG_CARRY_OVER_FROM "表三「二、上年结转政府信息公开申请数量」与本机关 %d 年度报告的" \
                            "「四、结转下年度继续办理」不一致：%s（本年的上年结转应等于上年的结转下年）"
/* next year; the columns that differ, in the same words */
#define MSG_CARRY_OVER_TO "表三「四、结转下年度继续办理」与本机关 %d 年度报告的" \
                          "「二、上年结转政府信息公开申请数量」不一致：%s（下年的上年结转应等于本年的结转下年）"
/* column label; the later year and its 上年结转; the earlier year and its 结转下年 */
#define MSG_CARRY_OVER_COLUMN "%s列：%d 年上年结转 %g 件，%d 年结转下年 %g 件"

/* ---- the kind of a finding, as pages name it beside its sentence
 * (record.c: finding_kind); the codes stay in JSON and CSV ---- */

#define MSG_KIND_BALANCE "收支不平衡"
#define MSG_KIND_PROCESSED_SUM "办理结果合计不符"
#define MSG_KIND_ROW_TOTAL "行合计不符"
#define MSG_KIND_APPEALS_TOTAL "复议诉讼合计不符"
#define MSG_KIND_MISSING "数据缺失"
#define MSG_KIND_COLUMNS "列数不符"
#define MSG_KIND_DEDUCED "推定数值"
#define MSG_KIND_NARRATIVE "正文与表格不一致"
#define MSG_KIND_CARRY_OVER "上下年结转不一致"
#define MSG_KIND_DUPLICATE "重复报告"
#define MSG_KIND_UNREGISTERED "名录提示：未登记"
#define MSG_KIND_UNPLACED "名录提示：地区未定"
#define MSG_KIND_OTHER "其他问题"

/* ---- where an agency is (store/place.c) ---- */

/* the agency's name */
#define MSG_UNPLACED_NONE "机构名称“%s”中没有可识别的省、市、县名称，所属地区无法确定。" \
                          "请在 content/agencies.csv 中写明该机构所在的省、市、县。"
/* the name found; how many divisions bear it; which (joined by MSG_AND) */
#define MSG_UNPLACED_AMBIGUOUS "机构名称中的“%s”是 %d 个地区的名称（%s），报告正文也未写明是哪一个，" \
                               "所属地区无法确定。请在 content/agencies.csv 中写明该机构所在的省、市、县。"
/* the name found; how many; which; what they have in common */
#define MSG_PLACED_PARTIAL "机构名称中的“%s”是 %d 个地区的名称（%s），按报告正文只能确定在%s。" \
                           "请在 content/agencies.csv 中写明该机构所在的市、县。"
/* the part of the region, as agencies.csv writes it, that the tree lacks */
#define MSG_REGISTRY_NOT_IN_TREE "content/agencies.csv 为该机构写的地区“%s”不在行政区划代码" \
                                 "（GB/T 2260）中，无法与其他地区比较。请核对地区名称。"
/* that part; the division above it that the tree has */
#define MSG_REGISTRY_PART_NOT_IN_TREE "content/agencies.csv 为该机构写的“%s”不在行政区划代码" \
                                      "（GB/T 2260）中，本站按“%s”与其他地区比较。"

#endif
