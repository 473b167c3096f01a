/* tests/test-plot.c — the chart library: nice ticks on awkward ranges, unit scales and
 * labels, the CSV reader and its errors, every chart kind in PNG/SVG/PDF (size, not blank,
 * data colours present, SVG text searchable), structure counts, empty state, atomic writes
 * and error paths.  Set PLOT_TEST_OUT=/some/dir to keep the rendered charts for viewing. */
#include "plots/plot.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "tests/testutil.h"
#include "sim/core/fmt.h"

/* ---- ticks ------------------------------------------------------------------------- */

/* The invariants every tick set keeps, whatever the input. */
static void check_ticks_scaled(double lo, double hi, int max_ticks, double factor,
                               const PlotTicks *t)
{
    g_assert_cmpint(t->n, >=, 2);
    g_assert_cmpint(t->n, <=, CLAMP(max_ticks, 2, PLOT_TICKS_MAX));
    g_assert_cmpfloat(t->step, >, 0.0);
    double step = t->step / factor;                    /* 1-2-5 in the display unit */
    double m = step / pow(10.0, floor(log10(step) + 1e-9));
    g_assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9);
    if (isfinite(lo) && isfinite(hi)) {
        g_assert_cmpfloat(t->values[0], <=, fmin(lo, hi) + t->step * 1e-9);
        g_assert_cmpfloat(t->values[t->n - 1], >=, fmax(lo, hi) - t->step * 1e-9);
    }
    /* equal spacing, up to the rounding of values far from zero */
    double tol = t->step * 1e-6 + 8 * DBL_EPSILON * fmax(fabs(t->lo), fabs(t->hi));
    for (int i = 1; i < t->n; i++)
        g_assert_cmpfloat(fabs(t->values[i] - t->values[i - 1] - t->step), <, tol);
    g_assert_cmpfloat(t->lo, ==, t->values[0]);
    g_assert_cmpfloat(t->hi, ==, t->values[t->n - 1]);
}

static void check_ticks(double lo, double hi, int max_ticks, const PlotTicks *t)
{
    check_ticks_scaled(lo, hi, max_ticks, 1.0, t);
}

static void test_ticks_unit_range(void)
{
    PlotTicks t;
    g_assert_cmpint(plot_ticks(0.0, 1.0, 6, &t), ==, 6);
    check_ticks(0.0, 1.0, 6, &t);
    g_assert_cmpfloat_with_epsilon(t.step, 0.2, 1e-12);
    g_assert_cmpfloat(t.values[0], ==, 0.0);
    g_assert_cmpfloat_with_epsilon(t.values[5], 1.0, 1e-12);
    g_assert_cmpint(plot_ticks(0.0, 1.0, 11, &t), ==, 11);     /* 0.1 steps */
    g_assert_cmpfloat_with_epsilon(t.step, 0.1, 1e-12);
}

static void test_ticks_bytes(void)
{
    PlotScale s = plot_unit_scale(PLOT_UNIT_BYTES, 0.0, 1e9);   /* 953.7 MiB */
    g_assert_cmpstr(s.unit, ==, "MiB");
    g_assert_cmpfloat(s.factor, ==, 1048576.0);
    PlotTicks t;
    plot_ticks_scaled(0.0, 1e9, 6, s, &t);
    check_ticks_scaled(0.0, 1e9, 6, s.factor, &t);
    g_assert_cmpfloat(t.step, ==, 200.0 * 1048576.0);
    g_assert_cmpint(t.n, ==, 6);
    g_autofree char *last = plot_tick_label(s, t.values[5], t.step);
    g_assert_cmpstr(last, ==, "1000");
    g_autofree char *title = plot_axis_title("Memory", s);
    g_assert_cmpstr(title, ==, "Memory (MiB)");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_BYTES, 0, 16.0 * 1073741824.0).unit, ==, "GiB");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_BYTES, 0, 512).unit, ==, "B");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_BYTES_PER_S, 0, 1.25e9).unit, ==, "GiB/s");
}

static void test_ticks_negative(void)
{
    PlotTicks t;
    plot_ticks(-37.0, -2.0, 8, &t);
    check_ticks(-37.0, -2.0, 8, &t);
    g_assert_cmpfloat(t.values[0], ==, -40.0);
    g_assert_cmpfloat(t.values[t.n - 1], ==, 0.0);
    plot_ticks(-3.3, 7.1, 8, &t);                      /* crossing zero: an exact 0 tick */
    check_ticks(-3.3, 7.1, 8, &t);
    gboolean has_zero = FALSE;
    for (int i = 0; i < t.n; i++)
        has_zero |= t.values[i] == 0.0 && !signbit(t.values[i]);
    g_assert_true(has_zero);
    plot_ticks(5.0, -5.0, 6, &t);                      /* reversed input is swapped */
    check_ticks(-5.0, 5.0, 6, &t);
}

static void test_ticks_degenerate(void)
{
    PlotTicks t;
    plot_ticks(5.0, 5.0, 6, &t);                       /* single point: widened 10 % */
    check_ticks(5.0, 5.0, 6, &t);
    g_assert_cmpfloat(t.lo, <, 5.0);
    g_assert_cmpfloat(t.hi, >, 5.0);
    g_assert_cmpfloat(t.hi - t.lo, <=, 2.0);
    plot_ticks(0.0, 0.0, 6, &t);                       /* zero: 0..1 */
    g_assert_cmpfloat(t.lo, ==, 0.0);
    g_assert_cmpfloat(t.hi, ==, 1.0);
    plot_ticks(NAN, 3.0, 6, &t);                       /* not finite: 0..1 */
    check_ticks(0.0, 1.0, 6, &t);
    plot_ticks(-INFINITY, INFINITY, 6, &t);
    check_ticks(0.0, 1.0, 6, &t);
    plot_ticks(1e-9, 3e-9, 5, &t);                     /* tiny */
    check_ticks(1e-9, 3e-9, 5, &t);
    plot_ticks(1e15, 1e15 + 3.0, 5, &t);               /* large offset, small span */
    check_ticks(1e15, 1e15 + 3.0, 5, &t);
    plot_ticks(0.0, 1.0, 1, &t);                       /* max_ticks clamped to 2 */
    check_ticks(0.0, 1.0, 2, &t);
}

static void test_ticks_random(void)
{
    GRand *r = g_rand_new_with_seed(20240611);
    for (int i = 0; i < 20000; i++) {
        double a = g_rand_double_range(r, -1, 1) * pow(10, g_rand_int_range(r, -12, 13));
        double b = a + g_rand_double(r) * pow(10, g_rand_int_range(r, -12, 13));
        int max_ticks = g_rand_int_range(r, 2, 16);
        PlotTicks t;
        plot_ticks(a, b, max_ticks, &t);
        check_ticks(a, b, max_ticks, &t);
    }
    g_rand_free(r);
}

static void test_units_labels(void)
{
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_SECONDS, 0, 0.25).unit, ==, "ms");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_SECONDS, 0, 90).unit, ==, "s");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_SECONDS, 0, 600).unit, ==, "min");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_SECONDS, 0, 3 * 3600).unit, ==, "h");
    g_assert_cmpstr(plot_unit_scale(PLOT_UNIT_SECONDS, 0, 30 * 86400).unit, ==, "d");
    PlotScale min = plot_unit_scale(PLOT_UNIT_SECONDS, 0, 600);
    PlotTicks t;
    plot_ticks_scaled(0, 600, 6, min, &t);
    g_assert_cmpfloat(t.step, ==, 120.0);              /* 2 min steps */
    g_autofree char *l1 = plot_tick_label(min, 240.0, t.step);
    g_assert_cmpstr(l1, ==, "4");
    PlotScale pct = plot_unit_scale(PLOT_UNIT_FRAC, 0, 1);
    g_autofree char *l2 = plot_tick_label(pct, 0.25, 0.05);
    g_assert_cmpstr(l2, ==, "25");
    g_assert_cmpstr(pct.unit, ==, "%");
    PlotScale si = plot_unit_scale(PLOT_UNIT_NONE, 0, 2.5e6);
    g_autofree char *l3 = plot_tick_label(si, 2.5e6, 5e5);
    g_assert_cmpstr(l3, ==, "2.5M");
    g_autofree char *l4 = plot_tick_label(plot_unit_scale(PLOT_UNIT_NONE, 0, 4e5), 2e5, 1e5);
    g_assert_cmpstr(l4, ==, "200k");
    g_autofree char *l4z = plot_tick_label(plot_unit_scale(PLOT_UNIT_NONE, 0, 4e5), 0, 1e5);
    g_assert_cmpstr(l4z, ==, "0");
    g_autofree char *l5 = plot_tick_label(plot_unit_scale(PLOT_UNIT_NONE, -1, 1), -1e-17, 0.5);
    g_assert_cmpstr(l5, ==, "0.0");
    g_autofree char *t1 = plot_axis_title("Events", si);
    g_assert_cmpstr(t1, ==, "Events");
}

/* ---- CSV --------------------------------------------------------------------------- */

static void test_csv_good(void)
{
    const char *text = "# seed: 42\r\ntime_s, host ,used_bytes\r\n0,h1,100\n\n1.5, h2 ,\n"
                       "3,h1,2.5e3\n";
    GError *error = NULL;
    PlotCsv *csv = plot_csv_parse("m.csv", text, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(plot_csv_n_rows(csv), ==, 3);
    g_assert_cmpuint(plot_csv_n_cols(csv), ==, 3);
    g_assert_cmpstr(plot_csv_col_name(csv, 1), ==, "host");
    g_assert_cmpint(plot_csv_col_index(csv, "used_bytes"), ==, 2);
    g_assert_cmpint(plot_csv_col_index(csv, "nope"), ==, -1);
    const double *t = plot_csv_doubles(csv, "time_s", &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(t[1], ==, 1.5);
    const double *u = plot_csv_doubles(csv, "used_bytes", &error);
    g_assert_true(isnan(u[1]));                        /* empty cell = missing */
    g_assert_cmpfloat(u[2], ==, 2500.0);
    g_assert_true(plot_csv_doubles(csv, "used_bytes", NULL) == u);   /* cached */
    const char *const *h = plot_csv_strings(csv, "host", &error);
    g_assert_cmpstr(h[1], ==, "h2");
    g_assert_null(h[3]);
    plot_csv_free(csv);
}

static void test_csv_errors(void)
{
    GError *error = NULL;
    g_assert_null(plot_csv_parse("bad.csv", "a,b\n1,2\n3\n", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_cmpstr(error->message, ==,
                    "bad.csv:3:1: error: row has 1 fields, expected 2 as in the header");
    g_clear_error(&error);
    PlotCsv *csv = plot_csv_parse("n.csv", "a,b\n1,2\n3, x7\n", &error);
    g_assert_no_error(error);
    g_assert_null(plot_csv_doubles(csv, "b", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_cmpstr(error->message, ==, "n.csv:3:4: error: 'x7' in column 'b' is not a number, "
                    "expected a decimal value");
    g_clear_error(&error);
    g_assert_null(plot_csv_strings(csv, "c", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_COLUMN);
    g_assert_cmpstr(error->message, ==, "n.csv: error: no column 'c', expected one of: a, b");
    g_clear_error(&error);
    plot_csv_free(csv);
    g_assert_null(plot_csv_parse("e.csv", "# only a comment\n", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_clear_error(&error);
    g_assert_null(plot_csv_parse("d.csv", "a,a\n", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_clear_error(&error);
    g_assert_null(plot_csv_load("/nonexistent/x.csv", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_IO);
    g_clear_error(&error);
}

/* RFC 4180: quoted fields keep commas, doubled quotes and newlines verbatim; a multi-line
 * row does not shift the positions of the rows after it. */
static void test_csv_quoted(void)
{
    const char *text = "name,\"util_frac:h,1\",note\r\n"
                       "\"db,1\",0.5,\"x, \"\"y\"\"\"\n"
                       "  \" padded \" ,1,\"two\r\nlines\"\n"
                       "\"#not a comment\",\"\",plain\n"
                       "# a comment\n"
                       "last,x7,\"\"\"\"\n";
    GError *error = NULL;
    PlotCsv *csv = plot_csv_parse("q.csv", text, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(plot_csv_n_rows(csv), ==, 4);
    g_assert_cmpstr(plot_csv_col_name(csv, 1), ==, "util_frac:h,1");
    const char *const *name = plot_csv_strings(csv, "name", &error);
    const char *const *note = plot_csv_strings(csv, "note", &error);
    g_assert_cmpstr(name[0], ==, "db,1");
    g_assert_cmpstr(note[0], ==, "x, \"y\"");
    g_assert_cmpstr(name[1], ==, " padded ");          /* quoted: blanks are kept */
    g_assert_cmpstr(note[1], ==, "two\r\nlines");   /* inside quotes, bytes are kept */
    g_assert_cmpstr(name[2], ==, "#not a comment");
    g_assert_cmpstr(note[3], ==, "\"");
    g_assert_null(plot_csv_doubles(csv, "util_frac:h,1", &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_cmpstr(error->message, ==, "q.csv:7:6: error: 'x7' in column 'util_frac:h,1' is "
                    "not a number, expected a decimal value");
    g_clear_error(&error);
    plot_csv_free(csv);
}

/* Every name sim_fmt_csv_string() writes reads back the same, alone or first in its row. */
static void test_csv_fmt_roundtrip(void)
{
    static const char *const names[] = {
        "plain", "db,1", "h\"2", "x, \"y\"", "two\nlines", "cr\r", "crlf\r\nx", " lead",
        "trail\t", "#hash", "", "\"", ",", "a\"\"b", "ünï", "# x, \"y\"\n",
    };
    GString *text = g_string_new("name,n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        sim_fmt_csv_string(text, names[i]);
        g_string_append_printf(text, ",%zu\n", i);
    }
    GError *error = NULL;
    PlotCsv *csv = plot_csv_parse("r.csv", text->str, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(plot_csv_n_rows(csv), ==, G_N_ELEMENTS(names));
    const char *const *got = plot_csv_strings(csv, "name", &error);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_assert_cmpstr(got[i], ==, names[i]);
    plot_csv_free(csv);
    g_string_free(text, TRUE);
}

/* The printf-free paths of sim_fmt_num() and sim_fmt_u64() write what printf would. */
static void test_fmt_num_fast_paths(void)
{
    static const double xs[] = {
        0.0, -0.0, 1, -1, 7, 10, 60, 999999999, 1e9, -1e9, 9999999999.0, -9999999999.0,
        1e10, 12345678901.0, 0.5, -2.25, 1e-300, 4294967296.0, 17181966336.0, 2e15, 1e16,
        60.04046532, 0.1, 1e-4, 9.99999999995e-5, 0.00010000000005, 9999999999.5, 123.456,
        0.3, 1.0 / 3, 2.0 / 3, 99999.999995, 1e-5, 5e-5, 0.000123456789012,
    };
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (size_t i = 0; i < G_N_ELEMENTS(xs); i++) {
        GString *s = g_string_new(NULL);
        sim_fmt_num(s, xs[i], FALSE);
        double x = xs[i];
        const char *want = x == floor(x) && fabs(x) >= 1e10 && fabs(x) < 9e15
            ? g_ascii_formatd(buf, sizeof buf, "%.0f", x)
            : g_ascii_formatd(buf, sizeof buf, "%.10g", x);
        g_assert_cmpstr(s->str, ==, want);
        g_string_free(s, TRUE);
    }
    /* random magnitudes across the fixed-notation range and past it, and near-ties */
    GRand *rand = g_rand_new_with_seed(11);
    for (int i = 0; i < 400000; i++) {
        double x = pow(10, g_rand_double_range(rand, -6, 11)) * (g_rand_boolean(rand) ? 1 : -1);
        if (i % 4 == 1)
            x = round(x * 1e4) / 1e4 + 5e-5;           /* a tie at the 10th digit, nearly */
        if (i % 4 == 2)
            x = (double)(float)x;                      /* short binary fractions */
        if (i % 4 == 3)                                /* an 11th digit of 5: near-ties */
            x = ((double)g_rand_int_range(rand, 100000000, 1000000000) * 100 + 5 +
                 10 * g_rand_int_range(rand, 0, 10)) * pow(10, g_rand_int_range(rand, -15, 0));
        GString *s = g_string_new(NULL);
        sim_fmt_num(s, x, FALSE);
        const char *want = x == floor(x) && fabs(x) >= 1e10 && fabs(x) < 9e15
            ? g_ascii_formatd(buf, sizeof buf, "%.0f", x)
            : g_ascii_formatd(buf, sizeof buf, "%.10g", x);
        if (strcmp(s->str, want) != 0)
            g_error("sim_fmt_num(%.17g) wrote %s, printf %s", x, s->str, want);
        g_string_free(s, TRUE);
    }
    g_rand_free(rand);
    static const uint64_t us[] = { 0, 9, 10, 4194304, UINT64_MAX };
    for (size_t i = 0; i < G_N_ELEMENTS(us); i++) {
        GString *s = g_string_new(NULL);
        sim_fmt_u64(s, us[i]);
        g_autofree char *want = g_strdup_printf("%" G_GUINT64_FORMAT, us[i]);
        g_assert_cmpstr(s->str, ==, want);
        g_string_free(s, TRUE);
    }
}

static void assert_csv_error(const char *text, const char *message)
{
    GError *error = NULL;
    g_assert_null(plot_csv_parse("bad.csv", text, &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_cmpstr(error->message, ==, message);
    g_clear_error(&error);
}

static void test_csv_quote_errors(void)
{
    assert_csv_error("a,b\n1,\"open\n2,3\n",
                     "bad.csv:2:3: error: quoted field is not closed, expected a '\"' before "
                     "the end of the file");
    assert_csv_error("a,b\n\"x\ny\"z,1\n",
                     "bad.csv:3:3: error: 'z' after the closing quote, expected ',' or the end "
                     "of the line (a quote inside a quoted field is written \"\")");
    assert_csv_error("a,b\n1,2\n\"x\ny\"\n",
                     "bad.csv:3:1: error: row has 1 fields, expected 2 as in the header");
    assert_csv_error("a,\"b\", b\n\"a\",1,2\n",
                     "bad.csv:1:8: error: column 'b' appears twice in the header, expected "
                     "unique names");
}

static void test_csv_load(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = g_build_filename(dir, "s.csv", NULL);
    g_assert_true(g_file_set_contents(path, "x,y\n1,2\n2,4\n", -1, NULL));
    GError *error = NULL;
    PlotCsv *csv = plot_csv_load(path, &error);
    g_assert_no_error(error);
    const double *y = plot_csv_doubles(csv, "y", &error);
    g_assert_cmpfloat(y[0] + y[1], ==, 6.0);
    plot_csv_free(csv);
    tu_rmtree(dir);
}

/* Only the kept columns are stored; every column stays in the header; a bad row is still
 * found in a dropped column's place. */
static void test_csv_load_columns(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = g_build_filename(dir, "v.csv", NULL);
    g_assert_true(g_file_set_contents(path, "name,a_frac,big,\"q\",b_frac\nv1,0.5,x,\"a,b\",1\n"
                                      "v2,0.25,y,z,2\n", -1, NULL));
    static const char *const keep[] = { "name", "*_frac", NULL };
    GError *error = NULL;
    PlotCsv *csv = plot_csv_load_columns(path, keep, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(plot_csv_n_cols(csv), ==, 5);
    g_assert_cmpint(plot_csv_col_index(csv, "big"), ==, 2);
    g_assert_cmpstr(plot_csv_strings(csv, "name", NULL)[1], ==, "v2");
    g_assert_cmpfloat(plot_csv_doubles(csv, "a_frac", NULL)[1], ==, 0.25);
    g_assert_cmpfloat(plot_csv_doubles(csv, "b_frac", NULL)[0], ==, 1.0);
    plot_csv_free(csv);
    g_assert_true(g_file_set_contents(path, "name,big,a_frac\nv1,x,1\nv2,y\n", -1, NULL));
    g_assert_null(plot_csv_load_columns(path, keep, &error));
    g_assert_nonnull(strstr(error->message, "v.csv:3:1: error: row has 2 fields, expected 3"));
    g_clear_error(&error);
    tu_rmtree(dir);
}

/* ---- sample charts ------------------------------------------------------------------ */

#define N_PTS 40

static PlotChart *sample_line(PlotKind kind)
{
    PlotChart *c = plot_chart_new(kind, kind == PLOT_KIND_STEP ? "Running VMs per host"
                                                               : "Memory in use per host");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Simulated time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, kind == PLOT_KIND_STEP ? "VMs" : "Memory in use",
                        kind == PLOT_KIND_STEP ? PLOT_UNIT_NONE : PLOT_UNIT_BYTES);
    double x[N_PTS], y[3][N_PTS], lo[N_PTS], hi[N_PTS];
    for (int i = 0; i < N_PTS; i++) {
        x[i] = i * 90.0;                                          /* 0 .. 58.5 min */
        for (int s = 0; s < 3; s++)
            y[s][i] = kind == PLOT_KIND_STEP ? (double)((i * (s + 3) / 7 + s * 2) % 9)
                      : (8.0 + s * 5 + 3 * sin(i / 5.0 + s)) * 1073741824.0;
        lo[i] = y[0][i] * 0.9;
        hi[i] = y[0][i] * 1.08;
    }
    const char *names[3] = { "host h1", "host h2", "host h3 (migration target)" };
    for (int s = 0; s < 3; s++)
        plot_chart_add_series(c, names[s], x, y[s], N_PTS);
    if (kind == PLOT_KIND_LINE) {
        plot_chart_set_errors(c, 0, lo, hi);
        double util[N_PTS];
        for (int i = 0; i < N_PTS; i++)
            util[i] = 0.5 + 0.4 * cos(i / 6.0);
        size_t s = plot_chart_add_series(c, "CPU utilisation h1", x, util, N_PTS);
        plot_chart_series_use_y2(c, s);
        plot_chart_set_axis(c, PLOT_AXIS_Y2, "CPU utilisation", PLOT_UNIT_FRAC);
    }
    return c;
}

static PlotChart *sample_scatter(void)
{
    PlotChart *c = plot_chart_new(PLOT_KIND_SCATTER, "Migration time vs. dirty rate (95% CI)");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Page dirty rate", PLOT_UNIT_BYTES_PER_S);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Total migration time", PLOT_UNIT_SECONDS);
    double x[12], y[2][12], lo[12], hi[12];
    for (int i = 0; i < 12; i++) {
        x[i] = (i + 1) * 20e6;
        y[0][i] = 4.0 + 0.9 * i + 0.05 * i * i;
        y[1][i] = 6.0 + 0.3 * i;
        lo[i] = y[0][i] - 0.4 - 0.05 * i;
        hi[i] = y[0][i] + 0.4 + 0.05 * i;
    }
    size_t s = plot_chart_add_series(c, "pre-copy", x, y[0], 12);
    plot_chart_set_errors(c, s, lo, hi);
    plot_chart_add_series(c, "post-copy", x, y[1], 12);
    return c;
}

static PlotChart *sample_cdf(void)
{
    PlotChart *c = plot_chart_new(PLOT_KIND_CDF, "Downtime per migration");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Downtime", PLOT_UNIT_SECONDS);
    const char *names[3] = { "pre-copy", "post-copy", "hybrid" };
    double v[200];
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < 200; i++)                  /* deterministic exponential-ish */
            v[i] = 0.02 * (s + 1) * -log(1.0 - (i + 0.5) / 200.0) + 0.005 * s;
        plot_chart_add_samples(c, names[s], v, 200);
    }
    return c;
}

static const char *bar_cats[] = { "Type 1, nested paging", "Type 1, shadow paging",
                                  "Type 2, nested paging", "container" };
static const char *bar_series[] = { "VM exits", "page walks", "I/O emulation", "host OS path" };

static PlotChart *sample_bars(PlotKind kind)
{
    PlotChart *c = plot_chart_new(kind, kind == PLOT_KIND_STACKED_BAR
                                  ? "Where the overhead goes" : "Overhead by component");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Configuration", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Share of CPU time", PLOT_UNIT_FRAC);
    plot_chart_set_categories(c, bar_cats, 4);
    for (int s = 0; s < 4; s++) {
        double v[4];
        for (int k = 0; k < 4; k++)
            v[k] = 0.01 + 0.02 * ((s * 3 + k * 5) % 7);
        plot_chart_add_bars(c, bar_series[s], v, 4);
    }
    return c;
}

static PlotChart *sample_gantt(void)
{
    PlotChart *c = plot_chart_new(PLOT_KIND_GANTT, "VM timeline");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Simulated time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "VM", PLOT_UNIT_NONE);
    size_t run = plot_chart_add_interval_kind(c, "running", FALSE);
    size_t mig = plot_chart_add_interval_kind(c, "migrating", FALSE);
    size_t down = plot_chart_add_interval_kind(c, "downtime", TRUE);
    for (int r = 0; r < 6; r++) {
        char name[32];
        g_snprintf(name, sizeof name, "vm-%02d", r);
        size_t row = plot_chart_add_row(c, name);
        double t0 = r * 120.0, mig_at = 900.0 + r * 150.0;
        plot_chart_add_interval(c, row, run, t0, 3600.0);
        plot_chart_add_interval(c, row, mig, mig_at, mig_at + 240.0);
        plot_chart_add_interval(c, row, down, mig_at + 240.0, mig_at + 240.3);
    }
    return c;
}

#define HEAT_ROWS 12
#define HEAT_COLS 60

static PlotChart *sample_heatmap(void)
{
    PlotChart *c = plot_chart_new(PLOT_KIND_HEATMAP, "CPU utilisation per host");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Simulated time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Host", PLOT_UNIT_NONE);
    plot_chart_set_axis(c, PLOT_AXIS_COLOR, "CPU utilisation", PLOT_UNIT_FRAC);
    double v[HEAT_ROWS * HEAT_COLS];
    char *names[HEAT_ROWS];
    for (int r = 0; r < HEAT_ROWS; r++) {
        names[r] = g_strdup_printf("rack-1/host-%02d", r);
        for (int k = 0; k < HEAT_COLS; k++)
            v[r * HEAT_COLS + k] = 0.5 + 0.5 * sin(k / 8.0 + r / 3.0);
    }
    v[0] = 1.0;
    v[5 * HEAT_COLS + 30] = NAN;                       /* a missing sample */
    plot_chart_set_heatmap(c, (const char *const *)names, HEAT_ROWS, HEAT_COLS, v, 0, 7200);
    for (int r = 0; r < HEAT_ROWS; r++)
        g_free(names[r]);
    return c;
}

static PlotChart *sample_chart(PlotKind kind)
{
    switch (kind) {
    case PLOT_KIND_LINE:
    case PLOT_KIND_STEP: return sample_line(kind);
    case PLOT_KIND_SCATTER: return sample_scatter();
    case PLOT_KIND_CDF: return sample_cdf();
    case PLOT_KIND_STACKED_BAR:
    case PLOT_KIND_GROUPED_BAR: return sample_bars(kind);
    case PLOT_KIND_GANTT: return sample_gantt();
    case PLOT_KIND_HEATMAP: return sample_heatmap();
    case PLOT_KIND_COUNT_: break;
    }
    g_assert_not_reached();
}

/* ---- rendering ---------------------------------------------------------------------- */

typedef struct {
    int width, height;
    size_t non_white;          /* pixels that are not the white background */
    size_t matching;           /* pixels within 3 levels of the colour asked for */
} PngStats;

static PngStats png_stats(const char *path, const int rgb[3])
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    PngStats st = { cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), 0, 0 };
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < st.height; y++) {
        const guint32 *row = (const guint32 *)(data + (size_t)y * stride);
        for (int x = 0; x < st.width; x++) {
            int px[3] = { (row[x] >> 16) & 0xff, (row[x] >> 8) & 0xff, row[x] & 0xff };
            st.non_white += (row[x] & 0xffffff) != 0xffffff;
            st.matching += abs(px[0] - rgb[0]) <= 3 && abs(px[1] - rgb[1]) <= 3
                           && abs(px[2] - rgb[2]) <= 3;
        }
    }
    cairo_surface_destroy(s);
    return st;
}

/* The colour the first series of a sample chart shows in a PNG. */
static void data_colour(PlotKind kind, int rgb[3])
{
    static const int blue[3] = { 0x00, 0x72, 0xB2 };
    static const int blue80[3] = { 51, 142, 193 };           /* blue at 80 % on white */
    static const int viridis_top[3] = { 253, 231, 37 };
    const int *c = kind == PLOT_KIND_SCATTER ? blue80 : kind == PLOT_KIND_HEATMAP ? viridis_top
                                                                                   : blue;
    memcpy(rgb, c, sizeof(int[3]));
}

static char *out_dir(void)
{
    const char *keep = g_getenv("PLOT_TEST_OUT");
    if (keep && *keep) {
        g_mkdir_with_parents(keep, 0755);
        return g_strdup(keep);
    }
    return tu_tmpdir();
}

static void out_dir_done(char *dir)
{
    const char *keep = g_getenv("PLOT_TEST_OUT");
    if (!keep || !*keep)
        tu_rmtree(dir);
    g_free(dir);
}

static char *render(PlotChart *c, const char *dir, const char *name, int w, int h)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *error = NULL;
    g_assert_true(plot_chart_write(c, path, w, h, &error));
    g_assert_no_error(error);
    g_autofree char *tmp = g_strconcat(path, ".tmp", NULL);
    g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));     /* renamed away */
    return path;
}

static void check_png(PlotKind kind, const char *path, int w, int h, gboolean has_data)
{
    int rgb[3];
    data_colour(kind, rgb);
    PngStats st = png_stats(path, rgb);
    g_assert_cmpint(st.width, ==, w);
    g_assert_cmpint(st.height, ==, h);
    g_assert_cmpuint(st.non_white, >, (size_t)(w * h) / 200);  /* frame, text: not blank */
    if (has_data)
        g_assert_cmpuint(st.matching, >, 100);                  /* the data is drawn */
}

static void check_svg(PlotChart *c, const char *path)
{
    g_autofree char *svg = tu_read(path);
    g_assert_nonnull(svg);
    g_assert_true(g_str_has_prefix(svg, "<?xml"));
    g_assert_nonnull(strstr(svg, "</svg>"));
    g_assert_nonnull(strstr(svg, "<title>"));
    g_assert_nonnull(strstr(svg, plot_chart_kind(c) == PLOT_KIND_GANTT ? "<title>VM timeline<"
                                                                        : "</title>"));
    g_assert_nonnull(strstr(svg, "<desc>"));
    /* every sample chart's x axis title starts with one of these */
    g_assert_true(strstr(svg, "Simulated time (") || strstr(svg, "Page dirty rate (")
                  || strstr(svg, "Downtime (") || strstr(svg, "\nConfiguration\n"));
}

typedef struct { PlotKind kind; const char *ext; } RenderCase;

static void test_render_kind(gconstpointer data)
{
    const RenderCase *rc = data;
    char *dir = out_dir();
    PlotChart *c = sample_chart(rc->kind);
    g_autofree char *name = g_strdup_printf("%s.%s", plot_kind_name(rc->kind), rc->ext);
    g_autofree char *path = render(c, dir, name, 0, 0);
    const PlotDrawn *d = plot_chart_drawn(c);
    g_assert_false(d->empty);
    g_assert_cmpuint(d->series, >, 0);
    if (strcmp(rc->ext, "png") == 0)
        check_png(rc->kind, path, PLOT_DEFAULT_WIDTH_PX, PLOT_DEFAULT_HEIGHT_PX, TRUE);
    else if (strcmp(rc->ext, "svg") == 0)
        check_svg(c, path);
    else {
        g_autofree char *pdf = tu_read(path);
        g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
    }
    plot_chart_free(c);
    out_dir_done(dir);
}

static void test_render_svg_text(void)
{
    char *dir = out_dir();
    PlotChart *c = sample_line(PLOT_KIND_LINE);
    g_autofree char *path = render(c, dir, "line-text.svg", 0, 0);
    g_autofree char *svg = tu_read(path);
    g_assert_nonnull(strstr(svg, "<title>Memory in use per host</title>"));
    g_assert_nonnull(strstr(svg, "Simulated time (min)"));
    g_assert_nonnull(strstr(svg, "Memory in use (GiB)"));
    g_assert_nonnull(strstr(svg, "CPU utilisation (%)"));
    g_assert_nonnull(strstr(svg, "host h3 (migration target)"));
    g_assert_nonnull(strstr(svg, "CPU utilisation h1 (right axis)"));
    plot_chart_free(c);
    c = plot_chart_new(PLOT_KIND_LINE, "a < b & \"c\"");        /* escaped in the markup */
    g_autofree char *p2 = render(c, dir, "escape.svg", 300, 200);
    g_autofree char *svg2 = tu_read(p2);
    g_assert_nonnull(strstr(svg2, "<title>a &lt; b &amp; &quot;c&quot;</title>"));
    plot_chart_free(c);
    out_dir_done(dir);
}

static void test_render_bar_structure(void)
{
    char *dir = out_dir();
    for (PlotKind k = PLOT_KIND_STACKED_BAR; k <= PLOT_KIND_GROUPED_BAR; k++) {
        PlotChart *c = sample_bars(k);
        g_autofree char *path = render(c, dir, k == PLOT_KIND_STACKED_BAR ? "sb.png" : "gb.png",
                                       0, 0);
        const PlotDrawn *d = plot_chart_drawn(c);
        g_assert_cmpuint(d->bars, ==, 4 * 4);
        g_assert_cmpuint(d->series, ==, 4);
        g_assert_cmpuint(d->legend_entries, ==, 4);
        plot_chart_free(c);
    }
    PlotChart *c = plot_chart_new(PLOT_KIND_STACKED_BAR, "zeros and negatives");
    const char *cats[3] = { "a", "b", "c" };
    const double v1[3] = { 1, 0, -2 }, v2[3] = { NAN, 3, 4 };
    plot_chart_set_categories(c, cats, 3);
    plot_chart_add_bars(c, "s1", v1, 3);
    plot_chart_add_bars(c, "s2", v2, 3);
    g_autofree char *path = render(c, dir, "sb-neg.png", 600, 400);
    g_assert_cmpuint(plot_chart_drawn(c)->bars, ==, 4);           /* zero and NaN: no bar */
    plot_chart_free(c);
    out_dir_done(dir);
}

static void test_render_counts(void)
{
    char *dir = out_dir();
    PlotChart *g = sample_gantt();
    g_autofree char *p1 = render(g, dir, "gantt-count.png", 0, 0);
    g_assert_cmpuint(plot_chart_drawn(g)->intervals, ==, 18);
    g_assert_cmpuint(plot_chart_drawn(g)->legend_entries, ==, 3);
    int black[3] = { 0, 0, 0 };      /* downtime is hatched in black: visible though 0.3 s */
    g_assert_cmpuint(png_stats(p1, black).matching, >, 6 * 10);
    PlotChart *h = sample_heatmap();
    g_autofree char *p2 = render(h, dir, "heat-count.png", 0, 0);
    g_assert_cmpuint(plot_chart_drawn(h)->cells, ==, HEAT_ROWS * HEAT_COLS - 1);
    PlotChart *l = sample_line(PLOT_KIND_LINE);
    g_autofree char *p3 = render(l, dir, "line-count.png", 0, 0);
    g_assert_cmpuint(plot_chart_drawn(l)->error_bars, ==, N_PTS);
    g_assert_cmpuint(plot_chart_drawn(l)->points, ==, 4 * N_PTS);
    plot_chart_free(g);
    plot_chart_free(h);
    plot_chart_free(l);
    out_dir_done(dir);
}

static void test_render_empty(void)
{
    char *dir = out_dir();
    for (PlotKind k = 0; k < PLOT_KIND_COUNT_; k++) {
        PlotChart *c = plot_chart_new(k, "Nothing yet");
        plot_chart_set_axis(c, PLOT_AXIS_X, "Simulated time", PLOT_UNIT_SECONDS);
        if (k == PLOT_KIND_LINE)
            plot_chart_add_series(c, "empty series", NULL, NULL, 0);
        g_autofree char *name = g_strdup_printf("empty-%s.png", plot_kind_name(k));
        g_autofree char *path = render(c, dir, name, 800, 500);
        g_assert_true(plot_chart_drawn(c)->empty);
        check_png(k, path, 800, 500, FALSE);
        g_autofree char *svg_name = g_strdup_printf("empty-%s.svg", plot_kind_name(k));
        g_autofree char *svg_path = render(c, dir, svg_name, 800, 500);
        g_autofree char *svg = tu_read(svg_path);
        g_assert_nonnull(strstr(svg, "no data"));
        plot_chart_free(c);
    }
    out_dir_done(dir);
}

static void test_render_sizes(void)
{
    char *dir = out_dir();
    PlotChart *c = sample_chart(PLOT_KIND_GROUPED_BAR);
    g_autofree char *small = render(c, dir, "small.png", 480, 300);
    check_png(PLOT_KIND_GROUPED_BAR, small, 480, 300, TRUE);
    g_autofree char *big = render(c, dir, "big.PNG", 2400, 1400);
    check_png(PLOT_KIND_GROUPED_BAR, big, 2400, 1400, TRUE);
    plot_chart_free(c);
    out_dir_done(dir);
}

static void test_write_errors(void)
{
    char *dir = tu_tmpdir();
    PlotChart *c = sample_chart(PLOT_KIND_LINE);
    GError *error = NULL;
    g_autofree char *bad_ext = g_build_filename(dir, "chart.jpg", NULL);
    g_assert_false(plot_chart_write(c, bad_ext, 0, 0, &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_FORMAT);
    g_clear_error(&error);
    g_autofree char *no_dir = g_build_filename(dir, "missing", "chart.png", NULL);
    g_assert_false(plot_chart_write(c, no_dir, 0, 0, &error));
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_IO);
    g_assert_nonnull(strstr(error->message, no_dir));
    g_clear_error(&error);
    g_assert_false(plot_chart_write(c, no_dir, 40000, 40000, &error));   /* cairo refuses */
    g_assert_error(error, PLOT_ERROR, PLOT_ERROR_CAIRO);
    g_clear_error(&error);
    g_autofree char *path = g_build_filename(dir, "chart.png", NULL);    /* replaces a file */
    g_assert_true(g_file_set_contents(path, "old", -1, NULL));
    g_assert_true(plot_chart_write(c, path, 300, 200, &error));
    g_autofree char *png = tu_read(path);
    g_assert_true(memcmp(png, "\x89PNG", 4) == 0);
    plot_chart_free(c);
    tu_rmtree(dir);
    g_free(dir);
}

/* LeakSanitizer hook (used only in `make SAN=1` builds): fontconfig parses its XML
 * configuration into a process-wide cache that only FcFini() frees, and libfontconfig is
 * not among the libraries we link directly. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* The intended flow: simulator CSV -> columns -> chart. */
static void test_csv_to_chart(void)
{
    char *dir = out_dir();
    GError *error = NULL;
    PlotCsv *csv = plot_csv_parse("mem.csv", "time_s,used_bytes\n0,1e9\n60,2e9\n120,1.5e9\n",
                                  &error);
    g_assert_no_error(error);
    const double *t = plot_csv_doubles(csv, "time_s", &error);
    const double *m = plot_csv_doubles(csv, "used_bytes", &error);
    g_assert_no_error(error);
    PlotChart *c = plot_chart_new(PLOT_KIND_STEP, "From CSV");
    plot_chart_set_axis(c, PLOT_AXIS_X, "Time", PLOT_UNIT_SECONDS);
    plot_chart_set_axis(c, PLOT_AXIS_Y, "Used", PLOT_UNIT_BYTES);
    plot_chart_add_series(c, "used", t, m, plot_csv_n_rows(csv));
    plot_csv_free(csv);                                /* the chart keeps its own copy */
    g_autofree char *path = render(c, dir, "from-csv.svg", 600, 400);
    g_autofree char *svg = tu_read(path);
    g_assert_nonnull(strstr(svg, "Time (min)"));
    g_assert_nonnull(strstr(svg, "Used (GiB)"));
    g_assert_cmpuint(plot_chart_drawn(c)->points, ==, 3);
    plot_chart_free(c);
    out_dir_done(dir);
}

/* Same chart, same bytes: PNG output depends only on the data.  (SVG carries cairo's
 * process-wide surface counter in an element id, so two SVGs written by one process
 * differ there; between runs of the same program they are identical.) */
/* The same chart twice gives the same bytes in every format: no creation date in the PDF
 * (a fixed one, or SOURCE_DATE_EPOCH's), none in PNG or SVG. */
static void test_render_deterministic(void)
{
    static const char *const exts[] = { "png", "svg", "pdf" };
    char *dir = tu_tmpdir();
    PlotChart *c = sample_chart(PLOT_KIND_GANTT);
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        g_autofree char *a = g_strdup_printf("a.%s", exts[i]), *b = g_strdup_printf("b.%s",
                                                                                  exts[i]);
        g_autofree char *p1 = render(c, dir, a, 0, 0);
        g_usleep(1100000 * (i == 2));             /* PDF dates have one-second resolution */
        g_autofree char *p2 = render(c, dir, b, 0, 0);
        gsize l1, l2;
        g_autofree char *b1 = NULL, *b2 = NULL;
        g_assert_true(g_file_get_contents(p1, &b1, &l1, NULL));
        g_assert_true(g_file_get_contents(p2, &b2, &l2, NULL));
        g_assert_cmpmem(b1, l1, b2, l2);
        if (i == 2)
            g_assert_nonnull(memmem(b1, l1, "20000101000000", 14));
    }
    plot_chart_free(c);
    tu_rmtree(dir);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/plot/ticks/unit-range", test_ticks_unit_range);
    g_test_add_func("/plot/ticks/bytes-0-1e9", test_ticks_bytes);
    g_test_add_func("/plot/ticks/negative", test_ticks_negative);
    g_test_add_func("/plot/ticks/degenerate", test_ticks_degenerate);
    g_test_add_func("/plot/ticks/random-seed-20240611", test_ticks_random);
    g_test_add_func("/plot/ticks/units-and-labels", test_units_labels);
    g_test_add_func("/plot/csv/good", test_csv_good);
    g_test_add_func("/plot/csv/errors", test_csv_errors);
    g_test_add_func("/plot/csv/load", test_csv_load);
    g_test_add_func("/plot/csv/load-columns", test_csv_load_columns);
    g_test_add_func("/plot/csv/quoted", test_csv_quoted);
    g_test_add_func("/plot/csv/quote-errors", test_csv_quote_errors);
    g_test_add_func("/plot/csv/fmt-roundtrip", test_csv_fmt_roundtrip);
    g_test_add_func("/plot/csv/fmt-fast-paths", test_fmt_num_fast_paths);
    static const char *exts[] = { "png", "svg", "pdf" };
    static RenderCase cases[PLOT_KIND_COUNT_ * 3];
    for (int k = 0; k < PLOT_KIND_COUNT_; k++) {
        for (int e = 0; e < 3; e++) {
            RenderCase *rc = &cases[k * 3 + e];
            *rc = (RenderCase){ k, exts[e] };
            g_autofree char *p = g_strdup_printf("/plot/render/%s/%s", plot_kind_name(k), exts[e]);
            g_test_add_data_func(p, rc, test_render_kind);
        }
    }
    g_test_add_func("/plot/render/svg-text", test_render_svg_text);
    g_test_add_func("/plot/render/bar-structure", test_render_bar_structure);
    g_test_add_func("/plot/render/counts", test_render_counts);
    g_test_add_func("/plot/render/empty", test_render_empty);
    g_test_add_func("/plot/render/sizes", test_render_sizes);
    g_test_add_func("/plot/render/deterministic", test_render_deterministic);
    g_test_add_func("/plot/csv/to-chart", test_csv_to_chart);
    g_test_add_func("/plot/write/errors", test_write_errors);
    int status = g_test_run();
    /* Drop pango's font map so the sanitizer build reports only leaks of our own.  Not
     * cairo_debug_reset_static_data(): it asserts when a font is still referenced from a
     * cache, which happened now and then (a clean clone's CI run); cairo's static caches
     * stay reachable, so LeakSanitizer does not count them anyway. */
    pango_cairo_font_map_set_default(NULL);
    return status;
}
