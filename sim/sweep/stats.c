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
#include "sim/out/provenance.h"

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

static void column_free(gpointer p)
{
    SimSweepColumn *c = p;
    g_free(c->name);
    g_free(c);
}

static SimSweepTable *table_new(void)
{
    SimSweepTable *t = g_new0(SimSweepTable, 1);
    t->columns = g_ptr_array_new_with_free_func(column_free);
    t->cells = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    t->metrics = g_ptr_array_new_with_free_func(g_free);
    t->metric_columns = g_array_new(FALSE, FALSE, sizeof(guint));
    t->stats = g_array_new(FALSE, FALSE, sizeof(SimSweepStats));
    t->feasible_runs = g_array_new(FALSE, FALSE, sizeof(guint));
    return t;
}

/* Metrics: the numeric columns, but the feasibility flag (column 0). */
static void pick_metrics(SimSweepTable *t)
{
    for (guint c = 1; c < t->columns->len; c++) {
        const SimSweepColumn *col = g_ptr_array_index(t->columns, c);
        if (!col->numeric)
            continue;
        g_ptr_array_add(t->metrics, g_strdup(col->name));
        g_array_append_val(t->metric_columns, c);
    }
}

SimSweepTable *sim_sweep_aggregate(const SimSweep *sw, const char *dir, int threads,
                                   GError **error)
{
    SimSweepTable *t = table_new();
    if (!sim_sweep_read_runs(sw, dir, t, threads, error)) {
        sim_sweep_table_free(t);
        return NULL;
    }
    pick_metrics(t);
    guint reps = sw->replications;
    g_autofree double *x = g_new(double, reps);
    for (guint p = 0; p < sw->points->len; p++) {
        guint feasible = 0;
        for (guint r = 0; r < reps; r++)
            feasible += sim_sweep_table_feasible(t, p * reps + r);
        g_array_append_val(t->feasible_runs, feasible);
        for (guint m = 0; m < t->metrics->len; m++) {
            guint c = g_array_index(t->metric_columns, guint, m);
            for (guint r = 0; r < reps; r++)
                x[r] = sim_sweep_table_value(t, p * reps + r, c);
            SimSweepStats st = sim_sweep_stats(x, reps);
            g_array_append_val(t->stats, st);
        }
    }
    return t;
}

void sim_sweep_table_free(SimSweepTable *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->columns, TRUE);
    g_ptr_array_free(t->cells, TRUE);
    g_ptr_array_free(t->metrics, TRUE);
    g_array_free(t->metric_columns, TRUE);
    g_array_free(t->stats, TRUE);
    g_array_free(t->feasible_runs, TRUE);
    g_free(t);
}

const SimSweepStats *sim_sweep_table_get(const SimSweepTable *t, guint point, guint metric)
{
    g_return_val_if_fail(metric < t->metrics->len, NULL);
    return &g_array_index(t->stats, SimSweepStats, point * t->metrics->len + metric);
}

gboolean sim_sweep_point_feasible(const SimSweep *sw, const SimSweepTable *t, guint point)
{
    return g_array_index(t->feasible_runs, guint, point) == sw->replications;
}

/* ---- parameter columns ------------------------------------------------------------------ */

static const SimSweepParam *param_at(const SimSweep *sw, guint i)
{
    return g_ptr_array_index(sw->params, i);
}

/* A numeric parameter with a unit is written as a bare number plus a PATH.unit column. */
static gboolean param_split(const SimSweepParam *p)
{
    return p->numeric && *p->unit;
}

static void param_headers(GString *s, const SimSweep *sw, gboolean split)
{
    for (guint i = 0; i < sw->params->len; i++) {
        const SimSweepParam *p = param_at(sw, i);
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, p->path);
        if (split && param_split(p)) {
            g_autofree char *unit = g_strdup_printf("%s" SIM_COL_SWEEP_UNIT_SUFFIX, p->path);
            g_string_append_c(s, ',');
            sim_fmt_csv_string(s, unit);
        }
    }
}

static void param_cells(GString *s, const SimSweep *sw, const SimSweepPoint *pt, gboolean split)
{
    for (guint i = 0; i < sw->params->len; i++) {
        const SimSweepParam *p = param_at(sw, i);
        g_string_append_c(s, ',');
        if (!split || !param_split(p)) {
            sim_fmt_csv_string(s, pt->values[i]);
            continue;
        }
        g_string_append_len(s, pt->values[i], (gssize)strcspn(pt->values[i], " "));
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, p->unit);
    }
}

static void text_cell(GString *s, const char *text)
{
    g_string_append_c(s, ',');
    if (text)
        sim_fmt_csv_string(s, text);
}

/* ---- sweep.csv: one row per run ----------------------------------------------------------- */

char *sim_sweep_csv(const SimSweep *sw, const SimSweepTable *t)
{
    GString *s = g_string_new(SIM_CSV_SWEEP_RUN_HEAD);
    param_headers(s, sw, TRUE);
    for (guint c = 0; c < t->columns->len; c++)
        text_cell(s, ((SimSweepColumn *)g_ptr_array_index(t->columns, c))->name);
    g_string_append_c(s, '\n');
    for (guint run = 0; run < sim_sweep_n_runs(sw); run++) {
        const SimSweepPoint *pt = g_ptr_array_index(sw->points, run / sw->replications);
        g_autofree char *dir = sim_sweep_run_dir(sw, "", run);
        g_string_append_printf(s, "%u,%u,%u,%" G_GUINT64_FORMAT ",", run, pt->index,
                               run % sw->replications, sim_sweep_run_seed(sw, run));
        sim_fmt_csv_string(s, dir[0] == G_DIR_SEPARATOR ? dir + 1 : dir);
        param_cells(s, sw, pt, TRUE);
        for (guint c = 0; c < t->columns->len; c++)
            text_cell(s, sim_sweep_table_cell(t, run, c));
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

/* ---- sweep_summary.csv: one row per point ------------------------------------------------- */

static const char *const stat_suffixes[] = { "_n", "_mean", "_sd", "_ci_lo", "_ci_hi" };

static gboolean is_metric(const SimSweepTable *t, guint column)
{
    for (guint m = 0; m < t->metric_columns->len; m++)
        if (g_array_index(t->metric_columns, guint, m) == column)
            return TRUE;
    return FALSE;
}

/* Distinct non-empty values of column c over the point's replications, "; "-joined. */
static char *point_texts(const SimSweep *sw, const SimSweepTable *t, guint p, guint c)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new();
    for (guint r = 0; r < sw->replications; r++) {
        const char *v = sim_sweep_table_cell(t, p * sw->replications + r, c);
        if (v && *v && !g_ptr_array_find_with_equal_func(seen, v, g_str_equal, NULL))
            g_ptr_array_add(seen, (gpointer)v);
    }
    g_ptr_array_add(seen, NULL);
    return g_strjoinv("; ", (char **)seen->pdata);
}

static void summary_header(GString *s, const SimSweep *sw, const SimSweepTable *t)
{
    g_string_append(s, SIM_COL_SWEEP_POINT);
    param_headers(s, sw, TRUE);
    g_string_append(s, "," SIM_CSV_SWEEP_SUMMARY_FEASIBILITY);
    for (guint c = 2; c < t->columns->len; c++) {
        const char *name = ((SimSweepColumn *)g_ptr_array_index(t->columns, c))->name;
        for (size_t k = 0; k < (is_metric(t, c) ? G_N_ELEMENTS(stat_suffixes) : 1); k++) {
            g_autofree char *col = g_strconcat(name, is_metric(t, c) ? stat_suffixes[k] : "",
                                               NULL);
            text_cell(s, col);
        }
    }
    g_string_append_c(s, '\n');
}

static void summary_stats(GString *s, const SimSweepStats *st)
{
    g_string_append_printf(s, ",%u", st->n);
    double v[] = { st->mean, st->sd, st->ci_lo, st->ci_hi };
    for (size_t k = 0; k < G_N_ELEMENTS(v); k++) {
        g_string_append_c(s, ',');
        sim_fmt_num(s, v[k], FALSE);
    }
}

char *sim_sweep_summary_csv(const SimSweep *sw, const SimSweepTable *t)
{
    GString *s = g_string_new(NULL);
    summary_header(s, sw, t);
    for (guint p = 0; p < sw->points->len; p++) {
        guint feasible = g_array_index(t->feasible_runs, guint, p), m = 0;
        g_autofree char *reasons = point_texts(sw, t, p, 1);
        g_string_append_printf(s, "%u", p);
        param_cells(s, sw, g_ptr_array_index(sw->points, p), TRUE);
        g_string_append_printf(s, ",%u,%u,%s", sw->replications, feasible,
                               feasible == sw->replications ? "true" : "false");
        text_cell(s, reasons);
        for (guint c = 2; c < t->columns->len; c++) {
            if (!is_metric(t, c)) {
                g_autofree char *texts = point_texts(sw, t, p, c);
                text_cell(s, texts);
                continue;
            }
            summary_stats(s, sim_sweep_table_get(t, p, m++));
        }
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

/* ---- sweep_long.csv: one row per point and metric ----------------------------------------- */

char *sim_sweep_long_csv(const SimSweep *sw, const SimSweepTable *t)
{
    GString *s = g_string_new(SIM_COL_SWEEP_POINT);
    param_headers(s, sw, FALSE);
    g_string_append(s, "," SIM_CSV_SWEEP_LONG_HEADER_TAIL "\n");
    for (guint p = 0; p < sw->points->len; p++) {
        const SimSweepPoint *pt = g_ptr_array_index(sw->points, p);
        for (guint m = 0; m < t->metrics->len; m++) {
            g_string_append_printf(s, "%u", p);
            param_cells(s, sw, pt, FALSE);
            text_cell(s, g_ptr_array_index(t->metrics, m));
            summary_stats(s, sim_sweep_table_get(t, p, m));
            g_string_append_c(s, '\n');
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
    sim_fmt_json_string(s, version ? version : sim_provenance_version());
    g_string_append(s, ",\n  \"git_revision\": ");
    sim_fmt_json_string(s, git_revision ? git_revision : sim_provenance_git_revision());
    g_string_append(s, ",\n  \"model_version\": ");
    sim_fmt_json_string(s, sim_provenance_model_version());
    g_string_append(s, ",\n");
    sim_provenance_json(s);
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
        { SIM_CSV_SWEEP_SUMMARY, sim_sweep_summary_csv(sw, t) },
        { SIM_CSV_SWEEP_LONG, sim_sweep_long_csv(sw, t) },
    };
    gboolean ok = TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        ok = ok && sim_output_write_file(dir, files[i].name, files[i].text, error);
        g_free(files[i].text);
    }
    return ok;
}
