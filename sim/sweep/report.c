/* sim/sweep/report.c — a sweep's report.html: what was asked, over which grid, the charts
 * and the table of points.
 *
 * The page is self-contained HTML (no script, no external style) that links the chart
 * files of charts/ and the CSV files beside it, so the folder can be copied or served as
 * is.  Every text comes from the sweep spec and the aggregated table, in point and metric
 * order, so the same sweep gives the same bytes.  Infeasible points are marked in the
 * table (and drawn hollow in the charts); the page names no "best" point.
 */
#include "sim/sweep/sweep.h"

#include <math.h>
#include <string.h>

#include "sim/core/fmt.h"
#include "sim/out/columns.h"
#include "sim/out/output.h"

static void html(GString *s, const char *text)
{
    g_autofree char *e = g_markup_escape_text(text ? text : "", -1);
    g_string_append(s, e);
}

static void head(GString *s, const SimSweep *sw)
{
    g_string_append(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>");
    html(s, sw->name);
    g_string_append(s, " sweep</title>\n<style>\nbody { font-family: 'DejaVu Sans', sans-serif; "
                       "margin: 2em auto; max-width: 1200px; color: #222; }\n"
                       "table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }\n"
                       "td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: "
                       "right; }\nth { background: #f0f0f0; text-align: left; }\ntd.t { text-align: left; }\n"
                       "tr.infeasible td { color: #a33; font-style: italic; }\n"
                       "img { max-width: 100%; border: 1px solid #ddd; }\n"
                       "figure { margin: 1.5em 0; }\n</style>\n</head>\n<body>\n");
}

static void question(GString *s, const SimSweep *sw)
{
    g_string_append(s, "<h1>");
    const char *q = sw->question ? sw->question : sw->base->question;   /* the sweep's, */
    if (q)                                                              /* else the run's */
        html(s, q);
    else
        g_string_append_printf(s, "Sweep %s", sw->name);
    g_string_append(s, "</h1>\n<p>Scenario <code>");
    html(s, sw->name);
    g_string_append(s, "</code>");
    if (sw->base->description && *sw->base->description) {
        g_string_append(s, ": ");
        html(s, sw->base->description);
    }
    if (sw->replications > 1)
        g_string_append_printf(s, "</p>\n<p>%u points &times; %u replications = %u runs; each "
                               "chart shows the mean over the replications with its 95 %% "
                               "Student t interval (n = %u).</p>\n", sw->points->len,
                               sw->replications, sim_sweep_n_runs(sw), sw->replications);
    else
        g_string_append_printf(s, "</p>\n<p>%u points, one run each (no replications, so no "
                               "confidence intervals: set <code>sweep.replications</code> "
                               "for them).</p>\n", sw->points->len);
}

static void grid(GString *s, const SimSweep *sw)
{
    g_string_append(s, "<h2>Parameters</h2>\n<table>\n<tr><th>parameter</th><th>path</th>"
                       "<th>values</th></tr>\n");
    for (guint i = 0; i < sw->params->len; i++) {
        const SimSweepParam *p = g_ptr_array_index(sw->params, i);
        g_autofree char *label = sim_sweep_param_label(p);
        g_ptr_array_add(p->values, NULL);
        g_autofree char *values = g_strjoinv(", ", (char **)p->values->pdata);
        g_ptr_array_remove_index(p->values, p->values->len - 1);
        g_string_append(s, "<tr><td class=\"t\">");
        html(s, label);
        g_string_append(s, "</td><td class=\"t\"><code>");
        html(s, p->path);
        g_string_append(s, "</code></td><td class=\"t\">");
        html(s, values);
        g_string_append(s, "</td></tr>\n");
    }
    g_string_append(s, "</table>\n");
}

/* The chart format to show: PNG if the sweep drew it, else the first one. */
static const char *shown_format(const SimSweep *sw)
{
    for (char **f = sw->chart_formats; f && *f; f++)
        if (strcmp(*f, "png") == 0)
            return "png";
    return sw->chart_formats && sw->chart_formats[0] && strcmp(sw->chart_formats[0], "none")
           ? sw->chart_formats[0] : NULL;
}

/* The charted metrics: in sweep.charts order when given, else in table order. */
static GArray *chart_order(const SimSweep *sw, const SimSweepTable *t)
{
    GArray *order = g_array_new(FALSE, FALSE, sizeof(guint));
    guint n = sw->chart_metrics ? sw->chart_metrics->len : t->metrics->len;
    for (guint k = 0; k < n; k++) {
        guint m = k;
        if (sw->chart_metrics &&
            !g_ptr_array_find_with_equal_func(t->metrics, g_ptr_array_index(sw->chart_metrics,
                                                                            k),
                                              g_str_equal, &m))
            continue;
        if (sim_sweep_chart_wanted(sw, t, m))
            g_array_append_val(order, m);
    }
    return order;
}

static void charts(GString *s, const SimSweep *sw, const SimSweepTable *t)
{
    const char *ext = shown_format(sw);
    if (!ext)
        return;
    g_string_append(s, "<h2>Charts</h2>\n");
    for (guint p = 0; p < sw->points->len; p++)
        if (!sim_sweep_point_feasible(sw, t, p)) {
            g_string_append(s, "<p>Hollow markers and bars: points where at least one "
                               "replication was infeasible (see the table).</p>\n");
            break;
        }
    g_autoptr(GArray) order = chart_order(sw, t);
    for (guint k = 0; k < order->len; k++) {
        guint m = g_array_index(order, guint, k);
        for (guint i = 0; i < sw->params->len; i++) {
            const SimSweepParam *p = g_ptr_array_index(sw->params, i);
            g_autofree char *leaf = g_strdup_printf("charts/%s-vs-%s.%s", (char *)
                                                    g_ptr_array_index(t->metrics, m), p->path,
                                                    ext);
            g_autofree char *alt = sim_sweep_metric_label(g_ptr_array_index(t->metrics, m));
            g_string_append(s, "<figure><img src=\"");
            html(s, leaf);
            g_string_append(s, "\" alt=\"");
            html(s, alt);
            g_string_append(s, "\"></figure>\n");
        }
    }
}

static void table_head(GString *s, const SimSweep *sw, const SimSweepTable *t)
{
    g_string_append(s, "<h2>Points</h2>\n<p>Mean &plusmn; half-width of the 95 % interval "
                       "over the replications; all numbers and every other metric are in "
                       "<a href=\"" SIM_CSV_SWEEP_SUMMARY "\">" SIM_CSV_SWEEP_SUMMARY "</a> "
                       "(per run: <a href=\"" SIM_CSV_SWEEP "\">" SIM_CSV_SWEEP "</a>).</p>\n"
                       "<table>\n<tr><th>point</th>");
    for (guint i = 0; i < sw->params->len; i++) {
        g_autofree char *label = sim_sweep_param_label(g_ptr_array_index(sw->params, i));
        g_string_append(s, "<th>");
        html(s, label);
        g_string_append(s, "</th>");
    }
    g_string_append(s, "<th>feasible</th>");
    for (guint m = 0; m < t->metrics->len; m++)
        if (sim_sweep_chart_wanted(sw, t, m)) {
            g_autofree char *label = sim_sweep_metric_label(g_ptr_array_index(t->metrics, m));
            g_string_append(s, "<th>");
            html(s, label);
            g_string_append(s, "<br><code>");
            html(s, g_ptr_array_index(t->metrics, m));
            g_string_append(s, "</code></th>");
        }
    g_string_append(s, "</tr>\n");
}

static void stat_cell(GString *s, const SimSweepStats *st)
{
    g_string_append(s, "<td>");
    if (isfinite(st->mean)) {
        g_string_append_printf(s, "%.4g", st->mean);
        if (isfinite(st->ci_hi))
            g_string_append_printf(s, " &plusmn; %.2g", st->ci_hi - st->mean);
    } else {
        g_string_append(s, "&ndash;");
    }
    g_string_append(s, "</td>");
}

static void table_rows(GString *s, const SimSweep *sw, const SimSweepTable *t)
{
    for (guint p = 0; p < sw->points->len; p++) {
        const SimSweepPoint *pt = g_ptr_array_index(sw->points, p);
        guint feasible = g_array_index(t->feasible_runs, guint, p);
        gboolean all = feasible == sw->replications;
        g_string_append_printf(s, "<tr%s><td>%u</td>", all ? "" : " class=\"infeasible\"", p);
        for (guint i = 0; i < sw->params->len; i++) {
            g_string_append(s, "<td class=\"t\">");
            html(s, pt->values[i]);
            g_string_append(s, "</td>");
        }
        g_string_append_printf(s, "<td class=\"t\">%s%u of %u", all ? "" : "no: ", feasible,
                               sw->replications);
        for (guint r = 0; !all && r < sw->replications; r++) {
            const char *why = sim_sweep_table_cell(t, p * sw->replications + r, 1);
            if (why && *why) {
                g_string_append(s, " (");
                html(s, why);
                g_string_append(s, ")");
                break;
            }
        }
        g_string_append(s, "</td>");
        for (guint m = 0; m < t->metrics->len; m++)
            if (sim_sweep_chart_wanted(sw, t, m))
                stat_cell(s, sim_sweep_table_get(t, p, m));
        g_string_append(s, "</tr>\n");
    }
    g_string_append(s, "</table>\n");
}

static void files(GString *s)
{
    g_string_append(s, "<h2>Files</h2>\n<ul>\n"
                       "<li><a href=\"" SIM_CSV_SWEEP "\">" SIM_CSV_SWEEP "</a>: one row per run"
                       "</li>\n<li><a href=\"" SIM_CSV_SWEEP_SUMMARY "\">" SIM_CSV_SWEEP_SUMMARY
                       "</a>: one row per point</li>\n<li><a href=\"" SIM_CSV_SWEEP_LONG "\">"
                       SIM_CSV_SWEEP_LONG "</a>: one row per point and metric</li>\n"
                       "<li><a href=\"sweep-manifest.json\">sweep-manifest.json</a>: build, "
                       "scenario hash, points and seeds</li>\n<li><a href=\"scenario.yaml\">"
                       "scenario.yaml</a>, <a href=\"resolved.yaml\">resolved.yaml</a></li>\n"
                       "</ul>\n</body>\n</html>\n");
}

gboolean sim_sweep_report_write(const SimSweep *sw, const SimSweepTable *t, const char *dir,
                                GError **error)
{
    GString *s = g_string_new(NULL);
    head(s, sw);
    question(s, sw);
    grid(s, sw);
    charts(s, sw, t);
    table_head(s, sw, t);
    table_rows(s, sw, t);
    files(s);
    gboolean ok = sim_output_write_file(dir, "report.html", s->str, error);
    g_string_free(s, TRUE);
    return ok;
}
