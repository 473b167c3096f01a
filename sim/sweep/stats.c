/* sim/sweep/stats.c — a sweep's statistics and its reproducibility record; see sweep.h.
 *
 * Per point and headline metric, over the replications whose value is finite (a run that
 * never finished has a null makespan, say):
 *     mean = Σx/n,  sd = sqrt(Σ(x−mean)²/(n−1)),
 *     95 % CI = mean ± t(0.975, n−1)·sd/√n   (Student t quantile: gsl_cdf_tdist_Pinv)
 * the textbook interval for the mean of i.i.d. replications (Law, "Simulation Modeling
 * and Analysis", 5th ed., §9.4.1, eq. 9.1; Jain, "The Art of Computer Systems Performance
 * Analysis", §13.2).  sd and the CI need n >= 2; with n = 1 they are empty in the CSV.
 *
 * The inputs are the runs' summary.json files only, read back from disk in point and
 * replication order, and every number is printed with 10 significant digits in the C
 * locale, so sweep.csv does not depend on how many threads or ranks produced the runs.
 */
#include "sim/sweep/sweep.h"

#include "sim/core/fmt.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "sim/out/output.h"
#include "sim/out/columns.h"

#define SWEEP_CI_LEVEL 0.95

/* ---- statistics ------------------------------------------------------------------- */

SimSweepStats sim_sweep_stats(const double *values, size_t n)
{
    SimSweepStats st = { 0, NAN, NAN, NAN, NAN };
    g_autofree double *x = g_new(double, MAX(n, 1));
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i]))
            x[st.n++] = values[i];
    if (st.n == 0)
        return st;
    st.mean = gsl_stats_mean(x, 1, st.n);     /* running mean: exact for equal samples */
    if (st.n < 2)
        return st;
    st.sd = gsl_stats_sd_m(x, 1, st.n, st.mean);
    double t = gsl_cdf_tdist_Pinv(1 - (1 - SWEEP_CI_LEVEL) / 2, st.n - 1);
    double half = t * st.sd / sqrt((double)st.n);
    st.ci_lo = st.mean - half;
    st.ci_hi = st.mean + half;
    return st;
}

/* ---- summary.json's headline --------------------------------------------------------- */

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

/* A JSON string without escapes (headline names are identifiers); NULL if malformed. */
static const char *read_name(const char *p, char **out)
{
    if (*p != '"')
        return NULL;
    const char *end = strchr(p + 1, '"');
    if (!end || memchr(p + 1, '\\', (size_t)(end - p - 1)))
        return NULL;
    *out = g_strndup(p + 1, (size_t)(end - p - 1));
    return end + 1;
}

static const char *read_value(const char *p, double *out)
{
    if (strncmp(p, "null", 4) == 0) {
        *out = NAN;
        return p + 4;
    }
    char *end = NULL;
    *out = g_ascii_strtod(p, &end);
    return end == p ? NULL : end;
}

/* Parses `"name": value, ...}` after the headline's '{'. */
static gboolean parse_pairs(const char *p, GPtrArray *names, GArray *values)
{
    p = skip_ws(p);
    if (*p == '}')
        return TRUE;
    for (;;) {
        char *name = NULL;
        double v;
        if (!(p = read_name(skip_ws(p), &name)))
            return FALSE;
        p = skip_ws(p);
        if (*p != ':' || !(p = read_value(skip_ws(p + 1), &v))) {
            g_free(name);
            return FALSE;
        }
        g_ptr_array_add(names, name);
        g_array_append_val(values, v);
        p = skip_ws(p);
        if (*p == '}')
            return TRUE;
        if (*p++ != ',')
            return FALSE;
    }
}

gboolean sim_sweep_read_headline(const char *summary_path, GPtrArray *names, GArray *values,
                                 GError **error)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(summary_path, &text, NULL, error))
        return FALSE;
    const char *h = strstr(text, "\"headline\"");
    h = h ? skip_ws(h + strlen("\"headline\"")) : NULL;
    h = h && *h == ':' ? skip_ws(h + 1) : NULL;
    if (!h || *h != '{' || !parse_pairs(h + 1, names, values)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_SYNTAX,
                    "%s:1:1: error: no flat \"headline\" object of numbers", summary_path);
        return FALSE;
    }
    return TRUE;
}

/* ---- aggregation -------------------------------------------------------------------- */

static guint metric_index(GPtrArray *metrics, const char *name)
{
    for (guint i = 0; i < metrics->len; i++)
        if (strcmp(g_ptr_array_index(metrics, i), name) == 0)
            return i;
    g_ptr_array_add(metrics, g_strdup(name));
    return metrics->len - 1;
}

/* samples[run] is a GArray of doubles indexed by metric (NaN where absent). */
static gboolean read_runs(const SimSweep *sw, const char *dir, GPtrArray *metrics,
                          GPtrArray *samples, GError **error)
{
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++) {
        g_autofree char *rdir = sim_sweep_run_dir(sw, dir, run);
        g_autofree char *path = g_build_filename(rdir, "summary.json", NULL);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GArray) values = g_array_new(FALSE, FALSE, sizeof(double));
        if (!sim_sweep_read_headline(path, names, values, error))
            return FALSE;
        GArray *row = g_array_new(FALSE, FALSE, sizeof(double));
        for (guint i = 0; i < names->len; i++) {
            guint m = metric_index(metrics, g_ptr_array_index(names, i));
            double nan = NAN;
            while (row->len <= m)
                g_array_append_val(row, nan);
            g_array_index(row, double, m) = g_array_index(values, double, i);
        }
        g_ptr_array_add(samples, row);
    }
    return TRUE;
}

static double sample_at(GPtrArray *samples, guint run, guint metric)
{
    GArray *row = g_ptr_array_index(samples, run);
    return metric < row->len ? g_array_index(row, double, metric) : NAN;
}

SimSweepTable *sim_sweep_aggregate(const SimSweep *sw, const char *dir, GError **error)
{
    SimSweepTable *t = g_new0(SimSweepTable, 1);
    t->metrics = g_ptr_array_new_with_free_func(g_free);
    t->stats = g_array_new(FALSE, FALSE, sizeof(SimSweepStats));
    g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    if (!read_runs(sw, dir, t->metrics, samples, error)) {
        sim_sweep_table_free(t);
        return NULL;
    }
    g_autofree double *x = g_new(double, sw->replications);
    for (guint p = 0; p < sw->points->len; p++)
        for (guint m = 0; m < t->metrics->len; m++) {
            for (guint r = 0; r < sw->replications; r++)
                x[r] = sample_at(samples, p * sw->replications + r, m);
            SimSweepStats st = sim_sweep_stats(x, sw->replications);
            g_array_append_val(t->stats, st);
        }
    return t;
}

void sim_sweep_table_free(SimSweepTable *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->metrics, TRUE);
    g_array_free(t->stats, TRUE);
    g_free(t);
}

const SimSweepStats *sim_sweep_table_get(const SimSweepTable *t, guint point, guint metric)
{
    g_return_val_if_fail(metric < t->metrics->len, NULL);
    return &g_array_index(t->stats, SimSweepStats, point * t->metrics->len + metric);
}

/* ---- sweep.csv ------------------------------------------------------------------------ */


char *sim_sweep_csv(const SimSweep *sw, const SimSweepTable *t)
{
    GString *s = g_string_new(SIM_COL_SWEEP_POINT);
    for (guint i = 0; i < sw->params->len; i++) {
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, ((SimSweepParam *)g_ptr_array_index(sw->params, i))->path);
    }
    g_string_append(s, "," SIM_CSV_SWEEP_HEADER_TAIL "\n");
    for (guint p = 0; p < sw->points->len; p++) {
        const SimSweepPoint *pt = g_ptr_array_index(sw->points, p);
        for (guint m = 0; m < t->metrics->len; m++) {
            const SimSweepStats *st = sim_sweep_table_get(t, p, m);
            g_string_append_printf(s, "%u", p);
            for (guint i = 0; i < sw->params->len; i++) {
                g_string_append_c(s, ',');
                sim_fmt_csv_string(s, pt->values[i]);
            }
            g_string_append_c(s, ',');
            sim_fmt_csv_string(s, g_ptr_array_index(t->metrics, m));
            g_string_append_printf(s, ",%u,", st->n);
            double v[] = { st->mean, st->sd, st->ci_lo, st->ci_hi };
            for (size_t k = 0; k < G_N_ELEMENTS(v); k++) {
                sim_fmt_num(s, v[k], FALSE);
                g_string_append_c(s, k + 1 < G_N_ELEMENTS(v) ? ',' : '\n');
            }
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- sweep-manifest.json --------------------------------------------------------------- */

static void manifest_point(GString *s, const SimSweep *sw, const SimSweepPoint *pt)
{
    g_string_append_printf(s, "    { \"point\": %u, \"values\": {", pt->index);
    for (guint i = 0; i < sw->params->len; i++) {
        g_string_append(s, i ? ", " : " ");
        sim_fmt_json_string(s, ((SimSweepParam *)g_ptr_array_index(sw->params, i))->path);
        g_string_append(s, ": ");
        sim_fmt_json_string(s, pt->values[i]);
    }
    g_string_append_printf(s, " },\n      \"scenario_seed\": %" G_GUINT64_FORMAT
                           ", \"seeds\": [", pt->seed);
    for (guint r = 0; r < sw->replications; r++)
        g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, r ? ", " : "",
                               sim_sweep_seed(pt->seed, pt->label, r));
    g_string_append(s, "] }");
}

char *sim_sweep_manifest(const SimSweep *sw, const char *version, const char *git_revision)
{
    GString *s = g_string_new("{\n  \"vdcsim_version\": ");
    sim_fmt_json_string(s, version ? version : "");
    g_string_append(s, ",\n  \"git_revision\": ");
    sim_fmt_json_string(s, git_revision ? git_revision : "");
    g_string_append(s, ",\n  \"scenario\": ");
    sim_fmt_json_string(s, sw->path);
    g_string_append(s, ",\n  \"scenario_sha256\": ");
    sim_fmt_json_string(s, sw->sha256);
    g_string_append_printf(s, ",\n  \"seed_rule\": \"sim_rng_stream_seed(scenario_seed, "
                           "'sweep:' + label + '/rep:' + r)\",\n  \"replications\": %u,\n"
                           "  \"parameters\": [", sw->replications);
    for (guint i = 0; i < sw->params->len; i++) {
        g_string_append(s, i ? ", " : "");
        sim_fmt_json_string(s, ((SimSweepParam *)g_ptr_array_index(sw->params, i))->path);
    }
    g_string_append(s, "],\n  \"points\": [\n");
    for (guint p = 0; p < sw->points->len; p++) {
        manifest_point(s, sw, g_ptr_array_index(sw->points, p));
        g_string_append(s, p + 1 < sw->points->len ? ",\n" : "\n");
    }
    g_string_append(s, "  ]\n}\n");
    return g_string_free(s, FALSE);
}

gboolean sim_sweep_write_outputs(const SimSweep *sw, const SimSweepTable *t, const char *dir,
                                 const char *version, const char *git_revision, GError **error)
{
    struct { const char *name; char *text; } files[] = {
        { "scenario.yaml", g_strdup(sw->text) },
        { "resolved.yaml", scn_write_resolved(sw->base) },
        { "sweep-manifest.json", sim_sweep_manifest(sw, version, git_revision) },
        { SIM_CSV_SWEEP, sim_sweep_csv(sw, t) },
    };
    gboolean ok = TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        ok = ok && sim_output_write_file(dir, files[i].name, files[i].text, error);
        g_free(files[i].text);
    }
    return ok;
}
