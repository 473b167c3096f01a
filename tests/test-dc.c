/* tests/test-dc.c — the datacenter in a run: placement policies on a hand-worked example,
 * energy independent of the sampling interval, consolidation saving energy, maintenance
 * emptying a host before it goes down, predicted failures, cgroup CPU caps, credit weights.
 * Each test writes a small scenario, runs the real binary and reads its outputs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

typedef struct {
    char *dir;
} Run;

/* Runs `yaml` with extra arguments (NULL-terminated); fails the test on a non-zero exit. */
static Run run_yaml(const char *yaml, ...)
{
    Run run = { tu_tmpdir() };
    g_autofree char *path = g_build_filename(run.dir, "s.yaml", NULL);
    g_autofree char *out = g_build_filename(run.dir, "out", NULL);
    g_assert_true(g_file_set_contents(path, yaml, -1, NULL));
    GPtrArray *argv = g_ptr_array_new();
    const char *fixed[] = { "run", path, "-q", "--charts", "none", "-o", out };
    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
        g_ptr_array_add(argv, (gpointer)fixed[i]);
    va_list ap;
    va_start(ap, yaml);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (gpointer)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TuRun r = tu_runv((const char *const *)argv->pdata);
    if (r.status != 0)
        g_error("vdcsim run: exit %d\n%s", r.status, r.err);
    tu_run_clear(&r);
    g_ptr_array_free(argv, TRUE);
    return run;
}

static char *run_file(const Run *run, const char *name)
{
    g_autofree char *path = g_build_filename(run->dir, "out", name, NULL);
    char *text = tu_read(path);
    g_assert_nonnull(text);
    return text;
}

/* A headline value from summary.json. */
static double headline(const Run *run, const char *metric)
{
    g_autofree char *json = run_file(run, "summary.json");
    g_autofree char *key = g_strdup_printf("\"%s\": ", metric);
    const char *at = strstr(json, key);
    g_assert_nonnull(at);
    return g_ascii_strtod(at + strlen(key), NULL);
}

/* The host column of the VM's row in vms.csv. */
static char *vm_host(const Run *run, const char *vm)
{
    g_autofree char *csv = run_file(run, "vms.csv");
    g_autofree char *prefix = g_strdup_printf("\n%s,", vm);
    const char *row = strstr(csv, prefix);
    g_assert_nonnull(row);
    g_auto(GStrv) f = g_strsplit(row + 1, ",", 4);
    return g_strdup(f[2]);
}

static void run_clear(Run *run)
{
    tu_rmtree(run->dir);
    g_free(run->dir);
}

/* Hosts a (4 cores), b (8) and c (16); 2 vCPUs already on a and 4 on c; then a 2-vCPU VM
 * arrives (worked out by hand in test_placement_policies). */
static const char *placement_yaml =
    "duration: 10 s\n"
    "hosts:\n"
    "  - { name: a, cores: 4, memory: 64 GiB, hypervisor: native }\n"
    "  - { name: b, cores: 8, memory: 64 GiB, hypervisor: native }\n"
    "  - { name: c, cores: 16, memory: 64 GiB, hypervisor: native }\n"
    "vms:\n"
    "  - { name: on-a, vcpus: 2, memory: 1 GiB, host: a, demand: 50% }\n"
    "  - { name: on-c, vcpus: 4, memory: 1 GiB, host: c, demand: 50% }\n"
    "  - { name: new, vcpus: 2, memory: 1 GiB, demand: 50%, start: 1 s }\n";

static void check_placement(const char *policy, const char *expected)
{
    g_autofree char *set = g_strdup_printf("scheduler.placement=%s", policy);
    Run run = run_yaml(placement_yaml, "--set", set, NULL);
    g_autofree char *host = vm_host(&run, "new");
    g_assert_cmpstr(host, ==, expected);
    run_clear(&run);
}

/* By hand, with the memory share equal everywhere (1 GiB of 64 per VM):
 *   first-fit: a has room (2 + 2 <= 4)                                      -> a
 *   best-fit:  vCPU room left after placing: a 0/4 = 0, b 6/8 = .75, c 10/16 = .625 -> a
 *   worst-fit: the most room left: b (.75)                                  -> b
 *   balanced:  load = max(utilization, committed share): a 0.5 (2/4 committed, 1 core busy
 *              of 4 = .25), b 0, c .25                                       -> b */
static void test_placement_policies(void)
{
    check_placement("first-fit", "a");
    check_placement("best-fit", "a");
    check_placement("worst-fit", "b");
    check_placement("balanced", "b");
}

/* Energy is integrated on every change, so the sampling interval does not change it; by
 * hand: one 8-core host at 50 % for 100 s, 100 W + 150 W x 0.5 = 175 W -> 17500 J. */
static void test_energy_independent_of_sampling(void)
{
    const char *yaml = "duration: 100 s\n"
                       "hosts: [ { name: h, cores: 8, hypervisor: native } ]\n"
                       "vms: [ { name: v, vcpus: 4, demand: 100% } ]\n";
    Run fine = run_yaml(yaml, "--set", "output.sample_interval=1s", NULL);
    Run coarse = run_yaml(yaml, "--set", "output.sample_interval=37s", NULL);
    g_assert_cmpfloat_with_epsilon(headline(&fine, "energy_kwh"), 17500 / 3.6e6, 1e-12);
    g_assert_cmpfloat(headline(&fine, "energy_kwh"), ==, headline(&coarse, "energy_kwh"));
    run_clear(&fine);
    run_clear(&coarse);
}

static const char *consolidation_yaml =
    "duration: 2 h\n"
    "network: { link_bandwidth: 10 Gbit/s }\n"
    "scheduler: { placement: worst-fit, consolidation: { interval: 5 min, low: 30%, high: 90% } }\n"
    "hosts: [ { name: h, count: 6, cores: 16, memory: 128 GiB } ]\n"
    "vms: [ { name: v, count: 6, vcpus: 4, memory: 4 GiB, demand: 20% } ]\n";

/* Six lightly loaded hosts (one VM each, 5 % busy): consolidation packs them and powers
 * hosts off, so it uses less energy than the same day without it, at a cost in migrations. */
static void test_consolidation_saves_energy(void)
{
    Run on = run_yaml(consolidation_yaml, NULL);
    Run off = run_yaml(consolidation_yaml, "--set", "scheduler.consolidation.enabled=false", NULL);
    g_assert_cmpfloat(headline(&on, "energy_kwh"), <, 0.8 * headline(&off, "energy_kwh"));
    g_assert_cmpfloat(headline(&on, "migrations"), >, 0);
    g_assert_cmpfloat(headline(&on, "host_power_offs"), >, 0);
    g_assert_cmpfloat(headline(&off, "migrations"), ==, 0);
    g_assert_cmpfloat(headline(&on, "hosts_on_mean"), <, headline(&off, "hosts_on_mean"));
    run_clear(&on);
    run_clear(&off);
}

/* Maintenance: the host's VMs all leave before it powers off (hosts_on drops only once
 * every migration from it has ended), and none is lost. */
static void test_maintenance_empties_host_first(void)
{
    const char *yaml =
        "duration: 10 min\n"
        "output: { sample_interval: 1 s }\n"
        "network: { link_bandwidth: 10 Gbit/s }\n"
        "hosts: [ { name: h, count: 2, cores: 16, memory: 64 GiB, power: { shutdown: 10 s } } ]\n"
        "vms: [ { name: v, count: 3, vcpus: 2, memory: 4 GiB, demand: 50%, host: h-1 } ]\n"
        "events: [ { at: 1 min, maintenance: { host: h-1, duration: 5 min } } ]\n";
    Run run = run_yaml(yaml, NULL);
    g_assert_cmpfloat(headline(&run, "migrations"), ==, 3);
    g_assert_cmpfloat(headline(&run, "vms_lost"), ==, 0);
    g_assert_cmpfloat(headline(&run, "host_power_offs"), ==, 1);
    g_autofree char *migs = run_file(&run, "migrations.csv");
    g_auto(GStrv) rows = g_strsplit(migs, "\n", -1);
    double last_end = 0;
    for (guint i = 1; rows[i] && *rows[i]; i++) {
        g_auto(GStrv) f = g_strsplit(rows[i], ",", -1);
        last_end = MAX(last_end, g_ascii_strtod(f[6], NULL));
    }
    /* hosts_on (column 5) stays 2 until the last VM left plus the shutdown time */
    g_autofree char *ts = run_file(&run, "timeseries.csv");
    g_auto(GStrv) lines = g_strsplit(ts, "\n", -1);
    for (guint i = 1; lines[i] && *lines[i]; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
        double t = g_ascii_strtod(f[0], NULL), on = g_ascii_strtod(f[4], NULL);
        if (t < last_end)
            g_assert_cmpfloat(on, ==, 2);
        if (t > last_end + 10 && t < 60 + 300)
            g_assert_cmpfloat(on, ==, 1);
    }
    g_autofree char *host = vm_host(&run, "v-1");
    g_assert_cmpstr(host, ==, "h-2");
    run_clear(&run);
}

/* A failure predicted 2 min ahead: every VM escapes; 1 s ahead: every VM is lost. */
static void test_predicted_failure(void)
{
    const char *yaml =
        "duration: 10 min\n"
        "network: { link_bandwidth: 10 Gbit/s }\n"
        "hosts: [ { name: h, count: 2, cores: 16, memory: 64 GiB } ]\n"
        "vms: [ { name: v, count: 4, vcpus: 2, memory: 4 GiB, demand: 50%, host: h-1 } ]\n"
        "events: [ { at: 5 min, fail: { host: h-1, warning: 2 min } } ]\n";
    Run early = run_yaml(yaml, NULL);
    Run late = run_yaml(yaml, "--set", "events.0.fail.warning=1s", NULL);
    g_assert_cmpfloat(headline(&early, "vms_lost"), ==, 0);
    g_assert_cmpfloat(headline(&early, "migrations"), ==, 4);
    g_assert_cmpfloat(headline(&late, "vms_lost"), ==, 4);
    g_assert_cmpfloat(headline(&late, "migrations"), ==, 0);
    run_clear(&early);
    run_clear(&late);
}

/* A container's cgroup quota caps it: 4 busy vCPUs under a 1.5-core quota on an 8-core
 * host use 1.5 / 8 = 18.75 % of it. */
static void test_cgroup_cap(void)
{
    const char *yaml =
        "duration: 10 s\n"
        "profiles: { hypervisors: { capped: { base: docker, cpu_cap: 1.5 } } }\n"
        "hosts: [ { name: h, hypervisor: capped, cores: 8, freq: 1 GHz } ]\n"
        "vms: [ { name: c, vcpus: 4, demand: 100% } ]\n";
    Run run = run_yaml(yaml, NULL);
    g_assert_cmpfloat_with_epsilon(headline(&run, "dc_util_mean_frac"), 0.1875, 1e-12);
    run_clear(&run);
}

/* Credit weights divide a contended core in proportion: weights 512 and 256 on one
 * 1-core host give 2/3 and 1/3 of it, so over 30 s 20 and 10 CPU-seconds. */
static void test_credit_weights(void)
{
    const char *yaml =
        "duration: 30 s\n"
        "scheduler: { vcpu: credit, overcommit: { cpu: 2 } }\n"
        "hosts: [ { name: h, cores: 1, freq: 1 GHz, hypervisor: native } ]\n"
        "vms:\n"
        "  - { name: heavy, vcpus: 1, weight: 512, demand: 100% }\n"
        "  - { name: light, vcpus: 1, weight: 256, demand: 100% }\n";
    Run run = run_yaml(yaml, NULL);
    g_autofree char *csv = run_file(&run, "vms.csv");
    g_assert_nonnull(strstr(csv, "\nheavy,heavy,h,running,compute-intensive,1,1073741824,0,,20,"));
    g_assert_nonnull(strstr(csv, "\nlight,light,h,running,compute-intensive,1,1073741824,0,,10,"));
    run_clear(&run);
}

/* The balloon field of vms.csv for a VM. */
static double balloon_of_vm(const Run *run, const char *vm)
{
    g_autofree char *csv = run_file(run, "vms.csv");
    g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
    g_auto(GStrv) head = g_strsplit(lines[0], ",", -1);
    for (guint r = 1; lines[r] && *lines[r]; r++) {
        g_auto(GStrv) row = g_strsplit(lines[r], ",", -1);
        if (strcmp(row[0], vm) != 0)
            continue;
        for (guint i = 0; head[i]; i++)
            if (strcmp(head[i], "balloon_speed_frac") == 0)
                return g_ascii_strtod(row[i], NULL);
    }
    g_assert_not_reached();
}

static double balloon_of(const Run *run)
{
    return balloon_of_vm(run, "v-1");
}

/* Memory overcommit 2:1 with four 8 GiB VMs on 16 GiB: each keeps 4 GiB resident.  A 2 GiB
 * working set still fits (no slowdown); a 6 GiB one does not, and the VM slows down. */
static void test_balloon(void)
{
    const char *yaml =
        "duration: 30 s\n"
        "scheduler: { overcommit: { memory: 2.0 } }\n"
        "profiles: { workloads: { w: { base: memory-intensive, working_set: 2 GiB, demand: 50% } } }\n"
        "hosts: [ { name: h, cores: 16, memory: 16 GiB } ]\n"
        "vms: [ { name: v, count: 4, vcpus: 2, memory: 8 GiB, workload: w } ]\n";
    Run fits = run_yaml(yaml, NULL);
    Run squeezed = run_yaml(yaml, "--set", "profiles.workloads.w.working_set=6GiB", NULL);
    g_assert_cmpfloat(balloon_of(&fits), ==, 1.0);
    g_assert_cmpfloat(balloon_of(&squeezed), <, 0.5);
    run_clear(&fits);
    run_clear(&squeezed);
}

/* Pinned vCPUs never share a core: every VM's cores are distinct across the host, nothing
 * steals from them; time-sharing 3 vCPUs per core gives each 1/3 and ~60 ms delays with
 * 30 ms slices (the quantum view). */
static void test_pinned_and_quantum(void)
{
    const char *yaml =
        "duration: 30 s\n"
        "scheduler: { quantum: 30 ms, overcommit: { cpu: 3 } }\n"
        "hosts:\n"
        "  - { name: p, vcpu: pinned, cores: 6, freq: 1 GHz, hypervisor: native }\n"
        "  - { name: t, vcpu: credit, cores: 1, freq: 1 GHz, hypervisor: native }\n"
        "vms:\n"
        "  - { name: a, count: 3, vcpus: 2, host: p, demand: 100% }\n"
        "  - { name: b, count: 3, vcpus: 1, host: t, demand: 100% }\n";
    Run run = run_yaml(yaml, NULL);
    g_autofree char *csv = run_file(&run, "vms.csv");
    g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
    g_auto(GStrv) head = g_strsplit(lines[0], ",", -1);
    int c_cores = -1, c_steal = -1, c_delay = -1, c_cpu = -1;
    for (int i = 0; head[i]; i++) {
        c_cores = strcmp(head[i], "cores") == 0 ? i : c_cores;
        c_steal = strcmp(head[i], "steal_s") == 0 ? i : c_steal;
        c_delay = strcmp(head[i], "sched_delay_mean_s") == 0 ? i : c_delay;
        c_cpu = strcmp(head[i], "cpu_s") == 0 ? i : c_cpu;
    }
    gboolean used[6] = { FALSE };
    for (guint i = 1; lines[i] && *lines[i]; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
        if (f[0][0] == 'a') {
            g_auto(GStrv) cores = g_strsplit(f[c_cores], " ", -1);
            g_assert_cmpuint(g_strv_length(cores), ==, 2);
            for (int k = 0; cores[k]; k++) {
                int c = atoi(cores[k]);
                g_assert_false(used[c]);
                used[c] = TRUE;
            }
            g_assert_cmpfloat(g_ascii_strtod(f[c_steal], NULL), ==, 0);
            g_assert_cmpfloat(g_ascii_strtod(f[c_cpu], NULL), ==, 60);
        } else {
            g_assert_cmpfloat_with_epsilon(g_ascii_strtod(f[c_cpu], NULL), 10, 1e-6);
            g_assert_cmpfloat_with_epsilon(g_ascii_strtod(f[c_steal], NULL), 20, 1e-6);
            g_assert_cmpfloat_with_epsilon(g_ascii_strtod(f[c_delay], NULL), 0.060, 0.002);
        }
    }
    run_clear(&run);
}

/* Anti-affinity: replicas of one group never share a host; with two hosts the third
 * replica is rejected, and says why. */
static void test_anti_affinity(void)
{
    const char *yaml =
        "duration: 10 s\n"
        "hosts: [ { name: h, count: 2, cores: 16, hypervisor: native } ]\n"
        "vms: [ { name: db, count: 3, vcpus: 1, demand: 10%, anti_affinity: db } ]\n";
    Run run = run_yaml(yaml, NULL);
    g_autofree char *h1 = vm_host(&run, "db-1"), *h2 = vm_host(&run, "db-2");
    g_autofree char *h3 = vm_host(&run, "db-3");
    g_assert_cmpstr(h1, ==, "h-1");
    g_assert_cmpstr(h2, ==, "h-2");
    g_assert_cmpstr(h3, ==, "");
    g_autofree char *csv = run_file(&run, "vms.csv");
    g_assert_nonnull(strstr(csv, "anti-affinity"));
    run_clear(&run);
}

/* Credit caps hold: a 2-vCPU VM capped at 25 % of a core per vCPU draws 0.5 core however
 * idle the host is; a container over its cgroup memory limit slows down. */
static void test_caps(void)
{
    const char *yaml =
        "duration: 20 s\n"
        "scheduler: { vcpu: credit }\n"
        "profiles: { hypervisors: { small: { base: docker, mem_limit: 1 GiB } },\n"
        "            workloads: { w: { base: memory-intensive, working_set: 2 GiB, demand: 100% } } }\n"
        "hosts:\n"
        "  - { name: h, cores: 8, freq: 1 GHz, hypervisor: native }\n"
        "  - { name: c, cores: 8, freq: 1 GHz, hypervisor: small }\n"
        "vms:\n"
        "  - { name: capped, vcpus: 2, cap: 25%, demand: 100%, host: h }\n"
        "  - { name: boxed, vcpus: 2, memory: 4 GiB, workload: w, host: c }\n";
    Run run = run_yaml(yaml, NULL);
    g_autofree char *csv = run_file(&run, "vms.csv");
    /* 2 vCPUs x 25 % x 20 s = 10 CPU-seconds */
    g_assert_nonnull(strstr(csv, "\ncapped,capped,h,running,compute-intensive,2,1073741824,0,,10,"));
    g_assert_cmpfloat(balloon_of_vm(&run, "boxed"), <, 1.0);
    run_clear(&run);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dc/placement/policies-by-hand", test_placement_policies);
    g_test_add_func("/dc/power/energy-independent-of-sampling", test_energy_independent_of_sampling);
    g_test_add_func("/dc/consolidation/saves-energy", test_consolidation_saves_energy);
    g_test_add_func("/dc/maintenance/empties-host-first", test_maintenance_empties_host_first);
    g_test_add_func("/dc/failure/predicted", test_predicted_failure);
    g_test_add_func("/dc/container/cgroup-cap", test_cgroup_cap);
    g_test_add_func("/dc/credit/weights", test_credit_weights);
    g_test_add_func("/dc/memory/balloon", test_balloon);
    g_test_add_func("/dc/vcpu/pinned-and-quantum", test_pinned_and_quantum);
    g_test_add_func("/dc/placement/anti-affinity", test_anti_affinity);
    g_test_add_func("/dc/caps/credit-and-cgroup", test_caps);
    return g_test_run();
}
