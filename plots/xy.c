/* plots/xy.c — kinds on two numeric axes: LINE, STEP (a level held until the next sample),
 * SCATTER, each with optional error bars (lo..hi per point, e.g. a confidence interval) and
 * an optional right-hand axis; and CDF, the empirical distribution function
 * F(x) = #{samples <= x} / n of each series, drawn as a right-continuous staircase. */
#include "plots/chart-priv.h"

#include <math.h>
#include <stdlib.h>

typedef struct { double lo, hi; } PlotRange;

#define PLOT_RANGE_EMPTY ((PlotRange){ INFINITY, -INFINITY })

static void plot_range_add(PlotRange *r, double v)
{
    if (isfinite(v)) {
        r->lo = fmin(r->lo, v);
        r->hi = fmax(r->hi, v);
    }
}

static gboolean plot_range_ok(PlotRange r)
{
    return r.lo <= r.hi;
}

static PlotFit plot_y_fit(PlotKind kind, PlotRange r)
{
    if (kind == PLOT_KIND_SCATTER || (plot_range_ok(r) && r.lo < 0.0))
        return PLOT_FIT_NICE;
    return PLOT_FIT_NICE_ZERO;
}

static void plot_series_ranges(const PlotSeries *s, PlotRange *x, PlotRange *y)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i]))
            continue;
        plot_range_add(x, s->x[i]);
        plot_range_add(y, s->y[i]);
        if (s->lo) {
            plot_range_add(y, s->lo[i]);
            plot_range_add(y, s->hi[i]);
        }
    }
}

/* Right-axis series keep their colour but are dashed (style + PLOT_PALETTE_N selects the
 * next dash pattern), so the two axes read apart even in grey-scale print. */
static size_t plot_xy_style(const PlotSeries *s, size_t i)
{
    return s->y2 ? i + PLOT_PALETTE_N : i;
}

static void plot_xy_fit(PlotChart *c, PlotFrame *f)
{
    PlotRange x = PLOT_RANGE_EMPTY, y = PLOT_RANGE_EMPTY, y2 = PLOT_RANGE_EMPTY;
    gboolean has_y2 = FALSE;
    PlotSwatch sw = c->kind == PLOT_KIND_SCATTER ? PLOT_SWATCH_MARKER : PLOT_SWATCH_LINE;
    for (guint i = 0; i < c->series->len; i++) {
        const PlotSeries *s = c->series->pdata[i];
        plot_series_ranges(s, &x, s->y2 ? &y2 : &y);
        has_y2 |= s->y2;
        char *name = s->y2 ? g_strdup_printf("%s (right axis)", s->name) : g_strdup(s->name);
        plot_frame_add_legend(f, name, plot_xy_style(s, i), sw);
        g_free(name);
    }
    f->empty = !plot_range_ok(x);
    f->x_grid = TRUE;
    PlotFit xfit = c->kind == PLOT_KIND_SCATTER ? PLOT_FIT_NICE : PLOT_FIT_TIGHT;
    plot_chart_fit_axis(c, f, PLOT_AXIS_X, x.lo, x.hi, xfit);
    if (plot_range_ok(y) || !has_y2)
        plot_chart_fit_axis(c, f, PLOT_AXIS_Y, y.lo, y.hi, plot_y_fit(c->kind, y));
    if (has_y2)
        plot_chart_fit_axis(c, f, PLOT_AXIS_Y2, y2.lo, y2.hi, plot_y_fit(c->kind, y2));
    f->axis[PLOT_AXIS_Y].headroom_frac = f->axis[PLOT_AXIS_Y2].headroom_frac = 0.03;
}


/* Line through the finite points of s (breaking at gaps); STEP holds each y until the
 * next x. */
static void plot_xy_path(PlotChart *c, PlotCanvas *cv, const PlotFrame *f, const PlotSeries *s)
{
    PlotAxis a = s->y2 ? PLOT_AXIS_Y2 : PLOT_AXIS_Y;
    gboolean pen_down = FALSE;
    double prev_y = 0.0;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i])) {
            pen_down = FALSE;
            continue;
        }
        double px = plot_frame_x(f, s->x[i]), py = plot_frame_y(f, a, s->y[i]);
        if (pen_down && c->kind == PLOT_KIND_STEP)
            cairo_line_to(cv->cr, px, prev_y);
        if (pen_down)
            cairo_line_to(cv->cr, px, py);
        else
            cairo_move_to(cv->cr, px, py);
        pen_down = TRUE;
        prev_y = py;
        c->drawn.points++;
    }
    cairo_stroke(cv->cr);
}

static void plot_xy_markers(PlotChart *c, PlotCanvas *cv, const PlotFrame *f, size_t style,
                            const PlotSeries *s, double r)
{
    PlotAxis a = s->y2 ? PLOT_AXIS_Y2 : PLOT_AXIS_Y;
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i]))
            continue;
        double px = plot_frame_x(f, s->x[i]), py = plot_frame_y(f, a, s->y[i]);
        if (s->hollow && s->hollow[i])
            plot_canvas_marker_hollow(cv, style, px, py, r * 1.25);
        else
            plot_canvas_marker(cv, style, px, py, r);
        c->drawn.points += c->kind == PLOT_KIND_SCATTER;
    }
}

static void plot_xy_error_bars(PlotChart *c, PlotCanvas *cv, const PlotFrame *f,
                               const PlotSeries *s)
{
    PlotAxis a = s->y2 ? PLOT_AXIS_Y2 : PLOT_AXIS_Y;
    double cap = plot_canvas_px(cv, 5.0);
    cairo_set_dash(cv->cr, NULL, 0, 0);
    cairo_set_line_width(cv->cr, plot_canvas_px(cv, 1.6));
    for (size_t i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->lo[i]) || !isfinite(s->hi[i]))
            continue;
        double px = plot_frame_x(f, s->x[i]);
        double plo = plot_frame_y(f, a, s->lo[i]), phi = plot_frame_y(f, a, s->hi[i]);
        cairo_move_to(cv->cr, px, plo);
        cairo_line_to(cv->cr, px, phi);
        cairo_move_to(cv->cr, px - cap, plo);
        cairo_line_to(cv->cr, px + cap, plo);
        cairo_move_to(cv->cr, px - cap, phi);
        cairo_line_to(cv->cr, px + cap, phi);
        c->drawn.error_bars++;
    }
    cairo_stroke(cv->cr);
}

static void plot_xy_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    double r = plot_canvas_px(cv, c->kind == PLOT_KIND_SCATTER ? 4.5 : 3.5);
    plot_frame_clip(f, cv, r + 2);
    cairo_set_line_join(cv->cr, CAIRO_LINE_JOIN_ROUND);
    for (guint i = 0; i < c->series->len; i++) {
        const PlotSeries *s = c->series->pdata[i];
        plot_canvas_set_series_color(cv, i, c->kind == PLOT_KIND_SCATTER ? 0.8 : 1.0);
        if (s->lo)
            plot_xy_error_bars(c, cv, f, s);
        if (c->kind != PLOT_KIND_SCATTER) {
            plot_canvas_set_series_dash(cv, plot_xy_style(s, i), plot_canvas_px(cv, 2.5));
            plot_xy_path(c, cv, f, s);
        }
        if (c->kind == PLOT_KIND_SCATTER || ((s->lo || s->hollow) && c->kind == PLOT_KIND_LINE))
            plot_xy_markers(c, cv, f, plot_xy_style(s, i), s, r);
        c->drawn.series++;
    }
    cairo_restore(cv->cr);
}

const PlotKindOps plot_line_ops = { PLOT_KIND_LINE, "line", plot_xy_fit, plot_xy_draw };
const PlotKindOps plot_step_ops = { PLOT_KIND_STEP, "step", plot_xy_fit, plot_xy_draw };
const PlotKindOps plot_scatter_ops = { PLOT_KIND_SCATTER, "scatter", plot_xy_fit, plot_xy_draw };

/* ---- CDF ---------------------------------------------------------------------------- */

static int plot_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The finite samples of s, sorted ascending; *n gets their count. */
static double *plot_cdf_sorted(const PlotSeries *s, size_t *n)
{
    double *v = g_new(double, s->n + 1);
    *n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (isfinite(s->y[i]))
            v[(*n)++] = s->y[i];
    qsort(v, *n, sizeof(double), plot_cmp_double);
    return v;
}

static void plot_cdf_fit(PlotChart *c, PlotFrame *f)
{
    PlotRange x = PLOT_RANGE_EMPTY;
    for (guint i = 0; i < c->series->len; i++) {
        const PlotSeries *s = c->series->pdata[i];
        for (size_t k = 0; k < s->n; k++)
            plot_range_add(&x, s->y[k]);
        plot_frame_add_legend(f, s->name, i, PLOT_SWATCH_LINE);
    }
    f->empty = !plot_range_ok(x);
    f->x_grid = TRUE;
    plot_chart_fit_axis(c, f, PLOT_AXIS_X, x.lo, x.hi, PLOT_FIT_NICE);
    const char *label = c->axes[PLOT_AXIS_Y].label;
    plot_frame_set_axis(f, PLOT_AXIS_Y, label ? label : "Fraction of samples \u2264 x",
                        PLOT_UNIT_FRAC, 0.0, 1.0, PLOT_FIT_NICE, TRUE);
    f->axis[PLOT_AXIS_Y].headroom_frac = 0.03;
}

static void plot_cdf_series(PlotChart *c, PlotCanvas *cv, const PlotFrame *f,
                            const PlotSeries *s)
{
    size_t n;
    double *v = plot_cdf_sorted(s, &n);
    if (n > 0) {
        cairo_move_to(cv->cr, f->x0, plot_frame_y(f, PLOT_AXIS_Y, 0.0));
        for (size_t i = 0; i < n; i++) {
            double px = plot_frame_x(f, v[i]);
            cairo_line_to(cv->cr, px, plot_frame_y(f, PLOT_AXIS_Y, (double)i / n));
            cairo_line_to(cv->cr, px, plot_frame_y(f, PLOT_AXIS_Y, (double)(i + 1) / n));
        }
        cairo_line_to(cv->cr, f->x1, plot_frame_y(f, PLOT_AXIS_Y, 1.0));
        cairo_stroke(cv->cr);
        c->drawn.points += n;
    }
    g_free(v);
}

static void plot_cdf_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    plot_frame_clip(f, cv, plot_canvas_px(cv, 2.0));
    for (guint i = 0; i < c->series->len; i++) {
        plot_canvas_set_series_color(cv, i, 1.0);
        plot_canvas_set_series_dash(cv, i, plot_canvas_px(cv, 2.5));
        plot_cdf_series(c, cv, f, c->series->pdata[i]);
        c->drawn.series++;
    }
    cairo_restore(cv->cr);
}

const PlotKindOps plot_cdf_ops = { PLOT_KIND_CDF, "cdf", plot_cdf_fit, plot_cdf_draw };
