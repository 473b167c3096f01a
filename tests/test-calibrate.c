/* tests/test-calibrate.c — vdcsim calibrate: readers' one-line errors, the fit's refusals, and
 * a round trip: measurements written from known parameters are fitted back. */
#include <math.h>
#include <string.h>

#include "sim/calibrate/calibrate.h"
#include "sim/calibrate/fit.h"
#include "sim/scenario/scenario.h"
#include "testutil.h"

static void test_bad_files(void)
{
    g_autoptr(GDir) dir = g_dir_open("tests/calibrate/bad", 0, NULL);
    g_assert_nonnull(dir);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(dir))) {
        if (g_str_has_suffix(name, ".err"))
            continue;
        g_autofree char *path = g_strdup_printf("tests/calibrate/bad/%s", name);
        g_autofree char *errf = g_strdup_printf("%s.err", path);
        g_autofree char *want = tu_read(errf);
        TuRun r = tu_run("calibrate", path, "-o", "/nonexistent/x.yaml", NULL);
        g_assert_cmpint(r.status, ==, 2);
        g_assert_cmpstr(r.err, ==, want);
        tu_run_clear(&r);
        n++;
    }
    g_assert_cmpint(n, >=, 6);
}

static void test_fit_refuses(void)
{
    const double X[] = { 1, 2, 1, 2, 1, 2 }, y[] = { 1, 2, 3 };
    CalFit f;
    GError *e = NULL;
    g_assert_false(cal_fit_linear(X, y, 3, 2, "a line", "m.csv:1:1", "two different sizes", &f,
                                  &e));
    g_assert_cmpstr(e->message, ==, "m.csv:1:1: error: cannot fit a line: the measurements are "
                    "collinear (rank 1 of 2 parameters; expected two different sizes)");
    g_clear_error(&e);
    g_assert_false(cal_fit_mean(y, 0, "the boot time", "b.txt:1:1", "a boot log", &f, &e));
    g_assert_nonnull(strstr(e->message, "from 0 measurements"));
    g_clear_error(&e);
}

static void test_fit_line(void)
{
    const double X[] = { 1, 0, 1, 1, 1, 2, 1, 3 }, y[] = { 1.1, 2.9, 5.1, 6.9 };
    CalFit f;
    g_assert_true(cal_fit_linear(X, y, 4, 2, "a line", "-", "-", &f, NULL));
    g_assert_cmpfloat_with_epsilon(f.param[1], 1.96, 1e-9);       /* by hand: Sxy / Sxx */
    g_assert_cmpfloat_with_epsilon(f.param[0], 1.06, 1e-9);
    g_assert_cmpfloat_with_epsilon(f.se[1], sqrt(0.032 / 2 / 5), 1e-9);
    cal_fit_clear(&f);
}

/* Known parameters: boot 7.55 s, dirty 12 345 pages/s, slowdown 1.07 at 3 GHz, walks 40
 * cycles dearer per TLB miss in the guest. */
static void write_measurements(const char *d)
{
    const double boots[] = { 7.5, 7.9, 7.1, 7.7 };
    for (int i = 0; i < 4; i++) {
        g_autofree char *p = g_strdup_printf("%s/boot-%d.txt", d, i);
        g_autofree char *t = g_strdup_printf("Startup finished in 1.000s (kernel) + %.3fs "
                                             "(userspace) = %.3fs \n", boots[i] - 1, boots[i]);
        g_file_set_contents(p, t, -1, NULL);
    }
    GString *q = g_string_new(NULL);
    for (int i = 0; i < 20; i++)
        g_string_append_printf(q, "{\"return\": {\"status\": \"active\", \"total-time\": %d, "
                               "\"ram\": {\"transferred\": %d, \"remaining\": %d, \"total\": "
                               "4294967296, \"dirty-pages-rate\": %d, \"page-size\": 4096}}}\n",
                               1000 * (i + 1), 100000000 * (i + 1), 400000000 - 1000 * i,
                               12345 + (i % 2 ? 150 : -150));
    g_autofree char *qp = g_strdup_printf("%s/query-migrate.jsonl", d);
    g_file_set_contents(qp, q->str, -1, NULL);
    g_string_free(q, TRUE);
    const char *fmt = "%.0f,,cycles,1,100.00,,\n10000.00,msec,task-clock,1,100.00,,\n"
                      "30000000,,dTLB-load-misses,1,100.00,,\n"
                      "%.0f,,dtlb_load_misses.walk_active,1,100.00,,\n";
    /* walks: 30 cycles per miss natively, 70 in the guest: walk_extra 40 cycles */
    g_autofree char *n = g_strdup_printf(fmt, 30e9, 30e6 * 30),
                    *g = g_strdup_printf(fmt, 30e9 * 1.07, 30e6 * 70);
    g_autofree char *np = g_strdup_printf("%s/native-perf.csv", d);
    g_autofree char *gp = g_strdup_printf("%s/guest-perf.csv", d);
    g_file_set_contents(np, n, -1, NULL);
    g_file_set_contents(gp, g, -1, NULL);
}

static void test_round_trip(void)
{
    g_autofree char *d = tu_tmpdir();
    write_measurements(d);
    g_autofree char *out = g_strdup_printf("%s/fitted.yaml", d);
    const char *files[] = { "boot-0.txt", "boot-1.txt", "boot-2.txt", "boot-3.txt",
                            "query-migrate.jsonl", "native-perf.csv", "guest-perf.csv" };
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup("calibrate"));
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        g_ptr_array_add(argv, g_strdup_printf("%s/%s", d, files[i]));
    g_ptr_array_add(argv, g_strdup("-o"));
    g_ptr_array_add(argv, g_strdup(out));
    g_ptr_array_add(argv, NULL);
    TuRun r = tu_runv((const char *const *)argv->pdata);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
    tu_run_clear(&r);
    g_autofree char *text = tu_read(out);
    g_assert_nonnull(strstr(text, "standard error"));
    /* The profile loads in a scenario; the parameters come back within 0.5 %. */
    g_autofree char *scn = g_strdup_printf("%s\nname: rt\nduration: 1 s\nhosts:\n  - { name: h, "
                                           "hypervisor: fitted, freq: 3 GHz }\nvms:\n  - { name: "
                                           "v, workload: fitted, host: h }\n", text);
    GError *e = NULL;
    Scenario *s = scn_load_string(scn, "rt.yaml", NULL, &e);
    g_assert_no_error(e);
    const ScnHost *h = scn_host_lookup(s, "h");
    g_assert_cmpfloat_with_epsilon(h->virt.profile->hv.boot_ns / 1e9, 7.55, 7.55 * 0.005);
    g_assert_cmpfloat_with_epsilon(scn_workload_lookup(s, "fitted")->virt.hv.dirty_pages_per_s,
                                   12345, 12345 * 0.005);
    double slow = 0;
    g_assert_true(cal_scenario_slowdown(text, "fitted", "fitted", 3e9, &slow, NULL));
    g_assert_cmpfloat_with_epsilon(slow, 1.07, 1.07 * 0.005);
    scn_scenario_free(s);
    g_ptr_array_unref(argv);
    tu_rmtree(d);
}

/* Known parameters of the I/O and exit measurements: fio 4 KiB random reads at depth 1,
 * 90 us natively and 120 us in the guest (12 000 cycles more CPU per operation); 160 000
 * non-idle exits over a 20 s recording, 1.2 us each. */
static void write_io_exits(const char *d)
{
    const char *fio = "{\"fio version\": \"fio-3.36\", \"jobs\": [{\"jobname\": \"rr\", "
                      "\"job options\": {\"rw\": \"randread\", \"bs\": \"4k\", \"iodepth\": "
                      "\"1\"}, \"read\": {\"iops\": %.1f, \"bw_bytes\": %.0f, \"total_ios\": "
                      "300000, \"lat_ns\": {\"mean\": %.1f, \"stddev\": 5000.0, \"N\": 300000}}, "
                      "\"write\": {\"iops\": 0, \"total_ios\": 0, \"lat_ns\": {\"mean\": 0, "
                      "\"stddev\": 0, \"N\": 0}}, \"usr_cpu\": %.4f, \"sys_cpu\": 0}]}\n";
    /* cpu share = cycles per op x IOPS / f at 3 GHz: 20 000 natively, 32 000 in the guest */
    double in = 1e9 / 91e3, ig = 1e9 / 121e3;
    g_autofree char *n = g_strdup_printf(fio, in, in * 4096, 90e3, 100 * 20000 * in / 3e9);
    g_autofree char *g = g_strdup_printf(fio, ig, ig * 4096, 120e3, 100 * 32000 * ig / 3e9);
    g_autofree char *np = g_strdup_printf("%s/native-fio.json", d);
    g_autofree char *gp = g_strdup_printf("%s/guest-fio.json", d);
    g_file_set_contents(np, n, -1, NULL);
    g_file_set_contents(gp, g, -1, NULL);
    g_autofree char *kp = g_strdup_printf("%s/kvm-stat.txt", d);
    g_file_set_contents(kp, "# duration: 20 s\n\nAnalyze events for all VMs, all VCPUs:\n\n"
                        "  VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time    "
                        "Avg time\n\n  MSR_WRITE  160000  80.00%  1.00%  0.40us  20.00us  1.20us "
                        "( +- 0.50% )\n  HLT  40000  20.00%  99.00%  1.00us  9000.00us  400.00us "
                        "( +- 1.00% )\n\nTotal Samples:200000, Total events handled time:"
                        "16192000.00us.\n", -1, NULL);
}

static double csv_num(const char *dir, const char *file, const char *row, const char *col)
{
    g_autofree char *p = g_strdup_printf("%s/%s", dir, file);
    g_autofree char *v = tu_csv_field(p, row, col);
    return g_ascii_strtod(v, NULL);
}

/* The scenario a user writes to plan with the fitted profile: the profile, one host at the
 * measured clock, the CPU benchmark as a VM with the native run's cycles as its work, and
 * the fio job as a closed-loop stream on a disk serving at the native latency. */
static char *user_scenario(const char *profile, const char *hv)
{
    return g_strdup_printf("%s\nname: replay\nduration: 60 s\nhosts:\n  - { name: h, hypervisor: "
                           "%s, freq: 3 GHz, cores: 4, memory: 64 GiB, devices: [ { name: disk, "
                           "kind: disk, path: paravirtual, iops: %.9g/s } ] }\nvms:\n"
                           "  - { name: bench, workload: fitted, host: h, vcpus: 1, memory: 4 GiB, "
                           "work: 30e9 cycles }\n  - { name: fio, workload: fitted, host: h, "
                           "vcpus: 1, memory: 4 GiB, io: [ { device: disk, depth: 1, bytes: "
                           "4 KiB } ] }\n", profile, hv, 1e9 / 90e3);
}

static void run_scenario(const char *d, const char *name, const char *text)
{
    g_autofree char *scn = g_strdup_printf("%s/%s.yaml", d, name);
    g_autofree char *out = g_strdup_printf("%s/%s", d, name);
    g_assert_true(g_file_set_contents(scn, text, -1, NULL));
    TuRun r = tu_run("run", scn, "-o", out, "-q", "--charts", "none", NULL);
    g_assert_cmpstr(r.err, ==, "");
    g_assert_cmpint(r.status, ==, 0);
    tu_run_clear(&r);
}

/* The issue's check: the fitted profile, loaded into a scenario and run by `vdcsim run` (the
 * event loop, not the fit's own formulas), reproduces what was measured: the benchmark's
 * guest time, the guest's I/O latency and rate; and the same scenario on the base profile
 * does not, so the fitted keys are what moves the run. */
static void test_run_round_trip(void)
{
    g_autofree char *d = tu_tmpdir();
    write_measurements(d);
    write_io_exits(d);
    g_autofree char *prof = g_strdup_printf("%s/fitted.yaml", d);
    /* without kvm-stat.txt: its exits (made up apart from the perf counters) would fix the
     * `privileged` rate instead of the measured slowdown; --check below takes it too */
    g_autofree char *cmd = g_strdup_printf("%s calibrate %s/boot-*.txt %s/*.csv %s/*.json "
                                           "%s/*.jsonl -o %s", tu_vdcsim(), d, d, d, d, prof);
    const char *sh[] = { "/bin/sh", "-c", cmd, NULL };
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)sh, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    g_autofree char *text = tu_read(prof);
    g_assert_nonnull(strstr(text, "pv_io_latency: 30000 ns"));
    g_assert_nonnull(strstr(text, "walk_extra: 40 cycles"));
    g_autofree char *fitted = user_scenario(text, "fitted");
    g_autofree char *base = user_scenario(text, "kvm");
    run_scenario(d, "run-fitted", fitted);
    run_scenario(d, "run-base", base);
    g_autofree char *fd = g_strdup_printf("%s/run-fitted", d);
    g_autofree char *bd = g_strdup_printf("%s/run-base", d);
    /* benchmark: 30e9 native cycles at 3 GHz took 10 s natively, 10.7 s in the guest */
    double bench = csv_num(fd, "vms.csv", "bench", "end_s");
    g_assert_cmpfloat_with_epsilon(bench, 10.7, 10.7 * 0.005);
    /* I/O: 120 us in the guest; 1 / (120 us + the model's 5 us submit time) operations a
     * second, 3.4 % under fio's 1 / 121 us (fio's own submit time is 1 us) */
    double lat = csv_num(fd, "io.csv", "fio", "latency_mean_s");
    g_assert_cmpfloat_with_epsilon(lat, 120e-6, 120e-6 * 0.005);
    double iops = csv_num(fd, "io.csv", "fio", "throughput_bytes_per_s") / 4096;
    g_assert_cmpfloat_with_epsilon(iops, 1e9 / 121e3, 1e9 / 121e3 * 0.05);
    /* the base profile's own path model gives another latency and benchmark time */
    g_assert_cmpfloat(fabs(csv_num(bd, "io.csv", "fio", "latency_mean_s") - lat), >, 1e-6);
    g_assert_cmpfloat(fabs(csv_num(bd, "vms.csv", "bench", "end_s") - bench), >, 0.01);
    /* --check replays the same scenario in memory and prints the same benchmark time */
    g_autofree char *chk = g_strdup_printf("%s calibrate --check %s %s/*.txt %s/*.csv %s/*.json "
                                           "%s/*.jsonl", tu_vdcsim(), prof, d, d, d, d);
    const char *sh2[] = { "/bin/sh", "-c", chk, NULL };
    g_autofree char *sout = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)sh2, NULL, 0, NULL, NULL, &sout, NULL, &status,
                               NULL));
    g_assert_cmpint(status, ==, 0);
    g_autofree char *want = g_strdup_printf("%.6g", bench);
    const char *line = strstr(sout, "benchmark in guest (s)");
    g_assert_nonnull(line);
    g_assert_nonnull(strstr(line, want));
    g_assert_nonnull(strstr(sout, "exits (/s)"));
    tu_rmtree(d);
}

/* Exit rates: 160 000 non-idle exits over 20 s are 8 000 per second of guest time; the fitted
 * `privileged` rate makes the simulator's exits per guest second that.  Without a duration
 * the costs are fitted and a positioned warning says what is missing; --duration gives it. */
static void test_exit_rates(void)
{
    g_autofree char *d = tu_tmpdir();
    write_io_exits(d);
    g_autofree char *kp = g_strdup_printf("%s/kvm-stat.txt", d);
    CalSet *set = cal_set_new();
    GError *e = NULL;
    g_assert_true(cal_read_file(set, kp, &e));
    CalOptions o = { .hv_name = "fitted", .hv_base = "kvm", .wl_name = "fitted",
                     .wl_base = "compute-intensive", .freq_hz = 3e9 };
    CalResult *r = cal_fit_set(set, &o, &e);
    g_assert_no_error(e);
    g_autofree char *text = cal_profile_text(r, set, "2026-01-01");
    g_assert_nonnull(strstr(text, "privileged: "));
    double exits = 0, slow = 0;
    g_assert_true(cal_scenario_exits(text, "fitted", "fitted", 3e9, &exits, &slow, NULL));
    g_assert_cmpfloat_with_epsilon(exits / slow, 8000, 8000 * 1e-4);
    cal_result_free(r);
    cal_set_free(set);
    /* the same report without its duration line */
    g_autofree char *all = tu_read(kp);
    g_autofree char *bare = g_strdup_printf("%s/bare-kvm-stat.txt", d);
    g_file_set_contents(bare, strchr(all, '\n') + 1, -1, NULL);
    g_autofree char *out = g_strdup_printf("%s/k.yaml", d);
    TuRun w = tu_run("calibrate", bare, "-o", out, "--freq", "3GHz", NULL);
    g_assert_cmpint(w.status, ==, 0);
    g_autofree char *warn = g_strdup_printf("%s:1:1: warning: no recording duration, so no exit "
                                            "rates (expected a first line '# duration: 30 s' or "
                                            "--duration 30s)\n", bare);
    g_assert_cmpstr(w.err, ==, warn);
    tu_run_clear(&w);
    g_autofree char *nodur = tu_read(out);
    g_assert_null(strstr(nodur, "privileged: "));
    TuRun f = tu_run("calibrate", bare, "-o", out, "--freq", "3GHz", "--duration", "20s", NULL);
    g_assert_cmpstr(f.err, ==, "");
    g_assert_cmpint(f.status, ==, 0);
    tu_run_clear(&f);
    g_autofree char *withdur = tu_read(out);
    g_assert_nonnull(strstr(withdur, "privileged: "));
    TuRun b = tu_run("calibrate", bare, "-o", out, "--duration", "3x", NULL);
    g_assert_cmpint(b.status, ==, 2);
    g_assert_true(g_regex_match_simple("^command line:1:[0-9]+: error: --duration '3x' is not a "
                                       "duration \\(expected the perf kvm stat recording's "
                                       "length, such as 30s\\)\n$", b.err, 0, 0));
    tu_run_clear(&b);
    tu_rmtree(d);
}

static void test_generated_set(void)
{
    g_autofree char *d = tu_tmpdir();
    g_autofree char *out = g_strdup_printf("%s/g.yaml", d);
    g_autofree char *cmd = g_strdup_printf("%s calibrate tests/calibrate/generated/* -o %s && "
                                           "%s calibrate --check %s tests/calibrate/generated/*",
                                           tu_vdcsim(), out, tu_vdcsim(), out);
    g_autofree char *sout = NULL;
    int status = 0;
    const char *sh[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)sh, NULL, 0, NULL, NULL, &sout, NULL, &status,
                               NULL));
    g_assert_cmpint(status, ==, 0);
    g_assert_nonnull(strstr(sout, "measured"));
    g_assert_nonnull(strstr(sout, "boot (s)"));
    tu_rmtree(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/calibrate/bad/one-line-errors", test_bad_files);
    g_test_add_func("/calibrate/fit/refuses", test_fit_refuses);
    g_test_add_func("/calibrate/fit/line", test_fit_line);
    g_test_add_func("/calibrate/round-trip", test_round_trip);
    g_test_add_func("/calibrate/generated-set", test_generated_set);
    g_test_add_func("/calibrate/run-round-trip", test_run_round_trip);
    g_test_add_func("/calibrate/exit-rates", test_exit_rates);
    return g_test_run();
}
