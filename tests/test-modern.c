/* tests/test-modern.c — today's datacenter against its published figures: nested exit
 * multiplication (Turtles, OSDI 2010), pods' composed cost, MIG slices (NVIDIA MIG user
 * guide), vGPU time slicing, NUMA remote shares, KSM/TPS savings and Bubble-Up-style
 * interference, each through the running datacenter of a shipped scenario. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "sim/dc/datacenter.h"
#include "sim/hypervisor/nested.h"
#include "sim/hypervisor/profile.h"
#include "sim/io/gpu.h"
#include "sim/memory/interference.h"
#include "sim/memory/numa.h"
#include "sim/scenario/scenario.h"
#include "tests/testutil.h"

static GArray *run_rows(const char *path)
{
    g_autoptr(GError) err = NULL;
    Scenario *s = scn_load_file(path, NULL, &err);
    g_assert_no_error(err);
    SimDc *dc = sim_dc_new(s);
    sim_dc_run(dc);
    GArray *rows = sim_dc_vm_rows(dc);
    GArray *copy = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < rows->len; i++)
        g_array_append_val(copy, g_array_index(rows, SimDcVmRow, i).speed_frac);
    g_array_unref(rows);
    sim_dc_free(dc);
    scn_scenario_free(s);
    return copy;
}

/* One L2 exit = e1 + h1 + k e1: the breakdown sums, and level 1 leaves costs untouched. */
static void test_nested_exit_breakdown(void)
{
    const HvProfile *p = hv_profile_lookup("kvm");
    HvNested n;
    hv_nested_init(&n);
    HvNestedExit x;
    hv_nested_exit_cost(&n, p, &x);
    g_assert_cmpfloat(x.multiplier, ==, 1.0);
    n.level = 2;
    hv_nested_exit_cost(&n, p, &x);
    double e1 = hv_profile_vm_exit_cycles(p) + p->exit_handler_cycles;
    g_assert_cmpfloat_with_epsilon(x.total_cycles, e1 * (1 + 5) + p->exit_handler_cycles, 1e-6);
    g_assert_cmpfloat_with_epsilon(x.l0_cycles + x.l1_handler_cycles + x.l1_exit_cycles,
                                   x.total_cycles, 1e-6);
    g_assert_cmpfloat_with_epsilon(x.l1_exits, 5.0, 1e-9);
    n.level = 3;
    HvNestedExit x3;
    hv_nested_exit_cost(&n, p, &x3);
    g_assert_cmpfloat_with_epsilon(x3.multiplier, x.multiplier * x.multiplier, 1e-9);
}

/* Turtles: nested within 6-8 % of single level for common workloads (multi-dimensional
 * paging, multi-level device assignment); deeper levels and worse paths slower. */
static void test_nested_scenario(void)
{
    g_autoptr(GArray) v = run_rows("scenarios/teaching/nested-virtualization.yaml");
    double l1 = g_array_index(v, double, 0), multidim = g_array_index(v, double, 1),
           direct = g_array_index(v, double, 2), shadow = g_array_index(v, double, 3),
           l3 = g_array_index(v, double, 4);
    double slowdown = l1 / direct;
    g_assert_cmpfloat(slowdown, >=, 1.04);      /* 6-8 %, +-2 points */
    g_assert_cmpfloat(slowdown, <=, 1.10);
    g_assert_cmpfloat(direct, >, multidim);
    g_assert_cmpfloat(multidim, >, shadow);
    g_assert_cmpfloat(shadow, >, l3);
}

/* A TLB belongs to a core: VMs on cores of their own do not split it.  Alone on its host or
 * beside two others (12 vCPUs on 12 cores), the 4 GiB working set on 2 MiB pages runs at
 * the same speed, and 2 MiB pages give back most of nested paging's walk (94.5 % of native
 * against 80 % on 4 KiB; it read 73.5 % while every VM on the host counted as a co-runner).
 * Overcommitted 2:1, each VM shares its cores' TLBs and runs slower. */
static const char tlb_yaml[] =
    "duration: 1 min\n"
    "scheduler: { overcommit: { cpu: 2 } }\n"
    "profiles: { workloads: { big2m: { base: memory-intensive, working_set: 4 GiB,\n"
    "  access: uniform, mem_accesses: 50000000/s, page_size: 2m } } }\n"
    "hosts:\n"
    "  - { name: alone, hypervisor: kvm, paging: nested, large_pages: 2m, cores: 12 }\n"
    "  - { name: three, hypervisor: kvm, paging: nested, large_pages: 2m, cores: 12 }\n"
    "  - { name: over, hypervisor: kvm, paging: nested, large_pages: 2m, cores: 6 }\n"
    "vms:\n"
    "  - { name: a, host: alone, vcpus: 4, memory: 8 GiB, workload: big2m, demand: 100% }\n"
    "  - { name: t, host: three, count: 3, vcpus: 4, memory: 8 GiB, workload: big2m,\n"
    "      demand: 100% }\n"
    "  - { name: o, host: over, count: 3, vcpus: 4, memory: 8 GiB, workload: big2m,\n"
    "      demand: 100% }\n";

static void test_tlb_shared_per_core(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = g_build_filename(dir, "tlb.yaml", NULL);
    g_assert_true(g_file_set_contents(path, tlb_yaml, -1, NULL));
    g_autoptr(GArray) v = run_rows(path);
    double alone = g_array_index(v, double, 0), three = g_array_index(v, double, 1),
           over = g_array_index(v, double, 4);
    g_assert_cmpfloat_with_epsilon(three, alone, 1e-12);
    g_assert_cmpfloat(over, <, alone - 0.05);        /* 2 vCPUs a core: 768 entries each */
    g_autoptr(GArray) sn = run_rows("scenarios/teaching/shadow-vs-nested.yaml");
    double nested = g_array_index(sn, double, 4), nested_2m = g_array_index(sn, double, 7);
    g_assert_cmpfloat(fabs(nested - 0.800), <, 0.005);
    g_assert_cmpfloat(fabs(nested_2m - 0.945), <, 0.005);
    tu_rmtree(dir);
}

/* A pod pays its VM's overhead and its runtime's: slower than the same service as a VM. */
static void test_pods_compose(void)
{
    g_autoptr(GArray) v = run_rows("scenarios/planning/kubernetes-pods.yaml");
    double vm = g_array_index(v, double, 2), pod = g_array_index(v, double, 3);
    g_assert_cmpfloat(pod, <, vm);
    g_assert_cmpfloat(pod, >, vm * 0.99);       /* the container term is small (docker) */
    g_assert_true(isnan(g_array_index(v, double, v->len - 1)));   /* pod-late: no room */
}

/* MIG: a 1g slice is 1/7 of an A100; vGPU shares fall with tenants; passthrough is 1. */
static void test_gpu_classes(void)
{
    IoGpuHost h = { .count = 1, .mode = IO_GPU_MIG, .memory_bytes = 40ull << 30, .mig_slices = 7,
                    .vgpu_slice_ns = 2e6, .vgpu_switch_ns = 2e5 };
    IoGpuVm one = { .work_frac = 1, .slices = 1, .memory_bytes = 5ull << 30 };
    IoGpuUse u = { 0 };
    g_assert_cmpfloat_with_epsilon(io_gpu_rate(&h, &u, &one), 1.0 / 7, 1e-12);
    for (int i = 0; i < 7; i++) {
        g_assert_true(io_gpu_fits(&h, &u, &one));
        io_gpu_claim(&h, &u, &one, +1);
    }
    g_assert_false(io_gpu_fits(&h, &u, &one));  /* 7 instances at most */
    h.mode = IO_GPU_VGPU;
    IoGpuUse t = { .tenants = 2 }, t4 = { .tenants = 4 };
    g_assert_cmpfloat(io_gpu_rate(&h, &t4, &one), <, io_gpu_rate(&h, &t, &one));
    g_assert_cmpfloat_with_epsilon(io_gpu_rate(&h, &t, &one), 0.5 * 2 / 2.2, 1e-12);
    h.mode = IO_GPU_PASSTHROUGH;
    g_assert_cmpfloat(io_gpu_rate(&h, &t, &one), ==, 1.0);
    g_assert_cmpfloat_with_epsilon(io_gpu_speed_frac(&(IoGpuVm){ .work_frac = 0.5 }, 0.5),
                                   1 / 1.5, 1e-12);
}

static void test_numa(void)
{
    MemNumaHost h = { .sockets = 2, .remote_latency_ratio = 2.0 };
    MemNumaVm v = { .policy = MEM_NUMA_LOCAL, .mem_stall_frac = 0.5 };
    g_assert_cmpint(mem_numa_sockets_spanned(&h, 32, 256ull << 30, 8, 16ull << 30), ==, 1);
    g_assert_cmpint(mem_numa_sockets_spanned(&h, 32, 256ull << 30, 20, 16ull << 30), ==, 2);
    g_assert_cmpfloat(mem_numa_remote_frac(&h, &v, 1), ==, 0);
    g_assert_cmpfloat(mem_numa_remote_frac(&h, &v, 2), ==, 0.5);
    v.policy = MEM_NUMA_INTERLEAVE;
    g_assert_cmpfloat(mem_numa_remote_frac(&h, &v, 1), ==, 0.5);
    g_assert_cmpfloat_with_epsilon(mem_numa_speed_frac(&h, &v, 0.5), 1 / 1.25, 1e-12);
}

/* Bubble-Up-style: linear in the co-runners' pressure, capped at the sensitivity. */
static void test_interference(void)
{
    MemInterference a = { .sensitivity_frac = 0.3 };
    g_assert_cmpfloat(mem_interference_degradation_frac(&a, 0), ==, 0);
    g_assert_cmpfloat_with_epsilon(mem_interference_degradation_frac(&a, 0.5), 0.15, 1e-12);
    g_assert_cmpfloat_with_epsilon(mem_interference_degradation_frac(&a, 3), 0.3, 1e-12);
}

/* The dense host: sharing, NUMA and interference all show, and the run is deterministic. */
static void test_dense_host(void)
{
    g_autoptr(GArray) a = run_rows("scenarios/planning/dense-host.yaml");
    g_autoptr(GArray) b = run_rows("scenarios/planning/dense-host.yaml");
    g_assert_cmpmem(a->data, a->len * sizeof(double), b->data, b->len * sizeof(double));
    double search = g_array_index(a, double, 7), batch = g_array_index(a, double, 8);
    g_assert_cmpfloat(search, <, batch);        /* the sensitive one loses more */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/modern/nested/exit-breakdown", test_nested_exit_breakdown);
    g_test_add_func("/modern/nested/turtles-6-8-percent", test_nested_scenario);
    g_test_add_func("/modern/pods/compose", test_pods_compose);
    g_test_add_func("/modern/tlb/shared-per-core", test_tlb_shared_per_core);
    g_test_add_func("/modern/gpu/classes", test_gpu_classes);
    g_test_add_func("/modern/numa/remote", test_numa);
    g_test_add_func("/modern/interference/bubble-up", test_interference);
    g_test_add_func("/modern/dense-host", test_dense_host);
    return g_test_run();
}
