/* plots/frame.c — see frame.h.  Lengths are nominal pixels at 1200x700 scaled by cv->scale
 * (plot_canvas_px). */
#include "plots/frame.h"

#include <math.h>
#include <pango/pangocairo.h>

#define PLOT_PAD_PX        14.0      /* outer padding and gaps between blocks */
#define PLOT_TICK_PX       6.0       /* tick mark length */
#define PLOT_SWATCH_PX     30.0      /* legend swatch width */
#define PLOT_COLORBAR_PX   22.0      /* colour bar width */
#define PLOT_NAME_MAX_FRAC 0.20      /* legend and row names: at most this share of width */

static const PlotTextStyle plot_tick_x = { PLOT_TEXT_TICK, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_START,
                                           0, 0 };

void plot_frame_init(PlotFrame *f, const char *title)
{
    *f = (PlotFrame){ .title = title, .x_cat_every = 1, .y_cat_every = 1 };
    f->legend = g_array_new(FALSE, TRUE, sizeof(PlotLegendEntry));
}

void plot_frame_clear(PlotFrame *f)
{
    for (int a = 0; a < PLOT_AXIS_COUNT_; a++) {
        g_free(f->axis[a].title);
        g_free(f->axis[a].label);
    }
    for (guint i = 0; i < f->legend->len; i++)
        g_free(g_array_index(f->legend, PlotLegendEntry, i).name);
    g_array_free(f->legend, TRUE);
}

void plot_frame_set_axis(PlotFrame *f, PlotAxis a, const char *label, PlotUnit unit,
                         double lo, double hi, PlotFit fit, gboolean fixed)
{
    PlotFrameAxis *ax = &f->axis[a];
    gboolean none = !isfinite(lo) || !isfinite(hi);
    g_free(ax->label);
    g_free(ax->title);
    *ax = (PlotFrameAxis){ .on = TRUE, .unit = unit, .fit = fit, .fixed = fixed && !none,
                           .log = ax->log,
                           .lo = none ? 0.0 : lo, .hi = none ? 1.0 : hi,
                           .label = g_strdup(label ? label : ""),
                           .title = g_strdup(label ? label : "") };
}

void plot_frame_add_legend(PlotFrame *f, const char *name, size_t style, PlotSwatch swatch)
{
    PlotLegendEntry e = { g_strdup(name ? name : ""), style, swatch };
    g_array_append_val(f->legend, e);
}

/* ---- axis ranges and ticks ----------------------------------------------------------- */

static void plot_axis_keep_inside(PlotFrameAxis *ax)
{
    double eps = ax->ticks.step * 1e-9;
    int n = 0;
    for (int i = 0; i < ax->ticks.n; i++) {
        double v = ax->ticks.values[i];
        if (v >= ax->lo - eps && v <= ax->hi + eps)
            ax->ticks.values[n++] = v;
    }
    ax->ticks.n = n;
}

/* A logarithmic axis: whole decades from the one at or below the smallest positive value
 * to the one at or above the largest, a tick at each (at most PLOT_TICKS_MAX, keeping the
 * top ones), labelled with its own unit ("1 ms", "10 ms", "1 s") since one display unit
 * rarely suits several decades. */
static void plot_axis_fit_log(PlotFrameAxis *ax)
{
    double hi = ax->hi > 0 ? ax->hi : 1.0, lo = ax->lo > 0 ? ax->lo : hi / 10;
    int e1 = (int)ceil(log10(hi) - 1e-9), e0 = (int)floor(log10(lo) + 1e-9);
    e0 = MAX(MIN(e0, e1 - 1), e1 - (PLOT_TICKS_MAX - 1));
    ax->ticks.n = e1 - e0 + 1;
    for (int e = e0; e <= e1; e++)
        ax->ticks.values[e - e0] = pow(10.0, e);
    ax->lo = ax->ticks.lo = ax->ticks.values[0];
    ax->hi = ax->ticks.hi = ax->ticks.values[ax->ticks.n - 1];
    ax->ticks.step = 1.0;
    ax->scale = plot_unit_scale(ax->unit, lo, hi);
    g_free(ax->title);
    ax->title = g_strdup_printf("%s (log scale)", ax->label);
}

char *plot_axis_tick_label(const PlotFrameAxis *ax, double v)
{
    if (!ax->log)
        return plot_tick_label(ax->scale, v, ax->ticks.step);
    PlotScale sc = plot_unit_scale(ax->unit, v, v);
    g_autofree char *num = plot_tick_label(sc, v, v / sc.factor >= 1 ? v : v / 10);
    return *sc.unit ? g_strdup_printf("%s %s", num, sc.unit) : g_steal_pointer(&num);
}

/* Turns the requested range into the mapped range and its ticks. */
static void plot_axis_fit(PlotFrameAxis *ax, int max_ticks)
{
    if (ax->log) {
        plot_axis_fit_log(ax);
        return;
    }
    double lo = ax->lo, hi = ax->hi;
    if (ax->fit == PLOT_FIT_NICE_ZERO && !ax->fixed) {
        lo = fmin(lo, 0.0);
        hi = fmax(hi, 0.0);
    }
    ax->scale = plot_unit_scale(ax->unit, lo, hi);
    plot_ticks_scaled(lo, hi, max_ticks, ax->scale, &ax->ticks);
    gboolean tight = ax->fixed || (ax->fit == PLOT_FIT_TIGHT && hi > lo);
    ax->lo = tight ? lo : ax->ticks.lo;
    ax->hi = tight ? hi : ax->ticks.hi;
    if (tight)
        plot_axis_keep_inside(ax);
    double room = (ax->hi - ax->lo) * ax->headroom_frac;
    ax->hi += room;
    if (ax->fit == PLOT_FIT_NICE && !ax->fixed)
        ax->lo -= room;
    g_free(ax->title);
    ax->title = plot_axis_title(ax->label, ax->scale);
}

static double plot_tick_labels_width(PlotCanvas *cv, const PlotFrameAxis *ax, double *max_w,
                                     double *max_h)
{
    double sum = 0.0;
    *max_w = *max_h = 0.0;
    for (int i = 0; i < ax->ticks.n; i++) {
        char *s = plot_axis_tick_label(ax, ax->ticks.values[i]);
        double w, h;
        plot_canvas_measure(cv, s, &plot_tick_x, &w, &h);
        g_free(s);
        sum += w;
        *max_w = fmax(*max_w, w);
        *max_h = fmax(*max_h, h);
    }
    return sum;
}

/* ---- layout ------------------------------------------------------------------------- */

static double plot_text_h(PlotCanvas *cv, PlotTextRole role, const char *text)
{
    if (!text || !*text)
        return 0.0;
    PlotTextStyle st = { role, 0, 0, 0, 0 };
    double w, h;
    plot_canvas_measure(cv, text, &st, &w, &h);
    return h;
}

static double plot_names_max_w(PlotCanvas *cv, const char *const *names, size_t n,
                               PlotTextRole role, double limit)
{
    PlotTextStyle st = { role, 0, 0, 0, limit };
    double max_w = 0.0, w, h;
    for (size_t i = 0; i < n; i++) {
        plot_canvas_measure(cv, names[i] ? names[i] : "", &st, &w, &h);
        max_w = fmax(max_w, w);
    }
    return max_w;
}

static double plot_legend_text_w(const PlotFrame *f, PlotCanvas *cv)
{
    const char **names = g_new(const char *, f->legend->len + 1);
    for (guint i = 0; i < f->legend->len; i++)
        names[i] = g_array_index(f->legend, PlotLegendEntry, i).name;
    double w = plot_names_max_w(cv, names, f->legend->len, PLOT_TEXT_LEGEND,
                                cv->w * PLOT_NAME_MAX_FRAC);
    g_free(names);
    return w;
}

/* Width of the block right of the plot area: legend or colour bar. */
static double plot_right_block_w(PlotFrame *f, PlotCanvas *cv)
{
    double pad = plot_canvas_px(cv, PLOT_PAD_PX);
    if (f->colorbar) {
        PlotFrameAxis *c = &f->axis[PLOT_AXIS_COLOR];
        double lw, lh;
        plot_tick_labels_width(cv, c, &lw, &lh);
        return pad + plot_canvas_px(cv, PLOT_COLORBAR_PX + PLOT_TICK_PX) + pad / 2 + lw + pad
               + plot_text_h(cv, PLOT_TEXT_LABEL, c->title);
    }
    if (f->legend->len == 0)
        return 0.0;
    return 2 * pad + plot_canvas_px(cv, PLOT_SWATCH_PX) + pad / 2 + plot_legend_text_w(f, cv);
}

/* Width of a vertical axis block: tick labels (or row names) and the rotated title. */
static double plot_y_block_w(PlotFrame *f, PlotCanvas *cv, PlotAxis a)
{
    PlotFrameAxis *ax = &f->axis[a];
    double pad = plot_canvas_px(cv, PLOT_PAD_PX), lw = 0.0, lh;
    if (a == PLOT_AXIS_Y && f->y_cats)
        lw = plot_names_max_w(cv, f->y_cats, f->n_y_cats, PLOT_TEXT_TICK,
                              cv->w * PLOT_NAME_MAX_FRAC);
    else if (ax->on)
        plot_tick_labels_width(cv, ax, &lw, &lh);
    else
        return 0.0;
    double title_h = plot_text_h(cv, PLOT_TEXT_LABEL, ax->title);
    return plot_canvas_px(cv, PLOT_TICK_PX) + pad / 2 + lw + (title_h > 0 ? pad / 2 + title_h : 0);
}

/* Chooses how x category labels are shown; returns the height they need. */
static double plot_x_cats_h(PlotFrame *f, PlotCanvas *cv)
{
    double max_h = plot_text_h(cv, PLOT_TEXT_TICK, "Ag");
    f->cat_label_max_w = plot_canvas_px(cv, 250.0);
    double max_w = plot_names_max_w(cv, f->x_cats, f->n_x_cats, PLOT_TEXT_TICK,
                                    f->cat_label_max_w);
    double slot = plot_frame_slot_w(f);
    if (max_w <= slot * 0.92) {
        f->x_cat_angle_rad = 0.0;
        f->x_cat_every = 1;
        return max_h;
    }
    /* turned labels end at their tick and reach down-left: keep the first one on canvas */
    double reach = (max_w + max_h / 2) * cos(G_PI / 4) - slot / 2
                   + plot_canvas_px(cv, PLOT_PAD_PX);
    f->x0 = fmin(fmax(f->x0, reach), f->x1 - 1.0);
    slot = plot_frame_slot_w(f);
    f->x_cat_angle_rad = G_PI / 4;
    f->x_cat_every = (size_t)ceil(max_h * 1.3 / slot);
    f->x_cat_every = MAX(f->x_cat_every, 1);
    return (max_w + max_h) * sin(G_PI / 4);
}

/* Fewer x ticks until their labels leave a gap of at least two characters. */
static void plot_x_ticks_fit(PlotFrame *f, PlotCanvas *cv, int max_ticks)
{
    PlotFrameAxis *ax = &f->axis[PLOT_AXIS_X];
    double lo = ax->lo, hi = ax->hi, gap = plot_canvas_px(cv, 24.0), mw, mh;
    for (; max_ticks >= 2; max_ticks--) {
        ax->lo = lo;
        ax->hi = hi;
        plot_axis_fit(ax, max_ticks);
        double sum = plot_tick_labels_width(cv, ax, &mw, &mh);
        if (sum + gap * ax->ticks.n <= f->x1 - f->x0)
            return;
    }
}

static double plot_x_block_h(PlotFrame *f, PlotCanvas *cv)
{
    PlotFrameAxis *ax = &f->axis[PLOT_AXIS_X];
    double pad = plot_canvas_px(cv, PLOT_PAD_PX), mw, lh;
    if (f->x_cats)
        lh = plot_x_cats_h(f, cv);
    else
        plot_tick_labels_width(cv, ax, &mw, &lh);
    double title_h = plot_text_h(cv, PLOT_TEXT_LABEL, ax->title);
    return plot_canvas_px(cv, PLOT_TICK_PX) + pad / 2 + lh + (title_h > 0 ? pad / 2 + title_h : 0);
}

/* Thins row labels so neighbours never overlap. */
static void plot_y_cats_thin(PlotFrame *f, PlotCanvas *cv)
{
    double h = plot_text_h(cv, PLOT_TEXT_TICK, "Ag");
    double row = plot_frame_row_h(f);
    f->y_cat_every = row > 0 ? (size_t)ceil(h * 1.05 / row) : 1;
    f->y_cat_every = MAX(f->y_cat_every, 1);
}

void plot_frame_layout(PlotFrame *f, PlotCanvas *cv)
{
    double pad = plot_canvas_px(cv, PLOT_PAD_PX);
    int y_ticks = CLAMP((int)(cv->h * 0.7 / plot_canvas_px(cv, 60.0)), 3, 10);
    int x_ticks = CLAMP((int)(cv->w * 0.6 / plot_canvas_px(cv, 100.0)), 3, 12);
    for (PlotAxis a = PLOT_AXIS_Y; a < PLOT_AXIS_COUNT_; a++)
        if (f->axis[a].on)
            plot_axis_fit(&f->axis[a], a == PLOT_AXIS_COLOR ? 6 : y_ticks);
    if (f->axis[PLOT_AXIS_X].on && !f->x_cats)
        plot_axis_fit(&f->axis[PLOT_AXIS_X], x_ticks);
    double title_h = 0, title_w;                /* as drawn: wrapped to the canvas width */
    if (f->title && *f->title) {
        PlotTextStyle ts = { PLOT_TEXT_TITLE, 0, 0, 0, cv->w - 2 * pad };
        plot_canvas_measure(cv, f->title, &ts, &title_w, &title_h);
    }
    f->y0 = pad + (title_h > 0 ? title_h + pad : 0);
    f->x0 = pad + plot_y_block_w(f, cv, PLOT_AXIS_Y);
    f->x1 = cv->w - pad - plot_right_block_w(f, cv) - plot_y_block_w(f, cv, PLOT_AXIS_Y2);
    if (f->axis[PLOT_AXIS_X].on && !f->x_cats) {
        plot_x_ticks_fit(f, cv, x_ticks);
        double mw, mh;
        plot_tick_labels_width(cv, &f->axis[PLOT_AXIS_X], &mw, &mh);
        f->x0 = fmax(f->x0, pad + mw / 2);            /* end labels stay on the canvas */
        f->x1 = fmin(f->x1, cv->w - pad - mw / 2);
    }
    f->y1 = cv->h - pad - plot_x_block_h(f, cv);
    f->x1 = fmax(f->x1, f->x0 + 1.0);
    f->y1 = fmax(f->y1, f->y0 + 1.0);
    if (f->y_cats)
        plot_y_cats_thin(f, cv);
}

/* ---- mapping ------------------------------------------------------------------------ */

/* Position of v on the axis as a fraction of its length (log axes: of the decades; a
 * value <= 0 lands well below the axis, where the clip hides it). */
static double plot_axis_t(const PlotFrameAxis *ax, double v)
{
    if (!ax->log)
        return (v - ax->lo) / (ax->hi - ax->lo);
    double l = v > 0 ? log10(v) : log10(ax->lo) - 1.0;
    return (l - log10(ax->lo)) / (log10(ax->hi) - log10(ax->lo));
}

double plot_frame_x(const PlotFrame *f, double v)
{
    return f->x0 + plot_axis_t(&f->axis[PLOT_AXIS_X], v) * (f->x1 - f->x0);
}

double plot_frame_y(const PlotFrame *f, PlotAxis a, double v)
{
    return f->y1 - plot_axis_t(&f->axis[a], v) * (f->y1 - f->y0);
}

double plot_frame_slot_w(const PlotFrame *f)
{
    return (f->x1 - f->x0) / (double)MAX(f->n_x_cats, 1);
}

double plot_frame_row_h(const PlotFrame *f)
{
    return (f->y1 - f->y0) / (double)MAX(f->n_y_cats, 1);
}

double plot_frame_color_t(const PlotFrame *f, double v)
{
    const PlotFrameAxis *ax = &f->axis[PLOT_AXIS_COLOR];
    return CLAMP((v - ax->lo) / (ax->hi - ax->lo), 0.0, 1.0);
}

void plot_frame_clip(const PlotFrame *f, PlotCanvas *cv, double pad)
{
    cairo_save(cv->cr);
    cairo_rectangle(cv->cr, f->x0 - pad, f->y0 - pad, f->x1 - f->x0 + 2 * pad,
                    f->y1 - f->y0 + 2 * pad);
    cairo_clip(cv->cr);
}

/* ---- drawing ------------------------------------------------------------------------ */

static void plot_line(PlotCanvas *cv, double x0, double y0, double x1, double y1)
{
    cairo_move_to(cv->cr, x0, y0);
    cairo_line_to(cv->cr, x1, y1);
    cairo_stroke(cv->cr);
}

void plot_frame_draw_under(const PlotFrame *f, PlotCanvas *cv)
{
    cairo_save(cv->cr);
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.0));
    plot_canvas_set_gray(cv, 0.88);
    const PlotFrameAxis *y = &f->axis[PLOT_AXIS_Y];
    for (int i = 0; y->on && !f->y_cats && i < y->ticks.n; i++) {
        double py = round(plot_frame_y(f, PLOT_AXIS_Y, y->ticks.values[i])) + 0.5;
        plot_line(cv, f->x0, py, f->x1, py);
    }
    const PlotFrameAxis *x = &f->axis[PLOT_AXIS_X];
    for (int i = 0; f->x_grid && !f->x_cats && i < x->ticks.n; i++) {
        double px = round(plot_frame_x(f, x->ticks.values[i])) + 0.5;
        plot_line(cv, px, f->y0, px, f->y1);
    }
    cairo_restore(cv->cr);
}

static void plot_draw_x_ticks(const PlotFrame *f, PlotCanvas *cv, double tick)
{
    const PlotFrameAxis *ax = &f->axis[PLOT_AXIS_X];
    for (int i = 0; i < ax->ticks.n; i++) {
        double px = plot_frame_x(f, ax->ticks.values[i]);
        plot_line(cv, px, f->y1, px, f->y1 + tick);
        char *s = plot_axis_tick_label(ax, ax->ticks.values[i]);
        plot_canvas_text(cv, s, px, f->y1 + tick + tick / 2, &plot_tick_x);
        g_free(s);
    }
}

static void plot_draw_x_cats(const PlotFrame *f, PlotCanvas *cv, double tick)
{
    gboolean turned = f->x_cat_angle_rad != 0.0;
    PlotTextStyle st = { PLOT_TEXT_NAME, turned ? PLOT_ALIGN_END : PLOT_ALIGN_MIDDLE,
                         turned ? PLOT_ALIGN_MIDDLE : PLOT_ALIGN_START, f->x_cat_angle_rad,
                         f->cat_label_max_w };
    /* every x_cat_every-th label; empty labels (a sparse time axis) take no tick and do not
     * count, so the labels drawn are at least x_cat_every slots apart */
    for (size_t i = 0, next = 0; i < f->n_x_cats; i++) {
        if (!f->x_cats[i][0] || i < next)
            continue;
        next = i + f->x_cat_every;
        double px = f->x0 + (i + 0.5) * plot_frame_slot_w(f);
        plot_line(cv, px, f->y1, px, f->y1 + tick);
        plot_canvas_text(cv, f->x_cats[i], px, f->y1 + tick + tick / 2, &st);
    }
}

/* Left (Y) or right (Y2) axis ticks and labels; returns the widest label. */
static double plot_draw_y_ticks(const PlotFrame *f, PlotCanvas *cv, PlotAxis a, double tick)
{
    const PlotFrameAxis *ax = &f->axis[a];
    gboolean left = a == PLOT_AXIS_Y;
    double xa = left ? f->x0 : f->x1, dir = left ? -1 : 1, max_w = 0.0;
    PlotTextStyle st = { PLOT_TEXT_TICK, left ? PLOT_ALIGN_END : PLOT_ALIGN_START,
                         PLOT_ALIGN_MIDDLE, 0, 0 };
    for (int i = 0; i < ax->ticks.n; i++) {
        double py = plot_frame_y(f, a, ax->ticks.values[i]), w, h;
        plot_line(cv, xa, py, xa + dir * tick, py);
        char *s = plot_axis_tick_label(ax, ax->ticks.values[i]);
        plot_canvas_text(cv, s, xa + dir * (tick + tick / 2), py, &st);
        plot_canvas_measure(cv, s, &st, &w, &h);
        max_w = fmax(max_w, w);
        g_free(s);
    }
    return max_w;
}

static double plot_draw_y_cats(const PlotFrame *f, PlotCanvas *cv, double tick)
{
    PlotTextStyle st = { PLOT_TEXT_NAME, PLOT_ALIGN_END, PLOT_ALIGN_MIDDLE, 0,
                         cv->w * PLOT_NAME_MAX_FRAC };
    double max_w = 0.0, w, h;
    for (size_t i = 0; i < f->n_y_cats; i += f->y_cat_every) {
        double py = f->y0 + (i + 0.5) * plot_frame_row_h(f);
        plot_line(cv, f->x0, py, f->x0 - tick, py);
        plot_canvas_text(cv, f->y_cats[i], f->x0 - tick * 1.5, py, &st);
        plot_canvas_measure(cv, f->y_cats[i], &st, &w, &h);
        max_w = fmax(max_w, w);
    }
    return max_w;
}

static void plot_draw_axis_titles(const PlotFrame *f, PlotCanvas *cv, double yl_w, double yr_w,
                                  double tick)
{
    double pad = plot_canvas_px(cv, PLOT_PAD_PX), cy = (f->y0 + f->y1) / 2;
    PlotTextStyle xs = { PLOT_TEXT_LABEL, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_END, 0, 0 };
    plot_canvas_text(cv, f->axis[PLOT_AXIS_X].title, (f->x0 + f->x1) / 2, cv->h - pad, &xs);
    PlotTextStyle ys = { PLOT_TEXT_LABEL, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_END, G_PI / 2,
                         f->y1 - f->y0 };
    if (f->axis[PLOT_AXIS_Y].on)
        plot_canvas_text(cv, f->axis[PLOT_AXIS_Y].title, f->x0 - tick * 1.5 - yl_w - pad / 2,
                         cy, &ys);
    ys.valign = PLOT_ALIGN_START;
    if (f->axis[PLOT_AXIS_Y2].on)
        plot_canvas_text(cv, f->axis[PLOT_AXIS_Y2].title, f->x1 + tick * 1.5 + yr_w + pad / 2,
                         cy, &ys);
}

static void plot_draw_swatch(PlotCanvas *cv, const PlotLegendEntry *e, double x, double y,
                             double w, double h)
{
    cairo_t *cr = cv->cr;
    double lw = plot_canvas_px(cv, 2.5), r = plot_canvas_px(cv, 4.5);
    plot_canvas_set_series_color(cv, e->style, 1.0);
    if (e->swatch == PLOT_SWATCH_LINE || e->swatch == PLOT_SWATCH_LINE_MARKER) {
        plot_canvas_set_series_dash(cv, e->style, lw);
        plot_line(cv, x, y + h / 2, x + w, y + h / 2);
    }
    if (e->swatch == PLOT_SWATCH_MARKER || e->swatch == PLOT_SWATCH_LINE_MARKER)
        plot_canvas_marker(cv, e->style, x + w / 2, y + h / 2, r);
    if (e->swatch == PLOT_SWATCH_BOX || e->swatch == PLOT_SWATCH_HATCH) {
        cairo_rectangle(cr, x + w * 0.15, y + h * 0.1, w * 0.7, h * 0.8);
        cairo_fill(cr);
    }
    if (e->swatch == PLOT_SWATCH_HATCH) {
        plot_canvas_set_gray(cv, 0.0);
        plot_canvas_hatch(cv, x + w * 0.15, y + h * 0.1, w * 0.7, h * 0.8);
    }
    cairo_set_dash(cr, NULL, 0, 0);
}

static void plot_draw_legend(const PlotFrame *f, PlotCanvas *cv)
{
    double pad = plot_canvas_px(cv, PLOT_PAD_PX), sw = plot_canvas_px(cv, PLOT_SWATCH_PX);
    double line_h = plot_text_h(cv, PLOT_TEXT_LEGEND, "Ag") * 1.45;
    double x = cv->w - plot_right_block_w((PlotFrame *)f, cv) + pad, y = f->y0;
    size_t fit = (size_t)fmax(1.0, floor((f->y1 - f->y0) / line_h));
    size_t n = f->legend->len, shown = n <= fit ? n : fit - 1;
    PlotTextStyle st = { PLOT_TEXT_LEGEND, PLOT_ALIGN_START, PLOT_ALIGN_MIDDLE, 0,
                         cv->w * PLOT_NAME_MAX_FRAC };
    for (size_t i = 0; i < shown; i++, y += line_h) {
        const PlotLegendEntry *e = &g_array_index(f->legend, PlotLegendEntry, i);
        plot_draw_swatch(cv, e, x, y + line_h * 0.2, sw, line_h * 0.6);
        plot_canvas_set_gray(cv, 0.1);
        plot_canvas_text(cv, e->name, x + sw + pad / 2, y + line_h / 2, &st);
    }
    if (shown < n) {
        char *more = g_strdup_printf("+%zu more", n - shown);
        plot_canvas_set_gray(cv, 0.35);
        plot_canvas_text(cv, more, x + sw + pad / 2, y + line_h / 2, &st);
        g_free(more);
    }
}

static void plot_draw_colorbar(const PlotFrame *f, PlotCanvas *cv)
{
    const PlotFrameAxis *c = &f->axis[PLOT_AXIS_COLOR];
    double pad = plot_canvas_px(cv, PLOT_PAD_PX), bw = plot_canvas_px(cv, PLOT_COLORBAR_PX);
    double tick = plot_canvas_px(cv, PLOT_TICK_PX), max_w = 0.0, w, h, rgb[3];
    double x = cv->w - plot_right_block_w((PlotFrame *)f, cv) + pad;
    cairo_pattern_t *p = cairo_pattern_create_linear(0, f->y1, 0, f->y0);
    for (int i = 0; i <= 16; i++) {
        plot_viridis_rgb(i / 16.0, rgb);
        cairo_pattern_add_color_stop_rgb(p, i / 16.0, rgb[0], rgb[1], rgb[2]);
    }
    cairo_rectangle(cv->cr, x, f->y0, bw, f->y1 - f->y0);
    cairo_set_source(cv->cr, p);
    cairo_fill(cv->cr);
    cairo_pattern_destroy(p);
    plot_canvas_set_gray(cv, 0.2);
    PlotTextStyle st = { PLOT_TEXT_TICK, PLOT_ALIGN_START, PLOT_ALIGN_MIDDLE, 0, 0 };
    for (int i = 0; i < c->ticks.n; i++) {
        double py = f->y1 - plot_frame_color_t(f, c->ticks.values[i]) * (f->y1 - f->y0);
        plot_line(cv, x + bw, py, x + bw + tick, py);
        char *s = plot_tick_label(c->scale, c->ticks.values[i], c->ticks.step);
        plot_canvas_text(cv, s, x + bw + tick * 1.5, py, &st);
        plot_canvas_measure(cv, s, &st, &w, &h);
        max_w = fmax(max_w, w);
        g_free(s);
    }
    PlotTextStyle ts = { PLOT_TEXT_LABEL, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_START, G_PI / 2,
                         f->y1 - f->y0 };
    plot_canvas_text(cv, c->title, x + bw + tick * 1.5 + max_w + pad / 2, (f->y0 + f->y1) / 2,
                     &ts);
}

static void plot_draw_axes(const PlotFrame *f, PlotCanvas *cv)
{
    double tick = plot_canvas_px(cv, PLOT_TICK_PX), yl_w = 0.0, yr_w = 0.0;
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.2));
    plot_canvas_set_gray(cv, 0.2);
    cairo_rectangle(cv->cr, f->x0, f->y0, f->x1 - f->x0, f->y1 - f->y0);
    cairo_stroke(cv->cr);
    if (f->x_cats)
        plot_draw_x_cats(f, cv, tick);
    else if (f->axis[PLOT_AXIS_X].on)
        plot_draw_x_ticks(f, cv, tick);
    if (f->y_cats)
        yl_w = plot_draw_y_cats(f, cv, tick);
    else if (f->axis[PLOT_AXIS_Y].on)
        yl_w = plot_draw_y_ticks(f, cv, PLOT_AXIS_Y, tick);
    if (f->axis[PLOT_AXIS_Y2].on)
        yr_w = plot_draw_y_ticks(f, cv, PLOT_AXIS_Y2, tick);
    plot_draw_axis_titles(f, cv, yl_w, yr_w, tick);
}

void plot_frame_draw_over(const PlotFrame *f, PlotCanvas *cv)
{
    cairo_save(cv->cr);
    cairo_set_dash(cv->cr, NULL, 0, 0);
    plot_draw_axes(f, cv);
    PlotTextStyle ts = { PLOT_TEXT_TITLE, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_START, 0,
                         cv->w - 2 * plot_canvas_px(cv, PLOT_PAD_PX) };
    plot_canvas_set_gray(cv, 0.0);
    plot_canvas_text(cv, f->title, cv->w / 2, plot_canvas_px(cv, PLOT_PAD_PX), &ts);
    if (f->colorbar)
        plot_draw_colorbar(f, cv);
    else if (f->legend->len > 0)
        plot_draw_legend(f, cv);
    if (f->empty) {
        PlotTextStyle ns = { PLOT_TEXT_NOTE, PLOT_ALIGN_MIDDLE, PLOT_ALIGN_MIDDLE, 0, 0 };
        plot_canvas_set_gray(cv, 0.45);
        plot_canvas_text(cv, "no data", (f->x0 + f->x1) / 2, (f->y0 + f->y1) / 2, &ns);
    }
    cairo_restore(cv->cr);
}
