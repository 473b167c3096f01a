/* sim/plan/report.c — what `vdcsim plan` prints and writes: the answer lines, plan.csv,
 * two charts (the hottest host's utilization percentile and the energy per day against the
 * host count, the target drawn) and report.html.  Files go through a temporary name and a
 * rename (g_file_set_contents, plot_chart_write). */
#include "sim/plan/search.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "plots/plot.h"
#include "sim/core/fmt.h"

void plan_point_free(gpointer p)
{
    PlanPoint *pt = p;
    g_free(pt->reason);
    g_free(pt);
}

void plan_alt_free(gpointer p)
{
    PlanAlt *a = p;
    g_free(a->label);
    g_ptr_array_unref(a->sets);
    if (a->points)
        g_ptr_array_unref(a->points);
    g_free(a);
}

int plan_point_cmp(gconstpointer a, gconstpointer b)
{
    const PlanPoint *x = *(PlanPoint *const *)a, *y = *(PlanPoint *const *)b;
    return (x->hosts > y->hosts) - (x->hosts < y->hosts);
}

const PlanPoint *plan_alt_point(const PlanAlt *a, int hosts)
{
    for (guint i = 0; i < a->points->len; i++)
        if (((const PlanPoint *)g_ptr_array_index(a->points, i))->hosts == hosts)
            return g_ptr_array_index(a->points, i);
    return NULL;
}

/* ---- the answer --------------------------------------------------------------------- */

/* "70 % target at p95, unmet demand <= 1 %" */
static char *targets(const PlanCtx *c)
{
    return g_strdup_printf("no VM rejected, every host's CPU p%g <= %g %%, unmet demand <= %g %%",
                           c->planning->percentile, 100 * c->planning->target_util_frac,
                           100 * c->planning->max_unmet_frac);
}

/* One sentence for an alternative: the count, the evidence below it, energy and cost. */
static char *answer_line(const PlanCtx *c, const PlanAlt *a)
{
    GString *s = g_string_new(*a->label ? a->label : c->group);
    g_string_append(s, ": ");
    if (a->hit_limit) {
        g_string_append_printf(s, "search stopped at max_runs (%d runs): the answer lies in "
                               "(%d, %d] hosts", c->planning->max_runs, a->bracket_lo,
                               a->bracket_hi);
        return g_string_free(s, FALSE);
    }
    if (a->answer < 0) {
        g_string_append_printf(s, "no count up to %d hosts meets the targets", c->max_hosts);
        return g_string_free(s, FALSE);
    }
    const PlanPoint *pt = plan_alt_point(a, a->answer), *below = plan_alt_point(a, a->answer - 1);
    g_string_append_printf(s, "%d hosts", a->answer);
    if (isfinite(pt->gpus))
        g_string_append_printf(s, " = %g GPUs, %.1f in use at the peak", pt->gpus,
                               pt->gpus_used_peak);
    g_string_append_printf(s, " (hottest host p%g %.1f %%, unmet %.2f %%, %.1f kWh/day",
                           c->planning->percentile, 100 * pt->pctl_max, 100 * pt->unmet,
                           pt->energy_kwh_day);
    if (c->planning->host_cost_per_day > 0)
        g_string_append_printf(s, ", cost %.0f/day", a->answer * c->planning->host_cost_per_day);
    g_string_append(s, ")");
    if (below)
        g_string_append_printf(s, "; %d hosts fail: %s", below->hosts,
                               below->reason ? below->reason : "not every replication feasible");
    if (c->reps > 1)
        g_string_append_printf(s, "; feasible in %u of %u replications, so at 95 %% confidence "
                               "a new seed fails with probability below %.0f %%",
                               pt->feasible_reps, pt->reps, 100 * (1 - pow(0.05, 1.0 / c->reps)));
    if (a->non_monotone)
        g_string_append(s, "; WARNING: feasibility is not monotone in the host count here "
                           "(a feasible count lies below an infeasible one); the answer is the "
                           "smallest count above which every count tried is feasible");
    return g_string_free(s, FALSE);
}

void plan_print(const PlanCtx *c, FILE *out)
{
    g_autofree char *t = targets(c);
    fprintf(out, "plan: hosts of group '%s' needed for %s\n", c->group, t);
    for (guint i = 0; i < c->alts->len; i++) {
        g_autofree char *line = answer_line(c, g_ptr_array_index(c->alts, i));
        fprintf(out, "  %s\n", line);
    }
    if (c->alts->len < 2)
        return;
    fprintf(out, "\n  %-36s %8s %8s %10s %12s %12s\n", "alternative", "hosts", "GPUs", "p-util",
            "kWh/day", "cost/day");
    for (guint i = 0; i < c->alts->len; i++) {
        const PlanAlt *a = g_ptr_array_index(c->alts, i);
        const PlanPoint *pt = a->answer >= 0 ? plan_alt_point(a, a->answer) : NULL;
        if (!pt) {
            fprintf(out, "  %-36s %8s\n", a->label, a->hit_limit ? "bracket" : "none");
            continue;
        }
        fprintf(out, "  %-36s %8d ", a->label, a->answer);
        if (isfinite(pt->gpus))
            fprintf(out, "%8g ", pt->gpus);
        else
            fprintf(out, "%8s ", "-");
        fprintf(out, "%9.1f%% %12.1f ", 100 * pt->pctl_max, pt->energy_kwh_day);
        if (c->planning->host_cost_per_day > 0)
            fprintf(out, "%12.0f\n", a->answer * c->planning->host_cost_per_day);
        else
            fprintf(out, "%12s\n", "-");
    }
}

/* ---- plan.csv ----------------------------------------------------------------------- */

#define PLAN_CSV_HEADER "alternative,hosts,feasible,reason,replications,feasible_replications," \
                        "vms_rejected,host_util_pctl_max_frac,hosts_over_target," \
                        "unmet_demand_frac,hosts_idle_powered,energy_kwh_per_day,cost_per_day," \
                        "gpus,gpus_used_peak"

static char *plan_csv(const PlanCtx *c)
{
    GString *s = g_string_new(PLAN_CSV_HEADER "\n");
    for (guint i = 0; i < c->alts->len; i++) {
        const PlanAlt *a = g_ptr_array_index(c->alts, i);
        for (guint k = 0; k < a->points->len; k++) {
            const PlanPoint *pt = g_ptr_array_index(a->points, k);
            sim_fmt_csv_string(s, *a->label ? a->label : c->group);
            g_string_append_printf(s, ",%d,%s,", pt->hosts, pt->feasible ? "yes" : "no");
            sim_fmt_csv_string(s, pt->reason ? pt->reason : "");
            g_string_append_printf(s, ",%u,%u", pt->reps, pt->feasible_reps);
            double v[] = { pt->rejected, pt->pctl_max, pt->over, pt->unmet, pt->idle,
                           pt->energy_kwh_day,
                           c->planning->host_cost_per_day > 0
                               ? pt->hosts * c->planning->host_cost_per_day : NAN,
                           pt->gpus, isfinite(pt->gpus) ? pt->gpus_used_peak : NAN };
            for (size_t j = 0; j < G_N_ELEMENTS(v); j++) {
                g_string_append_c(s, ',');
                sim_fmt_num(s, v[j], FALSE);
            }
            g_string_append_c(s, '\n');
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- charts ------------------------------------------------------------------------- */

/* y of every evaluated count of a (by count): the hottest host's percentile or energy;
 * points are the counts the search tried, joined by lines. */
static void add_alt_series(PlotChart *ch, const PlanAlt *a, const char *name, gboolean energy)
{
    guint n = a->points->len;
    g_autofree double *x = g_new(double, n), *y = g_new(double, n);
    for (guint i = 0; i < n; i++) {
        const PlanPoint *pt = g_ptr_array_index(a->points, i);
        x[i] = pt->hosts;
        /* a count that rejects VMs measures only those admitted: not comparable, left out */
        y[i] = pt->rejected > 0 ? NAN : energy ? pt->energy_kwh_day : pt->pctl_max;
    }
    plot_chart_add_series(ch, name, x, y, n);
}

static PlotChart *util_chart(const PlanCtx *c)
{
    g_autofree char *title = g_strdup_printf("How many hosts keep every host's CPU p%g under "
                                             "%g %%?", c->planning->percentile,
                                             100 * c->planning->target_util_frac);
    PlotChart *ch = plot_chart_new(PLOT_KIND_LINE, title);
    g_autofree char *xl = g_strdup_printf("Hosts in group %s (count)", c->group);
    g_autofree char *yl = g_strdup_printf("Hottest host's CPU utilization, p%g over time",
                                          c->planning->percentile);
    plot_chart_set_axis(ch, PLOT_AXIS_X, xl, PLOT_UNIT_NONE);
    plot_chart_set_axis(ch, PLOT_AXIS_Y, yl, PLOT_UNIT_FRAC);
    plot_chart_set_axis_range(ch, PLOT_AXIS_Y, 0, 1);
    for (guint i = 0; i < c->alts->len; i++) {
        const PlanAlt *a = g_ptr_array_index(c->alts, i);
        add_alt_series(ch, a, *a->label ? a->label : c->group, FALSE);
    }
    double tx[] = { c->min_hosts, c->max_hosts };
    double ty[] = { c->planning->target_util_frac, c->planning->target_util_frac };
    g_autofree char *tname = g_strdup_printf("target %g %%", 100 * c->planning->target_util_frac);
    plot_chart_add_series(ch, tname, tx, ty, 2);
    return ch;
}

static PlotChart *energy_chart(const PlanCtx *c)
{
    PlotChart *ch = plot_chart_new(PLOT_KIND_LINE, "What does each host count cost in energy?");
    g_autofree char *xl = g_strdup_printf("Hosts in group %s (count)", c->group);
    plot_chart_set_axis(ch, PLOT_AXIS_X, xl, PLOT_UNIT_NONE);
    plot_chart_set_axis(ch, PLOT_AXIS_Y, "Energy per day (kWh)", PLOT_UNIT_NONE);
    for (guint i = 0; i < c->alts->len; i++) {
        const PlanAlt *a = g_ptr_array_index(c->alts, i);
        add_alt_series(ch, a, *a->label ? a->label : c->group, TRUE);
    }
    return ch;
}

static gboolean write_charts(const PlanCtx *c, GPtrArray *written, GError **error)
{
    g_autofree char *dir = g_build_filename(c->out_dir, "charts", NULL);
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create '%s'", dir);
        return FALSE;
    }
    PlotChart *charts[] = { util_chart(c), energy_chart(c) };
    const char *names[] = { "plan-utilization", "plan-energy" };
    gboolean ok = TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(charts); i++) {
        for (char **f = c->base->charts; ok && f && *f; f++) {
            g_autofree char *leaf = g_strdup_printf("%s.%s", names[i], *f);
            g_autofree char *path = g_build_filename(dir, leaf, NULL);
            ok = plot_chart_write(charts[i], path, 0, 0, error);
            if (ok && (strcmp(*f, "png") == 0 || strcmp(*f, "svg") == 0))
                g_ptr_array_add(written, g_strdup_printf("charts/%s", leaf));
        }
        plot_chart_free(charts[i]);
    }
    return ok;
}

/* ---- report.html -------------------------------------------------------------------- */

static void html_text(GString *h, const char *text)
{
    g_autofree char *esc = g_markup_escape_text(text, -1);
    g_string_append(h, esc);
}

static char *report_html(const PlanCtx *c, const GPtrArray *charts)
{
    GString *h = g_string_new("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
    g_autofree char *t = targets(c);
    g_string_append_printf(h, "plan: %s</title><style>body{font-family:sans-serif;max-width:"
                              "1150px;margin:1em auto}td,th{padding:2px 8px;border-bottom:1px "
                              "solid #ddd}td.n{text-align:right}img{width:100%%}</style></head>"
                              "<body>\n<h1>How many hosts? ", c->base->name);
    html_text(h, c->base->name);
    g_string_append(h, "</h1>\n<p>Hosts of group <b>");
    html_text(h, c->group);
    g_string_append(h, "</b> needed for: ");
    html_text(h, t);
    g_string_append_printf(h, ". Each count ran %u replication(s); every count tried is in "
                              "<a href=\"plan.csv\">plan.csv</a>.</p>\n<ul>\n", c->reps);
    for (guint i = 0; i < c->alts->len; i++) {
        g_autofree char *line = answer_line(c, g_ptr_array_index(c->alts, i));
        g_string_append(h, "<li>");
        html_text(h, line);
        g_string_append(h, "</li>\n");
    }
    g_string_append(h, "</ul>\n<p>The charts join the counts the search tried; counts at "
                       "which VMs were rejected are left out (their utilization and energy "
                       "cover only the VMs admitted); alternatives with equal results draw over one "
                       "another, so the table below is the place to compare them.</p>\n");
    for (guint i = 0; i < charts->len; i++)
        if (g_str_has_suffix(g_ptr_array_index(charts, i), ".png") ||
            !g_strv_contains((const char *const *)c->base->charts, "png"))
            g_string_append_printf(h, "<figure><img src=\"%s\"></figure>\n",
                                   (char *)g_ptr_array_index(charts, i));
    const PlanAlt *a0 = g_ptr_array_index(c->alts, 0);
    gboolean gpus = a0->points->len && isfinite(((PlanPoint *)g_ptr_array_index(a0->points, 0))->gpus);
    g_string_append_printf(h, "<h2>Every count tried</h2>\n<table><tr><th>alternative</th>"
                              "<th>hosts tried</th>%s<th>feasible</th><th>hottest host p-util</th>"
                              "<th>unmet</th><th>kWh/day</th><th>why not</th></tr>\n",
                           gpus ? "<th>GPUs (in use at the peak)</th>" : "");
    for (guint i = 0; i < c->alts->len; i++) {
        const PlanAlt *a = g_ptr_array_index(c->alts, i);
        for (guint k = 0; k < a->points->len; k++) {
            const PlanPoint *pt = g_ptr_array_index(a->points, k);
            g_string_append(h, "<tr><td>");
            html_text(h, *a->label ? a->label : c->group);
            g_string_append_printf(h, "</td><td class=\"n\">%d</td>", pt->hosts);
            if (gpus)
                g_string_append_printf(h, "<td class=\"n\">%g (%.1f)</td>", pt->gpus,
                                       pt->gpus_used_peak);
            g_string_append_printf(h, "<td>%s</td><td class=\"n\">%.1f %%</td><td class=\"n\">"
                                      "%.2f %%</td><td class=\"n\">%.1f</td><td>",
                                   pt->feasible ? "yes" : "no", 100 * pt->pctl_max,
                                   100 * pt->unmet, pt->energy_kwh_day);
            html_text(h, pt->reason ? pt->reason : "");
            g_string_append(h, "</td></tr>\n");
        }
    }
    g_string_append(h, "</table>\n");
    g_string_append(h, "</body></html>\n");
    return g_string_free(h, FALSE);
}

static gboolean write_file(const char *dir, const char *leaf, const char *text, GError **error)
{
    g_autofree char *path = g_build_filename(dir, leaf, NULL);
    return g_file_set_contents(path, text, -1, error);      /* temporary name, then rename */
}

gboolean plan_write_outputs(const PlanCtx *c, GError **error)
{
    if (g_mkdir_with_parents(c->out_dir, 0755) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create '%s'", c->out_dir);
        return FALSE;
    }
    g_autoptr(GPtrArray) charts = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *csv = plan_csv(c);
    if (!write_file(c->out_dir, "plan.csv", csv, error) || !write_charts(c, charts, error))
        return FALSE;
    g_autofree char *html = report_html(c, charts);
    return write_file(c->out_dir, "report.html", html, error);
}
