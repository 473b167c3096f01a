/* plots/chart.c — the chart as plain data (setters copy everything) and plot_chart_write(),
 * which runs the kind's fit() and draw() between the frame's layout and decorations.
 * Kinds are looked up in one table, plot_kinds[], indexed by PlotKind. */
#include "plots/plot.h"

#include "plots/chart-priv.h"

#include <math.h>
#include <string.h>

static const PlotKindOps *const plot_kinds[PLOT_KIND_COUNT_] = {
    [PLOT_KIND_LINE] = &plot_line_ops,          [PLOT_KIND_STEP] = &plot_step_ops,
    [PLOT_KIND_SCATTER] = &plot_scatter_ops,    [PLOT_KIND_CDF] = &plot_cdf_ops,
    [PLOT_KIND_STACKED_BAR] = &plot_stacked_bar_ops,
    [PLOT_KIND_GROUPED_BAR] = &plot_grouped_bar_ops,
    [PLOT_KIND_GANTT] = &plot_gantt_ops,        [PLOT_KIND_HEATMAP] = &plot_heatmap_ops,
};

const char *plot_kind_name(PlotKind kind)
{
    g_return_val_if_fail(kind < PLOT_KIND_COUNT_, NULL);
    return plot_kinds[kind]->name;
}

static void plot_series_free(gpointer p)
{
    PlotSeries *s = p;
    g_free(s->name);
    g_free(s->x);
    g_free(s->y);
    g_free(s->lo);
    g_free(s->hi);
    g_free(s->hollow);
    g_free(s);
}

static void plot_interval_kind_free(gpointer p)
{
    PlotIntervalKind *k = p;
    g_free(k->name);
    g_free(k);
}

PlotChart *plot_chart_new(PlotKind kind, const char *title)
{
    g_return_val_if_fail(kind < PLOT_KIND_COUNT_, NULL);
    PlotChart *c = g_new0(PlotChart, 1);
    c->kind = kind;
    c->title = g_strdup(title ? title : "");
    c->series = g_ptr_array_new_with_free_func(plot_series_free);
    c->categories = g_ptr_array_new_with_free_func(g_free);
    c->rows = g_ptr_array_new_with_free_func(g_free);
    c->kinds = g_ptr_array_new_with_free_func(plot_interval_kind_free);
    c->intervals = g_array_new(FALSE, FALSE, sizeof(PlotInterval));
    return c;
}

void plot_chart_free(PlotChart *c)
{
    if (!c)
        return;
    g_free(c->title);
    for (int a = 0; a < PLOT_AXIS_COUNT_; a++)
        g_free(c->axes[a].label);
    g_ptr_array_free(c->series, TRUE);
    g_ptr_array_free(c->categories, TRUE);
    g_ptr_array_free(c->rows, TRUE);
    g_ptr_array_free(c->kinds, TRUE);
    g_array_free(c->intervals, TRUE);
    g_free(c->cells);
    g_free(c);
}

PlotKind plot_chart_kind(const PlotChart *c)
{
    return c->kind;
}

void plot_chart_set_axis(PlotChart *c, PlotAxis axis, const char *label, PlotUnit unit)
{
    g_return_if_fail(axis < PLOT_AXIS_COUNT_ && unit < PLOT_UNIT_COUNT_);
    g_free(c->axes[axis].label);
    c->axes[axis].label = g_strdup(label);
    c->axes[axis].unit = unit;
}

void plot_chart_set_axis_range(PlotChart *c, PlotAxis axis, double lo, double hi)
{
    g_return_if_fail(axis < PLOT_AXIS_COUNT_ && isfinite(lo) && isfinite(hi) && lo < hi);
    c->axes[axis].fixed = TRUE;
    c->axes[axis].lo = lo;
    c->axes[axis].hi = hi;
}

void plot_chart_set_axis_log(PlotChart *c, PlotAxis axis, gboolean log)
{
    g_return_if_fail(axis < PLOT_AXIS_COUNT_);
    g_return_if_fail(!log || c->kind == PLOT_KIND_LINE || c->kind == PLOT_KIND_STEP ||
                     c->kind == PLOT_KIND_SCATTER ||
                     (c->kind == PLOT_KIND_GROUPED_BAR && axis == PLOT_AXIS_Y));
    c->axes[axis].log = log;
}

void plot_chart_set_hollow(PlotChart *c, size_t series, const gboolean *hollow)
{
    g_return_if_fail(series < c->series->len && hollow);
    g_return_if_fail(c->kind != PLOT_KIND_CDF && c->kind != PLOT_KIND_GANTT &&
                     c->kind != PLOT_KIND_HEATMAP);
    PlotSeries *s = c->series->pdata[series];
    g_free(s->hollow);
    s->hollow = g_memdup2(hollow, MAX(s->n, 1) * sizeof(gboolean));
}

static double *plot_dup(const double *v, size_t n)
{
    return v ? g_memdup2(v, MAX(n, 1) * sizeof(double)) : NULL;
}

static gboolean plot_is_xy(PlotKind k)
{
    return k == PLOT_KIND_LINE || k == PLOT_KIND_STEP || k == PLOT_KIND_SCATTER;
}

static size_t plot_series_push(PlotChart *c, const char *name, const double *x,
                               const double *y, size_t n)
{
    PlotSeries *s = g_new0(PlotSeries, 1);
    s->name = g_strdup(name ? name : "");
    s->x = plot_dup(x, n);
    s->y = plot_dup(y, n);
    s->n = n;
    s->style = c->series->len;
    g_ptr_array_add(c->series, s);
    return c->series->len - 1;
}

size_t plot_chart_add_series(PlotChart *c, const char *name, const double *x, const double *y,
                             size_t n)
{
    g_return_val_if_fail(plot_is_xy(c->kind), 0);
    g_return_val_if_fail(n == 0 || (x && y), 0);
    return plot_series_push(c, name, x, y, n);
}

void plot_chart_set_bar_style(PlotChart *c, size_t series, size_t palette_index)
{
    g_return_if_fail((c->kind == PLOT_KIND_STACKED_BAR || c->kind == PLOT_KIND_GROUPED_BAR) &&
                     series < c->series->len);
    ((PlotSeries *)c->series->pdata[series])->style = palette_index;
}

void plot_chart_set_errors(PlotChart *c, size_t series, const double *lo, const double *hi)
{
    g_return_if_fail(plot_is_xy(c->kind) && series < c->series->len && lo && hi);
    PlotSeries *s = c->series->pdata[series];
    g_free(s->lo);
    g_free(s->hi);
    s->lo = plot_dup(lo, s->n);
    s->hi = plot_dup(hi, s->n);
}

void plot_chart_series_use_y2(PlotChart *c, size_t series)
{
    g_return_if_fail(plot_is_xy(c->kind) && series < c->series->len);
    ((PlotSeries *)c->series->pdata[series])->y2 = TRUE;
}

size_t plot_chart_add_samples(PlotChart *c, const char *name, const double *values, size_t n)
{
    g_return_val_if_fail(c->kind == PLOT_KIND_CDF && (n == 0 || values), 0);
    return plot_series_push(c, name, NULL, values, n);
}

static gboolean plot_is_bar(PlotKind k)
{
    return k == PLOT_KIND_STACKED_BAR || k == PLOT_KIND_GROUPED_BAR;
}

void plot_chart_set_categories(PlotChart *c, const char *const *names, size_t n)
{
    g_return_if_fail(plot_is_bar(c->kind) && c->series->len == 0 && (n == 0 || names));
    g_ptr_array_set_size(c->categories, 0);
    for (size_t i = 0; i < n; i++)
        g_ptr_array_add(c->categories, g_strdup(names[i] ? names[i] : ""));
}

size_t plot_chart_add_bars(PlotChart *c, const char *name, const double *values,
                           size_t n_categories)
{
    g_return_val_if_fail(plot_is_bar(c->kind), 0);
    g_return_val_if_fail(n_categories == c->categories->len && (n_categories == 0 || values), 0);
    return plot_series_push(c, name, NULL, values, n_categories);
}

size_t plot_chart_add_row(PlotChart *c, const char *name)
{
    g_return_val_if_fail(c->kind == PLOT_KIND_GANTT, 0);
    g_ptr_array_add(c->rows, g_strdup(name ? name : ""));
    return c->rows->len - 1;
}

size_t plot_chart_add_interval_kind(PlotChart *c, const char *name, gboolean marked)
{
    g_return_val_if_fail(c->kind == PLOT_KIND_GANTT, 0);
    PlotIntervalKind *k = g_new0(PlotIntervalKind, 1);
    k->name = g_strdup(name ? name : "");
    k->marked = marked;
    g_ptr_array_add(c->kinds, k);
    return c->kinds->len - 1;
}

void plot_chart_add_interval(PlotChart *c, size_t row, size_t kind, double start, double end)
{
    g_return_if_fail(c->kind == PLOT_KIND_GANTT);
    g_return_if_fail(row < c->rows->len && kind < c->kinds->len);
    g_return_if_fail(isfinite(start) && isfinite(end) && start <= end);
    PlotInterval iv = { row, kind, start, end };
    g_array_append_val(c->intervals, iv);
}

void plot_chart_set_heatmap(PlotChart *c, const char *const *row_names, size_t n_rows,
                            size_t n_cols, const double *values, double x_lo, double x_hi)
{
    g_return_if_fail(c->kind == PLOT_KIND_HEATMAP);
    g_return_if_fail(n_rows * n_cols == 0 || (values && row_names));
    g_return_if_fail(isfinite(x_lo) && isfinite(x_hi) && x_lo < x_hi);
    g_ptr_array_set_size(c->rows, 0);
    for (size_t r = 0; r < n_rows; r++)
        g_ptr_array_add(c->rows, g_strdup(row_names[r] ? row_names[r] : ""));
    g_free(c->cells);
    c->cells = plot_dup(values, n_rows * n_cols);
    c->n_cols = n_cols;
    c->cells_x_lo = x_lo;
    c->cells_x_hi = x_hi;
}

void plot_chart_fit_axis(const PlotChart *c, PlotFrame *f, PlotAxis axis, double lo, double hi,
                         PlotFit fit)
{
    const PlotAxisSpec *spec = &c->axes[axis];
    f->axis[axis].log = spec->log;
    if (spec->fixed)
        plot_frame_set_axis(f, axis, spec->label, spec->unit, spec->lo, spec->hi, fit, TRUE);
    else
        plot_frame_set_axis(f, axis, spec->label, spec->unit, lo, hi, fit, FALSE);
}

typedef struct {
    PlotChart         *chart;
    const PlotKindOps *ops;
} PlotWriteJob;

static void plot_chart_draw(PlotCanvas *cv, void *data)
{
    PlotWriteJob *job = data;
    PlotFrame f;
    plot_frame_init(&f, job->chart->title);
    memset(&job->chart->drawn, 0, sizeof job->chart->drawn);
    job->ops->fit(job->chart, &f);
    plot_frame_layout(&f, cv);
    plot_frame_draw_under(&f, cv);
    if (!f.empty)
        job->ops->draw(job->chart, cv, &f);
    plot_frame_draw_over(&f, cv);
    job->chart->drawn.legend_entries = f.colorbar ? 0 : f.legend->len;
    job->chart->drawn.empty = f.empty;
    plot_frame_clear(&f);
}

gboolean plot_chart_write(PlotChart *c, const char *path, int width_px, int height_px,
                          GError **error)
{
    g_return_val_if_fail(c && path && width_px >= 0 && height_px >= 0, FALSE);
    PlotWriteJob job = { c, plot_kinds[c->kind] };
    return plot_output_write(path, width_px ? width_px : PLOT_DEFAULT_WIDTH_PX,
                             height_px ? height_px : PLOT_DEFAULT_HEIGHT_PX, c->title,
                             plot_chart_draw, &job, error);
}

const PlotDrawn *plot_chart_drawn(const PlotChart *c)
{
    return &c->drawn;
}
