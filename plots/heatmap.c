/* plots/heatmap.c — HEATMAP: rows (top to bottom) x equal time cells over [x_lo, x_hi),
 * each cell coloured by its value on the colour axis (default 0..1) with viridis, which
 * stays ordered in lightness for colour-blind readers and in grey-scale print.  NaN cells
 * (no data) are light grey.  The colour bar right of the plot is the legend. */
#include "plots/chart-priv.h"

#include <math.h>

static void plot_heatmap_fit(PlotChart *c, PlotFrame *f)
{
    f->empty = c->rows->len == 0 || c->n_cols == 0;
    f->colorbar = TRUE;
    if (!f->empty) {
        f->y_cats = (const char *const *)c->rows->pdata;
        f->n_y_cats = c->rows->len;
    }
    plot_chart_fit_axis(c, f, PLOT_AXIS_X, f->empty ? NAN : c->cells_x_lo,
                        f->empty ? NAN : c->cells_x_hi, PLOT_FIT_TIGHT);
    plot_frame_set_axis(f, PLOT_AXIS_Y, c->axes[PLOT_AXIS_Y].label, PLOT_UNIT_NONE, NAN, NAN,
                        PLOT_FIT_NICE, FALSE);
    plot_chart_fit_axis(c, f, PLOT_AXIS_COLOR, 0.0, 1.0, PLOT_FIT_NICE);
    f->axis[PLOT_AXIS_COLOR].fixed = TRUE;
}

static void plot_heatmap_draw(PlotChart *c, PlotCanvas *cv, const PlotFrame *f)
{
    double row_h = plot_frame_row_h(f), rgb[3];
    double dx = (c->cells_x_hi - c->cells_x_lo) / c->n_cols;
    double seam = plot_canvas_px(cv, 0.5);            /* hides anti-aliasing seams */
    plot_frame_clip(f, cv, 0.0);
    for (size_t r = 0; r < c->rows->len; r++) {
        for (size_t k = 0; k < c->n_cols; k++) {
            double v = c->cells[r * c->n_cols + k];
            double x0 = plot_frame_x(f, c->cells_x_lo + k * dx);
            double x1 = plot_frame_x(f, c->cells_x_lo + (k + 1) * dx);
            if (isfinite(v)) {
                plot_viridis_rgb(plot_frame_color_t(f, v), rgb);
                cairo_set_source_rgb(cv->cr, rgb[0], rgb[1], rgb[2]);
                c->drawn.cells++;
            } else {
                plot_canvas_set_gray(cv, 0.85);
            }
            cairo_rectangle(cv->cr, x0, f->y0 + r * row_h, x1 - x0 + seam, row_h + seam);
            cairo_fill(cv->cr);
        }
    }
    c->drawn.series = c->rows->len;
    cairo_restore(cv->cr);
}

const PlotKindOps plot_heatmap_ops = { PLOT_KIND_HEATMAP, "heatmap", plot_heatmap_fit,
                                       plot_heatmap_draw };
