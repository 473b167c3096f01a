/* sim/sweep/sweep.c — the sweep spec: the scenario's `sweep:` block read into points and seeds.
 *
 *     sweep:
 *       parameters:                                  # PATH -> values (--set path syntax)
 *         scheduler.overcommit.cpu: { from: 1.0, to: 4.0, step: 0.5 }
 *         vms.web.count: [2, 4, 8]                   # or { values: [2, 4, 8] }
 *       # or, instead of the cartesian product of `parameters`, explicit points:
 *       # points: [ { scheduler.overcommit.cpu: 1.0, vms.web.count: 2 }, ... ]
 *       replications: 20                             # default 1
 *       charts: [makespan_s, slowdown_mean]          # default: every metric that varies
 *
 * A range `{from, to, step}` (optional `unit:`, appended to each value after a space) holds
 * from + i·step for i = 0, 1, ... while the value stays <= to (+1e-9·step for rounding),
 * printed with 10 significant digits, so 1.0..4.0 step 0.1 gives "1.3", not
 * "1.3000000000000003".  The cartesian product varies the last parameter fastest.
 * Every point is applied to a fresh parse of the file and loaded once here, before any run;
 * an error from a --set assignment ("--set:N:COL: ...") is moved to the parameter's key
 * (a bad path) or value (a bad value) in the sweep block, with the parameter named.
 */
#include "sim/sweep/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/dc/datacenter.h"
#include "sim/out/output.h"
#include "sim/core/rng.h"
#include "sim/sweep/config.h"

#define SWEEP_MAX_RANGE_VALUES 100000

/* ---- building blocks ------------------------------------------------------------- */

static void param_free(gpointer p)
{
    SimSweepParam *x = p;
    g_free(x->path);
    g_free(x->where);
    g_ptr_array_free(x->values, TRUE);
    g_free(x->unit);
    g_free(x);
}

typedef struct {
    SimSweepPoint pub;
    char        **key_where;        /* "file:line:col" of each parameter's key for this point */
} PointRec;

static void point_free(gpointer p)
{
    PointRec *x = p;
    g_strfreev(x->pub.values);
    g_strfreev(x->pub.where);
    g_strfreev(x->key_where);
    g_free(x->pub.label);
    g_free(x);
}

void sim_sweep_free(SimSweep *sw)
{
    if (!sw)
        return;
    g_free(sw->path);
    g_free(sw->text);
    g_free(sw->sha256);
    g_free(sw->name);
    g_free(sw->out_dir);
    g_free(sw->question);
    g_strfreev(sw->chart_formats);
    g_ptr_array_free(sw->params, TRUE);
    g_ptr_array_free(sw->points, TRUE);
    if (sw->chart_metrics)
        g_ptr_array_free(sw->chart_metrics, TRUE);
    scn_scenario_free(sw->base);
    g_free(sw);
}

guint sim_sweep_n_runs(const SimSweep *sw)
{
    return sw->points->len * sw->replications;
}

static SimSweepParam *param_new(ScnDoc *d, ScnNode *key)
{
    SimSweepParam *p = g_new0(SimSweepParam, 1);
    p->path = g_strdup(scn_scalar(key));
    p->where = scn_where(d, key);
    p->values = g_ptr_array_new_with_free_func(g_free);
    return p;
}

static SimSweepParam *param_find(GPtrArray *params, const char *path)
{
    for (guint i = 0; i < params->len; i++) {
        SimSweepParam *p = g_ptr_array_index(params, i);
        if (strcmp(p->path, path) == 0)
            return p;
    }
    return NULL;
}

static gboolean value_add(SimSweepParam *p, ScnDoc *d, ScnNode *n, const char *text,
                          GError **error)
{
    for (guint i = 0; i < p->values->len; i++)
        if (strcmp(g_ptr_array_index(p->values, i), text) == 0)
            return scn_fail(error, d, n, SCN_ERROR_CONFLICT,
                            "value '%s' of sweep parameter '%s' is listed twice", text, p->path);
    g_ptr_array_add(p->values, g_strdup(text));
    return TRUE;
}

static gboolean scalar_value(ScnDoc *d, ScnNode *n, const char *path, const char **out,
                             GError **error)
{
    if (!scn_is_scalar(n) || !*scn_scalar(n))
        return scn_fail(error, d, n, SCN_ERROR_TYPE,
                        "a value of sweep parameter '%s' must be a scalar (a number, a quantity "
                        "or a name)", path);
    *out = scn_scalar(n);
    return TRUE;
}

/* ---- parameters: list, {values}, {from, to, step} ---------------------------------- */

static gboolean read_number(ScnDoc *d, ScnNode *map, const char *key, double *out,
                            GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    if (!n)
        return scn_fail(error, d, map, SCN_ERROR_MISSING,
                        "a sweep range needs '%s' (expected {from, to, step})", key);
    const char *text = scn_scalar(n);
    char *end = NULL;
    *out = text ? g_ascii_strtod(text, &end) : NAN;
    if (!text || end == text || *end || !isfinite(*out))
        return scn_fail(error, d, n, SCN_ERROR_TYPE, "'%s' of a sweep range must be a plain "
                        "number (put the unit in 'unit:')", key);
    return TRUE;
}

static gboolean read_range(SimSweepParam *p, ScnDoc *d, ScnNode *map, GError **error)
{
    double from, to, step;
    const char *unit = NULL;
    if (!read_number(d, map, "from", &from, error) || !read_number(d, map, "to", &to, error) ||
        !read_number(d, map, "step", &step, error) ||
        !scn_opt_string(d, map, "unit", &unit, error))
        return FALSE;
    ScnNode *step_node = scn_map_get(d, map, "step");
    if (step <= 0 || to < from)
        return scn_fail(error, d, step <= 0 ? step_node : map, SCN_ERROR_RANGE,
                        "sweep range of '%s' must have step > 0 and to >= from", p->path);
    if ((to - from) / step >= SWEEP_MAX_RANGE_VALUES)
        return scn_fail(error, d, step_node, SCN_ERROR_RANGE,
                        "sweep range of '%s' has more than %d values", p->path,
                        SWEEP_MAX_RANGE_VALUES);
    for (int i = 0; from + i * step <= to + 1e-9 * step; i++) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(buf, sizeof buf, "%.10g", from + i * step);
        g_autofree char *v = unit && *unit ? g_strdup_printf("%s %s", buf, unit) : g_strdup(buf);
        if (!value_add(p, d, map, v, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean read_value_list(SimSweepParam *p, ScnDoc *d, ScnNode *seq, GError **error)
{
    if (scn_seq_len(seq) == 0)
        return scn_fail(error, d, seq, SCN_ERROR_MISSING,
                        "sweep parameter '%s' has no values", p->path);
    for (size_t i = 0; i < scn_seq_len(seq); i++) {
        ScnNode *item = scn_seq_item(d, seq, i);
        const char *text;
        if (!scalar_value(d, item, p->path, &text, error) || !value_add(p, d, item, text, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean read_param_values(SimSweepParam *p, ScnDoc *d, ScnNode *v, GError **error)
{
    static const char *const range_keys[] = { "from", "to", "step", "unit", "values", NULL };
    if (scn_is_seq(v))
        return read_value_list(p, d, v, error);
    if (scn_is_scalar(v)) {
        const char *text;
        return scalar_value(d, v, p->path, &text, error) && value_add(p, d, v, text, error);
    }
    if (!scn_check_keys(d, v, range_keys, "a sweep parameter", error))
        return FALSE;
    ScnNode *values = scn_map_get(d, v, "values");
    if (!values)
        return read_range(p, d, v, error);
    if (scn_map_len(v) != 1)
        return scn_fail(error, d, v, SCN_ERROR_CONFLICT, "sweep parameter '%s' has both "
                        "'values' and a range (expected one of them)", p->path);
    return scn_expect_seq(d, values, "'values' of a sweep parameter", error) &&
           read_value_list(p, d, values, error);
}

static gboolean read_parameters(SimSweep *sw, ScnDoc *d, ScnNode *map, GError **error)
{
    if (!scn_expect_map(d, map, "sweep.parameters", error))
        return FALSE;
    if (scn_map_len(map) == 0)
        return scn_fail(error, d, map, SCN_ERROR_MISSING, "sweep.parameters is empty");
    for (size_t i = 0; i < scn_map_len(map); i++) {
        ScnNode *key = scn_map_key(d, map, i);
        if (param_find(sw->params, scn_scalar(key)))
            return scn_fail(error, d, key, SCN_ERROR_CONFLICT,
                            "sweep parameter '%s' is given twice", scn_scalar(key));
        SimSweepParam *p = param_new(d, key);
        g_ptr_array_add(sw->params, p);
        if (!read_param_values(p, d, scn_map_value(d, map, i), error))
            return FALSE;
    }
    return TRUE;
}

/* ---- points ------------------------------------------------------------------------ */

static PointRec *point_new(guint nparams)
{
    PointRec *r = g_new0(PointRec, 1);
    r->pub.values = g_new0(char *, nparams + 1);
    r->pub.where = g_new0(char *, nparams + 1);
    r->key_where = g_new0(char *, nparams + 1);
    return r;
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The label lists the assignments sorted by path, so it (and the seeds) does not depend
 * on the order in which the parameters are written. */
static void point_finish(SimSweep *sw, PointRec *r)
{
    g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < sw->params->len; i++) {
        const SimSweepParam *p = g_ptr_array_index(sw->params, i);
        g_ptr_array_add(parts, g_strdup_printf("%s=%s", p->path, r->pub.values[i]));
    }
    g_ptr_array_sort(parts, cmp_str);
    g_ptr_array_add(parts, NULL);
    r->pub.label = g_strjoinv(",", (char **)parts->pdata);
    r->pub.index = sw->points->len;
    g_ptr_array_add(sw->points, r);
}

/* The cartesian product, last parameter fastest; positions are those of the values. */
static void build_product(SimSweep *sw, GPtrArray *value_where)
{
    guint np = sw->params->len, total = 1;
    for (guint i = 0; i < np; i++)
        total *= ((SimSweepParam *)g_ptr_array_index(sw->params, i))->values->len;
    for (guint k = 0; k < total; k++) {
        PointRec *r = point_new(np);
        for (guint i = np, rest = k; i-- > 0;) {
            const SimSweepParam *p = g_ptr_array_index(sw->params, i);
            guint j = rest % p->values->len;
            rest /= p->values->len;
            r->pub.values[i] = g_strdup(g_ptr_array_index(p->values, j));
            GPtrArray *w = g_ptr_array_index(value_where, i);
            r->pub.where[i] = g_strdup(g_ptr_array_index(w, j));
            r->key_where[i] = g_strdup(p->where);
        }
        point_finish(sw, r);
    }
}

/* Parameters of a `points` list: its keys in order of first appearance. */
static gboolean collect_point_params(SimSweep *sw, ScnDoc *d, ScnNode *seq, GError **error)
{
    if (!scn_expect_seq(d, seq, "sweep.points", error))
        return FALSE;
    if (scn_seq_len(seq) == 0)
        return scn_fail(error, d, seq, SCN_ERROR_MISSING, "sweep.points is empty");
    for (size_t k = 0; k < scn_seq_len(seq); k++) {
        ScnNode *pt = scn_seq_item(d, seq, k);
        if (!scn_expect_map(d, pt, "a sweep point", error))
            return FALSE;
        for (size_t i = 0; i < scn_map_len(pt); i++) {
            ScnNode *key = scn_map_key(d, pt, i);
            if (!param_find(sw->params, scn_scalar(key)))
                g_ptr_array_add(sw->params, param_new(d, key));
        }
    }
    return TRUE;
}

static gboolean read_point(SimSweep *sw, ScnDoc *d, ScnNode *pt, GError **error)
{
    PointRec *r = point_new(sw->params->len);
    for (guint i = 0; i < sw->params->len; i++) {
        SimSweepParam *p = g_ptr_array_index(sw->params, i);
        ScnNode *v = scn_map_get(d, pt, p->path);
        const char *text;
        if (!v || !scalar_value(d, v, p->path, &text, error)) {
            point_free(r);
            return v ? FALSE : scn_fail(error, d, pt, SCN_ERROR_MISSING, "this sweep point "
                                        "does not set '%s' (every point sets every parameter)",
                                        p->path);
        }
        r->pub.values[i] = g_strdup(text);
        r->pub.where[i] = scn_where(d, v);
        for (size_t j = 0; j < scn_map_len(pt); j++)
            if (g_strcmp0(scn_scalar(scn_map_key(d, pt, j)), p->path) == 0)
                r->key_where[i] = scn_where(d, scn_map_key(d, pt, j));
        if (!g_ptr_array_find_with_equal_func(p->values, text, g_str_equal, NULL))
            g_ptr_array_add(p->values, g_strdup(text));
    }
    point_finish(sw, r);
    return TRUE;
}

static gboolean read_points(SimSweep *sw, ScnDoc *d, ScnNode *seq, GError **error)
{
    if (!collect_point_params(sw, d, seq, error))
        return FALSE;
    for (size_t k = 0; k < scn_seq_len(seq); k++) {
        ScnNode *pt = scn_seq_item(d, seq, k);
        if (!read_point(sw, d, pt, error))
            return FALSE;
        const SimSweepPoint *last = g_ptr_array_index(sw->points, sw->points->len - 1);
        for (guint j = 0; j + 1 < sw->points->len; j++)
            if (strcmp(((SimSweepPoint *)g_ptr_array_index(sw->points, j))->label,
                       last->label) == 0)
                return scn_fail(error, d, pt, SCN_ERROR_CONFLICT,
                                "sweep point %u repeats point %u (%s)", last->index, j,
                                last->label);
    }
    return TRUE;
}

/* Positions of every value of every parameter (for the cartesian product's errors). */
static GPtrArray *value_positions(SimSweep *sw, ScnDoc *d, ScnNode *params)
{
    GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < sw->params->len; i++) {
        const SimSweepParam *p = g_ptr_array_index(sw->params, i);
        ScnNode *v = scn_map_value(d, params, i);
        ScnNode *list = scn_is_map(v) ? scn_map_get(d, v, "values") : v;
        GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
        for (guint j = 0; j < p->values->len; j++)
            g_ptr_array_add(w, scn_is_seq(list) ? scn_where(d, scn_seq_item(d, list, j))
                                                : scn_where(d, v));
        g_ptr_array_add(all, w);
    }
    return all;
}

/* ---- the sweep block ---------------------------------------------------------------- */

/* The headline metric names, from a model of the base scenario (built, never run). */
static const char **headline_names(const SimSweep *sw, GArray **keep)
{
    SimDc *m = sim_dc_new(sw->base);
    *keep = sim_dc_headline(m);
    sim_dc_free(m);
    const char **names = g_new0(const char *, (*keep)->len + 1);
    for (guint i = 0; i < (*keep)->len; i++)
        names[i] = g_array_index(*keep, SimHeadline, i).name;   /* static strings */
    return names;
}

static gboolean read_charts(SimSweep *sw, ScnDoc *d, ScnNode *seq, GError **error)
{
    if (!scn_expect_seq(d, seq, "sweep.charts", error))
        return FALSE;
    g_autoptr(GArray) keep = NULL;
    g_autofree const char **names = headline_names(sw, &keep);
    sw->chart_metrics = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < scn_seq_len(seq); i++) {
        int k;
        if (!scn_get_enum(d, scn_seq_item(d, seq, i), names, "headline metric", &k, error))
            return FALSE;
        g_ptr_array_add(sw->chart_metrics, g_strdup(names[k]));
    }
    return TRUE;
}

static gboolean read_sweep_block(SimSweep *sw, ScnDoc *d, GError **error)
{
    ScnNode *root = scn_doc_root(d);
    ScnNode *block = root && scn_is_map(root) ? scn_map_get(d, root, "sweep") : NULL;
    if (!block)
        return scn_fail(error, d, root, SCN_ERROR_MISSING,
                        "the scenario has no 'sweep' block (expected sweep: { parameters: "
                        "{ PATH: [values] }, replications: N })");
    ScnSweepSettings set;
    scn_sweep_settings_init(&set);
    gboolean ok = scn_schema_read_keys(scn_sweep_keys, "sweep", &set, d, block, error);
    sw->replications = (guint)set.replications;
    sw->question = g_steal_pointer(&set.question);
    sw->log_y = set.log_y;
    scn_sweep_settings_clear(&set);
    if (!ok)
        return FALSE;
    ScnNode *params = scn_map_get(d, block, "parameters");
    ScnNode *points = scn_map_get(d, block, "points");
    ScnNode *charts = scn_map_get(d, block, "charts");
    if (charts && !read_charts(sw, d, charts, error))
        return FALSE;
    if (params && points)
        return scn_fail(error, d, points, SCN_ERROR_CONFLICT, "sweep has both 'parameters' and "
                        "'points' (expected a cartesian product or a list of points, not both)");
    if (points)
        return read_points(sw, d, points, error);
    if (!params)
        return scn_fail(error, d, block, SCN_ERROR_MISSING,
                        "sweep needs 'parameters' or 'points'");
    if (!read_parameters(sw, d, params, error))
        return FALSE;
    g_autoptr(GPtrArray) where = value_positions(sw, d, params);
    build_product(sw, where);
    return TRUE;
}

/* ---- numeric parameters -------------------------------------------------------------- */

/* "1000 pages/s" -> 1000 and "pages/s"; FALSE unless it starts with a number. */
static gboolean split_quantity(const char *text, double *num, const char **unit)
{
    char *end = NULL;
    *num = g_ascii_strtod(text, &end);
    if (end == text || !isfinite(*num))
        return FALSE;
    while (*end == ' ')
        end++;
    *unit = end;
    return TRUE;
}

static void classify_param(SimSweepParam *p)
{
    p->numeric = TRUE;
    const char *unit0 = NULL;
    for (guint i = 0; i < p->values->len && p->numeric; i++) {
        double x;
        const char *unit;
        if (!split_quantity(g_ptr_array_index(p->values, i), &x, &unit))
            p->numeric = FALSE;
        else if (!unit0)
            unit0 = unit;
        else if (strcmp(unit, unit0) != 0)
            p->numeric = FALSE;
    }
    p->unit = g_strdup(p->numeric && unit0 ? unit0 : "");
}

/* ---- seeds, run scenarios, run directories ----------------------------------------- */

uint64_t sim_sweep_seed(uint64_t point_seed, const char *label, guint rep)
{
    g_autofree char *stream = g_strdup_printf("sweep:%s/rep:%u", label, rep);
    return sim_rng_stream_seed(point_seed, stream);
}

uint64_t sim_sweep_run_seed(const SimSweep *sw, guint run)
{
    const SimSweepPoint *p = g_ptr_array_index(sw->points, run / sw->replications);
    return sim_sweep_seed(p->seed, p->label, run % sw->replications);
}

/* Moves "--set:N:COL: error: MSG" from assignment N of point to the sweep block. */
static void relocate_error(const SimSweep *sw, const PointRec *r, GError **error)
{
    int flag = 0, col = 0, used = 0;
    const char *msg = (*error)->message;
    if (sscanf(msg, "--set:%d:%d: error: %n", &flag, &col, &used) < 2 || used == 0 ||
        flag < 1 || (guint)flag > sw->params->len) {
        g_prefix_error(error, "sweep point %u (%s): ", r->pub.index, r->pub.label);
        return;
    }
    const SimSweepParam *p = g_ptr_array_index(sw->params, flag - 1);
    gboolean at_value = col >= (int)strlen(p->path) + 2;
    char *text = g_strdup_printf("%s: error: sweep parameter '%s' = '%s': %s",
                                 at_value ? r->pub.where[flag - 1] : r->key_where[flag - 1],
                                 p->path, r->pub.values[flag - 1], msg + used);
    g_free((*error)->message);
    (*error)->message = text;
}

static Scenario *point_scenario(const SimSweep *sw, const PointRec *r, GError **error)
{
    ScnDoc *d = scn_doc_load_string(sw->text, sw->path, error);
    if (!d)
        return NULL;
    Scenario *s = NULL;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < sw->params->len; i++) {
        const SimSweepParam *p = g_ptr_array_index(sw->params, i);
        g_autofree char *assignment = g_strdup_printf("%s=%s", p->path, r->pub.values[i]);
        ok = scn_doc_set(d, assignment, (int)i + 1, error);
    }
    if (ok)
        s = scn_load_doc(d, error);
    scn_doc_free(d);
    if (!s)
        relocate_error(sw, r, error);
    return s;
}

Scenario *sim_sweep_run_scenario(const SimSweep *sw, guint run, const char *run_dir,
                                 GError **error)
{
    g_return_val_if_fail(run < sim_sweep_n_runs(sw), NULL);
    Scenario *s = point_scenario(sw, g_ptr_array_index(sw->points, run / sw->replications),
                                 error);
    if (!s)
        return NULL;
    s->seed = sim_sweep_run_seed(sw, run);
    g_free(s->out_dir);
    s->out_dir = g_strdup(run_dir);
    g_strfreev(s->charts);
    s->charts = g_new0(char *, 1);
    return s;
}

static int digits(guint n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

char *sim_sweep_run_dir(const SimSweep *sw, const char *dir, guint run)
{
    int wp = MAX(3, digits(sw->points->len - 1)), wr = MAX(3, digits(sw->replications - 1));
    g_autofree char *leaf = g_strdup_printf("%0*u-%0*u", wp, run / sw->replications, wr,
                                            run % sw->replications);
    return g_build_filename(dir, "runs", leaf, NULL);
}

/* ---- loading ------------------------------------------------------------------------ */

/* Loads every point once; records its scenario seed. */
static gboolean validate_points(SimSweep *sw, GError **error)
{
    for (guint k = 0; k < sw->points->len; k++) {
        PointRec *r = g_ptr_array_index(sw->points, k);
        Scenario *s = point_scenario(sw, r, error);
        if (!s)
            return FALSE;
        r->pub.seed = s->seed;
        scn_scenario_free(s);
    }
    return TRUE;
}

static gboolean read_file(SimSweep *sw, const char *path, GError **error)
{
    gsize len = 0;
    GError *io = NULL;
    if (!g_file_get_contents(path, &sw->text, &len, &io)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s:1:1: error: cannot read scenario: %s",
                    path, io->message);
        g_error_free(io);
        return FALSE;
    }
    sw->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)sw->text, len);
    return TRUE;
}

SimSweep *sim_sweep_load(const char *path, GError **error)
{
    SimSweep *sw = g_new0(SimSweep, 1);
    sw->path = g_strdup(path);
    sw->params = g_ptr_array_new_with_free_func(param_free);
    sw->points = g_ptr_array_new_with_free_func(point_free);
    ScnDoc *d = NULL;
    gboolean ok = read_file(sw, path, error) &&
                  (d = scn_doc_load_string(sw->text, path, error)) &&
                  (sw->base = scn_load_doc(d, error)) && read_sweep_block(sw, d, error) &&
                  validate_points(sw, error);
    scn_doc_free(d);
    if (!ok) {
        sim_sweep_free(sw);
        return NULL;
    }
    for (guint i = 0; i < sw->params->len; i++)
        classify_param(g_ptr_array_index(sw->params, i));
    sw->name = g_strdup(sw->base->name);
    sw->out_dir = g_strdup(sw->base->out_dir);
    sw->chart_formats = g_strdupv(sw->base->charts);
    return sw;
}

gboolean sim_sweep_check(const char *path, guint *n_points, guint *n_runs, GError **error)
{
    *n_points = *n_runs = 0;
    ScnDoc *d = scn_doc_load_file(path, error);
    if (!d)
        return FALSE;
    ScnNode *root = scn_doc_root(d);
    gboolean has = root && scn_is_map(root) && scn_map_get(d, root, "sweep");
    scn_doc_free(d);
    if (!has)
        return TRUE;
    SimSweep *sw = sim_sweep_load(path, error);
    if (!sw)
        return FALSE;
    *n_points = sw->points->len;
    *n_runs = sim_sweep_n_runs(sw);
    sim_sweep_free(sw);
    return TRUE;
}
