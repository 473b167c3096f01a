/* tests/test-io.c — sim/io: service-time rule, FCFS rings and stalls, exact idle latency,
 * M/M/1 and M/D/1 waits against closed forms, passthrough gating, dedicated-device errors,
 * path ordering, noisy neighbours on shared vs partitioned devices, spooled whole jobs,
 * the fluid model's max-min caps, samples and per-path cycle accounting. */
#include "sim/io/device.h"
#include "sim/io/fluid.h"
#include "sim/io/path.h"
#include "sim/io/discrete.h"

#include <math.h>
#include <string.h>

#define KIB 1024.0

typedef struct { GString *log; } Trace;

static void trace_log(const IoTraceEvent *ev, void *user)
{
    static const char pt[] = { 'S', 'A', 'B', 'D' };     /* submit admit begin done */
    Trace *t = user;
    g_string_append_printf(t->log, "%c:%s%" G_GUINT64_FORMAT "@%" G_GINT64_FORMAT " ",
                           pt[ev->point], ev->vm, ev->seq, ev->t_ns);
}

/* Only begin-of-service events, as "a0 b0 a1 ". */
static void trace_starts(const IoTraceEvent *ev, void *user)
{
    Trace *t = user;
    if (ev->point == IO_TRACE_START)
        g_string_append_printf(t->log, "%s%" G_GUINT64_FORMAT " ", ev->vm, ev->seq);
}

static IoSim *sim_on(SimEngine *eng, IoHostKind host, int gen)
{
    IoPathEnv env;
    io_path_env_init(&env);
    env.host = host;
    return io_sim_new(eng, 42, &env, gen);
}

static IoDev *add_dev(IoSim *sim, const char *name, IoDeviceClass klass, double iops,
                      IoPath path, uint32_t ring)
{
    IoDeviceSpec spec;
    io_device_spec_init(&spec, name);
    spec.klass = klass;
    spec.iops_per_s = iops;
    spec.path = path;
    spec.ring_slots = ring;
    GError *err = NULL;
    IoDev *dev = io_sim_add_device(sim, &spec, &err);
    g_assert_no_error(err);
    return dev;
}

static IoStream *add_stream(IoSim *sim, IoDev *dev, const char *vm, double ops_per_s,
                            gboolean deterministic)
{
    IoStreamSpec sp;
    io_stream_spec_init(&sp, vm);
    sp.ops_per_s = ops_per_s;
    sp.bytes_per_op = 4 * KIB;
    sp.deterministic = deterministic;
    GError *err = NULL;
    IoStream *st = io_sim_add_stream(sim, dev, &sp, &err);
    g_assert_no_error(err);
    return st;
}

static void test_names(void)
{
    for (int i = 0; i < IO_CLASS_COUNT; i++) {
        IoDeviceClass c;
        g_assert_true(io_class_lookup(io_class_name(i), &c));
        g_assert_cmpint(c, ==, i);
    }
    for (int i = 0; i < IO_PATH_COUNT; i++) {
        IoPath p;
        g_assert_true(io_path_lookup(io_path_name(i), &p));
        g_assert_cmpint(p, ==, i);
    }
    IoDeviceKind k;
    IoMode m;
    g_assert_true(io_kind_lookup("vnic", &k) && k == IO_KIND_VNIC);
    g_assert_true(io_mode_lookup("requests", &m) && m == IO_MODE_REQUESTS);
    g_assert_false(io_class_lookup("sharde", (IoDeviceClass *)&k));
    g_assert_cmpstr(io_level_name(io_path_level(IO_PATH_PARAVIRTUAL)), ==, "device driver");
    g_assert_cmpstr(io_level_name(io_path_level(IO_PATH_EMULATED)), ==, "I/O operation");
    g_assert_cmpint(io_path_effective(IO_PATH_EMULATED, IO_HOST_CONTAINER), ==,
                    IO_PATH_NATIVE);
}

/* S = max(1/IOPS, bytes/bandwidth). */
static void test_service_time(void)
{
    /* 4 KiB at 100 MB/s = 40.96 us; 10,000 IOPS = 100 us: IOPS-bound. */
    g_assert_cmpfloat_with_epsilon(io_service_s(100e6, 1e4, 4096), 100e-6, 1e-15);
    /* 1 MiB at 100 MB/s = 10.48576 ms: bandwidth-bound. */
    g_assert_cmpfloat_with_epsilon(io_service_s(100e6, 1e4, 1048576), 10.48576e-3, 1e-15);
    g_assert_cmpint(io_service_ns(100e6, 1e4, 1048576), ==, 10485760);
    g_assert_cmpint(io_service_ns(0, 3e6, 0), ==, 334);       /* 333.3 ns rounds up */
    IoDeviceSpec s;
    io_device_spec_init(&s, "d");
    GError *err = NULL;
    g_assert_false(io_device_spec_check(&s, &err));          /* no limit at all */
    g_assert_error(err, IO_ERROR, IO_ERROR_INVALID);
    g_clear_error(&err);
    s.klass = IO_CLASS_PARTITIONED;
    s.partitions = 4;
    s.bandwidth_bytes_per_s = 400e6;
    s.iops_per_s = 4e4;
    g_assert_true(io_device_spec_check(&s, &err));
    g_assert_cmpfloat(io_slice_bandwidth_bytes_per_s(&s), ==, 100e6);
    g_assert_cmpfloat(io_slice_iops_per_s(&s), ==, 1e4);
}

/* Requests of one VM leave the ring in submission order and are served back to back. */
static void test_ring_fcfs(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_NATIVE, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.bandwidth_bytes_per_s = 1e9;                       /* 1 byte per ns */
    spec.ring_slots = 8;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStream *a = add_stream(sim, dev, "a", 0, TRUE);
    Trace t = { g_string_new(NULL) };
    io_sim_set_trace(sim, trace_log, &t);
    io_sim_start(sim);
    double sizes[] = { 500, 100, 300, 200 };
    for (int i = 0; i < 4; i++)
        io_stream_submit(a, sizes[i]);
    sim_engine_run(eng);
    g_assert_cmpstr(t.log->str, ==,
                    "S:a0@0 A:a0@0 S:a1@0 A:a1@0 S:a2@0 A:a2@0 S:a3@0 A:a3@0 "
                    "B:a0@0 D:a0@500 B:a1@500 D:a1@600 B:a2@600 D:a2@900 B:a3@900 "
                    "D:a3@1100 ");
    g_string_free(t.log, TRUE);
    io_sim_free(sim);
    sim_engine_free(eng);
}

/* Ring of 2, 1 ms per request, 5 submitted at t = 0: three block; the submitter is blocked
 * until the last of them gets a slot at 3 ms. */
static void test_ring_full_blocks(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_NATIVE, 3);
    IoDev *dev = add_dev(sim, "disk0", IO_CLASS_SHARED, 1000, IO_PATH_PARAVIRTUAL, 2);
    IoStream *a = add_stream(sim, dev, "a", 0, TRUE);
    Trace t = { g_string_new(NULL) };
    io_sim_set_trace(sim, trace_log, &t);
    io_sim_start(sim);
    for (int i = 0; i < 5; i++)
        io_stream_submit(a, 4 * KIB);
    IoStreamStats s;
    sim_engine_run_until(eng, 2500000);
    io_stream_stats(a, &s);
    g_assert_cmpint(s.stall_ns, ==, 2500000);                /* still blocked */
    sim_engine_run(eng);
    io_stream_stats(a, &s);
    g_assert_cmpint(s.stall_ns, ==, 3000000);
    g_assert_cmpuint(s.ops, ==, 5);
    g_assert_cmpfloat(s.latency_p50_ns, ==, 3e6);            /* 1, 2, 3, 4, 5 ms */
    g_assert_cmpfloat(s.latency_mean_ns, ==, 3e6);
    g_assert_nonnull(strstr(t.log->str, "A:a2@1000000 "));  /* admitted when a0 left */
    g_assert_nonnull(strstr(t.log->str, "A:a4@3000000 "));
    g_string_free(t.log, TRUE);
    io_sim_free(sim);
    sim_engine_free(eng);
}

/* With an arrival process the blocked guest stops offering requests: a stream of 10,000
 * ops/s on a 1,000-IOPS device behind a 2-slot ring runs at the device's rate and spends
 * most of its time stalled. */
static void test_ring_stalls_arrivals(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_NATIVE, 3);
    IoDev *dev = add_dev(sim, "disk0", IO_CLASS_SHARED, 1000, IO_PATH_PARAVIRTUAL, 2);
    IoStream *a = add_stream(sim, dev, "a", 10000, TRUE);
    io_sim_start(sim);
    sim_engine_run_until(eng, SIM_NS_PER_S);
    IoStreamStats s;
    io_stream_stats(a, &s);
    g_assert_cmpuint(s.ops, >=, 999);
    g_assert_cmpuint(s.ops, <=, 1000);
    g_assert_cmpuint(s.submitted, <=, s.ops + 3);            /* no unbounded backlog */
    g_assert_cmpint(s.stall_ns, >, 800 * SIM_NS_PER_MS);
    io_sim_free(sim);
    sim_engine_free(eng);
}

/* One request on an idle device: latency = path latency + service time, to the ns. */
static void test_idle_latency_exact(void)
{
    IoPath paths[] = { IO_PATH_EMULATED, IO_PATH_PARAVIRTUAL, IO_PATH_PASSTHROUGH };
    for (int i = 0; i < 3; i++) {
        SimEngine *eng = sim_engine_new();
        IoSim *sim = sim_on(eng, IO_HOST_TYPE2, 3);
        IoDeviceSpec spec;
        io_device_spec_init(&spec, "nic0");
        spec.bandwidth_bytes_per_s = 1.25e9;                /* 10 Gbit/s */
        spec.iops_per_s = 1e6;
        spec.path = paths[i];
        IoDev *dev = io_sim_add_device(sim, &spec, NULL);
        IoStream *a = add_stream(sim, dev, "a", 0, TRUE);
        io_sim_start(sim);
        io_stream_submit(a, 64 * KIB);
        sim_engine_run(eng);
        IoStreamStats s;
        io_stream_stats(a, &s);
        double expect = (double)llround(io_dev_path_cost(dev)->latency_ns)
                        + (double)io_service_ns(1.25e9, 1e6, 64 * KIB);
        g_assert_cmpfloat(s.latency_mean_ns, ==, expect);
        g_assert_cmpfloat(s.wait_mean_ns, ==, 0.0);
        io_sim_free(sim);
        sim_engine_free(eng);
    }
}

/* Mean queueing delay of a single FCFS server with Poisson arrivals at rho = 0.5. */
static double measured_wait_ns(IoServiceDist dist, double lambda, double mu, double run_s)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_NATIVE, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.iops_per_s = mu;
    spec.ring_slots = 0;
    spec.service = dist;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStream *a = add_stream(sim, dev, "a", lambda, FALSE);
    io_sim_start(sim);
    sim_engine_run_until(eng, (SimTimeNs)(run_s * 1e9));
    IoStreamStats s;
    io_stream_stats(a, &s);
    IoDevStats d;
    io_dev_stats(dev, &d);
    g_assert_cmpfloat(fabs(d.utilization_frac - lambda / mu), <, 0.01);
    io_sim_free(sim);
    sim_engine_free(eng);
    return s.wait_mean_ns;
}

static void test_mm1_wait(void)
{
    double lambda = 5e4, mu = 1e5, rho = lambda / mu;
    double expect_ns = rho / (mu - lambda) * 1e9;           /* 10 us */
    double got_ns = measured_wait_ns(IO_SERVICE_EXPONENTIAL, lambda, mu, 20.0);
    g_test_message("M/M/1 wait: measured %.1f ns, rho/(mu-lambda) = %.1f ns", got_ns,
                   expect_ns);
    g_assert_cmpfloat(fabs(got_ns / expect_ns - 1.0), <, 0.03);
    /* The fluid model gives the same closed form. */
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.iops_per_s = mu;
    spec.service = IO_SERVICE_EXPONENTIAL;
    IoFluidDemand dm = { .ops_per_s = lambda, .bytes_per_op = 4096 };
    IoFluidShare sh;
    io_fluid_solve(&spec, &dm, 1, &sh, NULL);
    g_assert_cmpfloat(fabs(sh.wait_ns / expect_ns - 1.0), <, 1e-12);
}

static void test_md1_wait(void)
{
    double lambda = 5e4, mu = 1e5, rho = lambda / mu;
    double expect_ns = rho / (2.0 * mu * (1.0 - rho)) * 1e9;  /* 5 us */
    double got_ns = measured_wait_ns(IO_SERVICE_DETERMINISTIC, lambda, mu, 20.0);
    g_test_message("M/D/1 wait: measured %.1f ns, closed form %.1f ns", got_ns, expect_ns);
    g_assert_cmpfloat(fabs(got_ns / expect_ns - 1.0), <, 0.03);
}

static void test_passthrough_needs_gen3(void)
{
    GError *err = NULL;
    g_assert_true(io_path_check_hardware(IO_PATH_PARAVIRTUAL, 1, "nic0", &err));
    g_assert_false(io_path_check_hardware(IO_PATH_PASSTHROUGH, 2, "nic0", &err));
    g_assert_error(err, IO_ERROR, IO_ERROR_HARDWARE);
    g_assert_cmpstr(err->message, ==,
                    "device 'nic0' uses path 'passthrough', which needs hardware-assist "
                    "generation 3 (IOMMU, SR-IOV); the host has generation 2");
    g_clear_error(&err);
    SimEngine *eng = sim_engine_new();
    IoSim *old = sim_on(eng, IO_HOST_TYPE1, 2);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "nic0");
    spec.iops_per_s = 1e6;
    spec.path = IO_PATH_PASSTHROUGH;
    g_assert_null(io_sim_add_device(old, &spec, &err));
    g_assert_error(err, IO_ERROR, IO_ERROR_HARDWARE);
    g_clear_error(&err);
    IoSim *gen3 = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDev *dev = io_sim_add_device(gen3, &spec, &err);
    g_assert_no_error(err);
    add_stream(gen3, dev, "db", 100, TRUE);
    g_assert_false(io_dev_path_cost(dev)->migratable);
    g_assert_false(io_sim_vm_migratable(gen3, "db"));
    g_assert_true(io_sim_vm_migratable(gen3, "web"));
    io_sim_free(old);
    io_sim_free(gen3);
    sim_engine_free(eng);
}

static void test_dedicated_error(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDev *kbd = add_dev(sim, "kbd0", IO_CLASS_DEDICATED, 1000, IO_PATH_EMULATED, 0);
    IoStreamSpec sp;
    io_stream_spec_init(&sp, "desk");
    GError *err = NULL;
    g_assert_nonnull(io_sim_add_stream(sim, kbd, &sp, &err));
    g_assert_nonnull(io_sim_add_stream(sim, kbd, &sp, &err));   /* same VM again: fine */
    io_stream_spec_init(&sp, "intruder");
    g_assert_null(io_sim_add_stream(sim, kbd, &sp, &err));
    g_assert_error(err, IO_ERROR, IO_ERROR_DEDICATED);
    g_assert_cmpstr(err->message, ==,
                    "dedicated device 'kbd0' is assigned to VM 'desk' and to VM 'intruder' "
                    "(a dedicated device belongs to one VM for the whole run)");
    g_clear_error(&err);
    /* Partitioned: one VM per slice. */
    IoDeviceSpec ps;
    io_device_spec_init(&ps, "disk0");
    ps.klass = IO_CLASS_PARTITIONED;
    ps.partitions = 2;
    ps.iops_per_s = 1000;
    const char *vms[] = { "a", "b", "a", "c" };
    g_assert_true(io_device_check_users(&ps, vms, 3, &err));
    g_assert_false(io_device_check_users(&ps, vms, 4, &err));
    g_assert_error(err, IO_ERROR, IO_ERROR_PARTITIONS);
    g_clear_error(&err);
    io_sim_free(sim);
    sim_engine_free(eng);
}

/* Mean latency and host cycles of one stream of 2,000 ops/s over a path. */
static void run_path(IoPath path, IoStreamStats *s)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "nic0");
    spec.bandwidth_bytes_per_s = 1.25e9;
    spec.path = path;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStream *a = add_stream(sim, dev, "a", 2000, FALSE);
    io_sim_start(sim);
    sim_engine_run_until(eng, SIM_NS_PER_S / 2);
    io_stream_stats(a, s);
    io_sim_free(sim);
    sim_engine_free(eng);
}

static void test_path_order(void)
{
    IoStreamStats emu, pv, pt;
    run_path(IO_PATH_EMULATED, &emu);
    run_path(IO_PATH_PARAVIRTUAL, &pv);
    run_path(IO_PATH_PASSTHROUGH, &pt);
    g_test_message("mean latency ns: emulated %.0f paravirtual %.0f passthrough %.0f",
                   emu.latency_mean_ns, pv.latency_mean_ns, pt.latency_mean_ns);
    g_assert_cmpuint(emu.ops, ==, pv.ops);                   /* same arrivals */
    g_assert_cmpfloat(emu.latency_mean_ns, >, pv.latency_mean_ns);
    g_assert_cmpfloat(pv.latency_mean_ns, >, pt.latency_mean_ns);
    g_assert_cmpfloat(emu.host_cycles, >, pv.host_cycles);
    g_assert_cmpfloat(pv.host_cycles, >, pt.host_cycles);
    g_assert_cmpfloat(emu.exits / emu.ops, ==, 5.0);
    /* Batching: one kick + one completion per batch of 8. */
    IoPathEnv env;
    io_path_env_init(&env);
    env.batch_ops = 8;
    IoPathCost c;
    io_path_cost(IO_PATH_PARAVIRTUAL, &env, &c);
    g_assert_cmpfloat(c.notifications, ==, 0.25);
    /* Type 2 adds the host OS path; a container takes the native path at no cost. */
    IoPathCost t1, t2, ct;
    env.batch_ops = 1;
    io_path_cost(IO_PATH_EMULATED, &env, &t1);
    env.host = IO_HOST_TYPE2;
    io_path_cost(IO_PATH_EMULATED, &env, &t2);
    env.host = IO_HOST_CONTAINER;
    io_path_cost(IO_PATH_EMULATED, &env, &ct);
    g_assert_cmpfloat(t2.host_cycles - t1.host_cycles, ==, 16640.0);
    g_assert_cmpfloat(t2.latency_ns, >, t1.latency_ns);
    g_assert_cmpint(ct.path, ==, IO_PATH_NATIVE);
    g_assert_cmpint(ct.level, ==, IO_LEVEL_SYSCALL);
    g_assert_cmpfloat(ct.host_cycles + ct.guest_cycles + ct.latency_ns + ct.exits, ==, 0.0);
}

/* VM a (1,000 ops/s) alone or next to b (7,000 ops/s) on a 10,000-IOPS device: shared, or
 * split in two 10,000-IOPS slices (a 20,000-IOPS device, partitioned). */
static double victim_latency(IoDeviceClass klass, gboolean with_neighbour)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.klass = klass;
    spec.partitions = klass == IO_CLASS_PARTITIONED ? 2 : 1;
    spec.iops_per_s = 1e4 * spec.partitions;
    spec.ring_slots = 0;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStream *a = add_stream(sim, dev, "a", 1000, FALSE);
    if (with_neighbour)
        add_stream(sim, dev, "b", 7000, FALSE);
    io_sim_start(sim);
    sim_engine_run_until(eng, 2 * SIM_NS_PER_S);
    IoStreamStats s;
    io_stream_stats(a, &s);
    io_sim_free(sim);
    sim_engine_free(eng);
    return s.latency_mean_ns;
}

static void test_noisy_neighbour(void)
{
    double sh_alone = victim_latency(IO_CLASS_SHARED, FALSE);
    double sh_noisy = victim_latency(IO_CLASS_SHARED, TRUE);
    double pa_alone = victim_latency(IO_CLASS_PARTITIONED, FALSE);
    double pa_noisy = victim_latency(IO_CLASS_PARTITIONED, TRUE);
    g_test_message("victim latency ns: shared %.0f -> %.0f, partitioned %.0f -> %.0f",
                   sh_alone, sh_noisy, pa_alone, pa_noisy);
    g_assert_cmpfloat(sh_noisy, >, 1.5 * sh_alone);
    g_assert_cmpfloat(pa_noisy, ==, pa_alone);               /* bit-for-bit isolation */
}

/* Two VMs print 3-page jobs, their pages interleaved in time. */
static char *print_order(IoDeviceClass klass)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_NATIVE, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "lp0");
    spec.klass = klass;
    spec.kind = IO_KIND_PRINTER;
    spec.iops_per_s = 1e5;                                    /* 10 us per page */
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStreamSpec sp;
    io_stream_spec_init(&sp, "a");
    sp.ops_per_job = 3;
    IoStream *a = io_sim_add_stream(sim, dev, &sp, NULL);
    sp.vm = "b";
    IoStream *b = io_sim_add_stream(sim, dev, &sp, NULL);
    Trace t = { g_string_new(NULL) };
    io_sim_set_trace(sim, trace_starts, &t);
    io_sim_start(sim);
    for (int i = 0; i < 6; i++) {
        sim_engine_run_until(eng, i * SIM_NS_PER_US);
        io_stream_submit(i % 2 ? b : a, 100);
    }
    sim_engine_run(eng);
    IoStreamStats s;
    io_stream_stats(b, &s);
    g_assert_cmpuint(s.ops, ==, 3);
    io_sim_free(sim);
    sim_engine_free(eng);
    return g_string_free(t.log, FALSE);
}

static void test_spooled_whole_jobs(void)
{
    g_autofree char *spooled = print_order(IO_CLASS_SPOOLED);
    g_autofree char *shared = print_order(IO_CLASS_SHARED);
    g_assert_cmpstr(spooled, ==, "a0 a1 a2 b0 b1 b2 ");
    g_assert_cmpstr(shared, ==, "a0 b0 a1 b1 a2 b2 ");
}

static void test_fluid_maxmin(void)
{
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.iops_per_s = 1000;
    IoFluidDemand dm[2] = { { .ops_per_s = 800, .bytes_per_op = 4096 },
                            { .ops_per_s = 400, .bytes_per_op = 4096 } };
    IoFluidShare sh[2];
    IoFluidDevice dev;
    io_fluid_solve(&spec, dm, 2, sh, &dev);
    g_assert_true(dev.saturated);
    g_assert_cmpfloat_with_epsilon(dev.offered_frac, 1.2, 1e-12);
    g_assert_cmpfloat_with_epsilon(dev.utilization_frac, 1.0, 1e-12);
    g_assert_cmpfloat_with_epsilon(sh[0].throughput_ops_per_s, 600, 1e-9);
    g_assert_cmpfloat_with_epsilon(sh[1].throughput_ops_per_s, 400, 1e-9);
    g_assert_true(isinf(sh[0].latency_ns));
    /* Under capacity everyone gets its demand; M/D/1 wait from Pollaczek-Khinchine. */
    dm[0].ops_per_s = 300;
    dm[0].path_latency_ns = 1000;
    io_fluid_solve(&spec, dm, 2, sh, &dev);
    g_assert_false(dev.saturated);
    g_assert_cmpfloat_with_epsilon(sh[0].throughput_ops_per_s, 300, 1e-9);
    double wq_ns = 700 * 1e-6 / (2 * 0.3) * 1e9;             /* λE[S²]/(2(1-ρ)) */
    g_assert_cmpfloat_with_epsilon(sh[1].wait_ns, wq_ns, 1e-6);
    g_assert_cmpfloat_with_epsilon(sh[0].latency_ns, 1000 + wq_ns + 1e6, 1e-6);
    /* Partitioned: a saturated slice leaves the other slice alone. */
    spec.klass = IO_CLASS_PARTITIONED;
    spec.partitions = 2;
    spec.iops_per_s = 2000;
    dm[0] = (IoFluidDemand){ .ops_per_s = 5000, .bytes_per_op = 4096, .slice = 0 };
    dm[1] = (IoFluidDemand){ .ops_per_s = 500, .bytes_per_op = 4096, .slice = 1 };
    io_fluid_solve(&spec, dm, 2, sh, &dev);
    g_assert_cmpfloat_with_epsilon(sh[0].throughput_ops_per_s, 1000, 1e-9);
    g_assert_cmpfloat_with_epsilon(sh[1].wait_ns, 500 * 1e-6 / (2 * 0.5) * 1e9, 1e-6);
    g_assert_cmpfloat_with_epsilon(dev.utilization_frac, 0.75, 1e-12);
}

/* Request mode against the fluid model's M/G/1 answer: two VMs with different request sizes
 * on one bandwidth-bound shared disk at rho = 0.7. */
static void test_fluid_matches_requests(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "disk0");
    spec.bandwidth_bytes_per_s = 400e6;
    spec.ring_slots = 0;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStreamSpec sp;
    io_stream_spec_init(&sp, "small");
    sp.ops_per_s = 20000;
    sp.bytes_per_op = 4 * KIB;                               /* S = 10.24 us, rho 0.2048 */
    IoStream *a = io_sim_add_stream(sim, dev, &sp, NULL);
    sp.vm = "big";
    sp.ops_per_s = 1000 * 0.4952 / 0.32768;                 /* rho 0.4952 */
    sp.bytes_per_op = 128 * KIB;                             /* S = 327.68 us */
    IoStream *b = io_sim_add_stream(sim, dev, &sp, NULL);
    io_sim_start(sim);
    sim_engine_run_until(eng, 10 * SIM_NS_PER_S);
    IoStreamStats sa, sb;
    io_stream_stats(a, &sa);
    io_stream_stats(b, &sb);
    double path_ns = io_dev_path_cost(dev)->latency_ns;
    IoFluidDemand dm[2] = {
        { .ops_per_s = 20000, .bytes_per_op = 4 * KIB, .path_latency_ns = path_ns },
        { .ops_per_s = sp.ops_per_s, .bytes_per_op = 128 * KIB, .path_latency_ns = path_ns },
    };
    IoFluidShare sh[2];
    IoFluidDevice fd;
    io_fluid_solve(&spec, dm, 2, sh, &fd);
    g_test_message("latency small: requests %.0f fluid %.0f; big: requests %.0f fluid %.0f",
                   sa.latency_mean_ns, sh[0].latency_ns, sb.latency_mean_ns, sh[1].latency_ns);
    g_assert_cmpfloat(fabs(fd.utilization_frac - 0.7), <, 1e-9);
    g_assert_cmpfloat(fabs(sa.latency_mean_ns / sh[0].latency_ns - 1), <, 0.04);
    g_assert_cmpfloat(fabs(sb.latency_mean_ns / sh[1].latency_ns - 1), <, 0.04);
    g_assert_cmpfloat(sa.latency_p99_ns, >, sa.latency_p50_ns);
    io_sim_free(sim);
    sim_engine_free(eng);
}

/* The block back end (sim/io/path.h): a lone request holds its stream's path, the path's
 * delay, one back-end thread and the device in turn, exactly; one deep stream runs at its
 * path's bound, several streams of a VM at the back end's (threads / backend), twice as
 * high with two threads; NICs have no block back end; the fluid model gives the same
 * rates. */
static IoSim *blk_sim(SimEngine *eng, uint32_t threads)
{
    IoPathEnv env;
    io_path_env_init(&env);                  /* 2.5 GHz */
    env.blk_stream_cycles = 100000;          /* 40 us */
    env.blk_backend_cycles = 50000;          /* 20 us */
    env.blk_backend_threads = threads;
    return io_sim_new(eng, 42, &env, 3);
}

static double blk_run(uint32_t threads, IoDeviceKind kind, int streams, uint32_t depth,
                      double *latency_ns, double *fluid_ops)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = blk_sim(eng, threads);
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "d");
    spec.kind = kind;
    spec.iops_per_s = 1e6;
    spec.ring_slots = 0;
    spec.path = IO_PATH_PARAVIRTUAL;
    IoDev *dev = io_sim_add_device(sim, &spec, NULL);
    IoStream *st[8];
    IoFluidDemand dm[8];
    IoFluidShare sh[8];
    const IoPathCost *c = io_dev_path_cost(dev);
    for (int i = 0; i < streams; i++) {
        IoStreamSpec sp;
        io_stream_spec_init(&sp, "vm");
        sp.bytes_per_op = 4 * KIB;
        sp.depth = depth;
        sp.submit_ns = 5000;
        st[i] = io_sim_add_stream(sim, dev, &sp, NULL);
        dm[i] = (IoFluidDemand){ .bytes_per_op = 4 * KIB, .path_latency_ns = c->latency_ns,
                                 .depth = depth, .stream_ns = 5000 + c->stream_ns,
                                 .backend_ns = c->backend_ns,
                                 .backend_threads = c->backend_threads, .backend_group = 0 };
    }
    io_sim_start(sim);
    sim_engine_run_until(eng, SIM_NS_PER_S);
    double ops = 0, fluid = 0;
    io_fluid_solve(&spec, dm, (size_t)streams, sh, NULL);
    for (int i = 0; i < streams; i++) {
        IoStreamStats s;
        io_stream_stats(st[i], &s);
        ops += s.throughput_ops_per_s;
        fluid += sh[i].throughput_ops_per_s;
        *latency_ns = s.latency_mean_ns;
    }
    *fluid_ops = fluid;
    io_sim_free(sim);
    sim_engine_free(eng);
    return ops;
}

static void test_block_backend(void)
{
    double lat, fluid;
    /* depth 1: 5 + 40 us (stream) + path + 20 us (back end) + 1 us (device), and Z = 5 us */
    IoPathEnv env;
    io_path_env_init(&env);
    env.blk_stream_cycles = 100000;
    env.blk_backend_cycles = 50000;
    env.blk_backend_threads = 1;
    env.disk = TRUE;
    IoPathCost c;
    io_path_cost(IO_PATH_PARAVIRTUAL, &env, &c);
    g_assert_cmpfloat(c.stream_ns, ==, 40000);
    g_assert_cmpfloat(c.backend_ns, ==, 20000);
    double one = blk_run(1, IO_KIND_DISK, 1, 1, &lat, &fluid);
    g_assert_cmpfloat(fabs(lat - (45000 + (double)llround(c.latency_ns) + 20000 + 1000)), <, 1);
    g_assert_cmpfloat(fabs(one * (lat + IO_ISSUE_NS) / 1e9 - 1), <, 1e-3);
    /* one stream at depth 16: its own path (45 us) bounds it */
    double deep = blk_run(1, IO_KIND_DISK, 1, 16, &lat, &fluid);
    g_assert_cmpfloat(fabs(deep / (1e9 / 45000) - 1), <, 0.01);
    g_assert_cmpfloat(fabs(fluid / deep - 1), <, 0.01);
    g_assert_cmpfloat(fabs(lat / (16 * 1e9 / deep - IO_ISSUE_NS) - 1), <, 0.02);   /* Little */
    /* four streams: the one back-end thread (20 us); two threads: twice as many */
    double four = blk_run(1, IO_KIND_DISK, 4, 16, &lat, &fluid);
    g_assert_cmpfloat(fabs(four / 50000 - 1), <, 0.01);
    g_assert_cmpfloat(fabs(fluid / four - 1), <, 0.01);
    double two = blk_run(2, IO_KIND_DISK, 4, 16, &lat, &fluid);
    g_assert_cmpfloat(fabs(two / 88889 - 1), <, 0.01);     /* each stream's path: 4 / 45 us */
    g_assert_cmpfloat(fabs(fluid / two - 1), <, 0.01);
    /* fluid: an open stream above its path's bound is held there and saturates */
    IoDeviceSpec spec;
    io_device_spec_init(&spec, "d");
    spec.iops_per_s = 1e6;
    IoFluidDemand open = { .ops_per_s = 1e5, .bytes_per_op = 4 * KIB, .stream_ns = 45000,
                           .backend_ns = 20000, .backend_threads = 1, .backend_group = 0 };
    IoFluidShare sh;
    io_fluid_solve(&spec, &open, 1, &sh, NULL);
    g_assert_cmpfloat(fabs(sh.throughput_ops_per_s / (1e9 / 45000) - 1), <, 1e-9);
    g_assert_true(isinf(sh.latency_ns));
    /* a NIC has no block back end: only submit (5 us) bounds its stream */
    double nic = blk_run(1, IO_KIND_NIC, 1, 16, &lat, &fluid);
    g_assert_cmpfloat(nic, >, 150000);
}

/* Samples of equal intervals average to the run's time-weighted means; per-path cycles add
 * up over a VM's streams. */
static void test_samples_and_cycles(void)
{
    SimEngine *eng = sim_engine_new();
    IoSim *sim = sim_on(eng, IO_HOST_TYPE1, 3);
    IoDev *d1 = add_dev(sim, "disk0", IO_CLASS_SHARED, 1e4, IO_PATH_EMULATED, 0);
    IoDev *d2 = add_dev(sim, "nic0", IO_CLASS_SHARED, 1e4, IO_PATH_PASSTHROUGH, 0);
    IoStream *s1 = add_stream(sim, d1, "a", 6000, FALSE);
    IoStream *s2 = add_stream(sim, d2, "a", 3000, FALSE);
    io_sim_set_sample_interval(sim, 10 * SIM_NS_PER_MS);
    io_sim_start(sim);
    sim_engine_run_until(eng, SIM_NS_PER_S);
    IoDevStats ds;
    io_dev_stats(d1, &ds);
    const GArray *smp = io_dev_samples(d1);
    g_assert_cmpuint(smp->len, ==, 100);
    double q = 0, u = 0;
    for (guint i = 0; i < smp->len; i++) {
        q += g_array_index(smp, IoSample, i).queue_len / smp->len;
        u += g_array_index(smp, IoSample, i).utilization_frac / smp->len;
    }
    g_assert_cmpfloat(fabs(q - ds.mean_queue_len), <, 1e-9);
    g_assert_cmpfloat(fabs(u - ds.utilization_frac), <, 1e-9);
    g_assert_cmpfloat(fabs(ds.utilization_frac - 0.6), <, 0.03);
    IoStreamStats a1, a2;
    io_stream_stats(s1, &a1);
    io_stream_stats(s2, &a2);
    IoVmCycles c;
    io_sim_vm_cycles(sim, "a", &c);
    g_assert_cmpfloat(c.host_cycles[IO_PATH_EMULATED], ==, a1.host_cycles);
    g_assert_cmpfloat(c.host_cycles[IO_PATH_PASSTHROUGH], ==, a2.host_cycles);
    g_assert_cmpfloat(c.host_cycles[IO_PATH_PARAVIRTUAL], ==, 0.0);
    double per_op = io_dev_path_cost(d1)->host_cycles;
    g_assert_cmpfloat(fabs(a1.host_cycles - per_op * (double)a1.submitted), <, 1e-6 * per_op);
    io_sim_free(sim);
    sim_engine_free(eng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/io/names", test_names);
    g_test_add_func("/io/device/service-time", test_service_time);
    g_test_add_func("/io/ring/fcfs", test_ring_fcfs);
    g_test_add_func("/io/ring/full-blocks-submitter", test_ring_full_blocks);
    g_test_add_func("/io/ring/stall-throttles-arrivals", test_ring_stalls_arrivals);
    g_test_add_func("/io/latency/idle-is-sum-of-parts", test_idle_latency_exact);
    g_test_add_func("/io/queue/mm1-wait/seed=42", test_mm1_wait);
    g_test_add_func("/io/queue/md1-wait/seed=42", test_md1_wait);
    g_test_add_func("/io/path/passthrough-needs-gen3", test_passthrough_needs_gen3);
    g_test_add_func("/io/device/dedicated-error", test_dedicated_error);
    g_test_add_func("/io/path/emulated-pv-passthrough-order", test_path_order);
    g_test_add_func("/io/class/noisy-neighbour", test_noisy_neighbour);
    g_test_add_func("/io/class/spooled-whole-jobs", test_spooled_whole_jobs);
    g_test_add_func("/io/fluid/maxmin-and-pk", test_fluid_maxmin);
    g_test_add_func("/io/fluid/matches-requests/seed=42", test_fluid_matches_requests);
    g_test_add_func("/io/metrics/samples-and-cycles", test_samples_and_cycles);
    g_test_add_func("/io/path/block-backend-stages", test_block_backend);
    return g_test_run();
}
