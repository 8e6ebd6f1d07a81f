/*
 * fuzz_pdf.c: the PDF reader (read_pdf, pdf.c with pdf_layout.c,
 * pdf_rules.c and pdf_frames.c: poppler's text with the box of every
 * character, pages drawn with cairo for their ruling lines), then the
 * record stage.
 *
 * An input that starts with "%PDF-" is a whole file (seeds: the PDFs of
 * tests/fixtures/).  Changed at random, such a file mostly breaks its
 * compressed streams, so poppler sees nothing new.  Any other input is
 * the content of a few pages (split at form feeds, at most MAX_PAGES),
 * which this target wraps into a PDF of its own: A4 pages with two fonts,
 * /F1 Helvetica and /F2 a two-byte font whose codes are their own
 * Unicode code points (<4E2D> is 中), so an input can write Chinese text
 * and draw rules with a few bytes and the fuzzer reaches the layout code
 * (seeds: tests/fixtures text reports written out as such pages by
 * tests/fuzz/seeds.sh).  Poppler is not built with the sanitizers; what
 * they watch is site-gen's code around it.
 */
#include "fuzz.h"

#include "base/buf.h"

enum { MAX_PAGES = 8 };

/* Byte offsets of the objects written so far; object 0 is unused. */
typedef struct pdf_out {
    buf b;
    size_t offset[16 + 2 * MAX_PAGES];
    int nobj;
} pdf_out;

static void begin_obj(pdf_out *o)
{
    o->offset[++o->nobj] = o->b.len;
    buf_printf(&o->b, "%d 0 obj\n", o->nobj);
}

static void stream_obj(pdf_out *o, const char *data, size_t len)
{
    begin_obj(o);
    buf_printf(&o->b, "<< /Length %zu >>\nstream\n", len);
    buf_append(&o->b, data, len);
    buf_puts(&o->b, "\nendstream\nendobj\n");
}

/* A CMap mapping every two-byte code to the same UTF-16 value. */
static void identity_cmap(buf *c)
{
    buf_puts(c, "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Fuzz-UCS def /CMapType 2 def\n"
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    for (int hi = 0; hi < 256; hi += 64) {
        buf_puts(c, "64 beginbfrange\n");
        for (int k = hi; k < hi + 64; k++)
            buf_printf(c, "<%02X00> <%02XFF> <%02X00>\n", k, k, k);
        buf_puts(c, "endbfrange\n");
    }
    buf_puts(c, "endcmap CMapName currentdict /CMap defineresource pop end end\n");
}

/* The pages' contents (split at form feeds) as a PDF file in *out. */
static void wrap_pages(const char *data, size_t size, buf *out)
{
    pdf_out o = { .b = BUF_INIT };
    const char *starts[MAX_PAGES];
    size_t lens[MAX_PAGES];
    int npages = 0;
    const char *p = data, *end = data + size;
    while (npages < MAX_PAGES) {
        const char *ff = memchr(p, '\f', (size_t)(end - p));
        const char *e = ff && npages + 1 < MAX_PAGES ? ff : end;
        starts[npages] = p, lens[npages] = (size_t)(e - p);
        npages++;
        if (e == end) break;
        p = e + 1;
    }
    buf_puts(&o.b, "%PDF-1.4\n");
    begin_obj(&o);      /* 1: catalog */
    buf_puts(&o.b, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    begin_obj(&o);      /* 2: the page tree; page n is object 6 + 2n, its content 7 + 2n */
    buf_puts(&o.b, "<< /Type /Pages /Kids [");
    for (int i = 0; i < npages; i++) buf_printf(&o.b, " %d 0 R", 6 + 2 * i);
    buf_printf(&o.b, " ] /Count %d >>\nendobj\n", npages);
    begin_obj(&o);      /* 3: /F1 */
    buf_puts(&o.b, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   "/Encoding /WinAnsiEncoding >>\nendobj\n");
    begin_obj(&o);      /* 4: /F2, its codes mapped to Unicode by object 5 */
    buf_puts(&o.b, "<< /Type /Font /Subtype /Type0 /BaseFont /FuzzSong /Encoding /Identity-H "
                   "/ToUnicode 5 0 R /DescendantFonts [ << /Type /Font /Subtype /CIDFontType2 "
                   "/BaseFont /FuzzSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                   "/Supplement 0 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor "
                   "/FontName /FuzzSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
                   "/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >> ] >>\nendobj\n");
    buf cmap = BUF_INIT;
    identity_cmap(&cmap);
    stream_obj(&o, cmap.data, cmap.len);     /* 5 */
    buf_free(&cmap);
    for (int i = 0; i < npages; i++) {
        begin_obj(&o);
        buf_printf(&o.b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                         "/Contents %d 0 R >>\nendobj\n", 7 + 2 * i);
        stream_obj(&o, starts[i], lens[i]);
    }
    size_t xref = o.b.len;
    buf_printf(&o.b, "xref\n0 %d\n0000000000 65535 f \n", o.nobj + 1);
    for (int i = 1; i <= o.nobj; i++) buf_printf(&o.b, "%010zu 00000 n \n", o.offset[i]);
    buf_printf(&o.b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
               o.nobj + 1, xref);
    *out = o.b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf wrapped = BUF_INIT;
    const char *bytes = (const char *)data;
    if (size < 5 || memcmp(data, "%PDF-", 5) != 0) {
        wrap_pages(bytes, size, &wrapped);
        bytes = wrapped.data, size = wrapped.len;
    }
    diag d = fuzz_diag();
    doc *dc = read_pdf("report.pdf", bytes, size, &d);
    if (dc) fuzz_record(dc, NULL);
    buf_free(&wrapped);
    return 0;
}
