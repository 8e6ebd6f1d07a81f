/*
 * published.c: how many items the prose says were proactively published,
 * and where.
 *
 * Reports say it in one sentence or a few: 主动公开政府信息 343条，其中…门户
 * 网站 94 条…微信公众号发布信息 249条.  A statement is a count with the unit
 * 条 or 篇, and what it counts is named just before it, in the same clause
 * (a clause without a subject, ，发布信息 383 条, takes it from the clause
 * before).  The last channel named there (门户网站, 微信公众号, 政务新媒体…)
 * decides the channel; with none named, 主动公开 or 共发布 makes it the total.
 * Anything else with a count (重点领域类信息 54 条, 4 篇图文解读) is a
 * breakdown or another activity and is left alone, as are counts of
 * followers, reads or replies.  The sentence must speak of publishing
 * (发布, 公开, 推送…) at all.
 */
#include "record/narrative.h"

#include <string.h>

#include "record/prose.h"

typedef struct channel_word {
    const char *word;           /* as reports write it */
    const char *channel;        /* record key */
} channel_word;

static const channel_word channel_words[] = {
    { "政务新媒体", "new_media" }, { "新媒体", "new_media" },
    { "门户网站", "website" }, { "政府网站", "website" }, { "政务网站", "website" },
    { "网站", "website" },
    { "微信公众号", "wechat" }, { "微信公众平台", "wechat" }, { "微信服务号", "wechat" },
    { "公众号", "wechat" }, { "微信", "wechat" },
    { "微博", "weibo" },
    { "抖音", "other" }, { "视频号", "other" }, { "今日头条", "other" }, { "头条号", "other" },
    { "公开栏", "other" }, { "客户端", "other" },
};

static const char *const units[] = { "条", "篇", NULL };
static const char *const publish_verbs[] = {
    "发布", "公开", "推送", "更新", "刊发", "刊登", "发送", "上传", "推出", "转载", NULL,
};
/* A count right after these counts something else (关注量, 阅读量, 解读…)
 * or is a change from last year (较上年增加 20 条). */
static const char *const not_items_before[] = {
    "解读", "关注", "粉丝", "阅读", "浏览", "访问", "点击", "转发", "评论", "留言", "回复",
    "咨询", "投诉", "建议", "意见", "回应", "增加", "减少", "增长", "下降", "同比", "上年",
    NULL,
};
static const char *const not_items_after[] = {
    "图文解读", "解读", "留言", "评论", "意见", "建议", "咨询", "投诉", "回复", "回应", NULL,
};
/* Phrases that make a count without a channel the total. */
static const char *const total_words[] = {
    "主动公开", "共发布", "累计发布", "共公开", "累计公开", "全年发布", NULL,
};
/* Words a clause may start with before its verb when its subject is elided. */
static const char *const elided_subject_lead[] = { "共", "累计", "并", "还", "另", NULL };

static bool has_any(span s, const char *const *words)
{
    for (; *words; words++)
        if (span_find(s, s.at, *words)) return true;
    return false;
}

/* The bytes up to `p`, at most `n` of them (whole characters or not:
 * only used for searching ASCII-free CJK words, which cannot straddle). */
static span tail(span s, const char *p, size_t n)
{
    size_t avail = (size_t)(p - s.at);
    const char *from = avail > n ? p - n : s.at;
    return (span){ from, (size_t)(p - from) };
}

/* Length of whichever of `words` starts at p, 0 if none. */
static size_t prefix_len(const char *p, const char *end, const char *const *words)
{
    for (; *words; words++) {
        size_t n = strlen(*words);
        if ((size_t)(end - p) >= n && memcmp(p, *words, n) == 0) return n;
    }
    return 0;
}

typedef struct channel_hit {
    const channel_word *cw;     /* NULL when no channel is named */
    const char *at;
} channel_hit;

/* The channel named last in `s` (the longest word when two end together). */
static channel_hit last_channel(span s)
{
    channel_hit best = { NULL, NULL };
    const char *best_end = NULL;
    for (size_t i = 0; i < sizeof channel_words / sizeof channel_words[0]; i++) {
        const channel_word *cw = &channel_words[i];
        const char *at = span_rfind(s, span_end(s), cw->word);
        if (!at) continue;
        const char *end = at + strlen(cw->word);
        if (!best.cw || end > best_end ||
            (end == best_end && strlen(cw->word) > strlen(best.cw->word))) {
            best = (channel_hit){ cw, at };
            best_end = end;
        }
    }
    return best;
}

/* Both a website and a social channel named: a count across channels. */
static bool names_several_channels(span s)
{
    bool web = false, social = false;
    for (size_t i = 0; i < sizeof channel_words / sizeof channel_words[0]; i++) {
        if (!span_find(s, s.at, channel_words[i].word)) continue;
        if (strcmp(channel_words[i].channel, "website") == 0) web = true;
        else if (strcmp(channel_words[i].channel, "other") != 0) social = true;
    }
    return web && social;
}

/* The channel's words, with the account's quoted name before it if any:
 * “健康红寺堡”微信公众号. */
static char *channel_label(arena *a, span sentence, channel_hit hit)
{
    static const char open_quote[] = "“", close_quote[] = "”";
    size_t cq = sizeof close_quote - 1;
    const char *from = hit.at;
    if ((size_t)(hit.at - sentence.at) >= cq && memcmp(hit.at - cq, close_quote, cq) == 0) {
        const char *open = span_rfind(sentence, hit.at - cq, open_quote);
        if (open) from = open;
    }
    return arena_strndup(a, from, (size_t)(hit.at - from) + strlen(hit.cw->word));
}

typedef struct statement {
    const char *channel;
    const char *label;
} statement;

/* What the count at `c` counts, given the text before it in its clause
 * (`before`) and the clause before that (`previous`, empty if none). */
static bool classify(record *r, span sentence, span before, span previous, statement *st)
{
    if (has_any(tail(before, span_end(before), 12), not_items_before)) return false;
    channel_hit hit = last_channel(before);
    const char *lead = before.at;
    for (size_t n; (n = prefix_len(lead, span_end(before), elided_subject_lead)) > 0;) lead += n;
    if (!hit.cw && previous.len && prefix_len(lead, span_end(before), publish_verbs))
        hit = last_channel(previous);

    if (names_several_channels(before) && has_any(before, total_words)) {
        *st = (statement){ "total", "主动公开" };
        return true;
    }
    if (hit.cw) {
        if (!has_any(sentence, publish_verbs)) return false;
        *st = (statement){ hit.cw->channel, channel_label(r->mem, sentence, hit) };
        return true;
    }
    if (span_find(before, before.at, "其中")) return false;
    for (const char *const *w = total_words; *w; w++)
        if (span_find(before, before.at, *w)) {
            *st = (statement){ "total", *w };
            return true;
        }
    return false;
}

static void find_in_sentence(record *r, span sentence, int line)
{
    const char *taken_to = sentence.at;    /* context before this was used up */
    span previous = { sentence.at, 0 };
    const char *cursor = sentence.at;
    span clause;
    while (prose_clause(sentence, &cursor, &clause)) {
        count c;
        for (const char *from = clause.at; prose_count(clause, from, units, &c); from = c.end) {
            const char *start = taken_to > clause.at ? taken_to : clause.at;
            span before = { start, c.at > start ? (size_t)(c.at - start) : 0 };
            span prev = previous.at >= taken_to ? previous : (span){ clause.at, 0 };
            statement st;
            bool other_thing = prefix_len(c.end, span_end(clause), not_items_after) > 0;
            if (!other_thing && classify(r, sentence, before, prev, &st))
                record_add_published(r, st.channel, st.label, c.value, line);
            taken_to = c.end;
        }
        previous = clause;
    }
}

void published_find(record *r, const char *flat, int line)
{
    const char *cursor = flat, *end = flat + strlen(flat);
    span sentence;
    while (prose_sentence(&cursor, end, &sentence)) find_in_sentence(r, sentence, line);
}
