/* plots/canvas.c — see canvas.h.  Palette: Okabe & Ito, "Color Universal Design" (2008),
 * the eight colours distinguishable under the common colour-vision deficiencies.  Heatmap
 * scale: viridis (van der Walt & Smith, matplotlib 2015), sampled at nine anchors and
 * interpolated linearly in sRGB. */
#include "plots/canvas.h"

#include "plots/csv.h"
#include "plots/plot.h"
#include "plots/png.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* Okabe-Ito, ordered so the first few series contrast most on white (yellow late). */
static const double plot_okabe_ito[PLOT_PALETTE_N][3] = {
    { 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 },   /* blue */
    { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 },   /* vermillion */
    { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 },   /* bluish green */
    { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 },   /* orange */
    { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 },   /* reddish purple */
    { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 },   /* sky blue */
    { 0x00 / 255.0, 0x00 / 255.0, 0x00 / 255.0 },   /* black */
    { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 },   /* yellow */
    /* series 9-16: Paul Tol's "muted" scheme (2021), darker and distinct from the above */
    { 0x33 / 255.0, 0x22 / 255.0, 0x88 / 255.0 },   /* indigo */
    { 0x88 / 255.0, 0x22 / 255.0, 0x55 / 255.0 },   /* wine */
    { 0x11 / 255.0, 0x77 / 255.0, 0x33 / 255.0 },   /* green */
    { 0x99 / 255.0, 0x99 / 255.0, 0x33 / 255.0 },   /* olive */
    { 0xAA / 255.0, 0x44 / 255.0, 0x99 / 255.0 },   /* purple */
    { 0x44 / 255.0, 0xAA / 255.0, 0x99 / 255.0 },   /* teal */
    { 0x88 / 255.0, 0xCC / 255.0, 0xEE / 255.0 },   /* cyan */
    { 0xCC / 255.0, 0x66 / 255.0, 0x77 / 255.0 },   /* rose */
};

static const double plot_viridis[9][3] = {
    { 0.267, 0.005, 0.329 }, { 0.283, 0.141, 0.458 }, { 0.254, 0.265, 0.530 },
    { 0.207, 0.372, 0.553 }, { 0.164, 0.471, 0.558 }, { 0.128, 0.567, 0.551 },
    { 0.135, 0.659, 0.518 }, { 0.478, 0.821, 0.318 }, { 0.993, 0.906, 0.144 },
};

static const struct { double size_px; gboolean bold; gboolean record; } plot_text_roles[] = {
    [PLOT_TEXT_TITLE] = { 22.0, TRUE, TRUE },
    [PLOT_TEXT_LABEL] = { 16.0, FALSE, TRUE },
    [PLOT_TEXT_TICK] = { 14.0, FALSE, FALSE },
    [PLOT_TEXT_NAME] = { 14.0, FALSE, TRUE },
    [PLOT_TEXT_LEGEND] = { 15.0, FALSE, TRUE },
    [PLOT_TEXT_NOTE] = { 20.0, FALSE, TRUE },
};

void plot_thread_done(void)
{
    pango_cairo_font_map_set_default(NULL);
}

double plot_canvas_px(const PlotCanvas *cv, double nominal_px)
{
    return nominal_px * cv->scale;
}

static PangoLayout *plot_canvas_layout(PlotCanvas *cv, const char *text,
                                       const PlotTextStyle *style)
{
    PangoLayout *layout = pango_cairo_create_layout(cv->cr);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(
        font, plot_canvas_px(cv, plot_text_roles[style->role].size_px) * PANGO_SCALE);
    if (plot_text_roles[style->role].bold)
        pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    if (style->max_width > 0.0) {
        pango_layout_set_width(layout, (int)(style->max_width * PANGO_SCALE));
        if (style->role == PLOT_TEXT_TITLE) {        /* a long question wraps to two lines */
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
            pango_layout_set_height(layout, -2);
            pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
        }
        pango_layout_set_ellipsize(layout, style->role == PLOT_TEXT_TITLE ? PANGO_ELLIPSIZE_END
                                                                        : PANGO_ELLIPSIZE_MIDDLE);
    }
    pango_layout_set_text(layout, text, -1);
    return layout;
}

/* The text's extent; *left (may be NULL): where it starts inside the layout, past 0 when
 * lines are centred in a set width. */
static void plot_layout_box(PangoLayout *layout, double *left, double *width, double *height)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    if (left)
        *left = (double)logical.x / PANGO_SCALE;
    *width = (double)logical.width / PANGO_SCALE;
    *height = (double)logical.height / PANGO_SCALE;
}

static void plot_layout_size(PangoLayout *layout, double *width, double *height)
{
    plot_layout_box(layout, NULL, width, height);
}

void plot_canvas_measure(PlotCanvas *cv, const char *text, const PlotTextStyle *style,
                         double *width, double *height)
{
    PangoLayout *layout = plot_canvas_layout(cv, text, style);
    plot_layout_size(layout, width, height);
    g_object_unref(layout);
}

static double plot_align_offset(PlotAlign align, double extent)
{
    return align == PLOT_ALIGN_START ? 0.0 : align == PLOT_ALIGN_MIDDLE ? -extent / 2 : -extent;
}

void plot_canvas_text(PlotCanvas *cv, const char *text, double x, double y,
                      const PlotTextStyle *style)
{
    if (!text || !*text)
        return;
    if (plot_text_roles[style->role].record)
        g_ptr_array_add(cv->texts, g_strdup(text));
    cairo_save(cv->cr);
    cairo_translate(cv->cr, x, y);
    cairo_rotate(cv->cr, -style->angle_rad);
    PangoLayout *layout = plot_canvas_layout(cv, text, style);
    double left, w, h;
    plot_layout_box(layout, &left, &w, &h);
    cairo_move_to(cv->cr, plot_align_offset(style->halign, w) - left,
                  plot_align_offset(style->valign, h));
    pango_cairo_show_layout(cv->cr, layout);
    g_object_unref(layout);
    cairo_restore(cv->cr);
}

void plot_palette_rgb(size_t i, double rgb[3])
{
    memcpy(rgb, plot_okabe_ito[i % G_N_ELEMENTS(plot_okabe_ito)], sizeof(double[3]));
}

void plot_canvas_set_series_color(PlotCanvas *cv, size_t i, double alpha)
{
    double rgb[3];
    plot_palette_rgb(i, rgb);
    cairo_set_source_rgba(cv->cr, rgb[0], rgb[1], rgb[2], alpha);
}

void plot_canvas_set_series_dash(PlotCanvas *cv, size_t i, double line_width)
{
    static const double patterns[4][2] = { { 0, 0 }, { 6, 3 }, { 2, 2 }, { 10, 3 } };
    const double *p = patterns[(i / G_N_ELEMENTS(plot_okabe_ito)) % 4];
    double dash[2] = { p[0] * line_width, p[1] * line_width };
    cairo_set_line_width(cv->cr, line_width);
    cairo_set_dash(cv->cr, dash, p[0] > 0 ? 2 : 0, 0);
}

static void plot_marker_path(PlotCanvas *cv, size_t i, double x, double y, double r);

void plot_canvas_marker(PlotCanvas *cv, size_t i, double x, double y, double r)
{
    plot_marker_path(cv, i, x, y, r);
    cairo_fill(cv->cr);
}

void plot_canvas_marker_hollow(PlotCanvas *cv, size_t i, double x, double y, double r)
{
    cairo_save(cv->cr);
    cairo_set_dash(cv->cr, NULL, 0, 0);
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 2.0));
    plot_marker_path(cv, i % 5 == 4 ? 0 : i, x, y, r);    /* a hollow cross reads badly */
    cairo_save(cv->cr);
    cairo_set_source_rgb(cv->cr, 1, 1, 1);
    cairo_fill_preserve(cv->cr);
    cairo_restore(cv->cr);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
}

/* Marker shapes: circle, square, triangle, diamond, cross; cycled with the series. */
static void plot_marker_path(PlotCanvas *cv, size_t i, double x, double y, double r)
{
    cairo_t *cr = cv->cr;
    cairo_new_sub_path(cr);
    switch (i % 5) {
    case 0: cairo_arc(cr, x, y, r, 0, 2 * G_PI); break;
    case 1: cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.1);
        cairo_line_to(cr, x + r, y + r * 0.7);
        cairo_line_to(cr, x - r, y + r * 0.7);
        cairo_close_path(cr);
        break;
    case 3:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    default:
        cairo_rectangle(cr, x - r, y - r * 0.3, 2 * r, r * 0.6);
        cairo_rectangle(cr, x - r * 0.3, y - r, r * 0.6, 2 * r);
        break;
    }
}

void plot_canvas_set_gray(PlotCanvas *cv, double level)
{
    cairo_set_source_rgb(cv->cr, level, level, level);
}

void plot_viridis_rgb(double v, double rgb[3])
{
    double t = isfinite(v) ? CLAMP(v, 0.0, 1.0) * 8.0 : 0.0;
    int i = MIN((int)t, 7);
    double f = t - i;
    for (int c = 0; c < 3; c++)
        rgb[c] = plot_viridis[i][c] * (1 - f) + plot_viridis[i + 1][c] * f;
}

void plot_canvas_hatch(PlotCanvas *cv, double x, double y, double w, double h)
{
    cairo_t *cr = cv->cr;
    double gap = plot_canvas_px(cv, 6.0);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_line_width(cr, plot_canvas_px(cv, 1.5));
    cairo_set_dash(cr, NULL, 0, 0);
    for (double d = -h; d < w; d += gap) {
        cairo_move_to(cr, x + d, y + h);
        cairo_line_to(cr, x + d + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- output ------------------------------------------------------------------------ */

#define PLOT_PDF_FIXED_DATE "2000-01-01T00:00:00Z"

typedef enum { PLOT_FMT_PNG, PLOT_FMT_SVG, PLOT_FMT_PDF, PLOT_FMT_UNKNOWN } PlotFormat;

static PlotFormat plot_format_of(const char *path)
{
    char *lower = g_ascii_strdown(path, -1);
    PlotFormat f = g_str_has_suffix(lower, ".png") ? PLOT_FMT_PNG
                 : g_str_has_suffix(lower, ".svg") ? PLOT_FMT_SVG
                 : g_str_has_suffix(lower, ".pdf") ? PLOT_FMT_PDF : PLOT_FMT_UNKNOWN;
    g_free(lower);
    return f;
}

static cairo_status_t plot_stream_append(void *closure, const unsigned char *data,
                                         unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* The PDF dates: cairo would write the wall-clock time, so two identical runs would give
 * different files.  SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else a fixed date;
 * PNG (no tIME chunk) and SVG carry no date. */
static char *plot_pdf_date(void)
{
    const char *env = g_getenv("SOURCE_DATE_EPOCH");
    guint64 epoch = 0;
    if (!env || !g_ascii_string_to_unsigned(env, 10, 0, G_MAXINT64, &epoch, NULL))
        return g_strdup(PLOT_PDF_FIXED_DATE);
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc((gint64)epoch);
    return t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ") : g_strdup(PLOT_PDF_FIXED_DATE);
}

static cairo_surface_t *plot_surface_new(PlotFormat f, int w, int h, const char *title,
                                         GByteArray *buf)
{
    if (f == PLOT_FMT_PNG)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (f == PLOT_FMT_SVG)
        return cairo_svg_surface_create_for_stream(plot_stream_append, buf, w, h);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(plot_stream_append, buf, w, h);
    g_autofree char *date = plot_pdf_date();
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "vdcsim");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    return s;
}

/* cairo draws SVG text as glyph outlines; make the chart's words searchable by adding a
 * <title> and a <desc> right after the root element's start tag. */
static void plot_svg_add_text(GByteArray *buf, const char *title, GPtrArray *texts)
{
    g_byte_array_append(buf, (const guint8 *)"", 1);            /* NUL-terminate */
    const char *svg = (const char *)buf->data;
    const char *root = strstr(svg, "<svg");
    const char *end = root ? strchr(root, '>') : NULL;
    if (!end)
        return;
    GString *meta = g_string_new("\n<title>");
    char *t = g_markup_escape_text(title ? title : "", -1);
    g_string_append_printf(meta, "%s</title>\n<desc>", t);
    g_free(t);
    for (guint i = 0; i < texts->len; i++) {
        char *e = g_markup_escape_text(texts->pdata[i], -1);
        g_string_append_printf(meta, "%s%s", i ? "\n" : "", e);
        g_free(e);
    }
    g_string_append(meta, "</desc>");
    g_byte_array_set_size(buf, buf->len - 1);
    guint at = (guint)(end + 1 - svg);
    GByteArray *out = g_byte_array_sized_new(buf->len + (guint)meta->len);
    g_byte_array_append(out, buf->data, at);
    g_byte_array_append(out, (const guint8 *)meta->str, (guint)meta->len);
    g_byte_array_append(out, buf->data + at, buf->len - at);
    g_byte_array_set_size(buf, 0);
    g_byte_array_append(buf, out->data, out->len);
    g_byte_array_free(out, TRUE);
    g_string_free(meta, TRUE);
}

/* cairo names SVG groups "surfaceN" from a process-wide counter, so the same chart drawn
 * after another one would get other ids: renumber them 1, 2, ... in order of appearance. */
static void plot_svg_renumber_surfaces(GByteArray *buf)
{
    static const char word[] = "surface";
    GString *out = g_string_sized_new(buf->len);
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const char *p = (const char *)buf->data, *end = p + buf->len;
    while (p < end) {
        const char *hit = g_strstr_len(p, end - p, word);
        if (!hit) {
            g_string_append_len(out, p, end - p);
            break;
        }
        const char *digits = hit + strlen(word), *q = digits;
        while (q < end && g_ascii_isdigit(*q))
            q++;
        g_string_append_len(out, p, digits - p);
        if (q > digits) {
            char *old = g_strndup(digits, (gsize)(q - digits));
            guint id = GPOINTER_TO_UINT(g_hash_table_lookup(ids, old));
            if (!id) {
                id = g_hash_table_size(ids) + 1;
                g_hash_table_insert(ids, old, GUINT_TO_POINTER(id));
            } else {
                g_free(old);
            }
            g_string_append_printf(out, "%u", id);
        }
        p = q;
    }
    g_byte_array_set_size(buf, 0);
    g_byte_array_append(buf, (const guint8 *)out->str, (guint)out->len);
    g_hash_table_destroy(ids);
    g_string_free(out, TRUE);
}

/* Writes data to path.tmp, then renames it over path; path is untouched on failure. */
static gboolean plot_write_atomic(const char *path, const guint8 *data, gsize len,
                                  GError **error)
{
    char *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = g_fopen(tmp, "wb");
    gboolean ok = f && fwrite(data, 1, len, f) == len;
    ok = f ? (fclose(f) == 0) && ok : FALSE;
    ok = ok && g_rename(tmp, path) == 0;
    if (!ok) {
        int e = errno;
        g_unlink(tmp);
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_IO, "%s: error: cannot write chart: %s",
                    path, g_strerror(e));
    }
    g_free(tmp);
    return ok;
}

static void plot_canvas_draw(cairo_surface_t *s, int w, int h, PlotDrawFn draw, void *data,
                             GPtrArray *texts, cairo_status_t *status)
{
    cairo_t *cr = cairo_create(s);
    PlotCanvas cv = { cr, w, h, CLAMP(MIN(w / 1200.0, h / 700.0), 0.75, 4.0), texts };
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(&cv, data);
    *status = cairo_status(cr);
    cairo_destroy(cr);
}

gboolean plot_output_write(const char *path, int w, int h, const char *title,
                           PlotDrawFn draw, void *data, GError **error)
{
    PlotFormat f = plot_format_of(path);
    if (f == PLOT_FMT_UNKNOWN) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_FORMAT,
                    "%s: error: unknown chart format, expected a .png, .svg or .pdf path", path);
        return FALSE;
    }
    GByteArray *buf = g_byte_array_new();
    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    cairo_surface_t *s = plot_surface_new(f, w, h, title, buf);
    cairo_status_t status = cairo_surface_status(s);
    if (status == CAIRO_STATUS_SUCCESS)
        plot_canvas_draw(s, w, h, draw, data, texts, &status);
    if (status == CAIRO_STATUS_SUCCESS && f == PLOT_FMT_PNG && !plot_png_encode(s, buf))
        status = CAIRO_STATUS_WRITE_ERROR;
    cairo_surface_finish(s);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(s);
    cairo_surface_destroy(s);
    gboolean ok = status == CAIRO_STATUS_SUCCESS;
    if (!ok)
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_CAIRO, "%s: error: cairo failed: %s", path,
                    cairo_status_to_string(status));
    if (ok && f == PLOT_FMT_SVG) {
        plot_svg_renumber_surfaces(buf);
        plot_svg_add_text(buf, title, texts);
    }
    ok = ok && plot_write_atomic(path, buf->data, buf->len, error);
    g_ptr_array_free(texts, TRUE);
    g_byte_array_free(buf, TRUE);
    return ok;
}
