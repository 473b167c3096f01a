/* plots/gantt.c — GANTT: one row per entity (top to bottom in insertion order), intervals
 * [start, end) on a time axis.  Each interval has a kind (legend entry, palette colour).
 * Marked kinds (downtime, failures) are drawn after the others, hatched with a dark
 * outline, and never thinner than PLOT_MARK_MIN_PX so a 100 ms downtime stays visible on
 * an hour-long axis. */
#include "plots/chart-priv.h"

#include <math.h>

#define PLOT_MARK_MIN_PX 3.0
#define PLOT_BAND_FRAC   0.7          /* share of a row's height the intervals fill */

static void plot_gantt_fit(PlotChart *c, PlotFrame *f)
{
    double lo = INFINITY, hi = -INFINITY;
    for (guint i = 0; i < c->intervals->len; i++) {
        const PlotInterval *iv = &g_array_index(c->intervals, PlotInterval, i);
        lo = fmin(lo, iv->start);
        hi = fmax(hi, iv->end);
    }
    for (guint k = 0; k < c->kinds->len; k++) {
        const PlotIntervalKind *kind = c->kinds->pdata[k];
        plot_frame_add_legend(f, kind->name, k, kind->marked ? PLOT_SWATCH_HATCH : PLOT_SWATCH_BOX);
    }
    f->empty = c->intervals->len == 0;
    f->x_grid = TRUE;
    if (!f->empty) {
        f->y_cats = (const char *const *)c->rows->pdata;
        f->n_y_cats = c->rows->len;
    }
    plot_chart_fit_axis(c, f, PLOT_AXIS_X, f->empty ? NAN : lo, f->empty ? NAN : hi,
                        PLOT_FIT_TIGHT);
    plot_frame_set_axis(f, PLOT_AXIS_Y, c->axes[PLOT_AXIS_Y].label, PLOT_UNIT_NONE, NAN, NAN,
                        PLOT_FIT_NICE, FALSE);
}

static void plot_gantt_interval(PlotChart *c, PlotCanvas *cv, const PlotFrame *f,
                                const PlotInterval *iv, gboolean marked)
{
    double row_h = plot_frame_row_h(f), band = row_h * PLOT_BAND_FRAC;
    double y = f->y0 + iv->row * row_h + (row_h - band) / 2;
    double x0 = plot_frame_x(f, iv->start), x1 = plot_frame_x(f, iv->end);
    double min_w = plot_canvas_px(cv, PLOT_MARK_MIN_PX);
    if (marked && x1 - x0 < min_w) {
        double mid = (x0 + x1) / 2;
        x0 = mid - min_w / 2;
        x1 = mid + min_w / 2;
    }
    plot_canvas_set_series_color(cv, iv->kind, 1.0);
    cairo_rectangle(cv->cr, x0, y, x1 - x0, band);
    cairo_fill(cv->cr);
    if (marked) {
        plot_canvas_set_gray(cv, 0.0);
        plot_canvas_hatch(cv, x0, y, x1 - x0, band);
        cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.5));
        cairo_rectangle(cv->cr, x0, y, x1 - x0, band);
        cairo_stroke(cv->cr);
    }
    c->drawn.intervals++;
}

static void plot_gantt_row_lines(PlotCanvas *cv, const PlotFrame *f)
{
    double row_h = plot_frame_row_h(f);
    if (row_h < plot_canvas_px(cv, 8.0))
        return;
    plot_canvas_set_gray(cv, 0.92);
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.0));
    for (size_t i = 1; i < f->n_y_cats; i++) {
        double y = round(f->y0 + i * row_h) + 0.5;
        cairo_move_to(cv->cr, f->x0, y);
        cairo_line_to(cv->cr, f->x1, y);
    }
    cairo_stroke(cv->cr);
}

static void plot_gantt_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    plot_frame_clip(f, cv, 0.0);
    plot_gantt_row_lines(cv, f);
    for (int pass = 0; pass < 2; pass++) {              /* plain kinds, then marked ones */
        for (guint i = 0; i < c->intervals->len; i++) {
            const PlotInterval *iv = &g_array_index(c->intervals, PlotInterval, i);
            gboolean marked = ((PlotIntervalKind *)c->kinds->pdata[iv->kind])->marked;
            if (marked == (pass == 1))
                plot_gantt_interval(c, cv, f, iv, marked);
        }
    }
    c->drawn.series = c->kinds->len;
    cairo_restore(cv->cr);
}

const PlotKindOps plot_gantt_ops = { PLOT_KIND_GANTT, "gantt", plot_gantt_fit, plot_gantt_draw };
