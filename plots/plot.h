/* plots/plot.h — vdcsim's chart library (cairo + pangocairo).  Start here.
 *
 * The plots know nothing of hosts or VMs: they get arrays of doubles in SI base units
 * (seconds, bytes, bytes/s, fractions 0..1, counts), usually read from the simulator's CSV
 * files with plot_csv_load() (plots/csv.h).  A chart is a plain container of data; all
 * drawing happens in plot_chart_write(), which picks PNG, SVG or PDF from the extension of
 * the path and replaces the file atomically (path.tmp, then rename).
 *
 *     PlotChart *c = plot_chart_new(PLOT_KIND_LINE, "Memory in use");
 *     plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
 *     plot_chart_set_axis(c, PLOT_AXIS_Y, "Memory", PLOT_UNIT_BYTES);
 *     size_t s = plot_chart_add_series(c, "host h1", t_s, used_bytes, n);
 *     plot_chart_set_errors(c, s, lo_bytes, hi_bytes);      // optional 95% CI per point
 *     if (!plot_chart_write(c, "out/mem.png", 0, 0, &error)) ...
 *     plot_chart_free(c);
 *
 * Kinds and the data each takes:
 *   LINE, STEP, SCATTER   plot_chart_add_series(): x[], y[]; optional lo[]/hi[] error bars;
 *                         plot_chart_series_use_y2() puts a series on a right-hand axis.
 *                         STEP holds each y until the next x (a sampled level, a gauge).
 *   CDF                   plot_chart_add_samples(): raw samples; the chart sorts them and
 *                         draws the empirical CDF (y axis 0..100 %).
 *   STACKED_BAR,          plot_chart_set_categories() then one plot_chart_add_bars() per
 *   GROUPED_BAR           series, with one value per category.
 *   GANTT                 plot_chart_add_row() per row, plot_chart_add_interval_kind() per
 *                         kind of interval (its legend entry; "marked" kinds such as
 *                         downtime are drawn hatched, on top, with a dark outline), then
 *                         plot_chart_add_interval(row, kind, start, end).
 *   HEATMAP               plot_chart_set_heatmap(): rows x time cells, values 0..1 (NaN =
 *                         no data, drawn grey); a colour-scale bar replaces the legend.
 *
 * Looks: Okabe-Ito colour-blind-safe palette, then Tol's muted one (16 colours; plus dash
 * patterns and marker shapes per series, so charts survive grey-scale print), viridis for heatmaps, DejaVu Sans, text sized
 * for 1200x700 px and scaled with the canvas.  Axis ticks are "nice" 1-2-5 steps in a
 * display unit that fits the range (plots/ticks.h).  Legends and the colour bar sit outside
 * the plot area (right), so they never cover data.  A chart without data draws its frame
 * and a centred "no data" message.  SVG output carries the title in <title> and every
 * other text (axis titles, legend names, labels) in <desc>, because cairo draws SVG text as
 * glyph outlines; PDF output carries the title in its metadata.
 *
 * Ownership: every setter copies what it is given; strings and arrays stay the caller's.
 * Misuse (wrong kind for a setter, index out of range) is a g_return_if_fail critical.
 */
#ifndef PLOT_PLOT_H
#define PLOT_PLOT_H

#include "plots/csv.h"
#include "plots/ticks.h"

#include <glib.h>
#include <stddef.h>

#define PLOT_DEFAULT_WIDTH_PX  1200
#define PLOT_DEFAULT_HEIGHT_PX 700

typedef enum {
    PLOT_KIND_LINE, PLOT_KIND_STEP, PLOT_KIND_SCATTER, PLOT_KIND_CDF,
    PLOT_KIND_STACKED_BAR, PLOT_KIND_GROUPED_BAR, PLOT_KIND_GANTT, PLOT_KIND_HEATMAP,
    PLOT_KIND_COUNT_
} PlotKind;

typedef enum {
    PLOT_AXIS_X,             /* horizontal; time for GANTT and HEATMAP */
    PLOT_AXIS_Y,             /* left vertical; values for bars; unused for GANTT/HEATMAP */
    PLOT_AXIS_Y2,            /* right vertical, for series put there with _use_y2() */
    PLOT_AXIS_COLOR,         /* the heatmap's colour scale */
    PLOT_AXIS_COUNT_
} PlotAxis;

typedef struct PlotChart PlotChart;

/* What the last plot_chart_write() drew; lets tests check structure, not pixels. */
typedef struct {
    size_t series;           /* series (or bar series, or interval kinds) drawn */
    size_t bars;             /* bar rectangles (a zero-height bar is not drawn) */
    size_t points;           /* markers or line vertices */
    size_t error_bars;
    size_t intervals;        /* gantt intervals */
    size_t cells;            /* heatmap cells with a value */
    size_t legend_entries;
    gboolean empty;          /* the "no data" state was drawn */
} PlotDrawn;

/* Frees the fonts this thread drew with (pangocairo keeps a font map per thread): call it
 * last in a thread, other than the main one, that wrote charts. */
void        plot_thread_done(void);

const char *plot_kind_name(PlotKind kind);                  /* "line", "stacked-bar", ... */

PlotChart  *plot_chart_new(PlotKind kind, const char *title);
void        plot_chart_free(PlotChart *chart);              /* NULL is a no-op */
PlotKind    plot_chart_kind(const PlotChart *chart);

/* Axis title (without unit: the display unit is appended) and the unit of its data. */
void        plot_chart_set_axis(PlotChart *chart, PlotAxis axis, const char *label,
                                PlotUnit unit);
/* A logarithmic axis (LINE, STEP, SCATTER): whole decades, values <= 0 not drawn. */
void        plot_chart_set_axis_log(PlotChart *chart, PlotAxis axis, gboolean log);
/* Marks points of series (bars: categories), n as added: drawn hollow (an outline). */
void        plot_chart_set_hollow(PlotChart *chart, size_t series, const gboolean *hollow);
/* Fixes an axis range (data units) instead of fitting it to the data; lo < hi. */
void        plot_chart_set_axis_range(PlotChart *chart, PlotAxis axis, double lo, double hi);

/* LINE, STEP, SCATTER: n points (NaN y = gap).  Returns the series index. */
size_t      plot_chart_add_series(PlotChart *chart, const char *name, const double *x,
                                  const double *y, size_t n);
/* Error bars (e.g. a confidence interval) on series: lo[i] <= y[i] <= hi[i], n as added. */
void        plot_chart_set_errors(PlotChart *chart, size_t series, const double *lo,
                                  const double *hi);
void        plot_chart_series_use_y2(PlotChart *chart, size_t series);

/* CDF: n raw samples (NaN ignored).  Returns the series index. */
size_t      plot_chart_add_samples(PlotChart *chart, const char *name, const double *values,
                                   size_t n);

/* STACKED_BAR, GROUPED_BAR: categories first, then one value per category per series. */
void        plot_chart_set_categories(PlotChart *chart, const char *const *names, size_t n);
size_t      plot_chart_add_bars(PlotChart *chart, const char *name, const double *values,
                                size_t n_categories);
/* The palette colour of a bar series (its index unless set): states that must never share a
 * hue (on/off) pick theirs. */
void        plot_chart_set_bar_style(PlotChart *chart, size_t series, size_t palette_index);

/* GANTT: rows top to bottom; kinds in legend order; intervals in data units of the x axis. */
size_t      plot_chart_add_row(PlotChart *chart, const char *name);
size_t      plot_chart_add_interval_kind(PlotChart *chart, const char *name, gboolean marked);
void        plot_chart_add_interval(PlotChart *chart, size_t row, size_t kind, double start,
                                    double end);

/* HEATMAP: n_rows x n_cols values row-major (0..1, NaN = no data); the columns split
 * [x_lo, x_hi) evenly.  Replaces an earlier matrix. */
void        plot_chart_set_heatmap(PlotChart *chart, const char *const *row_names,
                                   size_t n_rows, size_t n_cols, const double *values,
                                   double x_lo, double x_hi);

/* Draws the chart into path (.png, .svg or .pdf; 0 size = 1200x700).  Writes path.tmp and
 * renames it over path.  FALSE with *error (PLOT_ERROR_FORMAT, _IO or _CAIRO) on failure,
 * in which case path is untouched. */
gboolean    plot_chart_write(PlotChart *chart, const char *path, int width_px, int height_px,
                             GError **error);
const PlotDrawn *plot_chart_drawn(const PlotChart *chart);

#endif
