/* tests/test-columns.c — the result-file contract (sim/out/columns.h) between the writers and
 * plots/: every column a chart declares is one a writer produces; the real binary writes the
 * header lines the contract gives; and names with commas, quotes and newlines survive
 * `vdcsim run` and `vdcsim plot` as RFC 4180 fields read back by plots/csv.c. */
#include <glib/gstdio.h>
#include <string.h>

#include "plots/catalog.h"
#include "plots/lesson.h"
#include "plots/csv.h"
#include "sim/out/columns.h"
#include "sim/scenario/scenario.h"
#include "tests/testutil.h"

/* The contract as data: each file's fixed header, the columns only some runs write, the
 * column families (one column per host or mechanism), and the columns plots/ accepts in
 * hand-made files but no writer produces. */
typedef struct {
    const char *file;
    const char *header;
    const char *optional;              /* comma-separated, or "" */
    const char *families[5];           /* g_pattern_match_simple() patterns, or NULL */
    const char *accepted;              /* comma-separated, or "" */
} ContractFile;

static const ContractFile contract[] = {
    { SIM_CSV_HOSTS, SIM_CSV_HOSTS_HEADER, "", { NULL }, "" },
    { SIM_CSV_VMS, SIM_CSV_VMS_HEADER,
      SIM_CSV_VMS_TAIL "," SIM_CSV_VMS_TEACHING_HEADER "," SIM_CSV_VMS_TRACE_HEADER,
      { SIM_COL_VM_OVH_PREFIX "*" SIM_COL_VM_OVH_SUFFIX }, "" },
    { SIM_CSV_TIMESERIES, SIM_CSV_TIMESERIES_HEADER,
      SIM_COL_TS_DEMAND_REQ_PER_S "," SIM_COL_TS_CAPACITY_REQ_PER_S "," SIM_COL_TS_INSTANCES
      "," SIM_COL_TS_TRACE_MEMORY_BYTES "," SIM_COL_TS_TRACE_DISK_BYTES_PER_S ","
      SIM_COL_TS_TRACE_NET_BYTES_PER_S,
      { SIM_COL_TS_HOST_UTIL_PREFIX "*", SIM_COL_TS_DEMAND_REQ_PER_S ":*",
        SIM_COL_TS_CAPACITY_REQ_PER_S ":*", SIM_COL_TS_SLA_VIOLATION_S ":*" },
      SIM_COL_TS_ENERGY_J },
    { SIM_CSV_MIGRATIONS, SIM_CSV_MIGRATIONS_HEADER, "", { NULL },
      SIM_COL_MIG_DOWNTIME_START_S },
    { SIM_CSV_DEVICES, SIM_CSV_DEVICES_HEADER, "", { NULL },
      SIM_COL_DEV_LATENCY_P50_S "," SIM_COL_DEV_LATENCY_P99_S },
    { SIM_CSV_IO, SIM_CSV_IO_HEADER, "", { NULL }, "" },
    { SIM_CSV_DEVICE_LATENCY, SIM_CSV_DEVICE_LATENCY_HEADER, "", { NULL }, "" },
    { SIM_CSV_ELASTICITY, SIM_CSV_ELASTICITY_HEADER, "", { NULL }, "" },
    { SIM_CSV_ROUNDS, SIM_CSV_ROUNDS_HEADER, "", { NULL }, "" },
    { SIM_CSV_COMPARE, SIM_CSV_COMPARE_HEADER, "", { "*" }, "" },    /* then one per variant */
};

static const ContractFile *contract_file(const char *file)
{
    for (size_t i = 0; i < G_N_ELEMENTS(contract); i++)
        if (strcmp(contract[i].file, file) == 0)
            return &contract[i];
    return NULL;
}

static gboolean in_list(const char *list, const char *col)
{
    g_auto(GStrv) cols = g_strsplit(list, ",", -1);
    return *list && g_strv_contains((const char *const *)cols, col);
}

/* A column some run writes into f: fixed, optional, or one of a family. */
static gboolean written(const ContractFile *f, const char *col)
{
    if (in_list(f->header, col) || in_list(f->optional, col))
        return TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(f->families) && f->families[i]; i++)
        if (g_pattern_match_simple(f->families[i], col))
            return TRUE;
    return FALSE;
}

static gboolean is_family(const ContractFile *f, const char *pattern)
{
    for (size_t i = 0; i < G_N_ELEMENTS(f->families) && f->families[i]; i++)
        if (strcmp(f->families[i], pattern) == 0)
            return TRUE;
    return FALSE;
}

/* ---- charts against writers ------------------------------------------------------- */

static void test_charts_read_written_columns(void)
{
    size_t n_charts = 0;
    for (const char *const *name = plot_run_chart_names(); *name; name++, n_charts++) {
        const PlotRunColumn *reads = plot_run_chart_columns(*name);
        g_assert_nonnull(reads);
        gboolean any_written = FALSE;
        for (const PlotRunColumn *r = reads; r->file; r++) {
            const ContractFile *f = contract_file(r->file);
            if (!f)
                g_error("chart %s reads %s, which no writer produces", *name, r->file);
            gboolean ok = strchr(r->column, '*') ? is_family(f, r->column)
                                                 : written(f, r->column);
            if (!ok && !in_list(f->accepted, r->column))
                g_error("chart %s reads %s column '%s', which no writer produces (renamed?)",
                        *name, r->file, r->column);
            any_written |= ok;
        }
        if (!any_written)
            g_error("chart %s reads only columns no vdcsim run writes", *name);
    }
    g_assert_cmpuint(n_charts, ==, 18 + PLOT_LESSON_N_CHARTS);
    /* `answer:` accepts exactly the charts a run may draw */
    const char *const *answers = scn_answer_chart_names();
    size_t n_answers = 0;
    for (; answers[n_answers]; n_answers++)
        g_assert_nonnull(plot_run_chart_columns(answers[n_answers]));
    g_assert_cmpuint(n_answers, ==, n_charts);
    g_assert_null(plot_run_chart_columns("no-such-chart"));
}

/* The accepted-but-unwritten list stays honest: a column a writer starts producing leaves it. */
static void test_accepted_not_written(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(contract); i++) {
        g_auto(GStrv) cols = g_strsplit(contract[i].accepted, ",", -1);
        for (char **c = cols; *contract[i].accepted && *c; c++)
            if (written(&contract[i], *c))
                g_error("%s: '%s' is written, so it is no longer only accepted", contract[i].file,
                        *c);
    }
}

/* ---- through the real binary ------------------------------------------------------ */

/* Hosts, VMs, a device and a migration whose names need RFC 4180 quoting; requests mode, so
 * device_latency.csv is written too.  One minute: a fraction of a second to run. */
static const char scenario[] =
    "name: names\n"
    "duration: 1 min\n"
    "io: { mode: requests }\n"
    "hosts:\n"
    "  - { name: \"h,1\", cores: 4, memory: 8 GiB, hypervisor: kvm,\n"
    "      devices: [ { name: \"nic,0\", class: shared, kind: nic, bandwidth: 1 Gbit/s,\n"
    "                   path: paravirtual } ] }\n"
    "  - { name: 'h\"2', cores: 4, memory: 8 GiB, hypervisor: kvm }\n"
    "vms:\n"
    "  - { name: \"db,1\", vcpus: 1, memory: 1 GiB, demand: 50%, host: \"h,1\",\n"
    "      io: [ { device: \"nic,0\", ops: 200/s, bytes: 1500 B } ] }\n"
    "  - { name: 'we\"b', vcpus: 1, memory: 1 GiB, demand: 20%, host: 'h\"2' }\n"
    "  - { name: \"x, \\\"y\\\"\", vcpus: 1, memory: 1 GiB, demand: 10% }\n"
    "  - { name: \"two\\nlines\", vcpus: 1, memory: 1 GiB, demand: 10% }\n"
    "  - { name: \" #lead\", vcpus: 1, memory: 1 GiB, demand: 10% }\n"
    "events:\n"
    "  - { at: 10 s, migrate: { vm: \"x, \\\"y\\\"\", to: 'h\"2', strategy: pre-copy } }\n";

static const char *const vm_names[] = { "db,1", "we\"b", "x, \"y\"", "two\nlines", " #lead" };

static PlotCsv *load_in(const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    GError *error = NULL;
    PlotCsv *csv = plot_csv_load(path, &error);
    g_assert_no_error(error);
    return csv;
}

static void assert_strings(PlotCsv *csv, const char *col, const char *const *want, size_t n)
{
    const char *const *got = plot_csv_strings(csv, col, NULL);
    g_assert_nonnull(got);
    g_assert_cmpuint(plot_csv_n_rows(csv), ==, n);
    for (size_t i = 0; i < n; i++)
        g_assert_cmpstr(got[i], ==, want[i]);
}

/* Each file's header is the contract's fixed header, then only optional or family columns. */
static void assert_header(const char *dir, const ContractFile *f)
{
    PlotCsv *csv = load_in(dir, f->file);
    g_auto(GStrv) fixed = g_strsplit(f->header, ",", -1);
    guint n_fixed = g_strv_length(fixed);
    g_assert_cmpuint(plot_csv_n_cols(csv), >=, n_fixed);
    for (size_t c = 0; c < plot_csv_n_cols(csv); c++) {
        const char *col = plot_csv_col_name(csv, c);
        if (c < n_fixed)
            g_assert_cmpstr(col, ==, fixed[c]);
        else if (!written(f, col))
            g_error("%s: column '%s' is not in sim/out/columns.h", f->file, col);
    }
    plot_csv_free(csv);
}

static void assert_names_read_back(const char *dir)
{
    static const char *const hosts[] = { "h,1", "h\"2" };
    PlotCsv *vms = load_in(dir, SIM_CSV_VMS);
    assert_strings(vms, SIM_COL_VM_NAME, vm_names, G_N_ELEMENTS(vm_names));
    plot_csv_free(vms);
    PlotCsv *h = load_in(dir, SIM_CSV_HOSTS);
    assert_strings(h, SIM_COL_HOST_NAME, hosts, G_N_ELEMENTS(hosts));
    plot_csv_free(h);
    PlotCsv *ts = load_in(dir, SIM_CSV_TIMESERIES);
    g_assert_cmpint(plot_csv_col_index(ts, SIM_COL_TS_HOST_UTIL_PREFIX "h,1"), >=, 0);
    g_assert_cmpint(plot_csv_col_index(ts, SIM_COL_TS_HOST_UTIL_PREFIX "h\"2"), >=, 0);
    plot_csv_free(ts);
    static const char *const mig_vm[] = { "x, \"y\"" }, *const mig_dst[] = { "h\"2" };
    PlotCsv *migs = load_in(dir, SIM_CSV_MIGRATIONS);
    assert_strings(migs, SIM_COL_MIG_VM, mig_vm, 1);
    assert_strings(migs, SIM_COL_MIG_DST, mig_dst, 1);
    plot_csv_free(migs);
    static const char *const dev[] = { "nic,0" }, *const dev_host[] = { "h,1" };
    PlotCsv *devs = load_in(dir, SIM_CSV_DEVICES);
    assert_strings(devs, SIM_COL_DEV_DEVICE, dev, 1);
    assert_strings(devs, SIM_COL_DEV_HOST, dev_host, 1);
    plot_csv_free(devs);
}

static void assert_charts(const char *dir, const char *const *stems)
{
    for (const char *const *s = stems; *s; s++) {
        g_autofree char *file = g_strdup_printf("%s.svg", *s);
        g_autofree char *path = g_build_filename(dir, "charts", file, NULL);
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_error("%s was not drawn", path);
    }
}

static void test_names_through_run_and_plot(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *yaml = g_build_filename(dir, "names.yaml", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_assert_true(g_file_set_contents(yaml, scenario, -1, NULL));
    TuRun r = tu_run("run", yaml, "-q", "-o", out, "--charts", "svg", NULL);
    if (r.status != 0)
        g_error("vdcsim run: exit %d\n%s", r.status, r.err);
    tu_run_clear(&r);
    g_autofree char *report = g_build_filename(out, "report.html", NULL);
    g_autofree char *html = tu_read(report);
    g_assert_nonnull(html);
    g_assert_nonnull(strstr(html, "db,1"));
    g_assert_nonnull(strstr(html, "x, &quot;y&quot;"));
    assert_names_read_back(out);
    static const char *const files[] = { SIM_CSV_HOSTS, SIM_CSV_VMS, SIM_CSV_TIMESERIES,
        SIM_CSV_MIGRATIONS, SIM_CSV_DEVICES, SIM_CSV_IO, SIM_CSV_DEVICE_LATENCY };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        assert_header(out, contract_file(files[i]));
    /* re-plot from the files alone: every chart these files allow */
    g_autofree char *charts = g_build_filename(out, "charts", NULL);
    tu_rmtree(charts);
    g_remove(report);
    r = tu_run("plot", out, "--charts", "svg", NULL);
    if (r.status != 0)
        g_error("vdcsim plot: exit %d\n%s", r.status, r.err);
    tu_run_clear(&r);
    static const char *const stems[] = { "utilization", "host-utilization", "power",
        "overhead", "slowdown", "migration-timeline", "migration-times", "device-utilization",
        "device-latency", "device-latency-cdf", "device-latency-cdf-nic-0", NULL };
    assert_charts(out, stems);
    g_assert_true(g_file_test(report, G_FILE_TEST_IS_REGULAR));
    tu_rmtree(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/columns/charts-read-written", test_charts_read_written_columns);
    g_test_add_func("/columns/accepted-not-written", test_accepted_not_written);
    g_test_add_func("/columns/names-through-run-and-plot", test_names_through_run_and_plot);
    return g_test_run();
}
