/*
 * docx_numbering.c: Word's automatic numbering, counted as Word counts it
 * (docx_numbering.h).
 *
 * word/numbering.xml holds abstract definitions (w:abstractNum: for each
 * level its first number, its format and its label text such as "%1、"
 * or "（%2）") and numbering instances (w:num) that point at one, maybe
 * with a new start for some level.  A paragraph is numbered by its own
 * w:numPr (instance and level) or by its paragraph style's (word/
 * styles.xml, followed through w:basedOn); numId 0 switches numbering
 * off.  Counting follows Word: each definition keeps one counter per
 * level, a level's first paragraph gets its start value and the next ones
 * one more, and a paragraph at some level restarts every deeper level.
 * The label is the level's text with each %N replaced by level N's
 * number in that level's format: decimal, Chinese counting (一 … 十一 …
 * 九千九百九十九), 甲乙丙, circled and full-width digits, letters and
 * Roman numerals; bullets and "none" give no label.  What comes after
 * the label (a tab, a space) is only spacing and is not written.
 *
 * The work is bounded: at most MAX_ABSTRACT definitions, MAX_NUMS
 * instances and MAX_STYLES paragraph styles are read; the rest number
 * nothing.
 */
#include "read/docx_numbering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "read/docx_xml.h"

enum { MAX_LEVELS = 9, MAX_ABSTRACT = 128, MAX_NUMS = 256, MAX_STYLES = 1024, MAX_BASED_ON = 16,
       ID = 40, TEXT = 64 };

typedef struct level {
    char fmt[ID], text[TEXT], style[ID];
    int start;
} level;

typedef struct abstract_num {
    char id[ID];
    level lv[MAX_LEVELS];
    int count[MAX_LEVELS];
    bool counted[MAX_LEVELS];   /* the level has numbered a paragraph since its last restart */
} abstract_num;

typedef struct num {
    char id[ID];
    int abstract;               /* index into abstracts, -1 when it names none */
    int start_over[MAX_LEVELS]; /* w:startOverride, -1 where none */
    bool begun;
} num;

typedef struct style {
    char id[ID], based_on[ID], num_id[ID];
    int ilvl;                   /* -1 when its w:numPr names no level */
} style;

struct docx_numbering {
    abstract_num abstracts[MAX_ABSTRACT];
    num nums[MAX_NUMS];
    style styles[MAX_STYLES];
    int nabstracts, nnums, nstyles;
    const char *styles_xml;     /* word/styles.xml, read when a paragraph first needs it */
    size_t styles_len;
    bool styles_read;
};

static int to_int(const char *s, int dflt)
{
    char *end;
    long v = strtol(s, &end, 10);
    return end == s || v < -1000000 || v > 1000000 ? dflt : (int)v;
}

static const char *val(const xmlNode *n, char *out, size_t size)
{
    return docx_attr(n, "val", out, size);
}

/* ---- reading the parts ---- */

static void read_level(level *lv, const xmlNode *n)
{
    char v[ID];
    lv->start = to_int(val(docx_child(n, "start"), v, sizeof v), 1);
    val(docx_child(n, "numFmt"), lv->fmt, sizeof lv->fmt);
    if (!lv->fmt[0]) snprintf(lv->fmt, sizeof lv->fmt, "decimal");
    val(docx_child(n, "lvlText"), lv->text, sizeof lv->text);
    val(docx_child(n, "pStyle"), lv->style, sizeof lv->style);
}

static void read_abstract(docx_numbering *nb, const xmlNode *n)
{
    if (nb->nabstracts == MAX_ABSTRACT) return;
    abstract_num *a = &nb->abstracts[nb->nabstracts++];
    memset(a, 0, sizeof *a);
    docx_attr(n, "abstractNumId", a->id, sizeof a->id);
    for (int i = 0; i < MAX_LEVELS; i++) a->lv[i].start = 1;
    for (const xmlNode *c = n->children; c; c = c->next) {
        char v[ID];
        int i = docx_is_w(c, "lvl") ? to_int(docx_attr(c, "ilvl", v, sizeof v), -1) : -1;
        if (i >= 0 && i < MAX_LEVELS) read_level(&a->lv[i], c);
    }
}

static int find_abstract(const docx_numbering *nb, const char *id)
{
    for (int i = 0; i < nb->nabstracts; i++)
        if (strcmp(nb->abstracts[i].id, id) == 0) return i;
    return -1;
}

static void read_num(docx_numbering *nb, const xmlNode *n)
{
    if (nb->nnums == MAX_NUMS) return;
    num *m = &nb->nums[nb->nnums++];
    memset(m, 0, sizeof *m);
    docx_attr(n, "numId", m->id, sizeof m->id);
    char v[ID];
    m->abstract = find_abstract(nb, val(docx_child(n, "abstractNumId"), v, sizeof v));
    for (int i = 0; i < MAX_LEVELS; i++) m->start_over[i] = -1;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!docx_is_w(c, "lvlOverride")) continue;
        int i = to_int(docx_attr(c, "ilvl", v, sizeof v), -1);
        const xmlNode *so = docx_child(c, "startOverride");
        if (i >= 0 && i < MAX_LEVELS && so) m->start_over[i] = to_int(val(so, v, sizeof v), 1);
    }
}

/* The attribute w:`name` (or `name`) of the reader's element into out. */
static void reader_attr(xmlTextReaderPtr rd, const char *name, char *out, size_t size)
{
    xmlChar *v = xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
    if (!v) {
        char qualified[ID];
        snprintf(qualified, sizeof qualified, "w:%s", name);
        v = xmlTextReaderGetAttribute(rd, (const xmlChar *)qualified);
    }
    snprintf(out, size, "%s", v ? (const char *)v : "");
    xmlFree(v);
}

/* What one element inside a w:style says about the style. */
static void style_part(xmlTextReaderPtr rd, const char *name, style *s)
{
    char v[ID];
    if (strcmp(name, "basedOn") == 0) reader_attr(rd, "val", s->based_on, sizeof s->based_on);
    if (strcmp(name, "numId") == 0) reader_attr(rd, "val", s->num_id, sizeof s->num_id);
    if (strcmp(name, "ilvl") == 0) {
        reader_attr(rd, "val", v, sizeof v);
        s->ilvl = to_int(v, -1);
    }
}

/* The paragraph styles of word/styles.xml: their ids, what each is based
 * on and the numbering its w:numPr names.  The part is large (hundreds of
 * kilobytes of styles that number nothing), so it is read as a stream,
 * without building its tree. */
static void read_styles(docx_numbering *nb)
{
    nb->styles_read = true;
    if (!nb->styles_len) return;
    xmlTextReaderPtr rd = xmlReaderForMemory(nb->styles_xml, (int)nb->styles_len, "styles.xml",
                                             NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                             XML_PARSE_NOWARNING);
    if (!rd) return;
    style *s = NULL;
    while (xmlTextReaderRead(rd) == 1) {
        if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT) continue;
        const char *name = (const char *)xmlTextReaderConstLocalName(rd);
        if (!name) continue;
        if (xmlTextReaderDepth(rd) == 1) {
            s = NULL;
            if (strcmp(name, "style") == 0 && nb->nstyles < MAX_STYLES) {
                s = &nb->styles[nb->nstyles++];
                memset(s, 0, sizeof *s);
                s->ilvl = -1;
                reader_attr(rd, "styleId", s->id, sizeof s->id);
            }
        } else if (s) {
            style_part(rd, name, s);
        }
    }
    xmlFreeTextReader(rd);
}

/* The children of a part's root element called w:`name`, read by fn
 * (abstract definitions first: instances point at them). */
static void each(docx_numbering *nb, const xmlDoc *part, const char *name,
                 void (*fn)(docx_numbering *, const xmlNode *))
{
    const xmlNode *root = part ? xmlDocGetRootElement((xmlDoc *)part) : NULL;
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (docx_is_w(c, name)) fn(nb, c);
}

docx_numbering *docx_numbering_new(const xmlDoc *numbering, const char *styles, size_t len)
{
    if (!numbering) return NULL;
    docx_numbering *nb = calloc(1, sizeof *nb);
    if (!nb) {
        fputs("site-gen: out of memory\n", stderr);
        abort();
    }
    each(nb, numbering, "abstractNum", read_abstract);
    each(nb, numbering, "num", read_num);
    nb->styles_xml = styles;
    nb->styles_len = len;
    if (nb->nnums) return nb;
    free(nb);
    return NULL;
}

void docx_numbering_free(docx_numbering *nb)
{
    free(nb);
}

/* ---- which number a paragraph takes ---- */

static const style *find_style(const docx_numbering *nb, const char *id)
{
    for (int i = 0; id[0] && i < nb->nstyles; i++)
        if (strcmp(nb->styles[i].id, id) == 0) return &nb->styles[i];
    return NULL;
}

static num *find_num(docx_numbering *nb, const char *id)
{
    for (int i = 0; i < nb->nnums; i++)
        if (strcmp(nb->nums[i].id, id) == 0) return &nb->nums[i];
    return NULL;
}

/* The numbering a paragraph style gives (through w:basedOn): the style
 * that names it, or NULL. */
static const style *numbering_style(docx_numbering *nb, const char *id)
{
    if (!id[0]) return NULL;
    if (!nb->styles_read) read_styles(nb);
    const style *s = find_style(nb, id);
    for (int k = 0; s && k < MAX_BASED_ON; k++) {
        if (s->num_id[0]) return s;
        s = find_style(nb, s->based_on);
    }
    return NULL;
}

/* The instance and level of paragraph p; NULL when it is not numbered. */
static num *paragraph_num(docx_numbering *nb, const xmlNode *p, int *ilvl)
{
    const xmlNode *ppr = docx_child(p, "pPr"), *pr = docx_child(ppr, "numPr");
    char id[ID], v[ID], style_id[ID];
    val(docx_child(pr, "numId"), id, sizeof id);
    *ilvl = to_int(val(docx_child(pr, "ilvl"), v, sizeof v), -1);
    val(docx_child(ppr, "pStyle"), style_id, sizeof style_id);
    const style *s = id[0] ? NULL : numbering_style(nb, style_id);
    if (s) {
        snprintf(id, sizeof id, "%s", s->num_id);
        if (*ilvl < 0) *ilvl = s->ilvl;
    }
    num *m = id[0] && strcmp(id, "0") != 0 ? find_num(nb, id) : NULL;
    if (!m || m->abstract < 0) return NULL;
    const abstract_num *a = &nb->abstracts[m->abstract];
    for (int i = 0; *ilvl < 0 && s && i < MAX_LEVELS; i++)   /* the level that names the style */
        if (strcmp(a->lv[i].style, s->id) == 0) *ilvl = i;
    if (*ilvl < 0) *ilvl = 0;
    return *ilvl < MAX_LEVELS ? m : NULL;
}

/* Counts a paragraph at level ilvl of m's definition. */
static void count(docx_numbering *nb, num *m, int ilvl)
{
    abstract_num *a = &nb->abstracts[m->abstract];
    if (!m->begun) {
        for (int i = 0; i < MAX_LEVELS; i++)
            if (m->start_over[i] >= 0) {
                a->lv[i].start = m->start_over[i];
                a->counted[i] = false;
            }
        m->begun = true;
    }
    a->count[ilvl] = a->counted[ilvl] ? a->count[ilvl] + 1 : a->lv[ilvl].start;
    a->counted[ilvl] = true;
    for (int i = ilvl + 1; i < MAX_LEVELS; i++) a->counted[i] = false;
}

/* ---- writing a number ---- */

static const char *const CN_DIGITS[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* n (1..9999) counted in Chinese: 十, 十一, 二十, 一百零一, 一千零一十. */
static void chinese(buf *out, int n)
{
    static const char *const units[] = { "千", "百", "十", "" };
    const int place[] = { 1000, 100, 10, 1 };
    bool started = false, zero = false;
    for (int i = 0; i < 4; i++) {
        int d = n / place[i] % 10;
        if (!d) {
            zero = started;
            continue;
        }
        if (zero) buf_puts(out, CN_DIGITS[0]);
        zero = false;
        if (!(d == 1 && i == 2 && !started)) buf_puts(out, CN_DIGITS[d]);   /* 十一, not 一十一 */
        buf_puts(out, units[i]);
        started = true;
    }
}

static void roman(buf *out, int n, bool upper)
{
    static const int v[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
    static const char *const s[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
    for (int i = 0; i < 13; i++)
        for (; n >= v[i]; n -= v[i])
            for (const char *c = s[i]; *c; c++) buf_putc(out, upper ? *c : (char)(*c - 'A' + 'a'));
}

static void letters(buf *out, int n, bool upper)
{
    int times = (n - 1) / 26 + 1;
    for (int i = 0; i < times; i++) buf_putc(out, (char)((upper ? 'A' : 'a') + (n - 1) % 26));
}

/* Appends a UTF-8 code point. */
static void code_point(buf *out, unsigned c)
{
    if (c < 0x800) {
        buf_putc(out, (char)(0xC0 | c >> 6));
        buf_putc(out, (char)(0x80 | (c & 0x3F)));
    } else {
        buf_putc(out, (char)(0xE0 | c >> 12));
        buf_putc(out, (char)(0x80 | (c >> 6 & 0x3F)));
        buf_putc(out, (char)(0x80 | (c & 0x3F)));
    }
}

static void number(buf *out, const char *fmt, int n)
{
    static const char *const stems[] = { "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸" };
    bool cn = strstr(fmt, "Counting") || strcmp(fmt, "chineseLegalSimplified") == 0;
    if (cn && n >= 1 && n <= 9999) chinese(out, n);
    else if (strcmp(fmt, "ideographTraditional") == 0 && n >= 1 && n <= 10) buf_puts(out, stems[n - 1]);
    else if (strncmp(fmt, "decimalEnclosedCircle", 21) == 0 && n >= 1 && n <= 20)
        code_point(out, 0x2460 + (unsigned)n - 1);
    else if (strncmp(fmt, "decimalFullWidth", 16) == 0 && n >= 0) {
        char d[16];
        snprintf(d, sizeof d, "%d", n);
        for (const char *p = d; *p; p++) code_point(out, 0xFF10 + (unsigned)(*p - '0'));
    } else if ((strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) && n >= 1 && n < 4000)
        roman(out, n, fmt[0] == 'u');
    else if ((strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) && n >= 1 && n <= 780)
        letters(out, n, fmt[0] == 'u');
    else
        buf_printf(out, strcmp(fmt, "decimalZero") == 0 ? "%02d" : "%d", n);
}

/* The level's text with each %N written as level N's number. */
static void label(buf *out, const abstract_num *a, int ilvl)
{
    const level *lv = &a->lv[ilvl];
    if (strcmp(lv->fmt, "bullet") == 0 || strcmp(lv->fmt, "none") == 0) return;
    for (const char *p = lv->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            number(out, a->lv[k].fmt, a->counted[k] ? a->count[k] : a->lv[k].start);
            p++;
        } else {
            buf_putc(out, *p);
        }
    }
}

void docx_numbering_label(docx_numbering *nb, const xmlNode *p, buf *out)
{
    if (!nb) return;
    int ilvl;
    num *m = paragraph_num(nb, p, &ilvl);
    if (!m) return;
    count(nb, m, ilvl);
    label(out, &nb->abstracts[m->abstract], ilvl);
}
