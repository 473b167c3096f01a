/* tests/test-report.c — per-run charts and report.html: which charts a run's files give
 * (hand-made CSV fixtures, counted through plot_chart_drawn()), the empty state, bad input,
 * re-rendering, the number formats, report.html's sections on a real run of
 * scenarios/default.yaml, its self-containedness and determinism, and a screenshot of it in
 * headless Chromium (skipped when /usr/bin/chromium is absent). */
#include "plots/report.h"
#include "plots/catalog.h"
#include "plots/lesson.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tests/testutil.h"

/* ---- fixtures --------------------------------------------------------------------- */

static void put(const char *dir, const char *name, const char *text)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GError) e = NULL;
    g_assert_true(g_file_set_contents(path, text, -1, &e));
}

static gboolean exists(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* A run directory with a summary and the given timeseries.csv / vms.csv (NULL: absent). */
static char *fixture(const char *timeseries, const char *vms)
{
    char *dir = tu_tmpdir();
    put(dir, "summary.json", "{\"scenario\": \"fixture\", \"seed\": 7, \"headline\": "
                             "{\"sim_time_s\": 20, \"dc_util_mean_frac\": 0.25}}\n");
    if (timeseries)
        put(dir, "timeseries.csv", timeseries);
    if (vms)
        put(dir, "vms.csv", vms);
    return dir;
}

static const char ts_basic[] =
    "time_s,dc_util_frac,vms_running,hosts_busy,util_frac:a,util_frac:b,util_frac:c\n"
    "0,0.1,1,1,0.3,0,0\n5,0.5,3,2,1,0.5,0\n10,0.4,2,2,0.7,0.5,0\n15,0.2,1,1,0.6,0,0\n";

static const char vms_basic[] =
    "name,group,host,state,workload,vcpus,memory_bytes,start_s,end_s,cpu_s,slowdown,"
    "reject_reason\n"
    "w-1,web,a,running,web,2,1073741824,0,,10,1.5,\n"
    "w-2,web,b,done,web,2,1073741824,0,10,10,1.25,\n"
    "b-1,batch,a,done,batch,4,2147483648,5,15,30,2,\n"
    "x-1,batch,,rejected,batch,4,2147483648,,,0,,no host fits\n";

/* Charts of dir, each written once as PNG so its drawn counts are set. */
static GPtrArray *charts_drawn(const char *dir)
{
    g_autoptr(GError) e = NULL;
    GPtrArray *charts = plot_run_charts(dir, &e);
    g_assert_no_error(e);
    g_assert_nonnull(charts);
    g_autofree char *png = g_build_filename(dir, "probe.png", NULL);
    for (guint i = 0; i < charts->len; i++) {
        PlotRunChart *rc = charts->pdata[i];
        g_assert_true(plot_chart_write(rc->chart, png, 400, 300, &e));
        g_assert_no_error(e);
    }
    g_remove(png);
    return charts;
}

static const PlotRunChart *find(GPtrArray *charts, const char *name)
{
    for (guint i = 0; i < charts->len; i++)
        if (strcmp(((PlotRunChart *)charts->pdata[i])->name, name) == 0)
            return charts->pdata[i];
    return NULL;
}

static char *names_of(GPtrArray *charts)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < charts->len; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", ((PlotRunChart *)charts->pdata[i])->name);
    return g_string_free(s, FALSE);
}

/* ---- chart selection -------------------------------------------------------------- */

static void test_basic_selection(void)
{
    g_autofree char *dir = fixture(ts_basic, vms_basic);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    g_autofree char *names = names_of(charts);
    g_assert_cmpstr(names, ==, "utilization host-utilization slowdown");

    const PlotDrawn *u = plot_chart_drawn(find(charts, "utilization")->chart);
    g_assert_cmpuint(u->series, ==, 3);               /* util, VMs running, hosts busy */
    g_assert_false(u->empty);
    const PlotDrawn *h = plot_chart_drawn(find(charts, "host-utilization")->chart);
    g_assert_cmpuint(h->series, ==, 3);               /* hosts a, b, c */
    g_assert_cmpuint(h->cells, ==, 3 * 4);
    const PlotDrawn *s = plot_chart_drawn(find(charts, "slowdown")->chart);
    g_assert_cmpuint(s->bars, ==, 3);                 /* the rejected VM has no slowdown */
    g_assert_cmpuint(s->series, ==, 2);               /* coloured by group: web, batch */
    g_assert_nonnull(strstr(find(charts, "slowdown")->caption, "never ran"));
    tu_rmtree(dir);
}

static void test_utilization_columns_optional(void)
{
    /* only vms_running: it moves to the left axis; no util_frac:* means no heatmap */
    g_autofree char *dir = fixture("time_s,vms_running\n0,1\n1,2\n", NULL);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    g_autofree char *names = names_of(charts);
    g_assert_cmpstr(names, ==, "utilization");
    g_assert_cmpuint(plot_chart_drawn(find(charts, "utilization")->chart)->series, ==, 1);
    tu_rmtree(dir);
}

static const char migs_two_strategies[] =
    "vm,strategy,trigger,src,dst,start_s,end_s,total_s,downtime_s,bytes_sent,pages_sent,"
    "rounds,faults,stall_s,degradation_frac,refused,reason\n"
    "db-1,pre-copy,migrate,h-1,h-2,10,40,30,0.3,4e9,1e6,5,0,0,0.05,0,downtime\n"
    "db-2,post-copy,migrate,h-1,h-3,50,70,20,0.01,4e9,1e6,0,900,2,0.2,0,\n"
    "web-1,pre-copy,maintenance,h-1,h-2,80,95,15,0.2,2e9,5e5,3,0,0,0.01,0,downtime\n"
    "web-2,pre-copy,migrate,h-2,h-2,,,,,0,0,0,0,0,0,1,same host\n";

static void test_migration_charts(void)
{
    g_autofree char *dir = fixture(ts_basic, vms_basic);
    g_autoptr(GPtrArray) before = charts_drawn(dir);
    g_assert_null(find(before, "migration-timeline"));
    g_assert_null(find(before, "migration-times"));

    put(dir, "migrations.csv", migs_two_strategies);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotRunChart *tl = find(charts, "migration-timeline");
    g_assert_nonnull(tl);
    const PlotDrawn *g = plot_chart_drawn(tl->chart);
    g_assert_cmpuint(g->intervals, ==, 3 + 3);        /* 3 migrations + 3 downtimes */
    g_assert_cmpuint(g->series, ==, 3);               /* pre-copy, post-copy, downtime */
    g_assert_nonnull(strstr(tl->caption, "1 refused migration is not shown"));

    const PlotRunChart *times = find(charts, "migration-times");
    const PlotDrawn *t = plot_chart_drawn(times->chart);
    g_assert_cmpuint(t->bars, ==, 2 * 2);             /* 2 strategies x (total, downtime) */
    g_assert_nonnull(strstr(times->caption, "two orders of magnitude"));  /* 0.01 s vs 22.5 s */
    g_assert_cmpuint(t->series, ==, 2);
    tu_rmtree(dir);
}

/* Over PLOT_RUN_MAX_ROWS migrations: the timeline takes rows evenly across the run (the
 * first and the last migration are both drawn) and migration-activity counts them all. */
static void test_migration_many(void)
{
    GString *m = g_string_new("vm,strategy,start_s,end_s,total_s,downtime_s\n");
    for (int i = 0; i < 100; i++)              /* two at a time, 10 s apart */
        g_string_append_printf(m, "v%d,pre-copy,%d,%d,15,0.1\n", i, 10 * (i / 2),
                               10 * (i / 2) + 15);
    g_autofree char *dir = fixture(NULL, NULL);
    put(dir, "migrations.csv", m->str);
    g_string_free(m, TRUE);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotRunChart *tl = find(charts, "migration-timeline");
    g_assert_cmpuint(plot_chart_drawn(tl->chart)->intervals, ==, 2 * PLOT_RUN_MAX_ROWS);
    g_assert_nonnull(strstr(tl->caption, "across the whole run"));
    g_assert_nonnull(strstr(tl->caption, "100 migrations"));
    const PlotRunChart *act = find(charts, "migration-activity");
    g_assert_nonnull(act);
    g_assert_cmpuint(plot_chart_drawn(act->chart)->series, ==, 2);
    g_assert_nonnull(strstr(act->caption, "(100)"));
    g_assert_nonnull(strstr(act->caption, "at most 4 at once"));   /* 15 s spans two starts */
    tu_rmtree(dir);
}

/* Two services in timeseries.csv: the SLA chart draws each (its finding from the last
 * values), the services chart one demand line (the same for both) and two capacity lines,
 * and the summed chart says it sums; answer: picks a chart by name. */
static void test_elasticity_per_service(void)
{
    static const char ts[] =
        "time_s,demand_req_per_s,capacity_req_per_s,instances,"
        "demand_req_per_s:vm,capacity_req_per_s:vm,sla_violation_s:vm,"
        "demand_req_per_s:ct,capacity_req_per_s:ct,sla_violation_s:ct\n"
        "0,200,300,6,100,150,0,100,150,0\n"
        "10,400,350,7,200,150,5,200,200,0\n"
        "20,400,450,9,200,250,10,200,200,0.5\n";
    g_autofree char *dir = fixture(ts, NULL);
    put(dir, "elasticity.csv", "service,submitted_s,ready_s\nvm,10,25\nct,10,10.5\n");
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotRunChart *sla = find(charts, "sla-violation");
    g_assert_cmpuint(plot_chart_drawn(sla->chart)->series, ==, 2);
    g_assert_cmpstr(sla->finding, ==, "In 20 s, vm missed its SLA for 10 s; ct missed its SLA "
                                      "for 0.5 s: vm about 20 times longer than ct.");
    g_assert_cmpuint(plot_chart_drawn(find(charts, "elasticity-services")->chart)->series, ==,
                     3);
    g_assert_nonnull(strstr(find(charts, "elasticity")->title, "all services together"));
    g_assert_true(plot_lesson_answer(charts, NULL) == sla);            /* the default choice */
    g_assert_true(plot_lesson_answer(charts, "time-to-ready") == find(charts, "time-to-ready"));
    tu_rmtree(dir);
}

/* compare: p99 latency per VM on a device, one bar per run; the finding keeps the rows
 * every run has.  A slowdown chart over hosts says each host's mean. */
static void test_compare_latency_and_slowdown(void)
{
    static const char io[] = "vm,device,latency_p99_s\nquiet,nic0,0.00025\nnoisy,nic0,0.0003\n";
    g_autofree char *dir = fixture(NULL, "name,host,slowdown\na,h1,1\nb,h2,3\nc,h2,2\n");
    put(dir, "compare.csv", "metric,unit,base,alone\nsim_time_s,s,40,40\n");
    put(dir, "io.csv", io);
    g_autofree char *var = g_build_filename(dir, "variants", "alone", NULL);
    g_assert_cmpint(g_mkdir_with_parents(var, 0755), ==, 0);
    put(var, "io.csv", "vm,device,latency_p99_s\nquiet,nic0,0.00005\n");
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotRunChart *lat = find(charts, "compare-latency");
    g_assert_cmpuint(plot_chart_drawn(lat->chart)->bars, ==, 3);     /* noisy: base only */
    g_assert_cmpstr(lat->finding, ==, "99th-percentile I/O latency: quiet on nic0 250 µs in "
                                      "base against 50 µs in alone (5x).");
    g_assert_cmpstr(find(charts, "slowdown")->finding, ==, "Mean slowdown of the VMs of each "
                    "host (time against time alone; 1 = no contention): h1 1x, h2 2.5x.");
    tu_rmtree(dir);
}

static void test_migration_one_strategy_per_migration(void)
{
    g_autofree char *dir = fixture(NULL, NULL);
    put(dir, "migrations.csv", "vm,strategy,start_s,end_s,total_s,downtime_s\n"
                               "a,pre-copy,0,10,10,0.5\nb,pre-copy,5,9,4,0.2\n"
                               "a,pre-copy,20,30,10,0\n");
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotDrawn *t = plot_chart_drawn(find(charts, "migration-times")->chart);
    g_assert_cmpuint(t->bars, ==, 3 + 2);             /* 3 totals, 2 non-zero downtimes */
    const PlotDrawn *g = plot_chart_drawn(find(charts, "migration-timeline")->chart);
    g_assert_cmpuint(g->intervals, ==, 3 + 2);
    tu_rmtree(dir);
}

static void test_overhead_chart(void)
{
    static const char vms[] =
        "name,group,slowdown,ovh_bt_frac,ovh_io_frac,ovh_trap_frac,speed_frac\n"
        "a,g,1,0.10,0.05,0,0.85\nb,g,1,0.20,0,0,0.8\nc,g,1,0,0.01,0,0.99\n";
    g_autofree char *dir = fixture(NULL, vms);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotDrawn *o = plot_chart_drawn(find(charts, "overhead")->chart);
    g_assert_cmpuint(o->series, ==, 2);               /* bt and io; trap is all zero */
    g_assert_cmpuint(o->bars, ==, 4);                 /* the non-zero segments */

    put(dir, "vms.csv", "name,slowdown,ovh_bt_frac,ovh_io_frac\na,1,0,0\nb,1,0,0\n");
    g_autoptr(GPtrArray) zero = charts_drawn(dir);
    g_assert_null(find(zero, "overhead"));
    tu_rmtree(dir);
}

static void test_many_vms_aggregate(void)
{
    GString *vms = g_string_new("name,group,slowdown,ovh_vm_exit_frac\n");
    for (int i = 0; i < 60; i++)
        g_string_append_printf(vms, "v%d,%s,%g,%g\n", i, i % 3 ? "web" : "db", 1 + i / 60.0,
                               0.01 * (i % 3 + 1));
    g_autofree char *dir = fixture(NULL, vms->str);
    g_string_free(vms, TRUE);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    const PlotRunChart *o = find(charts, "overhead");
    g_assert_cmpuint(plot_chart_drawn(o->chart)->bars, ==, 2);     /* groups db, web */
    g_assert_nonnull(strstr(o->title, "group"));
    const PlotRunChart *s = find(charts, "slowdown");
    g_assert_cmpint(plot_chart_kind(s->chart), ==, PLOT_KIND_CDF);
    g_assert_cmpuint(plot_chart_drawn(s->chart)->series, ==, 2);
    tu_rmtree(dir);
}

static void test_device_charts(void)
{
    g_autofree char *dir = fixture(NULL, NULL);
    put(dir, "devices.csv",
        "device,host,class,path,util_frac,queue_mean,throughput_bytes_per_s,latency_mean_s,"
        "latency_p50_s,latency_p99_s\n"
        "nic0,h-1,shared,paravirtual,0.4,0.3,5e8,2e-5,1.5e-5,9e-5\n"
        "disk0,h-1,partitioned,emulated,0.9,4,1e8,4e-3,3e-3,2e-2\n");
    put(dir, "device_latency.csv", "device,vm,latency_s\nh-1/nic0,a,1e-5\nh-1/nic0,b,2e-5\n"
                                   "h-1/disk0,a,3e-3\nh-1/nic0,a,1.5e-5\n");
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    g_autofree char *names = names_of(charts);
    g_assert_cmpstr(names, ==, "device-utilization device-latency device-latency-cdf "
                               "device-latency-cdf-h-1-nic0 device-latency-cdf-h-1-disk0");
    /* per device, one CDF per VM: nic0 has VMs a and b, disk0 only a */
    g_assert_cmpuint(plot_chart_drawn(find(charts, "device-latency-cdf-h-1-nic0")->chart)->series,
                     ==, 2);
    g_assert_cmpuint(plot_chart_drawn(find(charts, "device-latency-cdf-h-1-disk0")->chart)->series,
                     ==, 1);
    g_assert_cmpuint(plot_chart_drawn(find(charts, "device-utilization")->chart)->bars, ==, 2);
    g_assert_cmpuint(plot_chart_drawn(find(charts, "device-latency")->chart)->bars, ==, 6);
    const PlotRunChart *cdf = find(charts, "device-latency-cdf");
    g_assert_cmpuint(plot_chart_drawn(cdf->chart)->series, ==, 2);
    g_assert_nonnull(strstr(cdf->caption, "two orders of magnitude"));   /* 15 us vs 3 ms */
    tu_rmtree(dir);
}

static void test_power_and_elasticity(void)
{
    g_autofree char *dir = fixture("time_s,energy_j,hosts_on,demand_req_per_s,"
                                   "capacity_req_per_s,instances\n"
                                   "0,0,2,100,200,2\n60,30000,2,300,200,2\n120,70000,3,250,300,3\n",
                                   NULL);
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    g_autofree char *names = names_of(charts);
    g_assert_cmpstr(names, ==, "power elasticity");
    g_assert_cmpstr(find(charts, "power")->title, ==, "How much energy have the hosts used, and how many are on?");
    g_assert_cmpuint(plot_chart_drawn(find(charts, "power")->chart)->series, ==, 2);
    g_assert_cmpuint(plot_chart_drawn(find(charts, "elasticity")->chart)->series, ==, 3);
    tu_rmtree(dir);
}

static void test_empty_data(void)
{
    g_autofree char *dir = fixture("time_s,dc_util_frac,vms_running\n",
                                   "name,group,slowdown\n");
    g_autoptr(GPtrArray) charts = charts_drawn(dir);
    g_autofree char *names = names_of(charts);
    g_assert_cmpstr(names, ==, "utilization slowdown");
    for (guint i = 0; i < charts->len; i++)
        g_assert_true(plot_chart_drawn(((PlotRunChart *)charts->pdata[i])->chart)->empty);
    const char *const formats[] = { "png", "svg", "pdf", NULL };
    g_autoptr(GError) e = NULL;
    g_assert_true(plot_run_render(dir, formats, &e));
    g_assert_true(plot_report_write(dir, &e));
    g_assert_no_error(e);
    g_assert_true(exists(dir, "charts/utilization.pdf"));
    g_autofree char *path = g_build_filename(dir, "report.html", NULL);
    g_autofree char *html = tu_read(path);
    g_assert_nonnull(strstr(html, "0 rows, from vms.csv"));
    tu_rmtree(dir);
}

/* ---- rendering and errors --------------------------------------------------------- */

static void test_render_and_stale(void)
{
    g_autofree char *dir = fixture(ts_basic, vms_basic);
    put(dir, "migrations.csv", migs_two_strategies);
    g_autoptr(GError) e = NULL;
    const char *const both[] = { "png", "svg", NULL };
    g_assert_true(plot_run_render(dir, both, &e));
    g_assert_no_error(e);
    for (const char *const *n = (const char *const[]){ "utilization", "host-utilization",
                                                        "slowdown", "migration-timeline",
                                                        "migration-times", NULL }; *n; n++) {
        g_autofree char *png = g_strdup_printf("charts/%s.png", *n);
        g_autofree char *svg = g_strdup_printf("charts/%s.svg", *n);
        g_assert_true(exists(dir, png));
        g_assert_true(exists(dir, svg));
    }
    /* the same directory re-rendered without migrations: no stale migration charts */
    g_autofree char *m = g_build_filename(dir, "migrations.csv", NULL);
    g_remove(m);
    const char *const png[] = { "png", NULL };
    g_assert_true(plot_run_render(dir, png, &e));
    g_assert_false(exists(dir, "charts/migration-timeline.png"));
    g_assert_false(exists(dir, "charts/utilization.svg"));
    g_assert_true(exists(dir, "charts/utilization.png"));
    tu_rmtree(dir);
}

static void test_errors(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autoptr(GError) e = NULL;
    g_assert_null(plot_run_charts(dir, &e));          /* not a run's directory */
    g_assert_error(e, PLOT_ERROR, PLOT_ERROR_IO);
    g_clear_error(&e);
    g_assert_false(plot_report_write(dir, &e));
    g_assert_error(e, PLOT_ERROR, PLOT_ERROR_IO);
    g_clear_error(&e);

    put(dir, "timeseries.csv", "time_s,dc_util_frac\n0,0.5\n5,lots\n");
    const char *const bad[] = { "png", "gif", NULL };
    g_assert_false(plot_run_render(dir, bad, &e));
    g_assert_error(e, PLOT_ERROR, PLOT_ERROR_FORMAT);
    g_clear_error(&e);
    const char *const png[] = { "png", NULL };
    g_assert_false(plot_run_render(dir, png, &e));
    g_assert_error(e, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_nonnull(strstr(e->message, "timeseries.csv:3:"));
    g_clear_error(&e);
    g_assert_true(plot_run_render(dir, NULL, &e));    /* no formats: nothing read */
    g_assert_false(exists(dir, "charts"));

    put(dir, "timeseries.csv", "time_s,dc_util_frac\n0,0.5\n");
    put(dir, "summary.json", "{\"scenario\": \"x\",\n \"headline\": {\"a\": 1,}}\n");
    g_assert_false(plot_report_write(dir, &e));
    g_assert_error(e, PLOT_ERROR, PLOT_ERROR_PARSE);
    g_assert_nonnull(strstr(e->message, "summary.json:2:"));
    g_assert_false(exists(dir, "report.html"));
    tu_rmtree(dir);
}

static void test_format(void)
{
    static const struct { const char *name; double v; const char *want; } cases[] = {
        { "dc_util_mean_frac", 0.523125, "52.3 %" }, { "memory_bytes", 34359738368.0, "32 GiB" },
        { "memory_bytes", 512, "512 B" }, { "downtime_s", 0.3, "300 ms" },
        { "latency_p99_s", 9e-5, "90 µs" }, { "sim_time_s", 600, "600 s" },
        { "total_s", 12.5, "12.5 s" }, { "freq_hz", 2.5e9, "2.5 GHz" },
        { "throughput_bytes_per_s", 1.25e9, "1.16 GiB/s" }, { "slowdown_mean", 1.634489, "1.63×" },
        { "vms", 20, "20" }, { "vms_running_mean", 13.05, "13.05" }, { "power_w", 1500, "1.5 kW" },
        { "makespan_s", NAN, "–" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *s = plot_report_format(cases[i].name, cases[i].v);
        g_assert_cmpstr(s, ==, cases[i].want);
    }
}

static void test_row_cap(void)
{
    GString *vms = g_string_new("name,group,slowdown\n");
    for (int i = 0; i < PLOT_REPORT_MAX_ROWS + 50; i++)
        g_string_append_printf(vms, "vm-%d,g,1\n", i);
    g_autofree char *dir = fixture(NULL, vms->str);
    g_string_free(vms, TRUE);
    g_autoptr(GError) e = NULL;
    g_assert_true(plot_report_write(dir, &e));
    g_autofree char *path = g_build_filename(dir, "report.html", NULL);
    g_autofree char *html = tu_read(path);
    g_assert_nonnull(strstr(html, "The first 200 of 250 rows; all of them are in vms.csv."));
    g_assert_nonnull(strstr(html, "<td>vm-199</td>"));
    g_assert_null(strstr(html, "<td>vm-200</td>"));
    tu_rmtree(dir);
}

/* ---- a real run ------------------------------------------------------------------- */

static char *default_run(void)
{
    char *dir = tu_tmpdir();
    TuRun r = tu_run("run", "scenarios/default.yaml", "-o", dir, "-q", "--charts", "none", NULL);
    g_assert_cmpint(r.status, ==, 0);
    tu_run_clear(&r);
    g_assert_true(exists(dir, "manifest.json"));
    return dir;
}

/* Every id="..." in text appears once. */
static void assert_unique_ids(const char *html)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (const char *p = strstr(html, " id=\""); p; p = strstr(p + 1, " id=\"")) {
        const char *end = strchr(p + 5, '"');
        char *id = g_strndup(p + 5, (gsize)(end - p - 5));
        if (g_hash_table_contains(seen, id))
            g_error("id '%s' appears twice in report.html", id);
        g_hash_table_add(seen, id);
    }
    g_assert_cmpuint(g_hash_table_size(seen), >, 10);
}

/* charts: none draws nothing, in charts/ or in the page, and the page says so. */
static void test_report_charts_none(void)
{
    g_autofree char *dir = default_run();
    g_assert_false(exists(dir, "charts"));
    g_autofree char *path = g_build_filename(dir, "report.html", NULL);
    g_autofree char *html = tu_read(path);
    g_assert_null(strstr(html, "<svg"));
    g_assert_nonnull(strstr(html, "No charts: this run was made with charts: none"));
    tu_rmtree(dir);
}

static void test_report_default(void)
{
    g_autofree char *dir = default_run();
    g_autoptr(GError) e = NULL;
    g_assert_true(plot_report_write(dir, &e));
    g_assert_no_error(e);
    g_autofree char *path = g_build_filename(dir, "report.html", NULL);
    g_autofree char *html = tu_read(path);
    g_assert_nonnull(html);
    /* The headline value as summary.json has it, formatted as the report formats it. */
    g_autofree char *spath = g_build_filename(dir, "summary.json", NULL);
    g_autofree char *summary = tu_read(spath);
    const char *at = strstr(summary, "\"dc_util_mean_frac\": ");
    g_assert_nonnull(at);
    g_autofree char *value = plot_report_format("dc_util_mean_frac",
                                                g_ascii_strtod(strchr(at, ':') + 1, NULL));
    g_autofree char *util = g_strdup_printf("datacenter CPU utilization, mean</td><td "
                                            "class=\"n\">%s", value);
    const char *const want[] = {
        "<h1>default</h1>", "Four 16-core hosts", "Headline metrics",
        util, "<code>makespan_s</code>",
        "How busy is the datacenter, and how many VMs run?", "How busy is each host&apos;s CPU over time?", "How much slower than alone does each VM run?",
        "<h2 id=\"hosts\">Hosts</h2>", "<h2 id=\"vms\">VMs</h2>", "<td>batch-12</td>",
        "<h2 id=\"manifest\">Manifest</h2>", "<tr><th>seed</th><td><code>42</code>",
        "scenario_sha256", "git_revision",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        if (!strstr(html, want[i]))
            g_error("report.html lacks '%s'", want[i]);
    g_assert_null(strstr(html, "<h2 id=\"migrations\">"));      /* no migrations.csv */
    /* self-contained: no scripts, no linked styles or images, nothing fetched */
    g_assert_null(strstr(html, "<script"));
    g_assert_null(strstr(html, "<link"));
    g_assert_null(strstr(html, "<img"));
    g_assert_null(strstr(html, "src="));
    g_assert_null(strstr(html, "<?xml"));
    int svgs = 0;
    for (const char *p = strstr(html, "<svg"); p; p = strstr(p + 1, "<svg"))
        svgs++;
    g_assert_cmpint(svgs, ==, 6);     /* utilization, host heatmap, power, overhead, slowdown,
                                       * speed-vs-native (lesson.h) */
    assert_unique_ids(html);

    /* same files, same page */
    g_assert_true(plot_report_write(dir, &e));
    g_autofree char *again = tu_read(path);
    g_assert_true(again && strcmp(again, html) == 0);
    tu_rmtree(dir);
}

/* Share of pixels that are not near-white, and of strongly coloured ones (chart ink). */
static void png_ink(const char *path, int *w, int *h, double *ink_frac, double *color_frac)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    size_t ink = 0, color = 0;
    for (int y = 0; y < *h; y++) {
        for (int x = 0; x < *w; x++) {
            guint32 px = *(const guint32 *)(data + y * stride + 4 * x);
            int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
            ink += r < 235 || g < 235 || b < 235;
            color += MAX(r, MAX(g, b)) - MIN(r, MIN(g, b)) > 80;
        }
    }
    *ink_frac = (double)ink / ((double)*w * *h);
    *color_frac = (double)color / ((double)*w * *h);
    cairo_surface_destroy(s);
}

static void test_chromium_screenshot(void)
{
    if (!g_file_test("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("/usr/bin/chromium is absent (apt-get install chromium to run this test)");
        return;
    }
    g_autofree char *dir = default_run();
    g_autoptr(GError) e = NULL;
    g_assert_true(plot_report_write(dir, &e));
    g_autofree char *html = g_build_filename(dir, "report.html", NULL);
    g_autofree char *url = g_filename_to_uri(html, NULL, &e);
    g_autofree char *shot = g_build_filename(dir, "shot.png", NULL);
    g_autofree char *profile = g_build_filename(dir, "chromium-profile", NULL);
    g_autofree char *udd = g_strdup_printf("--user-data-dir=%s", profile);
    g_autofree char *ss = g_strdup_printf("--screenshot=%s", shot);
    const char *argv[] = { "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-quic", "--no-first-run", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", udd, ss,
                           "--window-size=1200,3000", url, NULL };
    int status = 0;
    g_autofree char *out = NULL, *err = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &e));
    g_assert_no_error(e);
    if (!g_file_test(shot, G_FILE_TEST_EXISTS))
        g_error("chromium wrote no screenshot (status %d): %s", status, err);
    int w, h;
    double ink, color;
    png_ink(shot, &w, &h, &ink, &color);
    g_assert_cmpint(w, ==, 1200);
    g_assert_cmpint(h, ==, 3000);   /* the headline table and the first charts */
    g_test_message("screenshot: %.1f %% ink, %.1f %% coloured", 100 * ink, 100 * color);
    g_assert_cmpfloat(ink, >, 0.03);                  /* text, tables and charts drawn */
    g_assert_cmpfloat(color, >, 0.005);               /* the charts' colours, not just text */
    tu_rmtree(dir);
}

/* The report layout of a run's files: its charts' kinds in order, per-device and
 * per-migration charts as one "*" each. */
static char *layout_of(const char *outdir)
{
    g_autoptr(GError) e = NULL;
    g_autoptr(GPtrArray) charts = plot_run_charts(outdir, &e);
    g_assert_no_error(e);
    GString *key = g_string_new(NULL);
    for (guint i = 0; i < charts->len; i++) {
        const PlotRunChart *rc = charts->pdata[i];
        g_string_append_printf(key, "%s ", rc->owned_name ? "*" : rc->name);
    }
    return g_string_free(key, FALSE);
}

/* Renders a run's charts and report and checks them: at least three charts, each inlined
 * in report.html's chart list (one figure per chart file). */
static void check_rendered(const char *path, const char *out)
{
    g_autoptr(GError) e = NULL;
    static const char *const png[] = { "png", NULL };
    if (!plot_run_render(out, png, &e) || !plot_report_write(out, &e))
        g_error("%s: %s", path, e->message);
    g_autofree char *charts = g_build_filename(out, "charts", NULL);
    guint n = 0;
    GDir *cd = g_dir_open(charts, 0, NULL);
    g_assert_nonnull(cd);
    while (g_dir_read_name(cd))
        n++;
    g_dir_close(cd);
    g_autofree char *report = g_build_filename(out, "report.html", NULL);
    g_autofree char *html = tu_read(report);
    guint svgs = 0, listed = 0;
    for (const char *p = strstr(html, "<svg"); p; p = strstr(p + 1, "<svg"))
        svgs++;
    for (const char *p = strstr(html, "<figure id=\""); p; p = strstr(p + 1, "<figure id=\""))
        listed++;
    g_assert_cmpuint(n, >=, 3);
    g_assert_cmpuint(listed, ==, n);     /* once each: the answer and compare charts at the
                                            top are left out of the numbered list */
    g_assert_cmpuint(svgs, >=, n);
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every shipped teaching and planning scenario runs and its files call for at least three
 * charts; charts and report are drawn once per distinct layout (the set of chart kinds),
 * since drawing the same layout again from other numbers tests nothing new. */
static void test_shipped_scenarios(void)
{
    static const char *const dirs[] = { "scenarios/teaching", "scenarios/planning", NULL };
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (const char *const *sd = dirs; *sd; sd++) {
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        GDir *dir = g_dir_open(*sd, 0, NULL);
        g_assert_nonnull(dir);
        for (const char *name; (name = g_dir_read_name(dir));)
            if (g_str_has_suffix(name, ".yaml") && !strstr(name, "sweep"))
                g_ptr_array_add(names, g_strdup(name));
        g_dir_close(dir);
        g_ptr_array_sort(names, by_name);
        for (guint i = 0; i < names->len; i++) {
            g_autofree char *path = g_build_filename(*sd, names->pdata[i], NULL);
            g_autofree char *out = tu_tmpdir();
            TuRun r = tu_run("run", path, "-o", out, "-q", "--charts", "none", NULL);
            if (r.status != 0)
                g_error("%s: exit %d: %s", path, r.status, r.err);
            tu_run_clear(&r);
            char *layout = layout_of(out);
            guint charts = 0;
            for (const char *p = layout; *p; p++)
                charts += *p == ' ';
            if (charts < 3)
                g_error("%s: only %u charts (%s)", path, charts, layout);
            if (!g_hash_table_contains(seen, layout)) {
                g_test_message("%s: layout %s", path, layout);
                check_rendered(path, out);
                g_hash_table_add(seen, layout);
            } else {
                g_free(layout);
            }
            tu_rmtree(out);
        }
    }
    g_test_message("%u distinct layouts rendered", g_hash_table_size(seen));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/charts-none", test_report_charts_none);
    g_test_add_func("/report/run/basic-selection", test_basic_selection);
    g_test_add_func("/report/run/utilization-columns-optional", test_utilization_columns_optional);
    g_test_add_func("/report/run/migration-charts", test_migration_charts);
    g_test_add_func("/report/run/migration-one-strategy", test_migration_one_strategy_per_migration);
    g_test_add_func("/report/run/migration-many", test_migration_many);
    g_test_add_func("/report/run/compare-latency-slowdown", test_compare_latency_and_slowdown);
    g_test_add_func("/report/run/elasticity-per-service", test_elasticity_per_service);
    g_test_add_func("/report/run/overhead", test_overhead_chart);
    g_test_add_func("/report/run/many-vms-aggregate", test_many_vms_aggregate);
    g_test_add_func("/report/run/devices", test_device_charts);
    g_test_add_func("/report/run/power-elasticity", test_power_and_elasticity);
    g_test_add_func("/report/run/empty-data", test_empty_data);
    g_test_add_func("/report/run/render-and-stale", test_render_and_stale);
    g_test_add_func("/report/run/errors", test_errors);
    g_test_add_func("/report/html/format", test_format);
    g_test_add_func("/report/html/row-cap", test_row_cap);
    g_test_add_func("/report/html/default-run", test_report_default);
    g_test_add_func("/report/html/chromium-screenshot", test_chromium_screenshot);
    g_test_add_func("/report/shipped-scenarios", test_shipped_scenarios);
    return g_test_run();
}
