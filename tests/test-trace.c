/* tests/test-trace.c — sim/scenario/trace: the three formats parsed value by value, the step/linear
 * rule, and every kind of bad row rejected with its line number.  Run from the top of the
 * source tree (make test does). */
#include "sim/scenario/trace.h"

#include <math.h>

#include "sim/yaml/doc.h"
#include "tests/testutil.h"

#define NS_S SIM_NS_PER_S

static SimTrace *load(const char *text, SimTraceFormat f, const char *vm, const char *column,
                      GError **error)
{
    SimTraceOptions opt;
    sim_trace_options_init(&opt, f);
    opt.vm = vm;
    opt.column = column;
    return sim_trace_load_string(text, "t.csv", &opt, error);
}

/* Asserts that text is rejected with a message starting "t.csv:LINE: error: " and holding
 * `needle`. */
static void assert_bad(const char *text, SimTraceFormat f, const char *vm, unsigned line,
                       const char *needle)
{
    GError *error = NULL;
    SimTrace *tr = load(text, f, vm, NULL, &error);
    g_assert_null(tr);
    g_assert_nonnull(error);
    g_assert_true(g_error_matches(error, SCN_ERROR, error->code));
    g_autofree char *prefix = g_strdup_printf("t.csv:%u: error: ", line);
    if (!g_str_has_prefix(error->message, prefix) || !strstr(error->message, needle))
        g_error("expected '%s...%s', got '%s'", prefix, needle, error->message);
    g_error_free(error);
}

#define BB_HDR "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];" \
    "\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\t" \
    "Disk read throughput [KB/s];\tDisk write throughput [KB/s];\t" \
    "Network received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n"
#define BB_ROW(t, pct) t ";\t4;\t10000;\t2500;\t" pct ";\t8388608;\t1000;\t0;\t0;\t0;\t0\n"

/* ---- formats ---- */

static void test_bitbrains_sample(void)
{
    GError *error = NULL;
    SimTraceOptions opt;
    sim_trace_options_init(&opt, SIM_TRACE_BITBRAINS);
    SimTrace *tr = sim_trace_load_file("scenarios/traces/bitbrains-sample.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sim_trace_len(tr), ==, 48);
    /* epoch seconds (1376314846 = 2013-08-12) rebased to 0, 1800 s apart */
    g_assert_cmpint(sim_trace_time_ns(tr, 0), ==, 0);
    g_assert_cmpint(sim_trace_time_ns(tr, 1), ==, 1800 * NS_S);
    g_assert_cmpint(sim_trace_time_ns(tr, 47), ==, 47 * 1800 * NS_S);
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 0), 0.11410456, 1e-12);
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 1), 0.08923193, 1e-12);
    sim_trace_free(tr);

    opt.column = "cpu_mhz";
    tr = sim_trace_load_file("scenarios/traces/bitbrains-sample.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 0), 1186.686954 / 10399.996, 1e-12);
    sim_trace_free(tr);
}

static void test_azure_sample(void)
{
    GError *error = NULL;
    SimTraceOptions opt;
    sim_trace_options_init(&opt, SIM_TRACE_AZURE);
    opt.vm = "p4Rj8sUdQ1fGhK6oNx2aVw==";
    SimTrace *tr = sim_trace_load_file("scenarios/traces/azure-sample.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sim_trace_len(tr), ==, 48);
    g_assert_cmpint(sim_trace_time_ns(tr, 1), ==, 1800 * NS_S);     /* kept as in the file */
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 0), 0.47051939, 1e-12);
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 1), 0.44839467, 1e-12);
    sim_trace_free(tr);

    opt.vm = "Xk3vq0Lz9rTn2mWbY7eHcA==";
    opt.column = "max";
    tr = sim_trace_load_file("scenarios/traces/azure-sample.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat_with_epsilon(sim_trace_value_frac(tr, 0), 0.31171414, 1e-12);
    sim_trace_free(tr);

    /* two VMs in the file and none selected: an error at the first other VM's row */
    opt.vm = NULL;
    opt.column = NULL;
    tr = sim_trace_load_file("scenarios/traces/azure-sample.csv", &opt, &error);
    g_assert_null(tr);
    g_assert_error(error, SCN_ERROR, SCN_ERROR_CONFLICT);
    g_assert_true(g_str_has_prefix(error->message, "scenarios/traces/azure-sample.csv:2: error:"));
    g_clear_error(&error);
}

static void test_plain_sample(void)
{
    GError *error = NULL;
    SimTraceOptions opt;
    sim_trace_options_init(&opt, SIM_TRACE_PLAIN);
    SimTrace *tr = sim_trace_load_file("scenarios/traces/plain-sample.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sim_trace_len(tr), ==, 48);
    g_assert_cmpfloat(sim_trace_value_frac(tr, 0), ==, 0.0820);
    g_assert_cmpfloat(sim_trace_value_frac(tr, 1), ==, 0.0626);
    sim_trace_free(tr);

    tr = load("time,percent\r\n0,50\r\n\r\n2.5,75\r\n", SIM_TRACE_PLAIN, NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sim_trace_len(tr), ==, 2);
    g_assert_cmpint(sim_trace_time_ns(tr, 1), ==, 2500 * SIM_NS_PER_MS);
    g_assert_cmpfloat(sim_trace_value_frac(tr, 1), ==, 0.75);
    sim_trace_free(tr);
}

static void test_single_vm_azure_needs_no_selection(void)
{
    GError *error = NULL;
    SimTrace *tr = load("0,vm1,1,9,5\n300,vm1,2,8,4\n", SIM_TRACE_AZURE, NULL, "min", &error);
    g_assert_no_error(error);
    g_assert_cmpuint(sim_trace_len(tr), ==, 2);
    g_assert_cmpfloat(sim_trace_value_frac(tr, 1), ==, 0.02);
    sim_trace_free(tr);
}

static void test_step_and_linear_rules(void)
{
    GError *error = NULL;
    const char *text = "time,value\n10,0.2\n20,0.6\n40,0.0\n";
    SimTraceOptions opt;
    sim_trace_options_init(&opt, SIM_TRACE_PLAIN);
    SimTrace *tr = sim_trace_load_string(text, "t.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(sim_trace_at(tr, 0), ==, 0.2);                  /* before: first */
    g_assert_cmpfloat(sim_trace_at(tr, 15 * NS_S), ==, 0.2);
    g_assert_cmpfloat(sim_trace_at(tr, 20 * NS_S), ==, 0.6);
    g_assert_cmpfloat(sim_trace_at(tr, 20 * NS_S - 1), ==, 0.2);
    g_assert_cmpfloat(sim_trace_at(tr, 100 * NS_S), ==, 0.0);         /* after: last */
    g_assert_cmpint(sim_trace_next_change_ns(tr, 0), ==, 10 * NS_S);
    g_assert_cmpint(sim_trace_next_change_ns(tr, 10 * NS_S), ==, 20 * NS_S);
    g_assert_cmpint(sim_trace_next_change_ns(tr, 40 * NS_S), ==, SIM_TIME_NEVER);
    sim_trace_free(tr);

    opt.interp = SIM_TRACE_LINEAR;
    tr = sim_trace_load_string(text, "t.csv", &opt, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat_with_epsilon(sim_trace_at(tr, 15 * NS_S), 0.4, 1e-12);
    g_assert_cmpfloat_with_epsilon(sim_trace_at(tr, 30 * NS_S), 0.3, 1e-12);
    g_assert_cmpfloat(sim_trace_at(tr, 5 * NS_S), ==, 0.2);
    sim_trace_free(tr);
}

/* ---- bad input ---- */

static void test_bad_field_count(void)
{
    assert_bad(BB_HDR BB_ROW("100", "5") "200;\t4;\t1\n", SIM_TRACE_BITBRAINS, NULL, 3,
               "3 fields, expected 11");
    assert_bad("0,vm1,1,2\n", SIM_TRACE_AZURE, NULL, 1, "4 fields, expected 5");
    assert_bad("time,value\n0,0.5\n1,0.5,7\n", SIM_TRACE_PLAIN, NULL, 3, "3 fields, expected 2");
}

static void test_bad_number(void)
{
    assert_bad(BB_HDR BB_ROW("100", "5") BB_ROW("200", "5x"), SIM_TRACE_BITBRAINS, NULL, 3,
               "CPU usage [%] '5x' is not a number");
    assert_bad("0,vm1,1,2,abc\n", SIM_TRACE_AZURE, NULL, 1, "avg cpu 'abc' is not a number");
    assert_bad("time,value\n0,0.5\n\n7,\n", SIM_TRACE_PLAIN, NULL, 4, "value '' is not a number");
    assert_bad("time,value\nnan,0.5\n", SIM_TRACE_PLAIN, NULL, 2, "time 'nan' is not a number");
}

static void test_bad_negative_time(void)
{
    assert_bad("time,value\n-1,0.5\n", SIM_TRACE_PLAIN, NULL, 2, "negative time");
    assert_bad("-300,vm1,1,2,1.5\n", SIM_TRACE_AZURE, NULL, 1, "negative time");
}

static void test_bad_backwards_time(void)
{
    assert_bad("time,value\n0,0.5\n10,0.5\n5,0.5\n", SIM_TRACE_PLAIN, NULL, 4,
               "not after the previous row");
    assert_bad("time,value\n0,0.5\n10,0.5\n10,0.6\n", SIM_TRACE_PLAIN, NULL, 4,
               "not after the previous row");
    assert_bad(BB_HDR BB_ROW("200", "5") BB_ROW("100", "5"), SIM_TRACE_BITBRAINS, NULL, 3,
               "not after the previous row");
    /* azure: only the selected VM's rows must increase */
    assert_bad("0,a,1,2,1\n0,b,1,2,1\n300,a,1,2,1\n0,a,1,2,1\n", SIM_TRACE_AZURE, "a", 4,
               "not after the previous row");
}

static void test_bad_percent(void)
{
    assert_bad(BB_HDR BB_ROW("100", "100.5"), SIM_TRACE_BITBRAINS, NULL, 2, "above 100");
    assert_bad("0,vm1,1,101,50\n", SIM_TRACE_AZURE, NULL, 1, "max cpu '101' is not a percent");
    assert_bad("time,percent\n0,250\n", SIM_TRACE_PLAIN, NULL, 2, "percent '250' above 100");
    assert_bad("time,value\n0,1.5\n", SIM_TRACE_PLAIN, NULL, 2, "fraction '1.5' above 1");
    assert_bad("time,value\n0,-0.1\n", SIM_TRACE_PLAIN, NULL, 2, "negative CPU value");
}

static void test_bad_unknown_vm(void)
{
    assert_bad("0,a,1,2,1\n300,a,1,2,1\n", SIM_TRACE_AZURE, "zz", 2, "unknown VM id 'zz'");
}

static void test_bad_empty(void)
{
    assert_bad("", SIM_TRACE_PLAIN, NULL, 1, "no samples");
    assert_bad("time,value\n", SIM_TRACE_PLAIN, NULL, 1, "no samples");
    assert_bad(BB_HDR, SIM_TRACE_BITBRAINS, NULL, 1, "no samples");
    assert_bad("\n\n", SIM_TRACE_AZURE, NULL, 2, "no samples");
}

static void test_bad_header(void)
{
    assert_bad("t,value\n0,1\n", SIM_TRACE_PLAIN, NULL, 1, "neither 'time,value'");
    assert_bad(BB_ROW("100", "5"), SIM_TRACE_BITBRAINS, NULL, 1,
               "header field 1 is '100', expected 'Timestamp [ms]'");
}

static void test_bad_file_and_options(void)
{
    GError *error = NULL;
    SimTraceOptions opt;
    sim_trace_options_init(&opt, SIM_TRACE_PLAIN);
    g_assert_null(sim_trace_load_file("scenarios/traces/no-such.csv", &opt, &error));
    g_assert_error(error, SCN_ERROR, SCN_ERROR_IO);
    g_clear_error(&error);
    g_assert_null(load("0,a,1,2,1\n", SIM_TRACE_AZURE, NULL, "p95", &error));
    g_assert_error(error, SCN_ERROR, SCN_ERROR_UNKNOWN);
    g_clear_error(&error);
    SimTraceFormat f;
    g_assert_true(sim_trace_format_from_name("azure", &f) && f == SIM_TRACE_AZURE);
    g_assert_false(sim_trace_format_from_name("google", &f));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/trace/bitbrains-sample", test_bitbrains_sample);
    g_test_add_func("/sim/trace/azure-sample", test_azure_sample);
    g_test_add_func("/sim/trace/plain-sample", test_plain_sample);
    g_test_add_func("/sim/trace/azure-single-vm", test_single_vm_azure_needs_no_selection);
    g_test_add_func("/sim/trace/step-and-linear", test_step_and_linear_rules);
    g_test_add_func("/sim/trace/bad/field-count", test_bad_field_count);
    g_test_add_func("/sim/trace/bad/number", test_bad_number);
    g_test_add_func("/sim/trace/bad/negative-time", test_bad_negative_time);
    g_test_add_func("/sim/trace/bad/backwards-time", test_bad_backwards_time);
    g_test_add_func("/sim/trace/bad/percent", test_bad_percent);
    g_test_add_func("/sim/trace/bad/unknown-vm", test_bad_unknown_vm);
    g_test_add_func("/sim/trace/bad/empty", test_bad_empty);
    g_test_add_func("/sim/trace/bad/header", test_bad_header);
    g_test_add_func("/sim/trace/bad/file-and-options", test_bad_file_and_options);
    return g_test_run();
}
