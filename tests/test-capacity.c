/* tests/test-capacity.c — capacity planning through the real binary ($VDCSIM): overhead costs
 * host CPU in the ratio of the speeds, unmet demand, footprints in admission, per-host
 * percentiles and the planning verdict, and `vdcsim plan` against hand-computed answers and
 * its bad-input lines. */
#include <math.h>
#include <string.h>

#include "tests/testutil.h"

static char *write_in(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* `vdcsim run PATH -q -o DIR --charts none [extra]`, asserting exit 0. */
static void run_ok(const char *path, const char *dir, const char *extra)
{
    const char *argv[] = { "run", path, "-q", "--charts", "none", "-o", dir,
                           extra ? "--set" : NULL, extra, NULL };
    TuRun r = tu_runv(argv);
    if (r.status != 0)
        g_error("vdcsim run %s: exit %d\n%s", path, r.status, r.err);
    tu_run_clear(&r);
}

/* The number after "key": in dir/summary.json. */
static double headline(const char *dir, const char *key)
{
    g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
    g_autofree char *json = tu_read(path);
    g_autofree char *needle = g_strdup_printf("\"%s\": ", key);
    const char *p = strstr(json, needle);
    g_assert_nonnull(p);
    return g_ascii_strtod(p + strlen(needle), NULL);
}

/* A field of a CSV file by row key (first column) and column name; g_free it. */
static char *csv_field(const char *dir, const char *file, const char *row, const char *column)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    return tu_csv_field(path, row, column);
}

static double csv_num(const char *dir, const char *file, const char *row, const char *column)
{
    g_autofree char *v = csv_field(dir, file, row, column);
    return g_ascii_strtod(v, NULL);
}

/* ---- overhead in host utilization ---------------------------------------------------- */

/* The same 2-vCPU web VM at 50 % on a native, a KVM and a VMware Workstation host: each host
 * supplies 1 core / speed, so utilization / native's = 1 / speed (0.250, 0.259, 0.861):
 * Workstation's overhead needs more than the VM's 2 vCPUs, in host threads. */
static void test_overhead_costs_host_cpu(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "ovh.yaml",
        "duration: 10 min\n"
        "hosts:\n"
        "  - { name: n, cores: 4, freq: 2.5 GHz, memory: 64 GiB, hypervisor: native }\n"
        "  - { name: k, cores: 4, freq: 2.5 GHz, memory: 64 GiB, hypervisor: kvm }\n"
        "  - { name: w, cores: 4, freq: 2.5 GHz, memory: 64 GiB, hypervisor: vmware-workstation }\n"
        "vms:\n"
        "  - { name: vn, vcpus: 2, memory: 1 GiB, workload: web, demand: 50%, host: n }\n"
        "  - { name: vk, vcpus: 2, memory: 1 GiB, workload: web, demand: 50%, host: k }\n"
        "  - { name: vw, vcpus: 2, memory: 1 GiB, workload: web, demand: 50%, host: w }\n");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    run_ok(path, out, NULL);
    double un = csv_num(out, "hosts.csv", "n", "util_mean_frac");
    double uk = csv_num(out, "hosts.csv", "k", "util_mean_frac");
    double uw = csv_num(out, "hosts.csv", "w", "util_mean_frac");
    double sk = csv_num(out, "vms.csv", "vk", "speed_frac");
    double sw = csv_num(out, "vms.csv", "vw", "speed_frac");
    g_assert_cmpfloat_with_epsilon(un, 0.25, 1e-9);
    g_assert_cmpfloat_with_epsilon(uk / un * sk, 1.0, 0.005);
    g_assert_cmpfloat_with_epsilon(uw / un * sw, 1.0, 0.005);
    g_assert_cmpfloat(un, <, uk);
    g_assert_cmpfloat(uk, <, uw);
    g_assert_cmpfloat_with_epsilon(uw, 0.861, 0.001);          /* Workstation: speed 0.290 */
    g_assert_cmpfloat(headline(out, "unmet_demand_frac"), <, 1e-9);
    tu_rmtree(dir);
}

/* 4 vCPUs at 100 % on a 4-core Workstation host: the host gives its 4 cores, the guest gets
 * 4 × speed of work, unmet = 1 − speed, for the whole run; energy beats the native host's. */
static void test_unmet_demand(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "en.yaml",
        "duration: 10 min\n"
        "hosts: [{ name: h, cores: 4, freq: 2.5 GHz, memory: 64 GiB, hypervisor: native }]\n"
        "vms: [{ name: v, vcpus: 4, memory: 1 GiB, workload: web, demand: 50%, host: h }]\n");
    g_autofree char *native = g_build_filename(dir, "native", NULL);
    g_autofree char *ws = g_build_filename(dir, "ws", NULL);
    g_autofree char *full = g_build_filename(dir, "full", NULL);
    run_ok(path, native, NULL);
    run_ok(path, ws, "hosts.h.hypervisor=vmware-workstation");
    g_assert_cmpfloat(headline(ws, "energy_kwh"), >, 1.02 * headline(native, "energy_kwh"));
    const char *argv[] = { "run", path, "-q", "--charts", "none", "-o", full, "--set",
                           "hosts.h.hypervisor=vmware-workstation", "--set", "vms.v.demand=100%",
                           NULL };
    TuRun r = tu_runv(argv);
    g_assert_cmpint(r.status, ==, 0);
    tu_run_clear(&r);
    double speed = csv_num(full, "vms.csv", "v", "speed_frac");
    g_assert_cmpfloat_with_epsilon(headline(full, "unmet_demand_frac"), 1 - speed, 1e-6);
    g_assert_cmpfloat_with_epsilon(csv_num(full, "vms.csv", "v", "unmet_demand_frac"),
                                   1 - speed, 1e-6);
    g_assert_cmpfloat_with_epsilon(csv_num(full, "vms.csv", "v", "unmet_s"), 600, 1e-9);
    g_assert_cmpfloat(headline(full, "vms_short"), ==, 1);
    g_assert_cmpfloat(headline(full, "feasible"), ==, 0);
    tu_rmtree(dir);
}

/* ---- footprints ------------------------------------------------------------------------ */

/* VirtualBox keeps 2 GiB on the host and 200 MiB per VM: on a 4 GiB host 1.8 GiB is left for
 * guest memory, so a 3 GiB VM is rejected and a 1 GiB one admitted. */
static void test_footprints_in_admission(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "fp.yaml",
        "duration: 1 min\n"
        "hosts: [{ name: vb, cores: 4, memory: 4 GiB, hypervisor: virtualbox }]\n"
        "vms: [{ name: big, vcpus: 1, memory: 3 GiB, demand: 10%, host: vb }]\n");
    g_autofree char *no = g_build_filename(dir, "no", NULL);
    g_autofree char *yes = g_build_filename(dir, "yes", NULL);
    run_ok(path, no, NULL);
    run_ok(path, yes, "vms.big.memory=1GiB");
    g_assert_cmpfloat(headline(no, "vms_rejected"), ==, 1);
    g_autofree char *why = csv_field(no, "vms.csv", "big", "reject_reason");
    g_assert_nonnull(strstr(why, "footprints"));
    g_assert_cmpfloat(headline(yes, "vms_rejected"), ==, 0);
    tu_rmtree(dir);
}

/* ---- per-host truth ------------------------------------------------------------------ */

/* h-1 at 100 %, h-2 at 25 % with 100 % for the last 3 s of 100, h-3 idle but powered. */
static void test_host_percentiles(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "pk.yaml",
        "duration: 100 s\n"
        "output: { sample_interval: 1 s }\n"
        "planning: { target_util: 70%, percentile: 95 }\n"
        "hosts: [{ name: h, count: 3, cores: 4, freq: 2.5 GHz, memory: 64 GiB, "
        "hypervisor: native }]\n"
        "vms:\n"
        "  - { name: a, vcpus: 4, memory: 1 GiB, demand: 100%, host: h-1 }\n"
        "  - { name: b, vcpus: 4, memory: 1 GiB, demand: 25%, host: h-2 }\n"
        "events: [{ at: 97 s, load: { vm: b, demand: 100% } }]\n");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    run_ok(path, out, NULL);
    g_assert_cmpfloat_with_epsilon(csv_num(out, "hosts.csv", "h-1", "util_p95_frac"), 1, 1e-9);
    g_assert_cmpfloat_with_epsilon(csv_num(out, "hosts.csv", "h-2", "util_p95_frac"), 0.25, 1e-9);
    g_assert_cmpfloat_with_epsilon(csv_num(out, "hosts.csv", "h-2", "util_p99_frac"), 1, 1e-9);
    g_assert_cmpfloat_with_epsilon(csv_num(out, "hosts.csv", "h-2", "util_p50_frac"), 0.25, 1e-9);
    g_assert_cmpfloat_with_epsilon(csv_num(out, "hosts.csv", "h-2", "util_max_frac"), 1, 1e-9);
    g_assert_cmpfloat_with_epsilon(headline(out, "host_util_p95_max_frac"), 1, 1e-9);
    g_assert_cmpfloat(headline(out, "hosts_over_target"), ==, 1);
    g_assert_cmpfloat(headline(out, "hosts_idle_powered"), ==, 1);
    g_assert_cmpfloat(headline(out, "feasible"), ==, 0);
    g_autofree char *json_path = g_build_filename(out, "summary.json", NULL);
    g_autofree char *json = tu_read(json_path);
    g_assert_nonnull(strstr(json, "\"feasible_reason\": \"1 hosts above 70 % at p95\""));
    tu_rmtree(dir);
}

/* ---- vdcsim plan ------------------------------------------------------------------------- */

/* 20 VMs of 2 vCPUs at 50 % on 8-core native hosts, worst-fit: N hosts carry ceil(20/N) VMs,
 * utilization ceil(20/N)/8; 3 hosts: 87.5 % > 70 %, 4 hosts: 62.5 %.  Answer: 4. */
static const char plan_yaml[] =
    "duration: 10 min\n"
    "planning: { target_util: %s, percentile: %s%s }\n"
    "scheduler: { placement: worst-fit, overcommit: { cpu: 2x } }\n"
    "hosts: [{ name: h, count: 12, cores: 8, freq: 2.5 GHz, memory: 256 GiB, hypervisor: native }]\n"
    "vms: [{ name: v, count: 20, vcpus: 2, memory: 2 GiB, demand: 50%% }]\n";

/* target "70%", more ", max_hosts: 3"; a target "T/P" sets the percentile P too. */
static char *plan_file(const char *dir, const char *target, const char *more)
{
    g_auto(GStrv) tp = g_strsplit(target, "/", 2);
    g_autofree char *text = g_strdup_printf(plan_yaml, tp[0], tp[1] ? tp[1] : "95", more);
    return write_in(dir, "plan.yaml", text);
}

static void test_plan_hand_computed(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = plan_file(dir, "70%", "");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("plan", path, "-q", "-o", out, NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "h: 4 hosts (hottest host p95 62.5 %"));
    g_assert_nonnull(strstr(r.out, "3 hosts fail: 3 hosts above 70 % at p95"));
    tu_run_clear(&r);
    g_autofree char *csv_path = g_build_filename(out, "plan.csv", NULL);
    g_autofree char *csv = tu_read(csv_path);
    g_assert_nonnull(strstr(csv, "\nh,3,no,3 hosts above 70 % at p95,"));
    g_assert_nonnull(strstr(csv, "\nh,4,yes,,1,1,0,0.625,"));
    g_assert_null(strstr(csv, "\nh,1,yes"));
    g_autofree char *report = g_build_filename(out, "report.html", NULL);
    g_autofree char *chart = g_build_filename(out, "charts", "plan-utilization.png", NULL);
    g_assert_true(g_file_test(report, G_FILE_TEST_IS_REGULAR));
    g_assert_true(g_file_test(chart, G_FILE_TEST_IS_REGULAR));
    tu_rmtree(dir);
}

/* Two alternatives in one call: 1:1 overcommit admits 4 VMs per host, so 5 hosts. */
static void test_plan_compare(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = plan_file(dir, "70%", "");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("plan", path, "-q", "-o", out, "--compare", "scheduler.overcommit.cpu=1x,2x",
                     NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "cpu=1x: 5 hosts"));
    g_assert_nonnull(strstr(r.out, "cpu=2x: 4 hosts"));
    tu_run_clear(&r);
    tu_rmtree(dir);
}

/* One positioned line and exit 2 for each bad plan. */
static void assert_plan_error(const char *target, const char *more, const char *want_fmt)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = plan_file(dir, target, more);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("plan", path, "-q", "-o", out, NULL);
    g_autofree char *want = g_strdup_printf(want_fmt, path);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.err, ==, want);
    g_assert_cmpstr(r.out, ==, "");
    tu_run_clear(&r);
    tu_rmtree(dir);
}

static void test_plan_bad_input(void)
{
    assert_plan_error("150%", "", "%s:2:26: error: target_util 150%% is outside (0 %%, 100 %%] "
                                  "(expected a utilization above 0 and at most 100 %%)\n");
    assert_plan_error("70%/0", "", "%s:2:43: error: ratio '0' is out of range "
                                                "(expected 1 to 100)\n");
}

static void test_plan_nothing_to_vary(void)
{
    assert_plan_error("70%", ", min_hosts: 5, max_hosts: 5",
                      "%s:2:72: error: nothing to vary: host group 'h' searched from 5 to 5 "
                      "hosts (expected max_hosts, or the group's count, above min_hosts)\n");
}

static void test_plan_infeasible_bound(void)
{
    assert_plan_error("70%", ", max_hosts: 3",
                      "%s:2:58: error: no count of host group 'h' up to 3 meets the targets "
                      "(expected a larger max_hosts, or a looser target_util or max_unmet)\n");
}

/* A run limit too small to close the bracket: the plan says so and gives the bracket. */
static void test_plan_run_limit(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = plan_file(dir, "70%", ", max_runs: 3");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    TuRun r = tu_run("plan", path, "-q", "-o", out, NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "search stopped at max_runs (3 runs): the answer lies in "
                                   "(1, 6] hosts"));
    tu_run_clear(&r);
    tu_rmtree(dir);
}

/* ---- containers migrate as containers ------------------------------------------------ */

/* Docker -> Docker runs; Docker -> KVM by a controller would be refused at reservation,
 * and by an event at check time (tests/scenarios/bad/migrate-container-to-vm.yaml). */
static void test_container_to_container(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "ctr.yaml",
        "duration: 60 s\n"
        "hosts: [{ name: d, count: 2, hypervisor: docker }, { name: k, hypervisor: kvm }]\n"
        "vms: [{ name: c, vcpus: 1, memory: 512 MiB, demand: 10%, host: d-1 }]\n"
        "events: [{ at: 1 s, migrate: { vm: c, to: d-2 } }]\n");
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    run_ok(path, out, NULL);
    g_autofree char *refused = csv_field(out, "migrations.csv", "c", "refused");
    g_assert_cmpstr(refused, ==, "false");
    tu_rmtree(dir);
}

/* ---- one network ------------------------------------------------------------------------ */

/* A 1 GiB stop-and-copy over 1 Gbit/s host links takes 8.59 s alone.  Beside a tenant whose
 * NIC writes offer 1.3 GB/s (40,000 x 64 KiB/s, half writes) on the source's uplink, max-min
 * gives each of the two flows half the link: 17.18 s, twice as long. */
static void test_migration_shares_link_with_tenant(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = write_in(dir, "net.yaml",
        "duration: 60 s\n"
        "network: { link_bandwidth: 1 Gbit/s, latency: 0 s }\n"
        "migration: { state_size: 0 B }\n"
        "profiles: { workloads: { quiet: { base: idle, demand: 10%, dirty_rate: 0 pages/s } } }\n"
        "hosts:\n"
        "  - { name: h, count: 2, cores: 8, freq: 2.5 GHz, memory: 32 GiB, hypervisor: kvm,\n"
        "      devices: [ { name: nic0, class: shared, kind: nic, bandwidth: 10 Gbit/s, "
        "path: paravirtual } ] }\n"
        "vms:\n"
        "  - { name: tenant, vcpus: 2, memory: 1 GiB, workload: quiet, host: h-1,\n"
        "      io: [ { device: nic0, ops: 40000/s, bytes: 64 KiB, read: 50% } ] }\n"
        "  - { name: mover, vcpus: 1, memory: 1 GiB, workload: quiet, host: h-1 }\n"
        "events: [{ at: 1 s, migrate: { vm: mover, to: h-2, strategy: stop-and-copy } }]\n");
    g_autofree char *busy = g_build_filename(dir, "busy", NULL);
    g_autofree char *idle = g_build_filename(dir, "idle", NULL);
    run_ok(path, busy, NULL);
    run_ok(path, idle, "vms.tenant.io.0.ops=0/s");
    double alone = csv_num(idle, "migrations.csv", "mover", "total_s");
    g_assert_cmpfloat_with_epsilon(alone, 8.589934592, 1e-6);          /* 2^30 B / 1.25e8 B/s */
    g_assert_cmpfloat_with_epsilon(csv_num(busy, "migrations.csv", "mover", "total_s"),
                                   2 * alone, 1e-6);
    tu_rmtree(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/capacity/overhead-costs-host-cpu", test_overhead_costs_host_cpu);
    g_test_add_func("/capacity/unmet-demand", test_unmet_demand);
    g_test_add_func("/capacity/footprints", test_footprints_in_admission);
    g_test_add_func("/capacity/host-percentiles", test_host_percentiles);
    g_test_add_func("/capacity/plan/hand-computed", test_plan_hand_computed);
    g_test_add_func("/capacity/plan/compare", test_plan_compare);
    g_test_add_func("/capacity/plan/bad-target", test_plan_bad_input);
    g_test_add_func("/capacity/plan/nothing-to-vary", test_plan_nothing_to_vary);
    g_test_add_func("/capacity/plan/infeasible-bound", test_plan_infeasible_bound);
    g_test_add_func("/capacity/plan/run-limit", test_plan_run_limit);
    g_test_add_func("/capacity/container-to-container", test_container_to_container);
    g_test_add_func("/capacity/one-network", test_migration_shares_link_with_tenant);
    return g_test_run();
}
