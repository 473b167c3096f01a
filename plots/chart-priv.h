/* plots/chart-priv.h — internal: the data a PlotChart holds, shared by chart.c (setters,
 * write) and the per-kind drawing files.  Each kind is a const PlotKindOps: fit() reads the
 * data and sets up the frame (axis ranges, category or row labels, legend), draw() draws
 * the data inside the frame's plot area.  Everything is in data units until the frame maps
 * it to canvas units. */
#ifndef PLOT_CHART_PRIV_H
#define PLOT_CHART_PRIV_H

#include "plots/canvas.h"
#include "plots/frame.h"
#include "plots/plot.h"

typedef struct {
    char    *name;
    double  *x, *y;           /* n each; x is NULL for bars (y per category) and CDF samples */
    double  *lo, *hi;         /* error bars, NULL if none */
    gboolean *hollow;         /* per point (bars: per category): drawn as an outline; NULL */
    size_t   n;
    gboolean y2;
    size_t   style;           /* palette index (colour): its index unless set (bars) */
} PlotSeries;

typedef struct {
    char    *name;
    gboolean marked;
} PlotIntervalKind;

typedef struct {
    size_t row, kind;
    double start, end;
} PlotInterval;

typedef struct {
    char    *label;
    PlotUnit unit;
    gboolean log;
    gboolean fixed;
    double   lo, hi;
} PlotAxisSpec;

struct PlotChart {
    PlotKind     kind;
    char        *title;
    PlotAxisSpec axes[PLOT_AXIS_COUNT_];
    GPtrArray   *series;        /* PlotSeries* */
    GPtrArray   *categories;    /* char*: bar categories */
    GPtrArray   *rows;          /* char*: gantt and heatmap rows, top to bottom */
    GPtrArray   *kinds;         /* PlotIntervalKind* */
    GArray      *intervals;     /* PlotInterval */
    double      *cells;         /* heatmap: rows->len * n_cols, row-major */
    size_t       n_cols;
    double       cells_x_lo, cells_x_hi;
    PlotDrawn    drawn;
};

typedef struct {
    PlotKind kind;
    const char *name;
    void (*fit)(PlotChart *chart, PlotFrame *frame);
    void (*draw)(PlotChart *chart, PlotCanvas *cv, const PlotFrame *frame);
} PlotKindOps;

extern const PlotKindOps plot_line_ops, plot_step_ops, plot_scatter_ops, plot_cdf_ops;
extern const PlotKindOps plot_stacked_bar_ops, plot_grouped_bar_ops;
extern const PlotKindOps plot_gantt_ops, plot_heatmap_ops;

/* Sets the frame's axis from the chart's spec for it and the data range [lo, hi]
 * (NaN if there is no data). */
void plot_chart_fit_axis(const PlotChart *chart, PlotFrame *frame, PlotAxis axis, double lo,
                         double hi, PlotFit fit);

#endif
