/* plots/report.c — report.html from a run's files; see report.h.  Three small readers (a
 * JSON reader for the flat objects of summary.json and manifest.json, plots/csv.h for the
 * top of each table), then one GString of HTML.  It reads only what it shows: the name and
 * description come from summary.json (resolved.yaml, which lists every host and VM, is never
 * parsed) and each table reads its file's first PLOT_REPORT_MAX_ROWS rows.  Charts
 * are drawn to SVG in a temporary directory and inlined; cairo names its glyphs and clips
 * "glyph0-1", "clip1" in every file, so each chart's ids get a prefix ("c3-") before
 * inlining, or the browser would draw one chart's glyphs in another. */
#include "plots/report.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "plots/catalog.h"
#include "plots/lesson.h"
#include "sim/core/progress.h"
#include "sim/out/columns.h"

/* ---- a small JSON reader ---------------------------------------------------------- */

/* Every scalar of a JSON document, keyed by its dotted path ("headline.sim_time_s", arrays
 * as "list.0"), in document order.  text is the unescaped string or the literal as written. */
typedef struct {
    char    *key;
    char    *text;
    gboolean is_string;
} ReportJsonItem;

typedef struct {
    const char *path, *start, *p;
    GPtrArray  *items;
    GError    **error;
} ReportJson;

static void json_item_free(gpointer p)
{
    ReportJsonItem *it = p;
    g_free(it->key);
    g_free(it->text);
    g_free(it);
}

static gboolean json_fail(ReportJson *j, const char *what)
{
    int line = 1, col = 1;
    for (const char *q = j->start; q < j->p; q++, col++)
        if (*q == '\n')
            line++, col = 0;
    g_set_error(j->error, PLOT_ERROR, PLOT_ERROR_PARSE, "%s:%d:%d: error: %s", j->path, line,
                col, what);
    return FALSE;
}

static void json_ws(ReportJson *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static gboolean json_escape(ReportJson *j, GString *out)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e = strchr(from, *j->p);
    if (*j->p && e) {
        g_string_append_c(out, to[e - from]);
        j->p++;
        return TRUE;
    }
    if (*j->p != 'u')
        return json_fail(j, "bad escape in string");
    gunichar c = 0;
    for (int i = 1; i <= 4; i++) {
        int v = g_ascii_xdigit_value(j->p[i]);
        if (v < 0)
            return json_fail(j, "bad \\u escape, expected 4 hex digits");
        c = c * 16 + (gunichar)v;
    }
    j->p += 5;
    g_string_append_unichar(out, g_unichar_validate(c) ? c : 0xFFFD);
    return TRUE;
}

static char *json_string(ReportJson *j)
{
    GString *s = g_string_new(NULL);
    j->p++;                                         /* the opening quote */
    while (*j->p && *j->p != '"') {
        if ((unsigned char)*j->p < 0x20) {
            json_fail(j, "control character in string");
            return g_string_free(s, TRUE);
        }
        if (*j->p == '\\') {
            j->p++;
            if (!json_escape(j, s))
                return g_string_free(s, TRUE);          /* NULL */
        } else {
            g_string_append_c(s, *j->p++);
        }
    }
    if (*j->p != '"') {
        json_fail(j, "unterminated string");
        return g_string_free(s, TRUE);          /* NULL */
    }
    j->p++;
    return g_string_free(s, FALSE);
}

static void json_add(ReportJson *j, const char *key, char *text, gboolean is_string)
{
    ReportJsonItem *it = g_new0(ReportJsonItem, 1);
    it->key = g_strdup(key);
    it->text = text;
    it->is_string = is_string;
    g_ptr_array_add(j->items, it);
}

static gboolean json_literal(ReportJson *j, const char *key)
{
    static const char *const words[] = { "true", "false", "null" };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        if (g_str_has_prefix(j->p, words[i])) {
            json_add(j, key, g_strdup(words[i]), FALSE);
            j->p += strlen(words[i]);
            return TRUE;
        }
    }
    const char *end = j->p;
    while (*end && strchr("+-0123456789.eE", *end))
        end++;
    char *stop = NULL;
    g_autofree char *num = g_strndup(j->p, (gsize)(end - j->p));
    g_ascii_strtod(num, &stop);
    if (end == j->p || *stop)
        return json_fail(j, "expected a value (string, number, object, array, true, false "
                            "or null)");
    json_add(j, key, g_steal_pointer(&num), FALSE);
    j->p = end;
    return TRUE;
}

static gboolean json_value(ReportJson *j, const char *key, int depth);

static char *json_key(const char *prefix, const char *name)
{
    return *prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
}

/* An object or array: members until the closing bracket. */
static gboolean json_members(ReportJson *j, const char *key, int depth, gboolean object)
{
    char close = object ? '}' : ']';
    j->p++;
    json_ws(j);
    for (int i = 0; *j->p != close; i++) {
        if (i > 0 && *j->p != ',')
            return json_fail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
        j->p += i > 0;
        json_ws(j);
        g_autofree char *name = NULL;
        if (object) {
            if (*j->p != '"')
                return json_fail(j, "expected a member name in quotes");
            if (!(name = json_string(j)))
                return FALSE;
            json_ws(j);
            if (*j->p != ':')
                return json_fail(j, "expected ':' after the member name");
            j->p++;
        } else {
            name = g_strdup_printf("%d", i);
        }
        g_autofree char *sub = json_key(key, name);
        if (!json_value(j, sub, depth + 1))
            return FALSE;
        json_ws(j);
    }
    j->p++;
    return TRUE;
}

static gboolean json_value(ReportJson *j, const char *key, int depth)
{
    json_ws(j);
    if (depth > 32)
        return json_fail(j, "nested too deeply");
    if (*j->p == '{' || *j->p == '[')
        return json_members(j, key, depth, *j->p == '{');
    if (*j->p == '"') {
        char *s = json_string(j);
        if (s)
            json_add(j, key, s, TRUE);
        return s != NULL;
    }
    return json_literal(j, key);
}

/* The scalars of path's JSON; NULL (and no error) if path does not exist. */
static GPtrArray *json_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS) || !g_file_get_contents(path, &text, NULL, error))
        return NULL;
    ReportJson j = { path, text, text, g_ptr_array_new_with_free_func(json_item_free), error };
    gboolean ok = json_value(&j, "", 0);
    json_ws(&j);
    if (ok && *j.p)
        ok = json_fail(&j, "text after the end of the document");
    if (!ok)
        g_clear_pointer(&j.items, g_ptr_array_unref);
    return j.items;
}

static const ReportJsonItem *json_get(const GPtrArray *items, const char *key)
{
    for (guint i = 0; items && i < items->len; i++)
        if (strcmp(((ReportJsonItem *)items->pdata[i])->key, key) == 0)
            return items->pdata[i];
    return NULL;
}

/* ---- numbers ---------------------------------------------------------------------- */

static char *fmt_scaled(double v, const char *const *units, size_t n, double base)
{
    size_t u = 0;
    while (u + 1 < n && fabs(v) >= base) {
        v /= base;
        u++;
    }
    return g_strdup_printf("%.3g %s", v, units[u]);
}

static char *fmt_seconds(double v)
{
    double a = fabs(v);
    if (a == 0.0)
        return g_strdup("0 s");
    if (a >= 100.0)
        return g_strdup_printf("%.0f s", v);
    if (a >= 1.0)
        return g_strdup_printf("%.3g s", v);
    if (a >= 1e-3)
        return g_strdup_printf("%.3g ms", v * 1e3);
    if (a >= 1e-6)
        return g_strdup_printf("%.3g µs", v * 1e6);
    return g_strdup_printf("%.3g ns", v * 1e9);
}

char *plot_report_format(const char *name, double v)
{
    static const char *const bytes[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    static const char *const rate[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };
    static const char *const hz[] = { "Hz", "kHz", "MHz", "GHz" };
    static const char *const watts[] = { "W", "kW", "MW" };
    static const char *const joules[] = { "J", "kJ", "MJ", "GJ", "TJ" };
    if (!isfinite(v))
        return g_strdup("–");
    if (g_str_has_suffix(name, "_bytes_per_s"))
        return fmt_scaled(v, rate, G_N_ELEMENTS(rate), 1024.0);
    if (g_str_has_suffix(name, "_frac"))
        return g_strdup_printf("%.1f %%", 100.0 * v);
    if (g_str_has_suffix(name, "_bytes"))
        return fmt_scaled(v, bytes, G_N_ELEMENTS(bytes), 1024.0);
    if (g_str_has_suffix(name, "_hz"))
        return fmt_scaled(v, hz, G_N_ELEMENTS(hz), 1000.0);
    if (g_str_has_suffix(name, "_w"))
        return fmt_scaled(v, watts, G_N_ELEMENTS(watts), 1000.0);
    if (g_str_has_suffix(name, "_j"))
        return fmt_scaled(v, joules, G_N_ELEMENTS(joules), 1000.0);
    if (g_str_has_suffix(name, "_s"))
        return fmt_seconds(v);
    if (g_str_has_prefix(name, "slowdown"))
        return g_strdup_printf("%.3g×", v);
    if (v == floor(v) && fabs(v) < 1e15)
        return g_strdup_printf("%.0f", v);
    return g_strdup_printf("%.4g", v);
}

static gboolean parse_number(const char *text, double *out)
{
    char *end = NULL;
    if (!*text)
        return FALSE;
    *out = g_ascii_strtod(text, &end);
    return *end == '\0';
}

/* ---- HTML pieces ------------------------------------------------------------------ */

static void html_text(GString *h, const char *text)
{
    g_autofree char *e = g_markup_escape_text(text, -1);
    g_string_append(h, e);
}

static void html_tag(GString *h, const char *tag, const char *attrs, const char *text)
{
    g_string_append_printf(h, "<%s%s%s>", tag, attrs ? " " : "", attrs ? attrs : "");
    html_text(h, text);
    g_string_append_printf(h, "</%s>\n", tag);
}

static const char report_css[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "color:#222;background:#fff;max-width:1200px;margin:0 auto;padding:1em 1.5em 3em}"
    "h1{margin:.3em 0 .1em}h2{margin-top:2em;border-bottom:2px solid #e5e5e5}"
    ".meta,.note{color:#555}.note{font-size:13px}"
    "nav a{margin-right:1.1em;color:#0b5cad}"
    "table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}"
    "th,td{padding:.2em .7em;border-bottom:1px solid #e3e3e3;text-align:left;"
    "white-space:nowrap}td.n{text-align:right}"
    "th{background:#f2f2f2;position:sticky;top:0}"
    ".scroll{display:inline-block;max-width:100%;overflow:auto;max-height:36em;"
    "border:1px solid #e3e3e3}"
    "figure{margin:1.2em 0;border:1px solid #e5e5e5;padding:.6em}"
    "figure svg{display:block;width:100%;height:auto}"
    "figcaption{color:#444;font-size:14px;margin-top:.4em}"
    "code{font-size:12px;color:#555}";

/* Human names for the headline metrics sim/out/output.c writes; others show their key. */
static const char *headline_label(const char *key)
{
    static const char *const labels[][2] = {
        { "sim_time_s", "simulated time" }, { "hosts", "hosts" }, { "vms", "VMs" },
        { "vms_placed", "VMs placed" }, { "vms_rejected", "VMs rejected (no host fits)" },
        { "vms_completed", "VMs that finished their work" },
        { "vms_stopped", "VMs stopped by an event" },
        { "vms_departed", "VMs that left at their end (trace departures)" },
        { "dc_util_mean_frac", "datacenter CPU utilization, mean" },
        { "dc_util_max_frac", "datacenter CPU utilization, max" },
        { "vms_running_mean", "VMs running, mean" },
        { "makespan_s", "makespan (last VM with work done)" },
        { "slowdown_mean", "slowdown, mean" }, { "slowdown_p99", "slowdown, 99th percentile" },
        { "slowdown_max", "slowdown, max" }, { "events", "events simulated" },
        { "host_util_p95_max_frac", "hottest host, CPU p95 over time" },
        { "host_util_p99_max_frac", "hottest host, CPU p99 over time" },
        { "host_util_pctl_max_frac", "hottest host, CPU at planning pctl" },
        { "hosts_over_target", "hosts over the planning target" },
        { "hosts_idle_powered", "hosts powered on with no load" },
        { "unmet_demand_frac", "unmet demand (guest work)" },
        { "vms_short", "VMs that went short of CPU" }, { "short_vm_s", "time short (VM-seconds)" },
        { "feasible", "feasible (planning constraints)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
        if (strcmp(labels[i][0], key) == 0)
            return labels[i][1];
    return key;
}

static void html_headline(GString *h, const GPtrArray *summary)
{
    g_string_append(h, "<h2 id=\"headline\">Headline metrics</h2>\n");
    guint n = 0, row = 0;
    for (guint i = 0; summary && i < summary->len; i++)
        n += g_str_has_prefix(((const ReportJsonItem *)summary->pdata[i])->key, "headline.");
    for (guint i = 0; summary && i < summary->len; i++) {
        const ReportJsonItem *it = summary->pdata[i];
        if (!g_str_has_prefix(it->key, "headline."))
            continue;
        if (row == 0 || row == (n + 1) / 2)       /* two tables side by side: half the height */
            g_string_append_printf(h, "%s<table style=\"display:inline-table;vertical-align:top;"
                                      "margin-right:1em\">\n<tr><th>metric</th><th>value</th>"
                                      "<th>key in summary.json</th></tr>\n", row ? "</table>" : "");
        row++;
        const char *key = it->key + strlen("headline.");
        double v = NAN;
        g_autofree char *val = it->is_string || !parse_number(it->text, &v)
            ? g_strdup(strcmp(it->text, "null") == 0 ? "–" : it->text)
            : plot_report_format(key, v);
        g_string_append(h, "<tr><td>");
        html_text(h, headline_label(key));
        g_string_append(h, "</td><td class=\"n\">");
        html_text(h, val);
        g_string_append(h, "</td><td><code>");
        html_text(h, key);
        g_string_append(h, "</code></td></tr>\n");
    }
    if (row)
        g_string_append(h, "</table>\n");
    else
        html_tag(h, "p", "class=\"note\"", "No headline metrics: summary.json is missing.");
}

/* ---- charts ----------------------------------------------------------------------- */

/* The id or reference that starts at p ("id=\"X", "href=\"#X", "url(#X", the first not
 * after a letter, digit or '_'): sets *lead to its prefix length and returns the length of
 * X (up to '"' or ')'), or 0 if none starts here. */
static size_t svg_ref_at(const char *start, const char *p, size_t *lead)
{
    static const char *const leads[] = { "id=\"", "href=\"#", "url(#" };
    for (size_t k = 0; k < G_N_ELEMENTS(leads); k++) {
        size_t n = strlen(leads[k]);
        if (strncmp(p, leads[k], n) != 0)
            continue;
        if (k == 0 && p > start && (g_ascii_isalnum(p[-1]) || p[-1] == '_' || (p[-1] & 0x80)))
            continue;
        size_t len = strcspn(p + n, "\")");
        *lead = n;
        return len;
    }
    return 0;
}

/* The SVG file's <svg> element with every id and reference renamed to prefix + a number
 * counted from 0 in document order: unique in the page, and independent of cairo's
 * process-wide counters, so the same chart gives the same text.  One pass, linear in the
 * file (a regular expression here re-checked the whole subject at every match). */
static char *svg_for_inline(const char *svg, const char *prefix)
{
    const char *root = strstr(svg, "<svg");
    if (!root)
        return g_strdup("");
    g_autoptr(GHashTable) ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GString *out = g_string_sized_new(strlen(root) + 1024);
    const char *p = root, *copied = root;
    while ((p = strpbrk(p, "ihu")) != NULL) {
        size_t lead = 0, len = svg_ref_at(root, p, &lead);
        if (len == 0) {
            p++;
            continue;
        }
        g_string_append_len(out, copied, p + lead - copied);
        char *id = g_strndup(p + lead, len);
        gpointer n;
        if (!g_hash_table_lookup_extended(ids, id, NULL, &n)) {
            n = GUINT_TO_POINTER(g_hash_table_size(ids));
            g_hash_table_insert(ids, id, n);
        } else {
            g_free(id);
        }
        g_string_append_printf(out, "%s%u", prefix, GPOINTER_TO_UINT(n));
        p = copied = p + lead + len;
    }
    g_string_append(out, copied);
    return g_string_free(out, FALSE);
}

static gboolean html_chart(GString *h, PlotRunChart *rc, const char *tmpdir, guint index,
                           GError **error)
{
    g_autofree char *path = g_build_filename(tmpdir, "chart.svg", NULL);
    g_autofree char *svg = NULL;
    gboolean ok = plot_chart_write(rc->chart, path, 0, 0, error)
               && g_file_get_contents(path, &svg, NULL, error);
    g_remove(path);
    if (!ok)
        return FALSE;
    g_autofree char *prefix = g_strdup_printf("c%u-", index);
    g_autofree char *inline_svg = svg_for_inline(svg, prefix);
    g_string_append_printf(h, "<figure id=\"chart-%s\">\n", rc->name);
    g_string_append(h, inline_svg);
    g_string_append_printf(h, "<figcaption><strong>Figure %u. ", index);
    html_text(h, rc->title);
    size_t n = strlen(rc->title);          /* a question keeps its mark: no "?." */
    g_string_append(h, n && strchr("?.!", rc->title[n - 1]) ? "</strong> " : ".</strong> ");
    html_text(h, rc->caption ? rc->caption : "");
    g_string_append_printf(h, " <code>charts/%s.*</code></figcaption>\n</figure>\n", rc->name);
    return TRUE;
}

/* The numbered charts, leaving out those the report already opened with (shown); charts
 * NULL: the run drew none (charts: none), and the page says how to get them. */
static gboolean html_charts(GString *h, const GPtrArray *charts, GHashTable *shown,
                            GError **error)
{
    g_string_append(h, "<h2 id=\"charts\">Charts</h2>\n");
    if (!charts) {
        html_tag(h, "p", "class=\"note\"", "No charts: this run was made with charts: none "
                 "(output.charts or --charts). `vdcsim plot` on this directory draws them and "
                 "writes this page again with them.");
        return TRUE;
    }
    if (charts->len == 0) {
        html_tag(h, "p", "class=\"note\"", "No charts: the run left no time series, VM, "
                 "migration or device data to draw.");
        return TRUE;
    }
    if (g_hash_table_size(shown) > 0)
        html_tag(h, "p", "class=\"note\"", "The charts that answer the question and compare "
                 "the variants are at the top of the page; the others follow.");
    g_autofree char *tmp = g_dir_make_tmp("vdcsim-report-XXXXXX", error);
    if (!tmp)
        return FALSE;
    gboolean ok = TRUE;
    for (guint i = 0, k = 0; ok && i < charts->len; i++)
        if (!g_hash_table_contains(shown, charts->pdata[i]))
            ok = html_chart(h, charts->pdata[i], tmp, ++k, error);
    g_rmdir(tmp);
    return ok;
}

/* ---- the question, its answer, and variants side by side ----------------------------- */

/* A chart inlined outside the numbered list: prefix keeps its ids apart ("q0-"). */
static gboolean html_figure(GString *h, PlotRunChart *rc, const char *tmpdir, const char *prefix,
                            const char *lead, GError **error)
{
    g_autofree char *path = g_build_filename(tmpdir, "chart.svg", NULL);
    g_autofree char *svg = NULL;
    gboolean ok = plot_chart_write(rc->chart, path, 0, 0, error)
               && g_file_get_contents(path, &svg, NULL, error);
    g_remove(path);
    if (!ok)
        return FALSE;
    g_autofree char *inline_svg = svg_for_inline(svg, prefix);
    g_string_append_printf(h, "<figure id=\"%s%s\">\n%s<figcaption><strong>", prefix, rc->name,
                           inline_svg);
    html_text(h, lead);
    html_text(h, rc->title);
    size_t n = strlen(rc->title);          /* a question keeps its mark: no "?." */
    g_string_append(h, n && strchr("?.!", rc->title[n - 1]) ? "</strong> " : ".</strong> ");
    html_text(h, rc->caption ? rc->caption : "");
    g_string_append_printf(h, " <code>charts/%s.*</code></figcaption>\n</figure>\n", rc->name);
    return TRUE;
}

static const char lesson_css[] =
    "<style>.question{font-size:20px;font-weight:600;margin:.6em 0 .2em;color:#0b3d73}"
    ".answer{font-size:16px;background:#f3f8fd;border-left:4px solid #0b5cad;"
    "padding:.4em .8em}td.d{color:#555}</style>\n";

static void html_question_text(GString *h, const char *question, const PlotRunChart *answer)
{
    g_string_append(h, lesson_css);
    g_string_append(h, "<h2 id=\"question\">The question</h2>\n");
    html_tag(h, "p", "class=\"question\"", question);
    if (answer && answer->finding) {
        g_autofree char *a = g_strdup_printf("Answer from this run: %s", answer->finding);
        html_tag(h, "p", "class=\"answer\"", a);
    }
}

/* compare.csv as a table: one column per run, then each variant minus base. */
static void html_compare_table(GString *h, PlotCsv *cmp)
{
    size_t nc = plot_csv_n_cols(cmp), nr = plot_csv_n_rows(cmp);
    const char *const *metric = plot_csv_strings(cmp, SIM_COL_CMP_METRIC, NULL);
    g_string_append(h, "<table>\n<tr><th>metric</th>");
    for (size_t c = 2; c < nc; c++)
        html_tag(h, "th", NULL, plot_csv_col_name(cmp, c));
    for (size_t c = 3; c < nc; c++) {
        g_autofree char *d = g_strdup_printf("%s − base", plot_csv_col_name(cmp, c));
        html_tag(h, "th", NULL, d);
    }
    g_string_append(h, "</tr>\n");
    const double *base = plot_csv_doubles(cmp, SIM_COL_CMP_BASE, NULL);
    for (size_t r = 0; base && r < nr; r++) {
        g_string_append(h, "<tr><td>");
        html_text(h, headline_label(metric[r]));
        g_string_append(h, "</td>");
        for (size_t pass = 0; pass < 2; pass++)
            for (size_t c = pass ? 3 : 2; c < nc; c++) {
                const double *v = plot_csv_doubles(cmp, plot_csv_col_name(cmp, c), NULL);
                double x = v ? (pass ? v[r] - base[r] : v[r]) : NAN;
                g_autofree char *t = plot_report_format(metric[r], x);
                g_autofree char *signed_t = pass && x > 0 ? g_strdup_printf("+%s", t) : NULL;
                g_string_append_printf(h, "<td class=\"n%s\">", pass ? " d" : "");
                html_text(h, pass && fabs(x) < 1e-12 ? "same" : signed_t ? signed_t : t);
                g_string_append(h, "</td>");
            }
        g_string_append(h, "</tr>\n");
    }
    g_string_append(h, "</table>\n");
}

/* Opens the report: the scenario's question (summary.json), the chart that answers it (the
 * scenario's `answer:`, else plots/lesson.c's choice) and its finding; then, for a run with
 * compare:, the variants side by side.  Nothing for a run with neither.  Adds the charts it
 * draws to shown, so the numbered list does not repeat them. */
static gboolean html_lesson(GString *h, const char *outdir, const GPtrArray *summary,
                            const GPtrArray *charts, GHashTable *shown, GError **error)
{
    const ReportJsonItem *q = json_get(summary, "question");
    const ReportJsonItem *want = json_get(summary, "answer");
    g_autofree char *cmp_path = g_build_filename(outdir, SIM_CSV_COMPARE, NULL);
    gboolean compare = g_file_test(cmp_path, G_FILE_TEST_IS_REGULAR);
    if (!q && !compare)
        return TRUE;
    g_autofree char *tmp = g_dir_make_tmp("vdcsim-report-XXXXXX", error);
    if (!tmp)
        return FALSE;
    gboolean ok = TRUE;
    if (q) {
        PlotRunChart *answer = charts ? plot_lesson_answer((GPtrArray *)charts,
                                                           want ? want->text : NULL) : NULL;
        html_question_text(h, q->text, answer);
        if (answer) {
            ok = html_figure(h, answer, tmp, "q0-", "The answering chart: ", error);
            g_hash_table_add(shown, answer);
        }
    }
    PlotCsv *cmp = compare && ok ? plot_csv_load(cmp_path, error) : NULL;
    if (cmp) {
        g_string_append(h, "<h2 id=\"compare\">Side by side: the scenario as written (base) "
                           "and its variants</h2>\n");
        html_tag(h, "p", "class=\"note\"", "Each variant is the scenario with its compare: "
                 "overrides; its own files and report are in variants/NAME/.");
        html_compare_table(h, cmp);
        for (guint i = 0; ok && charts && i < charts->len; i++) {
            PlotRunChart *rc = charts->pdata[i];
            g_autofree char *prefix = g_strdup_printf("v%u-", i);
            if (g_str_has_prefix(rc->name, "compare-") && !g_hash_table_contains(shown, rc)) {
                ok = html_figure(h, rc, tmp, prefix, "", error);
                g_hash_table_add(shown, rc);
            }
        }
        plot_csv_free(cmp);
    }
    g_rmdir(tmp);
    return ok && (!compare || cmp || !error || !*error);
}

/* ---- tables ----------------------------------------------------------------------- */

/* A column is numeric when every non-empty cell is a number. */
static gboolean csv_col_numeric(const char *const *cells, size_t n)
{
    double v;
    gboolean any = FALSE;
    for (size_t i = 0; i < n; i++) {
        if (*cells[i] && !parse_number(cells[i], &v))
            return FALSE;
        any |= *cells[i] != '\0';
    }
    return any;
}

static void html_cell(GString *h, const char *col, const char *cell, gboolean numeric)
{
    double v;
    if (!numeric) {
        g_string_append(h, "<td>");
        html_text(h, cell);
    } else {
        g_autofree char *s = parse_number(cell, &v) ? plot_report_format(col, v) : g_strdup("–");
        g_string_append(h, "<td class=\"n\">");
        html_text(h, s);
    }
    g_string_append(h, "</td>");
}

/* The rows read (the top of the file); a column is numeric when its shown cells are. */
static void html_csv_rows(GString *h, PlotCsv *csv)
{
    size_t nc = plot_csv_n_cols(csv), nr = plot_csv_n_rows(csv);
    size_t shown = MIN(nr, PLOT_REPORT_MAX_ROWS);
    g_autofree const char *const **cols = g_new0(const char *const *, MAX(nc, 1));
    g_autofree gboolean *numeric = g_new0(gboolean, MAX(nc, 1));
    g_string_append(h, "<div class=\"scroll\"><table>\n<tr>");
    for (size_t c = 0; c < nc; c++) {
        cols[c] = plot_csv_strings(csv, plot_csv_col_name(csv, c), NULL);
        numeric[c] = csv_col_numeric(cols[c], nr);
        html_tag(h, "th", NULL, plot_csv_col_name(csv, c));
    }
    g_string_append(h, "</tr>\n");
    for (size_t r = 0; r < shown; r++) {
        g_string_append(h, "<tr>");
        for (size_t c = 0; c < nc; c++)
            html_cell(h, plot_csv_col_name(csv, c), cols[c][r], numeric[c]);
        g_string_append(h, "</tr>\n");
    }
    g_string_append(h, "</table></div>\n");
}

/* A CSV file with at least one row after its header: its first line and one byte more. */
static gboolean csv_has_rows(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return FALSE;
    int c;
    while ((c = getc(f)) != EOF && c != '\n')
        ;
    gboolean rows = c == '\n' && getc(f) != EOF;
    fclose(f);
    return rows;
}

/* Hosts and VMs always get a table; migrations and devices only when the run had some. */
static gboolean table_wanted(const char *path, const char *id)
{
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return FALSE;
    return strcmp(id, "hosts") == 0 || strcmp(id, "vms") == 0 || csv_has_rows(path);
}

static gboolean html_table(GString *h, const char *outdir, const char *file, const char *id,
                           const char *title, GError **error)
{
    g_autofree char *path = g_build_filename(outdir, file, NULL);
    if (!table_wanted(path, id))
        return TRUE;
    size_t nr = 0;
    PlotCsv *csv = plot_csv_load_head(path, PLOT_REPORT_MAX_ROWS, &nr, error);
    if (!csv)
        return FALSE;
    g_string_append_printf(h, "<h2 id=\"%s\">", id);
    html_text(h, title);
    g_string_append(h, "</h2>\n");
    g_autofree char *note = nr > PLOT_REPORT_MAX_ROWS
        ? g_strdup_printf("The first %d of %zu rows; all of them are in %s.",
                          PLOT_REPORT_MAX_ROWS, nr, file)
        : g_strdup_printf("%zu row%s, from %s.", nr, nr == 1 ? "" : "s", file);
    html_tag(h, "p", "class=\"note\"", note);
    if (nr > 0)
        html_csv_rows(h, csv);
    plot_csv_free(csv);
    return TRUE;
}

static void html_manifest(GString *h, const GPtrArray *manifest)
{
    g_string_append(h, "<h2 id=\"manifest\">Manifest</h2>\n");
    if (!manifest) {
        html_tag(h, "p", "class=\"note\"", "manifest.json is missing: the run did not finish "
                 "writing its outputs.");
        return;
    }
    html_tag(h, "p", "class=\"note\"", "How to repeat this run: the same vdcsim version and "
             "revision, resolved.yaml (or the scenario file with this hash) and the seed give "
             "the same files.  The command line and wall time, which differ from run to run, "
             "are in manifest.json only, so that this page is the same for every repeat.");
    g_string_append(h, "<table>\n");
    for (guint i = 0; i < manifest->len; i++) {
        const ReportJsonItem *it = manifest->pdata[i];
        if (strcmp(it->key, "command_line") == 0 || strcmp(it->key, "wall_time_s") == 0)
            continue;
        g_string_append(h, "<tr><th>");
        html_text(h, it->key);
        double v;
        gboolean unit = g_str_has_suffix(it->key, "_s") && !it->is_string
                        && parse_number(it->text, &v);
        g_autofree char *text = unit ? plot_report_format(it->key, v) : g_strdup(it->text);
        g_string_append(h, "</th><td><code>");
        html_text(h, text);
        g_string_append(h, "</code></td></tr>\n");
    }
    g_string_append(h, "</table>\n");
}

/* ---- the page --------------------------------------------------------------------- */

typedef struct {
    char      *name, *description;
    GPtrArray *summary, *manifest;    /* ReportJsonItem*, NULL if the file is absent */
} ReportInputs;

static void inputs_clear(ReportInputs *in)
{
    g_free(in->name);
    g_free(in->description);
    g_clear_pointer(&in->summary, g_ptr_array_unref);
    g_clear_pointer(&in->manifest, g_ptr_array_unref);
}

static gboolean inputs_load(ReportInputs *in, const char *outdir, GError **error)
{
    g_autofree char *sp = g_build_filename(outdir, "summary.json", NULL);
    g_autofree char *mp = g_build_filename(outdir, "manifest.json", NULL);
    g_autofree char *yp = g_build_filename(outdir, "resolved.yaml", NULL);
    GError *e = NULL;
    in->summary = json_load(sp, &e);
    if (!e)
        in->manifest = json_load(mp, &e);
    if (e) {
        g_propagate_error(error, e);
        return FALSE;
    }
    const ReportJsonItem *scn = json_get(in->summary, "scenario");
    const ReportJsonItem *desc = json_get(in->summary, "description");
    in->name = g_strstrip(g_strdup(scn ? scn->text : "vdcsim run"));
    /* a run's scenario always has a description, perhaps empty (resolved.yaml holds it) */
    if (desc || g_file_test(yp, G_FILE_TEST_EXISTS))
        in->description = g_strstrip(g_strdup(desc ? desc->text : ""));
    return TRUE;
}

static void html_header(GString *h, const ReportInputs *in)
{
    g_string_append(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "\n");
    g_autofree char *title = g_strdup_printf("%s — vdcsim report", in->name);
    html_tag(h, "title", NULL, title);
    g_string_append_printf(h, "<style>%s</style>\n</head>\n<body>\n", report_css);
    html_tag(h, "h1", NULL, in->name);
    const ReportJsonItem *seed = json_get(in->manifest, "seed");
    if (!seed)
        seed = json_get(in->summary, "seed");
    const ReportJsonItem *ver = json_get(in->manifest, "vdcsim_version");
    const ReportJsonItem *rev = json_get(in->manifest, "git_revision");
    g_autofree char *meta = g_strdup_printf("Seed %s \u00b7 vdcsim %s (revision %s) \u00b7 "
                                            "the files of this run are next to this page",
                                            seed ? seed->text : "?", ver ? ver->text : "?",
                                            rev ? rev->text : "?");
    html_tag(h, "p", "class=\"meta\"", meta);
    if (in->description)
        html_tag(h, "p", NULL, in->description);
}

static void html_nav(GString *h, const char *outdir)
{
    static const char *const links[][3] = {
        { "headline", "Headline", NULL }, { "charts", "Charts", NULL },
        { "hosts", "Hosts", SIM_CSV_HOSTS }, { "vms", "VMs", SIM_CSV_VMS },
        { "migrations", "Migrations", SIM_CSV_MIGRATIONS },
        { "devices", "Devices", SIM_CSV_DEVICES }, { "manifest", "Manifest", NULL },
    };
    g_string_append(h, "<nav>");
    for (size_t i = 0; i < G_N_ELEMENTS(links); i++) {
        g_autofree char *p = links[i][2] ? g_build_filename(outdir, links[i][2], NULL) : NULL;
        if (!p || table_wanted(p, links[i][0]))
            g_string_append_printf(h, "<a href=\"#%s\">%s</a>", links[i][0], links[i][1]);
    }
    g_string_append(h, "</nav>\n");
}

static char *report_html(const char *outdir, const ReportInputs *in, const GPtrArray *charts,
                         GError **error)
{
    GString *h = g_string_new(NULL);
    html_header(h, in);
    html_nav(h, outdir);
    g_autoptr(GHashTable) shown = g_hash_table_new(NULL, NULL);   /* PlotRunChart * */
    if (!html_lesson(h, outdir, in->summary, charts, shown, error))
        return g_string_free(h, TRUE);          /* NULL */
    html_headline(h, in->summary);
    gboolean ok = html_charts(h, charts, shown, error)
        && html_table(h, outdir, SIM_CSV_HOSTS, "hosts", "Hosts", error)
        && html_table(h, outdir, SIM_CSV_VMS, "vms", "VMs", error)
        && html_table(h, outdir, SIM_CSV_MIGRATIONS, "migrations", "Migrations", error)
        && html_table(h, outdir, SIM_CSV_DEVICES, "devices", "Devices", error);
    if (!ok)
        return g_string_free(h, TRUE);          /* NULL */
    html_manifest(h, in->manifest);
    g_string_append(h, "</body>\n</html>\n");
    return g_string_free(h, FALSE);
}

gboolean plot_report_write(const char *outdir, GError **error)
{
    g_return_val_if_fail(outdir != NULL, FALSE);
    g_autoptr(GPtrArray) charts = plot_run_charts(outdir, error);
    return charts && plot_report_write_charts(outdir, charts, error);
}

gboolean plot_run_publish(const char *outdir, const char *const *formats, GError **error)
{
    g_autoptr(GPtrArray) charts = NULL;
    if (formats && formats[0]) {
        sim_progress_phase("drawing charts");
        charts = plot_run_charts(outdir, error);
        if (!charts || !plot_run_render_charts(outdir, charts, formats, error))
            return FALSE;
    }
    sim_progress_phase("writing report");
    return plot_report_write_charts(outdir, charts, error);
}

gboolean plot_report_write_charts(const char *outdir, const GPtrArray *charts, GError **error)
{
    g_return_val_if_fail(outdir != NULL, FALSE);
    ReportInputs in = { 0 };
    g_autofree char *html = NULL;
    if (inputs_load(&in, outdir, error))
        html = report_html(outdir, &in, charts, error);
    inputs_clear(&in);
    if (!html)
        return FALSE;
    g_autofree char *path = g_build_filename(outdir, "report.html", NULL);
    return g_file_set_contents(path, html, -1, error);
}
