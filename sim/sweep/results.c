/* sim/sweep/results.c — a sweep's per-run results, read back from the runs' files.
 *
 * One row per run, one column per measure, in first-seen order over the runs:
 *   feasible, feasible_reason   whether the run met the scenario's constraints (below);
 *   every member of summary.json's "headline" (numbers as written, true/false, strings;
 *   null is empty), so a key a model adds to the headline becomes a column by itself;
 *   mig_COL_mean                the mean of every numeric column COL of migrations.csv but
 *                               its times (start_s, end_s): rounds, faults, stall_s, ...;
 *   mig_COL                     the distinct values of every text column (strategy,
 *                               trigger, reason: the stop reason, ...), "; "-joined in
 *                               first-seen order; empty for a run without migrations.
 * Feasibility: a "feasible" member (headline first, then summary.json's top level: true,
 * false or a number, non-zero = true) and its "feasible_reason" (beside it, else at the top
 * level, where a run writes it: sim/plan's verdict) decide when present;
 * otherwise a run is infeasible when vms_rejected > 0 or hosts_over_target > 0, with the
 * reason "vms_rejected = 3".
 * A column is numeric when every non-empty cell is a number; numeric columns (but
 * `feasible`) are the metrics whose statistics sweep_summary.csv gives per point.
 * The reader is a small JSON scanner for summary.json's flat objects (it skips nested
 * values), not a general JSON library.
 */
#include "sim/sweep/sweep.h"

#include <math.h>
#include <string.h>

#include "plots/csv.h"
#include "sim/core/fmt.h"
#include "sim/out/columns.h"

#define COL_FEASIBLE        "feasible"
#define COL_FEASIBLE_REASON "feasible_reason"
#define MIG_PREFIX          "mig_"
#define MEAN_SUFFIX         "_mean"

/* migrations.csv's text columns, even where every cell is empty or a number. */
static const char *const mig_text_columns[] = { SIM_COL_MIG_STRATEGY, SIM_COL_MIG_TRIGGER,
                                                SIM_COL_MIG_REFUSED, SIM_COL_MIG_REASON, NULL };

/* ---- a flat JSON object ------------------------------------------------------------- */

typedef struct {
    char       *key;
    char       *text;           /* a scalar's text (string unescaped), NULL for null */
    const char *object;         /* a nested object's '{', else NULL */
} JsonMember;

static void json_member_free(gpointer p)
{
    JsonMember *m = p;
    g_free(m->key);
    g_free(m->text);
    g_free(m);
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

/* A JSON string at p ('"'); its unescaped text in *out (may be NULL); NULL if malformed. */
static const char *json_string(const char *p, char **out)
{
    GString *s = g_string_new(NULL);
    for (p++; *p && *p != '"'; p++) {
        if (*p != '\\') {
            g_string_append_c(s, *p);
            continue;
        }
        char c = *++p;
        if (c == 'u' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2]) &&
            g_ascii_isxdigit(p[3]) && g_ascii_isxdigit(p[4])) {
            g_string_append_unichar(s, (gunichar)g_ascii_strtoull(p + 1, NULL, 16) & 0xffff);
            p += 4;
        } else if (c) {
            g_string_append_c(s, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
        } else {
            break;
        }
    }
    if (*p != '"') {
        g_string_free(s, TRUE);
        return NULL;
    }
    if (out)
        *out = g_string_free(s, FALSE);
    else
        g_string_free(s, TRUE);
    return p + 1;
}

/* Skips a value (nested objects and arrays included); NULL if malformed. */
static const char *json_skip(const char *p)
{
    if (*p == '"')
        return json_string(p, NULL);
    if (*p != '{' && *p != '[')
        return p + strcspn(p, ",}]\n");
    char close = *p == '{' ? '}' : ']';
    p = skip_ws(p + 1);
    while (p && *p && *p != close) {
        if (*p == ',' || *p == ':')
            p = skip_ws(p + 1);
        else if ((p = json_skip(p)))
            p = skip_ws(p);
    }
    return p && *p == close ? p + 1 : NULL;
}

static const char *json_value(const char *p, JsonMember *m)
{
    if (*p == '"')
        return json_string(p, &m->text);
    if (*p == '{')
        m->object = p;
    const char *end = json_skip(p);
    if (end && *p != '{' && *p != '[' && strncmp(p, "null", 4) != 0)
        m->text = g_strstrip(g_strndup(p, (size_t)(end - p)));
    return end;
}

/* The members of the object at p ('{'), in order; FALSE if malformed. */
static gboolean json_object(const char *p, GPtrArray *members)
{
    if (*p != '{')
        return FALSE;
    for (p = skip_ws(p + 1); *p != '}';) {
        JsonMember *m = g_new0(JsonMember, 1);
        g_ptr_array_add(members, m);
        if (*p != '"' || !(p = json_string(p, &m->key)) || *(p = skip_ws(p)) != ':' ||
            !(p = json_value(skip_ws(p + 1), m)))
            return FALSE;
        p = skip_ws(p);
        if (*p == ',')
            p = skip_ws(p + 1);
        else if (*p != '}')
            return FALSE;
    }
    return TRUE;
}

static const JsonMember *json_find(GPtrArray *members, const char *key)
{
    for (guint i = 0; members && i < members->len; i++) {
        const JsonMember *m = g_ptr_array_index(members, i);
        if (strcmp(m->key, key) == 0)
            return m;
    }
    return NULL;
}

/* ---- one run's row ------------------------------------------------------------------- */

typedef struct {
    GPtrArray *names;           /* char * */
    GPtrArray *texts;           /* char *, NULL = empty */
} RunRow;

static void row_put(RunRow *r, const char *name, char *text)
{
    g_ptr_array_add(r->names, g_strdup(name));
    g_ptr_array_add(r->texts, text);
}

static gboolean text_is_number(const char *text, double *x)
{
    char *end = NULL;
    double v = text ? g_ascii_strtod(text, &end) : NAN;
    if (!text || end == text || *skip_ws(end))
        return FALSE;
    if (x)
        *x = v;
    return TRUE;
}

static double member_number(GPtrArray *headline, const char *key)
{
    const JsonMember *m = json_find(headline, key);
    double x = NAN;
    return m && text_is_number(m->text, &x) ? x : NAN;
}

/* feasible and feasible_reason (see the header comment). */
static void row_feasibility(RunRow *r, GPtrArray *headline, GPtrArray *top)
{
    const JsonMember *f = json_find(headline, COL_FEASIBLE);
    GPtrArray *from = f ? headline : top;
    f = f ? f : json_find(top, COL_FEASIBLE);
    GString *reason = g_string_new(NULL);
    gboolean ok = TRUE;
    if (f) {
        double x = 0;
        ok = g_strcmp0(f->text, "true") == 0 || (text_is_number(f->text, &x) && x != 0);
        const JsonMember *why = json_find(from, COL_FEASIBLE_REASON);
        why = why ? why : json_find(top, COL_FEASIBLE_REASON);   /* a run: top level */
        if (!ok)
            g_string_append(reason, why && why->text ? why->text : "feasible = false");
    } else {
        static const char *const limits[] = { "vms_rejected", "hosts_over_target" };
        for (size_t i = 0; i < G_N_ELEMENTS(limits); i++) {
            double x = member_number(headline, limits[i]);
            if (isfinite(x) && x > 0) {
                ok = FALSE;
                g_string_append_printf(reason, "%s%s = %.10g", reason->len ? "; " : "",
                                       limits[i], x);
            }
        }
    }
    row_put(r, COL_FEASIBLE, g_strdup(ok ? "true" : "false"));
    row_put(r, COL_FEASIBLE_REASON, g_string_free(reason, ok || reason->len == 0));
}

static gboolean read_summary(RunRow *r, const char *path, GError **error)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, error))
        return FALSE;
    g_autoptr(GPtrArray) top = g_ptr_array_new_with_free_func(json_member_free);
    g_autoptr(GPtrArray) headline = g_ptr_array_new_with_free_func(json_member_free);
    const JsonMember *h = NULL;
    if (!json_object(skip_ws(text), top) || !(h = json_find(top, "headline")) || !h->object ||
        !json_object(h->object, headline)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:1:1: error: malformed summary "
                    "(expected a JSON object with a \"headline\" object)", path);
        return FALSE;
    }
    row_feasibility(r, headline, top);
    for (guint i = 0; i < headline->len; i++) {
        JsonMember *m = g_ptr_array_index(headline, i);
        if (strcmp(m->key, COL_FEASIBLE) != 0 && strcmp(m->key, COL_FEASIBLE_REASON) != 0)
            row_put(r, m->key, m->object ? NULL : g_strdup(m->text));
    }
    return TRUE;
}

/* Distinct non-empty cells, "; "-joined in first-seen order; NULL if none. */
static char *distinct_texts(const char *const *cells, size_t n)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new();
    for (size_t i = 0; i < n; i++)
        if (*cells[i] && !g_ptr_array_find_with_equal_func(seen, cells[i], g_str_equal, NULL))
            g_ptr_array_add(seen, (gpointer)cells[i]);
    g_ptr_array_add(seen, NULL);
    return seen->len > 1 ? g_strjoinv("; ", (char **)seen->pdata) : NULL;
}

static gboolean column_numeric(const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (*cells[i] && !text_is_number(cells[i], NULL))
            return FALSE;
    return TRUE;
}

static char *mean_text(const char *const *cells, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double x;
        if (text_is_number(cells[i], &x) && isfinite(x)) {
            sum += x;
            k++;
        }
    }
    if (k == 0)
        return NULL;
    GString *s = g_string_new(NULL);
    sim_fmt_num(s, sum / (double)k, FALSE);
    return g_string_free(s, FALSE);
}

/* mig_COL_mean and mig_COL from migrations.csv (absent: no columns; the headline has the
 * count, `migrations`). */
static gboolean read_migrations(RunRow *r, const char *path, GError **error)
{
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return TRUE;
    PlotCsv *csv = plot_csv_load(path, error);
    if (!csv)
        return FALSE;
    size_t n = plot_csv_n_rows(csv);
    static const char *const skip[] = { SIM_COL_MIG_VM, SIM_COL_MIG_SRC, SIM_COL_MIG_DST,
                                        SIM_COL_MIG_START_S, SIM_COL_MIG_END_S, NULL };
    for (size_t c = 0; c < plot_csv_n_cols(csv); c++) {
        const char *name = plot_csv_col_name(csv, c);
        if (g_strv_contains(skip, name))
            continue;
        const char *const *cells = plot_csv_strings(csv, name, NULL);
        gboolean numeric = !g_strv_contains(mig_text_columns, name) && column_numeric(cells, n);
        g_autofree char *col = g_strconcat(MIG_PREFIX, name, NULL);   /* _mean: see below */
        row_put(r, col, numeric ? mean_text(cells, n) : distinct_texts(cells, n));
    }
    plot_csv_free(csv);
    return TRUE;
}

/* ---- the table ------------------------------------------------------------------------- */

static guint column_index(SimSweepTable *t, const char *name)
{
    for (guint i = 0; i < t->columns->len; i++)
        if (strcmp(((SimSweepColumn *)g_ptr_array_index(t->columns, i))->name, name) == 0)
            return i;
    SimSweepColumn *c = g_new0(SimSweepColumn, 1);
    c->name = g_strdup(name);
    c->numeric = TRUE;
    g_ptr_array_add(t->columns, c);
    return t->columns->len - 1;
}

/* Moves a run's row into the table: cells aligned with t->columns. */
static void table_add_row(SimSweepTable *t, RunRow *r)
{
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->names->len; i++) {
        guint c = column_index(t, g_ptr_array_index(r->names, i));
        while (cells->len <= c)
            g_ptr_array_add(cells, NULL);
        g_free(g_ptr_array_index(cells, c));
        g_ptr_array_index(cells, c) = g_ptr_array_index(r->texts, i);
        g_ptr_array_index(r->texts, i) = NULL;        /* now the table's */
    }
    g_ptr_array_add(t->cells, cells);
}

const char *sim_sweep_table_cell(const SimSweepTable *t, guint run, guint column)
{
    GPtrArray *cells = g_ptr_array_index(t->cells, run);
    return column < cells->len ? g_ptr_array_index(cells, column) : NULL;
}

/* Numeric: every non-empty cell over all runs is a number (the feasibility pair and
 * migrations.csv's text columns never are); a numeric mig_ column gets its _mean suffix
 * only now, so the name does not depend on what one run happened to hold. */
static void classify_column(SimSweepTable *t, guint c)
{
    SimSweepColumn *col = g_ptr_array_index(t->columns, c);
    const char *mig = g_str_has_prefix(col->name, MIG_PREFIX) ? col->name + strlen(MIG_PREFIX)
                                                               : NULL;
    col->numeric = c > 1 && !(mig && g_strv_contains(mig_text_columns, mig));
    for (guint run = 0; run < t->cells->len && col->numeric; run++) {
        const char *text = sim_sweep_table_cell(t, run, c);
        col->numeric = !text || text_is_number(text, NULL);
    }
    if (mig && col->numeric) {
        char *name = g_strconcat(col->name, MEAN_SUFFIX, NULL);
        g_free(col->name);
        col->name = name;
    }
}

/* One run's row, read by one of the reader threads. */
typedef struct {
    RunRow  row;
    GError *error;
    gboolean ok;
} RunRead;

typedef struct {
    const SimSweep *sw;
    const char     *dir;
    RunRead        *reads;
    guint           n;
    gint            next;       /* the next run to read (atomic) */
} RunReader;

static gpointer read_runs_worker(gpointer data)
{
    RunReader *rr = data;
    for (guint run; (run = (guint)g_atomic_int_add(&rr->next, 1)) < rr->n;) {
        RunRead *rd = &rr->reads[run];
        g_autofree char *rdir = sim_sweep_run_dir(rr->sw, rr->dir, run);
        g_autofree char *summary = g_build_filename(rdir, "summary.json", NULL);
        g_autofree char *migrations = g_build_filename(rdir, SIM_CSV_MIGRATIONS, NULL);
        rd->row = (RunRow){ g_ptr_array_new_with_free_func(g_free),
                            g_ptr_array_new_with_free_func(g_free) };
        rd->ok = read_summary(&rd->row, summary, &rd->error) &&
                 read_migrations(&rd->row, migrations, &rd->error);
    }
    return NULL;
}

/* The runs' files are read on `threads` threads (each run by one of them, into its own
 * row); the rows join the table in run order, so the table does not depend on threads. */
gboolean sim_sweep_read_runs(const SimSweep *sw, const char *dir, SimSweepTable *t,
                             int threads, GError **error)
{
    RunReader rr = { sw, dir, NULL, sim_sweep_n_runs(sw), 0 };
    rr.reads = g_new0(RunRead, rr.n);
    guint nt = (guint)CLAMP(threads, 1, (int)MAX(rr.n, 1u));
    g_autofree GThread **workers = g_new0(GThread *, nt);
    for (guint i = 1; i < nt; i++)
        workers[i] = g_thread_new("sweep-read", read_runs_worker, &rr);
    read_runs_worker(&rr);
    for (guint i = 1; i < nt; i++)
        g_thread_join(workers[i]);
    gboolean ok = TRUE;
    for (guint run = 0; run < rr.n; run++) {
        RunRead *rd = &rr.reads[run];
        if (ok && rd->ok)
            table_add_row(t, &rd->row);
        else if (ok) {
            g_propagate_error(error, rd->error);
            rd->error = NULL;
            ok = FALSE;
        }
        g_clear_error(&rd->error);
        g_ptr_array_free(rd->row.names, TRUE);
        g_ptr_array_free(rd->row.texts, TRUE);
    }
    g_free(rr.reads);
    if (!ok)
        return FALSE;
    for (guint c = 0; c < t->columns->len; c++)
        classify_column(t, c);
    return TRUE;
}

double sim_sweep_table_value(const SimSweepTable *t, guint run, guint column)
{
    double x = NAN;
    const char *text = sim_sweep_table_cell(t, run, column);
    return text && text_is_number(text, &x) ? x : NAN;
}

gboolean sim_sweep_table_feasible(const SimSweepTable *t, guint run)
{
    return g_strcmp0(sim_sweep_table_cell(t, run, 0), "true") == 0;
}
