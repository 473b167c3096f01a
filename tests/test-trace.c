/* tests/test-trace.c — sim/trace: every reader on files in its published layout (plain and
 * gzip, shards, directories), the compact store and its precision, the cache (parse once),
 * populations (selection, phases, windows, arrivals) and every kind of bad input rejected
 * with its exact "file:line:col: error:" line.  Run from the top of the source tree. */
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sim/trace/cache.h"
#include "sim/trace/population.h"
#include "sim/trace/reader.h"
#include "sim/yaml/doc.h"
#include "tests/testutil.h"

#define NS_S SIM_NS_PER_S
#define Q    (1.0 / TRACE_Q_MAX)

static char *dir;

static char *put(const char *name, const char *text)
{
    char *p = g_build_filename(dir, name, NULL);
    g_autofree char *d = g_path_get_dirname(p);
    g_mkdir_with_parents(d, 0755);
    g_assert_true(g_file_set_contents(p, text, -1, NULL));
    return p;
}

static char *put_gz(const char *name, const char *text)
{
    char *p = g_build_filename(dir, name, NULL);
    g_autofree char *d = g_path_get_dirname(p);
    g_mkdir_with_parents(d, 0755);
    g_autoptr(GFile) f = g_file_new_for_path(p);
    g_autoptr(GFileOutputStream) out = g_file_replace(f, NULL, FALSE, 0, NULL, NULL);
    g_autoptr(GZlibCompressor) z = g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
    g_autoptr(GOutputStream) gz = g_converter_output_stream_new(G_OUTPUT_STREAM(out),
                                                                G_CONVERTER(z));
    g_assert_true(g_output_stream_write_all(gz, text, strlen(text), NULL, NULL, NULL));
    g_assert_true(g_output_stream_close(gz, NULL, NULL));
    return p;
}

static TraceSet *load(const char *spec, TraceFormat f, const char *column, GError **error)
{
    TraceLoadOptions o = { .format = f, .column = column };
    return trace_load(spec, &o, error);
}

/* text (or an existing path when text is NULL) must fail with exactly `want` after the path. */
static void assert_bad(const char *name, const char *text, TraceFormat f, const char *want)
{
    g_autofree char *p = text ? put(name, text) : g_build_filename(dir, name, NULL);
    GError *error = NULL;
    g_assert_null(load(p, f, NULL, &error));
    g_assert_nonnull(error);
    g_autofree char *full = g_strdup_printf("%s:%s", p, want);
    if (strcmp(error->message, full) != 0)
        g_error("expected '%s', got '%s'", full, error->message);
    g_error_free(error);
}

static const TraceSeries *only(const TraceSet *s)
{
    g_assert_cmpuint(trace_set_len(s), ==, 1);
    return trace_set_get(s, 0);
}

#define BB_HDR "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];" \
    "\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\t" \
    "Disk read throughput [KB/s];\tDisk write throughput [KB/s];\t" \
    "Network received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n"
#define BB_ROW(t, pct) t ";\t4;\t10000;\t2500;\t" pct ";\t8388608;\t1000;\t0;\t0;\t0;\t0\n"

/* ---- readers ---- */

static void test_shipped_samples(void)
{
    GError *error = NULL;
    TraceSet *s = load("scenarios/traces/bitbrains-sample.csv", TRACE_BITBRAINS, NULL, &error);
    g_assert_no_error(error);
    const TraceSeries *se = only(s);
    g_assert_cmpuint(se->n, ==, 48);
    g_assert_cmpint(trace_series_time_ns(se, 0), ==, 0);      /* epoch seconds rebased */
    g_assert_cmpint(trace_series_time_ns(se, 47), ==, 47 * 1800 * NS_S);
    g_assert_cmpfloat_with_epsilon(trace_series_value_frac(se, 0), 0.11410456, Q / 2);
    g_assert_cmpint(se->vcpus, ==, 4);
    g_assert_cmpuint(se->memory_bytes, ==, UINT64_C(8388608) * 1024);
    trace_set_free(s);
    s = load("scenarios/traces/bitbrains-sample.csv", TRACE_BITBRAINS, "cpu_mhz", &error);
    g_assert_cmpfloat_with_epsilon(trace_series_value_frac(only(s), 0), 1186.686954 / 10399.996,
                                   Q / 2);
    trace_set_free(s);
    s = load("scenarios/traces/azure-sample.csv", TRACE_AZURE, "max", &error);
    g_assert_no_error(error);
    g_assert_cmpuint(trace_set_len(s), ==, 2);
    se = trace_set_get(s, trace_set_find(s, "Xk3vq0Lz9rTn2mWbY7eHcA=="));
    g_assert_cmpint(se->step_ns, ==, 1800 * NS_S);             /* even: no times kept */
    g_assert_null(se->t_ns);
    g_assert_cmpfloat_with_epsilon(trace_series_value_frac(se, 0), 0.31171414, Q / 2);
    trace_set_free(s);
}

static void test_azure_shards_gzip_vmtable(void)
{
    g_autofree char *a = put_gz("az/vm_cpu_readings-file-1-of-2.csv.gz",
                                "0,A,1,2,20\n0,B,1,2,50\n300,A,1,2,20\n");
    g_autofree char *b = put_gz("az/vm_cpu_readings-file-2-of-2.csv.gz",
                                "600,A,1,2,80\n600,B,1,2,50\n");
    g_autofree char *vt = put_gz("az/vmtable.csv.gz",
        "A,s,d,0,900,90,40,85,Interactive,4,8\n"
        "B,s,d,0,1200,90,40,85,Delay-insensitive,>24,>64\n"
        "C,s,d,0,1200,90,40,85,Unknown,2,4\n");
    g_autofree char *glob = g_build_filename(dir, "az/vm_cpu_readings-*.csv.gz", NULL);
    GError *error = NULL;
    TraceSet *s = load(glob, TRACE_AZURE, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(trace_set_len(s), ==, 2);
    const TraceSeries *A = trace_set_get(s, 0), *B = trace_set_get(s, 1);
    g_assert_cmpstr(A->id, ==, "A");
    g_assert_cmpuint(A->n, ==, 3);
    g_assert_cmpfloat(trace_series_value_frac(A, 2), ==, 0.8);
    g_assert_cmpint(A->vcpus, ==, 4);
    g_assert_cmpuint(A->memory_bytes, ==, UINT64_C(8) << 30);
    g_assert_cmpint(A->deleted_ns, ==, 900 * NS_S);
    g_assert_cmpint(B->vcpus, ==, 30);                        /* ">24", as the notebook reads it */
    g_assert_cmpuint(B->memory_bytes, ==, UINT64_C(70) << 30);
    trace_set_free(s);
    /* a reading whose vmid vmtable lacks */
    g_autofree char *c = put("az2/vm_cpu_readings-file-1-of-1.csv", "0,A,1,2,20\n300,Z,1,2,3\n");
    g_free(put("az2/vmtable.csv", "A,s,d,0,900,90,40,85,Interactive,4,8\n"));
    g_assert_null(load(c, TRACE_AZURE, NULL, &error));
    g_autofree char *want = g_strdup_printf("%s:2:5: error: vmid 'Z' is not in vmtable (expected "
                                            "every VM of the readings to be listed there)", c);
    g_assert_cmpstr(error->message, ==, want);
    g_clear_error(&error);
}

static void test_bitbrains_directory(void)
{
    g_free(put("bb/fastStorage/1.csv", BB_HDR BB_ROW("1000", "10") BB_ROW("1300", "20")));
    g_free(put("bb/fastStorage/2.csv", BB_HDR BB_ROW("1150", "40") BB_ROW("1400", "60")));
    g_autofree char *d = g_build_filename(dir, "bb/fastStorage", NULL);
    GError *error = NULL;
    TraceSet *s = load(d, TRACE_BITBRAINS, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(trace_set_len(s), ==, 2);
    g_assert_cmpstr(trace_set_get(s, 1)->id, ==, "2");
    g_assert_cmpint(trace_set_get(s, 0)->t0_ns, ==, 0);        /* rebased on the set's first */
    g_assert_cmpint(trace_set_get(s, 1)->t0_ns, ==, 150 * NS_S);
    trace_set_free(s);
}

static void test_google_and_alibaba(void)
{
    g_autofree char *g = put("google/part-00000-of-00500.csv",
        "600000000,900000000,62,0,1436,0.05,0.01,0.02,0,0,0.01,0,0,0.08,0,1.2,0.003,1,0,0.05\n"
        "600000000,900000000,62,1,1437,0.10,0.01,0.02,0,0,0.01,0,0,0.18,0,1.2,0.003,1,0,0.1\n"
        "900000000,1200000000,62,0,1436,0.20,0.01,0.02,0,0,0.01,0,0,0.28,0,1.2,0.003,1,0,0.2\n");
    GError *error = NULL;
    TraceSet *s = load(g, TRACE_GOOGLE, "max", &error);
    g_assert_no_error(error);
    g_assert_cmpuint(trace_set_len(s), ==, 2);
    const TraceSeries *t = trace_set_get(s, trace_set_find(s, "62-0"));
    g_assert_cmpint(t->t0_ns, ==, 600 * NS_S);                 /* microseconds */
    g_assert_cmpfloat_with_epsilon(trace_series_value_frac(t, 1), 0.28, Q / 2);
    trace_set_free(s);
    g_autofree char *c = put("ali/container_usage.csv",
        "c_1,m_1,39000,20,50,1.1,3.2,2.1,0.5,0.6,3\nc_1,m_1,39010,80,50,1.1,3.2,2.1,0.5,0.6,3\n");
    s = load(c, TRACE_ALIBABA, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpint(trace_series_time_ns(only(s), 1), ==, 10 * NS_S);
    g_assert_cmpfloat(trace_series_value_frac(only(s), 1), ==, 0.8);
    trace_set_free(s);
    g_autofree char *m = put("ali/machine_usage.csv", "m_1,0,30,50,3.2,2,0.5,0.6,3\n");
    s = load(m, TRACE_ALIBABA, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(only(s)->id, ==, "m_1");
    trace_set_free(s);
}

/* Memory, disk and network series beside CPU: Bitbrains (usage / provisioned memory, read +
 * write, received + transmitted in KB/s), Alibaba (mem_util_percent), Google (canonical /
 * assigned memory); Azure and plain have none. */
static void test_channels(void)
{
    g_autofree char *b = put("ch/bb/1.csv", BB_HDR
        "0;\t4;\t10000;\t2500;\t25;\t8000;\t2000;\t10;\t30;\t5;\t15\n"
        "300;\t4;\t10000;\t2500;\t25;\t8000;\t6000;\t100;\t300;\t0;\t0\n");
    GError *error = NULL;
    TraceSet *s = load(b, TRACE_BITBRAINS, NULL, &error);
    g_assert_no_error(error);
    const TraceSeries *se = only(s);
    g_assert_true(trace_series_has(se, TRACE_CH_MEMORY) && trace_series_has(se, TRACE_CH_NET));
    g_assert_cmpfloat(trace_series_channel(se, TRACE_CH_MEMORY, 0), ==, 0.25);
    g_assert_cmpfloat(trace_series_channel(se, TRACE_CH_MEMORY, 1), ==, 0.75);
    g_assert_cmpfloat(trace_series_channel(se, TRACE_CH_DISK, 1), ==, 400 * 1024.0); /* full */
    g_assert_cmpfloat_with_epsilon(trace_series_channel(se, TRACE_CH_DISK, 0), 40 * 1024.0,
                                   400 * 1024.0 * Q / 2);
    g_assert_cmpfloat(trace_series_channel(se, TRACE_CH_NET, 1), ==, 0);
    TraceView v = { se, TRACE_STEP, 0, FALSE };
    g_assert_cmpfloat(trace_view_channel_at(&v, TRACE_CH_MEMORY, 299 * NS_S), ==, 0.25);
    g_assert_cmpfloat(trace_view_channel_at(&v, TRACE_CH_MEMORY, 300 * NS_S), ==, 0.75);
    trace_set_free(s);
    g_autofree char *c = put("ch/container_usage.csv",
        "c_1,m_1,39000,20,50,1.1,3.2,2.1,0.5,0.6,3\nc_1,m_1,39010,80,,1.1,3.2,2.1,0.5,0.6,3\n");
    s = load(c, TRACE_ALIBABA, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(trace_series_channel(only(s), TRACE_CH_MEMORY, 0), ==, 0.5);
    g_assert_cmpfloat(trace_series_channel(only(s), TRACE_CH_MEMORY, 1), ==, 0.5);  /* holds */
    g_assert_false(trace_series_has(only(s), TRACE_CH_DISK));
    trace_set_free(s);
    g_autofree char *g = put("ch/task_usage.csv",
        "0,300000000,62,0,1436,0.05,0.01,0.04,0,0,0.01,0,0,0.08,0,1.2,0.003,1,0,0.05\n"
        "300000000,600000000,62,0,1436,0.05,0.03,0.04,0,0,0.01,0,0,0.08,0,1.2,0.003,1,0,0.05\n");
    s = load(g, TRACE_GOOGLE, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(trace_series_channel(only(s), TRACE_CH_MEMORY, 0), ==, 0.25);
    g_assert_cmpfloat(trace_series_channel(only(s), TRACE_CH_MEMORY, 1), ==, 0.75);
    trace_set_free(s);
    s = load("scenarios/traces/azure-sample.csv", TRACE_AZURE, NULL, &error);
    g_assert_no_error(error);
    g_assert_false(trace_series_has(trace_set_get(s, 0), TRACE_CH_MEMORY));
    trace_set_free(s);
}

static void test_plain_and_rules(void)
{
    g_autofree char *p = put("plain.csv", "time,value\r\n10,0.2\n\n20,0.6\n40,0.0\n");
    GError *error = NULL;
    TraceSet *s = load(p, TRACE_PLAIN, NULL, &error);
    g_assert_no_error(error);
    TraceView v = { only(s), TRACE_STEP, 0, FALSE };
    g_assert_nonnull(only(s)->t_ns);                           /* uneven: times kept */
    g_assert_cmpfloat_with_epsilon(trace_view_at(&v, 0), 0.2, Q);
    g_assert_cmpfloat_with_epsilon(trace_view_at(&v, 20 * NS_S - 1), 0.2, Q);
    g_assert_cmpfloat_with_epsilon(trace_view_at(&v, 20 * NS_S), 0.6, Q);
    g_assert_cmpfloat(trace_view_at(&v, 100 * NS_S), ==, 0.0);
    g_assert_cmpint(trace_view_next_change_ns(&v, 10 * NS_S), ==, 20 * NS_S);
    g_assert_cmpint(trace_view_next_change_ns(&v, 40 * NS_S), ==, SIM_TIME_NEVER);
    v.interp = TRACE_LINEAR;
    g_assert_cmpfloat_with_epsilon(trace_view_at(&v, 15 * NS_S), 0.4, Q);
    /* wrapping: period = 30 s + the last gap (20 s) = 50 s, 10 s into the series */
    TraceView w = { only(s), TRACE_STEP, 10 * NS_S, TRUE };
    g_assert_cmpfloat_with_epsilon(trace_view_at(&w, 0), 0.6, Q);
    g_assert_cmpint(trace_view_next_change_ns(&w, 0), ==, 20 * NS_S);
    g_assert_cmpint(trace_view_next_change_ns(&w, 30 * NS_S), ==, 40 * NS_S);  /* wraps to 10 */
    g_assert_cmpfloat_with_epsilon(trace_view_at(&w, 40 * NS_S), 0.2, Q);
    trace_set_free(s);
}

static void test_cache_parses_once(void)
{
    g_autofree char *p = put("once.csv", "time,value\n0,0.5\n");
    TraceCache *c = trace_cache_new();
    TraceLoadOptions o = { .format = TRACE_PLAIN };
    const TraceSet *a = trace_cache_load(c, p, &o, NULL);
    g_assert_nonnull(a);
    g_assert_true(trace_cache_load(c, p, &o, NULL) == a);
    o.format = TRACE_AZURE;
    GError *error = NULL;
    g_assert_null(trace_cache_load(c, p, &o, &error));         /* another format: read again */
    g_clear_error(&error);
    trace_cache_free(c);
}

/* ---- populations ---- */

static TraceSet *pop_set(void)
{
    GString *t = g_string_new("");
    for (int k = 0; k < 12; k++)
        for (int v = 0; v < 5; v++)
            g_string_append_printf(t, "%d,vm%d,0,0,%d\n", k * 300, v, (k * 7 + v) % 12 * 8);
    g_autofree char *p = put("pop/pop.csv", t->str);
    g_string_free(t, TRUE);
    g_autofree char *vt = put("pop/vmtable.csv", "vm0,s,d,0,3600,9,9,9,I,2,4\n"
        "vm1,s,d,600,1800,9,9,9,I,2,4\nvm2,s,d,0,3600,9,9,9,I,2,4\n"
        "vm3,s,d,0,3600,9,9,9,I,2,4\nvm4,s,d,3000,3600,9,9,9,I,2,4\n");
    GError *error = NULL;
    TraceSet *s = load(p, TRACE_AZURE, NULL, &error);
    g_assert_no_error(error);
    return s;
}

static void test_population(void)
{
    TraceSet *s = pop_set();
    TracePopOptions o = { .arrivals = TRUE, .seed = 1, .stream = "trace:t" };
    const char *why = NULL;
    GArray *m = trace_population(s, &o, &why);
    g_assert_cmpuint(m->len, ==, 5);
    TraceMember *vm1 = &g_array_index(m, TraceMember, 1);
    g_assert_cmpint(vm1->start_ns, ==, 600 * NS_S);
    g_assert_cmpint(vm1->end_ns, ==, 1800 * NS_S);
    g_assert_cmpint(vm1->vcpus, ==, 2);
    g_array_free(m, TRUE);
    /* window [1000 s, 3000 s): vm4 (created 3000) is out, vm1 starts at 0, times shift */
    o.from_ns = 1000 * NS_S, o.to_ns = 3000 * NS_S;
    m = trace_population(s, &o, &why);
    g_assert_cmpuint(m->len, ==, 4);
    g_assert_cmpint(g_array_index(m, TraceMember, 1).end_ns, ==, 800 * NS_S);
    g_assert_cmpint(g_array_index(m, TraceMember, 0).end_ns, ==, SIM_TIME_NEVER);
    g_array_free(m, TRUE);
    /* a seeded random sample of 3 distinct series, the same for the same seed */
    o = (TracePopOptions){ .select = TRACE_SELECT_RANDOM, .count = 3, .seed = 7, .stream = "t" };
    GArray *a = trace_population(s, &o, &why), *b = trace_population(s, &o, &why);
    for (guint i = 0; i < 3; i++) {
        g_assert_true(g_array_index(a, TraceMember, i).view.series ==
                      g_array_index(b, TraceMember, i).view.series);
        for (guint j = 0; j < i; j++)
            g_assert_true(g_array_index(a, TraceMember, i).view.series !=
                          g_array_index(a, TraceMember, j).view.series);
    }
    g_array_free(a, TRUE);
    g_array_free(b, TRUE);
    trace_set_free(s);
}

static void test_copies_not_lock_step(void)
{
    TraceSet *s = pop_set();
    TracePopOptions o = { .vm = "vm0", .count = 8, .seed = 1, .stream = "t" };
    const char *why = NULL;
    GArray *m = trace_population(s, &o, &why);
    g_assert_cmpuint(m->len, ==, 8);
    g_assert_false(g_array_index(m, TraceMember, 0).view.wrap);       /* copy 0 as it is */
    for (guint i = 0; i < m->len; i++)
        for (guint j = 0; j < i; j++)
            g_assert_cmpint(g_array_index(m, TraceMember, i).view.phase_ns, !=,
                            g_array_index(m, TraceMember, j).view.phase_ns);
    g_array_free(m, TRUE);
    o.phase = TRACE_PHASE_NONE;
    m = trace_population(s, &o, &why);
    g_assert_cmpint(g_array_index(m, TraceMember, 7).view.phase_ns, ==, 0);
    g_array_free(m, TRUE);
    o.vm = "nope";
    g_assert_null(trace_population(s, &o, &why));
    g_assert_nonnull(strstr(why, "unknown VM id"));
    trace_set_free(s);
}

/* ---- bad input: the exact line ---- */

static void test_bad_rows(void)
{
    assert_bad("n.csv", "0,A,1,2,3\n300,A,1,2,x3\n", TRACE_AZURE,
               "2:11: error: CPU percent 'x3' is not a number (expected a decimal)");
    assert_bad("h.csv", "1e19,A,1,2,3\n", TRACE_AZURE, "1:1: error: time '1e19' is outside the "
               "int64 nanosecond range (expected 0 .. 9223372036 s)");
    assert_bad("neg.csv", "time,value\n-1,0.5\n", TRACE_PLAIN, "2:1: error: time '-1' is "
               "outside the int64 nanosecond range (expected 0 .. 9223372036 s)");
    assert_bad("b.csv", "0,A,1,2,3\n0,A,1,2,3\n", TRACE_AZURE, "2:1: error: time '0' is not "
               "after the previous sample of VM 'A' (expected increasing times per VM)");
    assert_bad("f.csv", "0,A,1,2\n", TRACE_AZURE, "1:1: error: 4 fields, expected 5 (Azure "
               "vm_cpu_readings: timestamp, vmid, min, max, avg CPU)");
    assert_bad("p.csv", "0,A,1,2,101\n", TRACE_AZURE, "1:9: error: CPU percent '101' is out of "
               "range (expected 0 .. 100)");
    assert_bad("bb.csv", BB_HDR BB_ROW("100", "5") BB_ROW("200", "5x"), TRACE_BITBRAINS,
               "3:22: error: CPU usage [%] '5x' is not a number (expected a decimal)");
    assert_bad("bbd.csv", BB_HDR "100;\t4;\t10000;\t2500;\t25;\t8000;\t2000;\t-1;\t0;\t0;\t0\n",
               TRACE_BITBRAINS, "2:38: error: Disk read throughput [KB/s] '-1' is negative "
               "(expected >= 0)");
    assert_bad("hd.csv", "Timestamp [s];\tCPU cores\n", TRACE_BITBRAINS, "1:1: error: 2 fields, "
               "expected 11 (GWA-T-12 Bitbrains header)");
    assert_bad("pl.csv", "time,val\n", TRACE_PLAIN, "1:1: error: header 'time,val' is neither "
               "'time,value' (fraction 0..1) nor 'time,percent'");
    assert_bad("g.csv", "1,2,3\n", TRACE_GOOGLE, "1:1: error: 3 fields, expected 19 or 20 "
               "(Google 2011 task_usage)");
    assert_bad("e.csv", "\n\n", TRACE_AZURE, "1:1: error: no samples in the trace (expected "
               "rows in the azure format)");
}

static void test_bad_files(void)
{
    g_autofree char *nul = put("nul.csv", "0,A,1,2,3\n");
    FILE *f = fopen(nul, "a");
    fwrite("300,A,1,\0,3\n", 1, 12, f);
    fclose(f);
    assert_bad("nul.csv", NULL, TRACE_AZURE, "2:9: error: NUL byte in a text line (expected a "
               "text file)");
    g_autofree char *gz = put_gz("whole.csv.gz", "0,A,1,2,3\n300,A,1,2,3\n");
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(gz, &text, &len, NULL));
    g_autofree char *cut = g_build_filename(dir, "cut.csv.gz", NULL);
    g_assert_true(g_file_set_contents(cut, text, (gssize)len - 6, NULL));
    GError *error = NULL;
    g_assert_null(load(cut, TRACE_AZURE, NULL, &error));
    g_assert_true(g_str_has_prefix(error->message, cut));
    g_assert_nonnull(strstr(error->message, ": error: corrupt gzip stream"));
    g_clear_error(&error);
    g_autofree char *empty = g_build_filename(dir, "empty", NULL);
    g_mkdir_with_parents(empty, 0755);
    assert_bad("empty", NULL, TRACE_BITBRAINS, "1:1: error: the directory holds no trace files "
               "(expected per-VM files such as 1.csv)");
    assert_bad("none-*.csv", NULL, TRACE_AZURE, "1:1: error: no file matches the pattern "
               "(expected trace files such as vm_cpu_readings-file-1-of-195.csv.gz)");
    assert_bad("missing.csv", NULL, TRACE_AZURE, "1:1: error: cannot read trace: No such file "
               "or directory (expected a file, a directory or a glob)");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    dir = tu_tmpdir();
    g_test_add_func("/trace/shipped-samples", test_shipped_samples);
    g_test_add_func("/trace/azure-shards-gzip-vmtable", test_azure_shards_gzip_vmtable);
    g_test_add_func("/trace/bitbrains-directory", test_bitbrains_directory);
    g_test_add_func("/trace/google-and-alibaba", test_google_and_alibaba);
    g_test_add_func("/trace/channels", test_channels);
    g_test_add_func("/trace/plain-and-rules", test_plain_and_rules);
    g_test_add_func("/trace/cache-parses-once", test_cache_parses_once);
    g_test_add_func("/trace/population", test_population);
    g_test_add_func("/trace/copies-not-lock-step", test_copies_not_lock_step);
    g_test_add_func("/trace/bad/rows", test_bad_rows);
    g_test_add_func("/trace/bad/files", test_bad_files);
    int rc = g_test_run();
    tu_rmtree(dir);
    g_free(dir);
    return rc;
}
