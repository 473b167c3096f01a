/* plots/bars.c — STACKED_BAR and GROUPED_BAR: categories along x, one value per category
 * per series.  Stacked: positive values stack upwards from 0 and negative ones downwards,
 * in series order, so every segment keeps its sign.  Grouped: the series of one category
 * stand side by side in 80 % of the category's slot, on a linear axis or (grouped, with
 * plot_chart_set_axis_log) on decades, the bars rising from the bottom one. */
#include "plots/chart-priv.h"

#include <math.h>

#define PLOT_STACK_WIDTH_FRAC 0.7
#define PLOT_GROUP_WIDTH_FRAC 0.8

static double plot_bar_value(const PlotSeries *s, size_t cat)
{
    return isfinite(s->y[cat]) ? s->y[cat] : 0.0;
}

/* Range of the bar ends: stack sums for STACKED_BAR, single values for GROUPED_BAR. */
static void plot_bars_range(const PlotChart *c, double *lo, double *hi)
{
    *lo = 0.0;
    *hi = 0.0;
    for (guint k = 0; k < c->categories->len; k++) {
        double pos = 0.0, neg = 0.0;
        for (guint i = 0; i < c->series->len; i++) {
            double v = plot_bar_value(c->series->pdata[i], k);
            if (c->kind == PLOT_KIND_STACKED_BAR) {
                pos += fmax(v, 0.0);
                neg += fmin(v, 0.0);
            } else {
                pos = fmax(pos, v);
                neg = fmin(neg, v);
            }
        }
        *lo = fmin(*lo, neg);
        *hi = fmax(*hi, pos);
    }
}

/* The smallest positive bar (a log axis starts at its decade); NaN if none. */
static double plot_bars_min_positive(const PlotChart *c)
{
    double lo = NAN;
    for (guint i = 0; i < c->series->len; i++)
        for (guint k = 0; k < c->categories->len; k++) {
            double v = plot_bar_value(c->series->pdata[i], k);
            if (v > 0 && !(v >= lo))
                lo = v;
        }
    return lo;
}

static void plot_bars_fit(PlotChart *c, PlotFrame *f)
{
    for (guint i = 0; i < c->series->len; i++)
        plot_frame_add_legend(f, ((PlotSeries *)c->series->pdata[i])->name,
                              ((PlotSeries *)c->series->pdata[i])->style, PLOT_SWATCH_BOX);
    f->empty = c->categories->len == 0 || c->series->len == 0;
    if (!f->empty) {
        f->x_cats = (const char *const *)c->categories->pdata;
        f->n_x_cats = c->categories->len;
    }
    double lo, hi;
    plot_bars_range(c, &lo, &hi);
    if (c->axes[PLOT_AXIS_Y].log)         /* grouped bars on decades: the smallest bar */
        lo = 0.2 * plot_bars_min_positive(c);    /* so the smallest bar has height */
    plot_frame_set_axis(f, PLOT_AXIS_X, c->axes[PLOT_AXIS_X].label, PLOT_UNIT_NONE, NAN, NAN,
                        PLOT_FIT_NICE, FALSE);
    if (f->empty)
        lo = hi = NAN;
    plot_chart_fit_axis(c, f, PLOT_AXIS_Y, lo, hi, PLOT_FIT_NICE_ZERO);
}

/* An outline only: a value the chart marks (an infeasible sweep point). */
static void plot_bar_outline(PlotChart *c, PlotCanvas *cv, double x, double y, double w,
                             double h)
{
    double lw = plot_canvas_px(cv, 2.0);
    cairo_save(cv->cr);
    cairo_set_line_width(cv->cr, lw);
    cairo_set_dash(cv->cr, NULL, 0, 0);
    cairo_rectangle(cv->cr, x + lw / 2, y + lw / 2, fmax(w - lw, 0), fmax(h - lw, 0));
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
    c->drawn.bars++;
}

static void plot_bar_rect(PlotChart *c, PlotCanvas *cv, const PlotFrame *f, double x, double w,
                          double from, double to, gboolean hollow)
{
    double y_from = plot_frame_y(f, PLOT_AXIS_Y, from), y_to = plot_frame_y(f, PLOT_AXIS_Y, to);
    if (hollow) {
        plot_bar_outline(c, cv, x, fmin(y_from, y_to), w, fabs(y_to - y_from));
        return;
    }
    cairo_rectangle(cv->cr, x, fmin(y_from, y_to), w, fabs(y_to - y_from));
    cairo_fill_preserve(cv->cr);
    cairo_save(cv->cr);
    cairo_set_source_rgb(cv->cr, 1, 1, 1);
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 0.8));
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
    c->drawn.bars++;
}

static void plot_stacked_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    double slot = plot_frame_slot_w(f), w = slot * PLOT_STACK_WIDTH_FRAC;
    for (guint k = 0; k < c->categories->len; k++) {
        double x = f->x0 + k * slot + (slot - w) / 2, pos = 0.0, neg = 0.0;
        for (guint i = 0; i < c->series->len; i++) {
            double v = plot_bar_value(c->series->pdata[i], k);
            if (v == 0.0)
                continue;
            double *base = v > 0 ? &pos : &neg;
            const PlotSeries *sr = c->series->pdata[i];
            plot_canvas_set_series_color(cv, sr->style, 1.0);
            plot_bar_rect(c, cv, f, x, w, *base, *base + v, sr->hollow && sr->hollow[k]);
            *base += v;
        }
    }
}

static void plot_grouped_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    double slot = plot_frame_slot_w(f), group = slot * PLOT_GROUP_WIDTH_FRAC;
    double w = group / c->series->len;
    for (guint k = 0; k < c->categories->len; k++) {
        double x = f->x0 + k * slot + (slot - group) / 2;
        for (guint i = 0; i < c->series->len; i++) {
            const PlotSeries *sr = c->series->pdata[i];
            double v = plot_bar_value(sr, k);
            plot_canvas_set_series_color(cv, sr->style, 1.0);
            if (v != 0.0)
                plot_bar_rect(c, cv, f, x + i * w, w, 0.0, v, sr->hollow && sr->hollow[k]);
        }
    }
}

static void plot_bars_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    plot_frame_clip(f, cv, 0.0);
    if (c->kind == PLOT_KIND_STACKED_BAR)
        plot_stacked_draw(c, cv, f);
    else
        plot_grouped_draw(c, cv, f);
    c->drawn.series = c->series->len;
    if (f->axis[PLOT_AXIS_Y].log) {                /* bars rise from the bottom decade */
        cairo_restore(cv->cr);
        return;
    }
    plot_canvas_set_gray(cv, 0.2);                 /* the zero line */
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.2));
    double y0 = plot_frame_y(f, PLOT_AXIS_Y, 0.0);
    cairo_move_to(cv->cr, f->x0, y0);
    cairo_line_to(cv->cr, f->x1, y0);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
}

const PlotKindOps plot_stacked_bar_ops = { PLOT_KIND_STACKED_BAR, "stacked-bar", plot_bars_fit,
                                           plot_bars_draw };
const PlotKindOps plot_grouped_bar_ops = { PLOT_KIND_GROUPED_BAR, "grouped-bar", plot_bars_fit,
                                           plot_bars_draw };
