/* tests/test-elastic-run.c — elastic services and trace workloads through the real binary.
 *
 * Each test writes a scenario (or takes a shipped one), runs `vdcsim run` into a temporary
 * directory and checks summary.json, timeseries.csv and elasticity.csv against hand-worked
 * numbers: the step case is the one worked out in tests/test-elastic.c (docs/models.md,
 * "Checks"), here with instances placed on real hosts.
 */
#include <math.h>
#include <string.h>

#include "tests/testutil.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* A headline value of summary.json: `"name": value` (NAN for null). */
static double headline(const char *json, const char *name)
{
    g_autofree char *key = g_strdup_printf("\"%s\": ", name);
    const char *p = strstr(json, key);
    if (!p)
        g_error("summary.json has no %s:\n%s", name, json);
    p += strlen(key);
    return strncmp(p, "null", 4) == 0 ? NAN : g_ascii_strtod(p, NULL);
}

static char *read_in(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = tu_read(path);
    if (!text)
        g_error("no %s", path);
    return text;
}

/* Writes text as dir/name; returns the path. */
static char *write_in(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Runs the scenario at path into dir/out without charts; returns summary.json. */
static char *run_summary(const char *path, const char *dir)
{
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("run", path, "-q", "-o", out, "--charts", "none", NULL);
    if (r.status != 0)
        g_error("run %s: exit %d\n%s", path, r.status, r.err);
    tu_run_clear(&r);
    return read_in(out, "summary.json");
}

/* The values of one column of a CSV file, by header name. */
static GArray *csv_column(const char *text, const char *column)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_auto(GStrv) head = g_strsplit(lines[0], ",", -1);
    int col = -1;
    for (int i = 0; head[i]; i++)
        if (strcmp(head[i], column) == 0)
            col = i;
    g_assert_cmpint(col, >=, 0);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
    for (int l = 1; lines[l] && *lines[l]; l++) {
        g_auto(GStrv) f = g_strsplit(lines[l], ",", -1);
        double v = *f[col] ? g_ascii_strtod(f[col], NULL) : NAN;
        g_array_append_val(a, v);
    }
    return a;
}

/* ---- the teaching scenario ----------------------------------------------------------- */

/* Same demand, same autoscaler: containers (0.5 s boot, 100 MiB) beat VMs (10 s boot,
 * 2 GiB through a shared 1 Gbit/s store) on SLA-violation seconds, by far. */
static void test_containers_beat_vms(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *json = run_summary("scenarios/teaching/vm-vs-container-elasticity.yaml",
                                        dir);
    double vm = headline(json, "sla_violation_s:web-vm");
    double ct = headline(json, "sla_violation_s:web-ct");
    g_assert_cmpfloat(ct, >=, 0);
    g_assert_cmpfloat(ct * 5, <, vm);
    g_assert_cmpfloat(headline(json, "time_to_ready_mean_s:web-ct"), <,
                      headline(json, "time_to_ready_mean_s:web-vm"));
    g_assert_cmpfloat_with_epsilon(headline(json, "sla_violation_s"), vm + ct, 1e-6);
    g_assert_cmpfloat(headline(json, "dc_util_mean_frac"), >, 0);  /* instances load hosts */
    tu_rmtree(dir);
}

/* ---- a step in demand, worked by hand -------------------------------------------------- */

static const char step_yaml[] =
    "duration: 120 s\n"
    "output: { sample_interval: 1 s }\n"
    "profiles:\n"
    "  hypervisors: { fastvm: { base: kvm, boot: 10 s, image: 100 MB } }\n"
    "hosts: [{ name: h, count: 2, cores: 16, freq: 2 GHz, memory: 64 GiB }]\n"
    "elasticity:\n"
    "  service: web\n"
    "  template: fastvm\n"
    "  capacity: 50 req/s\n"
    "  approval_delay: 2 s\n"
    "  image_store: { bandwidth: 800 Mbps, cache: %s }\n"
    "  demand: { shape: step, from: 35 req/s, to: 140 req/s, at: 12 s }\n"
    "  autoscaler: { min: 1, max: 10, interval: 5 s, cooldown: 30 s }\n";

/* Step 35 → 140 req/s at 12 s, 50 req/s per instance, target 0.7 (band 0.6..0.8), step 1,
 * interval 5 s, cooldown 30 s; time to ready 2 s approval + 100 MB / 100 MB/s + 10 s boot =
 * 13 s.  Scale-outs at 15, 45, 75 s, ready at 28, 58, 88 s; SLA violated on [12, 58) = 46 s;
 * 4 ready against 3 needed on [88, 120) = 32 instance-seconds over. */
static void test_step_scale_out(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *yaml = g_strdup_printf(step_yaml, "false");
    g_autofree char *path = write_in(dir, "step.yaml", yaml);
    g_autofree char *json = run_summary(path, dir);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *csv = read_in(out, "elasticity.csv");
    g_autoptr(GArray) sub = csv_column(csv, "submitted_s");
    g_autoptr(GArray) ready = csv_column(csv, "ready_s");
    g_assert_cmpuint(sub->len, ==, 3);
    for (guint i = 0; i < 3; i++) {
        g_assert_cmpfloat(g_array_index(sub, double, i), ==, 15 + 30 * i);
        g_assert_cmpfloat(g_array_index(ready, double, i), ==, 28 + 30 * i);
    }
    g_assert_cmpfloat(headline(json, "sla_violation_s"), ==, 46);
    g_assert_cmpfloat_with_epsilon(headline(json, "overprovisioned_instance_h"), 32.0 / 3600,
                                   1e-9);
    g_assert_cmpfloat(headline(json, "time_to_ready_mean_s"), ==, 13);
    g_assert_cmpfloat(headline(json, "scale_outs"), ==, 3);
    g_assert_cmpfloat(headline(json, "scale_ins"), ==, 0);
    tu_rmtree(dir);
}

/* With host image caches (the default) the three instances land on h-1 by first fit and
 * only the first pays the 1 s transfer: ready at 28, 57, 87 s, SLA 45 s. */
static void test_step_with_cache(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *yaml = g_strdup_printf(step_yaml, "true");
    g_autofree char *path = write_in(dir, "step.yaml", yaml);
    g_autofree char *json = run_summary(path, dir);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *csv = read_in(out, "elasticity.csv");
    g_autoptr(GArray) ready = csv_column(csv, "ready_s");
    g_autoptr(GArray) xfer = csv_column(csv, "transfer_s");
    const double want[] = { 28, 57, 87 }, want_xfer[] = { 1, 0, 0 };
    for (guint i = 0; i < 3; i++) {
        g_assert_cmpfloat(g_array_index(ready, double, i), ==, want[i]);
        g_assert_cmpfloat(g_array_index(xfer, double, i), ==, want_xfer[i]);
    }
    g_assert_cmpfloat(headline(json, "sla_violation_s"), ==, 45);
    g_assert_nonnull(strstr(csv, "web,1,web-1,h-1,ready,"));
    tu_rmtree(dir);
}

/* ---- limits and load --------------------------------------------------------------------- */

/* Demand far above what max = 3 instances serve: the autoscaler stops at 3, and the SLA is
 * violated for the whole run. */
static void test_never_above_max(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "max.yaml",
        "duration: 10 min\n"
        "output: { sample_interval: 5 s }\n"
        "hosts: [{ name: h, count: 4, cores: 16, freq: 2 GHz, memory: 64 GiB }]\n"
        "elasticity:\n"
        "  service: api\n"
        "  unit: container\n"
        "  capacity: 10 req/s\n"
        "  demand: { shape: ramp, from: 10 req/s, to: 1000 req/s, at: 0 s, end: 5 min }\n"
        "  autoscaler: { min: 1, max: 3, step_out: 0, interval: 5 s, cooldown: 10 s }\n");
    g_autofree char *json = run_summary(path, dir);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *ts = read_in(out, "timeseries.csv");
    g_autoptr(GArray) inst = csv_column(ts, "instances");
    double top = 0;
    for (guint i = 0; i < inst->len; i++)
        top = MAX(top, g_array_index(inst, double, i));
    g_assert_cmpfloat(top, ==, 3);
    g_assert_cmpfloat(headline(json, "sla_violation_s"), >, 590);
    tu_rmtree(dir);
}

/* Constant 100 req/s on min = max = 4 instances of 50 req/s: utilization 0.5, so each
 * 2-vCPU instance draws one core; 4 cores of one 8-core host = 0.5 of the datacenter. */
static void test_instances_load_hosts(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "load.yaml",
        "duration: 2 min\n"
        "hosts: [{ name: h, cores: 8, freq: 2 GHz, memory: 64 GiB }]\n"
        "elasticity:\n"
        "  service: api\n"
        "  unit: container\n"
        "  vcpus: 2\n"
        "  capacity: 50 req/s\n"
        "  demand: { shape: constant, level: 100 req/s }\n"
        "  autoscaler: { min: 4, max: 4 }\n");
    g_autofree char *json = run_summary(path, dir);
    g_assert_cmpfloat_with_epsilon(headline(json, "dc_util_mean_frac"), 0.5, 1e-9);
    g_assert_cmpfloat_with_epsilon(headline(json, "overprovisioned_instance_h"),
                                   2 * 120.0 / 3600, 1e-9);
    tu_rmtree(dir);
}

/* ---- traces ---------------------------------------------------------------------------- */

/* A 4-vCPU VM on an 8-core native host (no overhead) following a trace of 0.5 for 60 s, then 1.0: host
 * utilization 0.25 then 0.5, mean 0.375 over 120 s. */
static void test_trace_vm_demand(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *tr = write_in(dir, "cpu.csv", "time,value\n0,0.5\n60,1.0\n");
    g_autofree char *path = write_in(dir, "tr.yaml",
        "duration: 2 min\n"
        "hosts: [{ name: h, cores: 8, freq: 2 GHz, memory: 64 GiB, hypervisor: native }]\n"
        "vms: [{ name: v, vcpus: 4, workload: { trace: cpu.csv, format: plain, base: idle } }]\n");
    g_autofree char *json = run_summary(path, dir);
    g_assert_cmpfloat_with_epsilon(headline(json, "dc_util_mean_frac"), 0.375, 1e-9);
    g_assert_cmpfloat_with_epsilon(headline(json, "dc_util_max_frac"), 0.5, 1e-9);
    tu_rmtree(dir);
}

/* A Bitbrains trace drives memory and disk as well as CPU.  Two 2-vCPU, 8 GiB VMs at 50 % CPU
 * on an 8-core native host with 10 GiB (2:1 memory overcommit): memory in use 25 % of
 * provisioned for 300 s (2 GiB, within what the balloon leaves each), then 100 % (8 GiB, more
 * than it leaves): host utilization 0.25, then 0.5 (both VMs stall on page-ins and draw their
 * whole cap).  v's disk stream asks the trace's read + write, 40 KiB/s then 400 KiB/s, in
 * 4 KiB requests: 10/s then 100/s, 55/s and 225280 B/s on average. */
static void test_trace_memory_and_disk(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *tr = write_in(dir, "bb.csv",
        "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\t"
        "CPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\t"
        "Disk read throughput [KB/s];\tDisk write throughput [KB/s];\t"
        "Network received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n"
        "1000;\t2;\t5000;\t2500;\t50;\t8000;\t2000;\t10;\t30;\t0;\t0\n"
        "1300;\t2;\t5000;\t2500;\t50;\t8000;\t8000;\t100;\t300;\t0;\t0\n");
    g_autofree char *path = write_in(dir, "ch.yaml",
        "duration: 10 min\n"
        "scheduler: { overcommit: { memory: 2.0 } }\n"
        "hosts: [{ name: h, cores: 8, freq: 2 GHz, memory: 10 GiB, hypervisor: native,\n"
        "          devices: [{ name: d0, kind: disk, bandwidth: 1 Gbit/s, iops: 10000/s }] }]\n"
        "vms:\n"
        "  - { name: v, host: h, vcpus: 2, memory: 8 GiB, workload: { trace: bb.csv, "
        "format: bitbrains }, io: [{ device: d0, ops: 1000/s, bytes: 4 KiB }] }\n"
        "  - { name: w, host: h, vcpus: 2, memory: 8 GiB, workload: { trace: bb.csv, "
        "format: bitbrains } }\n");
    g_autofree char *json = run_summary(path, dir);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *ts = read_in(out, "timeseries.csv");
    g_autoptr(GArray) util = csv_column(ts, "util_frac:h");
    g_autoptr(GArray) mem = csv_column(ts, "trace_memory_bytes");
    g_assert_cmpfloat_with_epsilon(g_array_index(util, double, 299), 0.25, 1e-9);
    g_assert_cmpfloat_with_epsilon(g_array_index(util, double, 300), 0.5, 1e-9);
    g_assert_cmpfloat(g_array_index(mem, double, 0), ==, 2 * 2147483648.0);
    g_assert_cmpfloat(g_array_index(mem, double, 300), ==, 2 * 8589934592.0);
    g_autofree char *vms = read_in(out, "vms.csv");
    g_autoptr(GArray) mean = csv_column(vms, "trace_memory_mean_bytes");
    g_assert_cmpfloat(g_array_index(mean, double, 0), ==, 5368709120.0);
    g_autofree char *io = read_in(out, "io.csv");
    g_autoptr(GArray) ops = csv_column(io, "ops_per_s");
    g_autoptr(GArray) bytes = csv_column(io, "throughput_bytes_per_s");
    g_assert_cmpfloat_with_epsilon(g_array_index(ops, double, 0), 55, 1e-9);
    g_assert_cmpfloat_with_epsilon(g_array_index(bytes, double, 0), 225280, 1e-6);
    tu_rmtree(dir);
}

/* A bad row fails `check` and `run` with the trace reader's one file:line:col line, exit 2. */
static void test_bad_trace_row(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *tr = write_in(dir, "cpu.csv", "time,value\n0,0.5\n60,1.5\n");
    g_autofree char *path = write_in(dir, "tr.yaml",
        "hosts: [{ name: h, cores: 8 }]\n"
        "vms: [{ name: v, workload: { trace: cpu.csv, format: plain } }]\n");
    g_autofree char *where = g_strdup_printf("%s:3:4: error: value '1.5' is out of range "
                                             "(expected 0 .. 1)\n", tr);
    const char *const cmds[] = { "check", "run" };
    for (guint i = 0; i < G_N_ELEMENTS(cmds); i++) {
        TuRun r = tu_run(cmds[i], path, NULL);
        g_assert_cmpint(r.status, ==, 2);
        if (strcmp(r.err, where) != 0)
            g_error("%s: stderr\n%s\nexpected %s", cmds[i], r.err, where);
        tu_run_clear(&r);
    }
    tu_rmtree(dir);
}

/* ---- resolved.yaml ---------------------------------------------------------------------- */

/* A service on a trace demand plus a trace VM: running resolved.yaml gives the same
 * summary.json, byte for byte. */
static void test_resolved_round_trip(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *tr = write_in(dir, "cpu.csv", "time,percent\n0,20\n600,80\n1200,35\n");
    g_autofree char *path = write_in(dir, "rt.yaml",
        "seed: 3\n"
        "duration: 40 min\n"
        "hosts: [{ name: h, count: 3, cores: 16, freq: 2 GHz, memory: 64 GiB }]\n"
        "vms: [{ name: v, count: 2, vcpus: 4, workload: { trace: cpu.csv, format: plain } }]\n"
        "elasticity:\n"
        "  - service: a\n"
        "    capacity: 40 req/s\n"
        "    demand: { shape: trace, trace: cpu.csv, format: plain, scale: 400 req/s }\n"
        "    autoscaler: { policy: predictive, min: 1, max: 12 }\n"
        "  - service: b\n"
        "    unit: container\n"
        "    capacity: 40 req/s\n"
        "    approval_delay: 5 s\n"
        "    demand: { shape: poisson, level: 60 req/s, burst_rate: 0.01/s, "
        "burst_level: 100 req/s, burst: 2 min }\n"
        "    autoscaler: { target: 60%, low: 40%, high: 80%, step_out: 2, cooldown: 30 s }\n");
    g_autofree char *first = run_summary(path, dir);
    g_autofree char *resolved = g_build_filename(dir, "out", "resolved.yaml", NULL);
    g_autofree char *dir2 = tu_tmpdir();
    g_autofree char *second = run_summary(resolved, dir2);
    g_assert_cmpstr(first, ==, second);
    g_assert_cmpfloat(headline(first, "scale_outs"), >, 0);
    tu_rmtree(dir);
    tu_rmtree(dir2);
}

/* An Azure-format population in one entry: three VMs from the shards, arriving and leaving
 * at their vmtable times with its sizes; resolved.yaml (the entry written once) re-runs the
 * same summary. */
static void test_trace_population(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *r1 = write_in(dir, "vm_cpu_readings-file-1-of-1.csv",
        "0,A,1,2,20\n0,B,1,2,50\n300,A,1,2,20\n300,B,1,2,50\n600,A,1,2,20\n600,C,1,2,40\n");
    g_autofree char *vt = write_in(dir, "vmtable.csv", "A,s,d,0,900,9,9,9,I,2,4\n"
        "B,s,d,0,600,9,9,9,I,4,8\nC,s,d,600,900,9,9,9,I,2,4\n");
    g_autofree char *path = write_in(dir, "pop.yaml",
        "duration: 14 min\n"
        "hosts: [{ name: h, count: 2, cores: 8, memory: 64 GiB }]\n"
        "vms: [{ name: az, workload: { trace: \"vm_cpu_readings-*.csv\", format: azure } }]\n");
    g_autofree char *first = run_summary(path, dir);
    g_assert_cmpfloat(headline(first, "vms"), ==, 3);
    g_assert_cmpfloat(headline(first, "vms_departed"), ==, 1);     /* B at 600 s */
    g_autofree char *csv_path = g_build_filename(dir, "out", "vms.csv", NULL);
    g_autofree char *csv = tu_read(csv_path);
    g_assert_nonnull(strstr(csv, "az-2,az,h-1,stopped,compute-intensive,4,8589934592,0,600,"));
    g_assert_nonnull(strstr(csv, "az-3,az,h-1,running,compute-intensive,2,4294967296,600,"));
    g_autofree char *resolved = g_build_filename(dir, "out", "resolved.yaml", NULL);
    g_autofree char *dir2 = tu_tmpdir();
    g_autofree char *second = run_summary(resolved, dir2);
    g_assert_cmpstr(first, ==, second);
    tu_rmtree(dir);
    tu_rmtree(dir2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/elastic-run/containers-beat-vms", test_containers_beat_vms);
    g_test_add_func("/elastic-run/step-scale-out", test_step_scale_out);
    g_test_add_func("/elastic-run/step-with-cache", test_step_with_cache);
    g_test_add_func("/elastic-run/never-above-max", test_never_above_max);
    g_test_add_func("/elastic-run/instances-load-hosts", test_instances_load_hosts);
    g_test_add_func("/elastic-run/trace-vm-demand", test_trace_vm_demand);
    g_test_add_func("/elastic-run/trace-memory-and-disk", test_trace_memory_and_disk);
    g_test_add_func("/elastic-run/bad-trace-row", test_bad_trace_row);
    g_test_add_func("/elastic-run/trace-population", test_trace_population);
    g_test_add_func("/elastic-run/resolved-round-trip", test_resolved_round_trip);
    return g_test_run();
}
