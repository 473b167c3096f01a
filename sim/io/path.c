/* sim/io/path.c — per-operation costs of the I/O paths.
 *
 * Built-in numbers (docs/models.md, "I/O virtualization", gives each with its source):
 *   EMUL_EXITS_PER_OP      5     exits per emulated op, counted from the e1000 register
 *                                protocol: tail-doorbell MMIO write, interrupt injection,
 *                                interrupt-cause (ICR) read, interrupt-mask write, EOI
 *                                (assumption by counting; ELI, Gordon et al. 2012 §2, counts
 *                                the interrupt part: delivery + completion both exit).
 *   EMUL_CYCLES_PER_EXIT   667   device-model work per trapped register access: 0.91 us per
 *                                IN/OUT to the Lance status register at 733 MHz (Sugerman et
 *                                al. 2001, §3 VMM time-breakdown table).
 *   EMUL_CYCLES_PER_OP     2200  emulating the transmit path once: 3.0 us at 733 MHz
 *                                (Sugerman et al. 2001, §3 VMApp time-breakdown table).
 *   BACKEND_LATENCY_NS     15000 host-side delivery (back-end thread wake-up, tap/bridge) of a
 *                                software path: KVM with virtio/vhost-net adds ~30 us to a
 *                                netperf TCP_RR round trip (two one-way ops) over native
 *                                (Felter et al. 2015, network-latency
 *                                section, netperf TCP_RR; recalled, not re-verified).
 *   PV_FRONT_CYCLES_PER_OP 500   front-end ring work per op (assumption).
 *   PV_BACK_CYCLES_PER_OP  1500  back-end ring + grant/copy work per op (assumption).
 *   PV_NOTIFY_PER_BATCH    2     a kick to the back end and a completion event back, once per
 *                                batch (Barham et al. 2003 §3.2; Fraser et al. 2004 §3).
 *   PT_EXITS_PER_IRQ       2     with an assigned device only interrupts exit: delivery and
 *                                EOI (Gordon et al. ELI 2012 §2-3); one interrupt per batch;
 *                                0 where the generation posts interrupts (gen 3: posted
 *                                interrupts and a virtual APIC deliver and complete them
 *                                without an exit).
 *   IOMMU_LATENCY_NS       500   DMA remapping and interrupt remapping on an assigned device
 *                                (IOTLB misses on the request's buffers) (assumption).
 *   IO_ISSUE_NS            5000  a closed-loop submitter's own work between a completion and
 *                                its next request (its kernel stack, completion handling):
 *                                the think time Z of the response-time law X = N / (R + Z)
 *                                (assumption: a 4 KiB read on a fast NVMe drive takes
 *                                ~10 us at queue depth 1, about half of it in software;
 *                                Hajnoczi, KVM Forum 2020).
 *   IO_TYPE2_STACK_CYCLES  16640 the host OS's network stack on a hosted VMM: 22.7 us per
 *                                packet "transmitting via the VMNet" at 733 MHz (Sugerman et
 *                                al. 2001, §3 VMApp time-breakdown table); assumed to hold
 *                                in cycles on later CPUs.
 *   IO_EXIT_CYCLES_DEFAULT 1200  one exit round trip when no hypervisor profile is given
 *                                (assumption; the hypervisor profile's vm_exit overrides).
 */
#include "sim/io/path.h"
#include "sim/io/error.h"

#include <math.h>
#include <string.h>

#define EMUL_EXITS_PER_OP      5.0
#define EMUL_CYCLES_PER_EXIT   667.0
#define EMUL_CYCLES_PER_OP     2200.0
#define BACKEND_LATENCY_NS     15000.0
#define PV_FRONT_CYCLES_PER_OP 500.0
#define PV_BACK_CYCLES_PER_OP  1500.0
#define PV_NOTIFY_PER_BATCH    2.0
#define PT_EXITS_PER_IRQ       2.0
#define IOMMU_LATENCY_NS       500.0

static const char *const path_names[IO_PATH_COUNT] = {
    [IO_PATH_EMULATED] = "emulated", [IO_PATH_PARAVIRTUAL] = "paravirtual",
    [IO_PATH_PASSTHROUGH] = "passthrough", [IO_PATH_NATIVE] = "native",
};
static const IoVirtLevel path_levels[IO_PATH_COUNT] = {
    [IO_PATH_EMULATED] = IO_LEVEL_OPERATION, [IO_PATH_PARAVIRTUAL] = IO_LEVEL_DRIVER,
    [IO_PATH_PASSTHROUGH] = IO_LEVEL_OPERATION, [IO_PATH_NATIVE] = IO_LEVEL_SYSCALL,
};
static const char *const level_names[IO_LEVEL_COUNT] = {
    [IO_LEVEL_SYSCALL] = "system call", [IO_LEVEL_DRIVER] = "device driver",
    [IO_LEVEL_OPERATION] = "I/O operation",
};
static const char *const host_names[IO_HOST_COUNT] = {
    [IO_HOST_TYPE1] = "type1", [IO_HOST_TYPE2] = "type2",
    [IO_HOST_CONTAINER] = "container", [IO_HOST_NATIVE] = "native",
};

static gboolean lookup(const char *const *names, int n, const char *name, int *out)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return TRUE;
        }
    return FALSE;
}

const char *io_path_name(IoPath path)
{
    g_return_val_if_fail(path < IO_PATH_COUNT, "?");
    return path_names[path];
}

gboolean io_path_lookup(const char *name, IoPath *out)
{
    int i;
    if (!lookup(path_names, IO_PATH_COUNT, name, &i))
        return FALSE;
    *out = (IoPath)i;
    return TRUE;
}

const char *io_level_name(IoVirtLevel level)
{
    g_return_val_if_fail(level < IO_LEVEL_COUNT, "?");
    return level_names[level];
}

const char *io_host_name(IoHostKind host)
{
    g_return_val_if_fail(host < IO_HOST_COUNT, "?");
    return host_names[host];
}

gboolean io_host_lookup(const char *name, IoHostKind *out)
{
    int i;
    if (!lookup(host_names, IO_HOST_COUNT, name, &i))
        return FALSE;
    *out = (IoHostKind)i;
    return TRUE;
}

void io_path_env_init(IoPathEnv *env)
{
    *env = (IoPathEnv){ .host = IO_HOST_TYPE1, .freq_hz = 2.5e9,
                        .exit_cycles = IO_EXIT_CYCLES_DEFAULT, .batch_ops = 1,
                        .host_stack_cycles = IO_TYPE2_STACK_CYCLES };
}

IoPath io_path_effective(IoPath path, IoHostKind host)
{
    g_return_val_if_fail(path < IO_PATH_COUNT, IO_PATH_NATIVE);
    if (host == IO_HOST_CONTAINER || host == IO_HOST_NATIVE)
        return IO_PATH_NATIVE;
    return path;
}

IoVirtLevel io_path_level(IoPath path)
{
    g_return_val_if_fail(path < IO_PATH_COUNT, IO_LEVEL_SYSCALL);
    return path_levels[path];
}

gboolean io_path_migratable(IoPath path)
{
    return path != IO_PATH_PASSTHROUGH;
}

static void cost_emulated(const IoPathEnv *env, IoPathCost *c)
{
    c->exits = EMUL_EXITS_PER_OP;
    c->notifications = 1.0;                       /* one virtual interrupt per op */
    c->host_cycles = EMUL_EXITS_PER_OP * (env->exit_cycles + EMUL_CYCLES_PER_EXIT)
                     + EMUL_CYCLES_PER_OP;
    c->latency_ns = BACKEND_LATENCY_NS;
}

static void cost_paravirtual(const IoPathEnv *env, IoPathCost *c, double batch)
{
    c->notifications = PV_NOTIFY_PER_BATCH / batch;
    c->exits = c->notifications;                  /* each notification crosses the VMM */
    c->guest_cycles = PV_FRONT_CYCLES_PER_OP;
    c->host_cycles = PV_BACK_CYCLES_PER_OP + c->exits * env->exit_cycles;
    /* An op waits for its own kick and completion event, whatever the batch. */
    c->latency_ns = BACKEND_LATENCY_NS
                    + (PV_NOTIFY_PER_BATCH * env->exit_cycles) / env->freq_hz * 1e9;
}

static void cost_passthrough(const IoPathEnv *env, IoPathCost *c, double batch)
{
    c->notifications = 1.0 / batch;               /* one (coalesced) interrupt per batch */
    c->exits = env->posted_interrupts ? 0.0 : PT_EXITS_PER_IRQ / batch;
    c->host_cycles = c->exits * env->exit_cycles;
    c->latency_ns = IOMMU_LATENCY_NS +
                    (env->posted_interrupts ? 0.0 : PT_EXITS_PER_IRQ * env->exit_cycles
                                                    / env->freq_hz * 1e9);
}

/* A profile calibrated on real hosts states what one paravirtual operation adds; the CPU
 * figure includes the exits, so it all lands on the host side (exits stay for the count). */
static void cost_measured(const IoPathEnv *env, IoPathCost *cost)
{
    if (env->pv_latency_ns > 0)
        cost->latency_ns = env->pv_latency_ns;
    if (env->pv_cycles > 0) {
        cost->guest_cycles = 0;
        cost->host_cycles = env->pv_cycles;
    }
}

/* The block back end of a software-path disk: stages the request holds in turn (cycles at
 * the host clock, as both are CPU work on host threads). */
static void cost_block_backend(const IoPathEnv *env, IoPathCost *cost)
{
    if (!env->disk || env->blk_backend_threads == 0
        || (cost->path != IO_PATH_EMULATED && cost->path != IO_PATH_PARAVIRTUAL))
        return;
    cost->stream_ns = env->blk_stream_cycles / env->freq_hz * 1e9;
    cost->backend_ns = env->blk_backend_cycles / env->freq_hz * 1e9;
    cost->backend_threads = env->blk_backend_threads;
    /* A measured paravirtual latency (pv_io_latency) is all a lone request pays: the stages
     * are part of it (scaled down to fit it if longer), the rest is pure delay. */
    double stages = cost->stream_ns + cost->backend_ns;
    if (cost->path == IO_PATH_PARAVIRTUAL && env->pv_latency_ns > 0 && stages > 0) {
        double fit = MIN(1.0, env->pv_latency_ns / stages);
        cost->stream_ns *= fit;
        cost->backend_ns *= fit;
        cost->latency_ns = env->pv_latency_ns - fit * stages;
    }
}

double io_path_stage_cap_ops_per_s(const IoPathCost *cost, double submit_ns)
{
    double cap = INFINITY, per_stream_ns = submit_ns + cost->stream_ns;
    if (per_stream_ns > 0)
        cap = 1e9 / per_stream_ns;
    if (cost->backend_threads > 0 && cost->backend_ns > 0)
        cap = MIN(cap, cost->backend_threads * 1e9 / cost->backend_ns);
    return cap;
}

void io_path_cost(IoPath path, const IoPathEnv *env, IoPathCost *cost)
{
    g_return_if_fail(env && cost && env->freq_hz > 0 && env->batch_ops >= 1);
    IoPath eff = io_path_effective(path, env->host);
    double batch = env->batch_ops;
    *cost = (IoPathCost){ .path = eff, .level = io_path_level(eff),
                          .migratable = io_path_migratable(eff) };
    if (eff == IO_PATH_EMULATED)
        cost_emulated(env, cost);
    else if (eff == IO_PATH_PARAVIRTUAL)
        cost_paravirtual(env, cost, batch);
    else if (eff == IO_PATH_PASSTHROUGH)
        cost_passthrough(env, cost, batch);
    /* Software paths on a hosted VMM also cross the host OS's I/O stack. */
    if (env->host == IO_HOST_TYPE2 && (eff == IO_PATH_EMULATED || eff == IO_PATH_PARAVIRTUAL))
        cost->host_cycles += env->host_stack_cycles;
    /* Synchronous CPU work on the path adds to the latency. */
    if (eff == IO_PATH_EMULATED)
        cost->latency_ns += cost->host_cycles / env->freq_hz * 1e9;
    else if (eff == IO_PATH_PARAVIRTUAL)
        cost->latency_ns += (PV_FRONT_CYCLES_PER_OP + PV_BACK_CYCLES_PER_OP
                             + (env->host == IO_HOST_TYPE2 ? env->host_stack_cycles : 0.0))
                            / env->freq_hz * 1e9;
    if (eff == IO_PATH_PARAVIRTUAL)
        cost_measured(env, cost);
    cost_block_backend(env, cost);
}

gboolean io_path_check_hardware(IoPath path, int hw_generation, const char *device,
                                GError **error)
{
    if (path != IO_PATH_PASSTHROUGH || hw_generation >= IO_HW_GENERATION_IOMMU)
        return TRUE;
    g_set_error(error, IO_ERROR, IO_ERROR_HARDWARE,
                "device '%s' uses path 'passthrough', which needs hardware-assist generation "
                "%d (IOMMU, SR-IOV); the host has generation %d",
                device ? device : "?", IO_HW_GENERATION_IOMMU, hw_generation);
    return FALSE;
}
