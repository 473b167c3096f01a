/* sim/dc/devices.c — fluid I/O devices in the run; see devices.h. */
#include "sim/dc/devices.h"

#include <math.h>
#include <string.h>

#include "sim/io/fluid.h"
#include "sim/io/discrete.h"
#include "sim/dc/virtcost.h"

typedef struct {
    const ScnDevice *cfg;
    SimHost         *host;
    SimGauge         util, offered, bytes_per_s, saturated;
    IoDev           *req;            /* requests mode: the device in its host's IoSim */
} SimDevice;

typedef struct {
    SimVm           *vm;
    const ScnVmIo   *cfg;
    SimDevice       *dev;
    IoPathCost       cost;
    SimGauge         latency_ns;     /* latency while unsaturated, 0 otherwise */
    SimGauge         unsaturated;    /* 1 while active and unsaturated */
    SimGauge         active;         /* 1 while its VM runs on the device's host */
    SimGauge         bytes_per_s;
    SimGauge         down;           /* 1 while active and its driver domain is down */
    SimGauge         offered_ops;    /* requests/s asked while active (a trace's rate varies) */
    int              trace_io;       /* SIM_TRACE_IO_DISK or _NET: the trace channel that may
                                      * drive it (its device's kind); -1: none */
    guint            trace_split;    /* its VM's streams on that channel: each takes a share */
    IoStream        *req;            /* requests mode */
    SimConsumer     *net_out, *net_in; /* a NIC stream's writes on its host's uplink, reads
                                        * on its downlink (fluid mode), NULL until active */
} SimStream;

struct SimIo {
    SimDc     *m;
    GPtrArray *devices;              /* SimDevice *, host order then device order */
    GPtrArray *streams;              /* SimStream *, VM order then stream order */
    GPtrArray *sims;                 /* requests mode: IoSim * per host with devices */
};

/* Requests mode: one IoSim per host (its hypervisor sets the path costs), seeded from the
 * host's own stream name so that equal device names on two hosts draw different numbers. */
static IoSim *host_sim(SimIo *io, SimHost *h)
{
    const HvProfile *p = &h->cfg->virt.profile->hv;
    IoPathEnv env;
    sim_virt_io_env(h->cfg, &env);
    g_autofree char *name = g_strdup_printf("host:%s/io", h->cfg->name);
    IoSim *sim = io_sim_new(io->m->eng, sim_rng_stream_seed(io->m->scn->seed, name), &env,
                            p->technique == HV_TECH_HW ? p->hw_gen : 0);
    io_sim_start(sim);
    g_ptr_array_add(io->sims, sim);
    return sim;
}

static void add_request_streams(SimIo *io)
{
    for (guint h = 0; h < io->m->hosts->len; h++) {
        SimHost *host = g_ptr_array_index(io->m->hosts, h);
        if (!host->cfg->devices->len)
            continue;
        IoSim *sim = host_sim(io, host);
        GError *error = NULL;
        for (guint i = 0; i < io->devices->len; i++) {
            SimDevice *d = g_ptr_array_index(io->devices, i);
            if (d->host == host && !(d->req = io_sim_add_device(sim, &d->cfg->spec, &error)))
                g_error("I/O device %s: %s", d->cfg->name, error->message);   /* checked */
        }
        for (guint i = 0; i < io->streams->len; i++) {
            SimStream *st = g_ptr_array_index(io->streams, i);
            if (st->dev->host != host)
                continue;
            IoStreamSpec spec;
            io_stream_spec_init(&spec, st->vm->cfg->name);
            spec.ops_per_s = st->cfg->ops_per_s;
            spec.bytes_per_op = st->cfg->bytes_per_op;
            spec.read_frac = st->cfg->read_frac;
            spec.depth = st->cfg->depth;
            spec.ops_per_job = MAX(1u, st->cfg->ops_per_job);
            spec.submit_ns = (double)st->cfg->submit_ns;
            if (!(st->req = io_sim_add_stream(sim, st->dev->req, &spec, &error)))
                g_error("I/O stream of %s: %s", st->vm->cfg->name, error->message);
            io_stream_stop(st->req);             /* it starts with its VM */
        }
    }
}

static SimDevice *find_device(SimIo *io, const SimHost *h, const char *name)
{
    for (guint i = 0; i < io->devices->len; i++) {
        SimDevice *d = g_ptr_array_index(io->devices, i);
        if (d->host == h && strcmp(d->cfg->name, name) == 0)
            return d;
    }
    return NULL;
}

static void add_streams(SimIo *io, SimVm *vm)
{
    if (!vm->cfg->host)
        return;
    for (guint i = 0; i < vm->cfg->io->len; i++) {
        const ScnVmIo *cfg = g_ptr_array_index(vm->cfg->io, i);
        SimStream *st = g_new0(SimStream, 1);
        st->vm = vm;
        st->cfg = cfg;
        for (guint h = 0; h < io->m->hosts->len && !st->dev; h++) {
            SimHost *host = g_ptr_array_index(io->m->hosts, h);
            if (strcmp(host->cfg->name, vm->cfg->host) == 0)
                st->dev = find_device(io, host, cfg->device);
        }
        g_assert(st->dev);          /* the scenario checked it */
        sim_virt_io_cost(st->dev->host->cfg, st->dev->cfg, &st->cost);
        IoDeviceKind kind = st->dev->cfg->spec.kind;
        st->trace_io = kind == IO_KIND_DISK ? SIM_TRACE_IO_DISK
                       : kind == IO_KIND_NIC || kind == IO_KIND_VNIC ? SIM_TRACE_IO_NET : -1;
        g_ptr_array_add(io->streams, st);
    }
    for (guint i = io->streams->len - vm->cfg->io->len; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        for (guint k = io->streams->len - vm->cfg->io->len; k < io->streams->len; k++)
            st->trace_split += ((SimStream *)g_ptr_array_index(io->streams, k))->trace_io == st->trace_io;
    }
}

/* Its VM's trace throughput on its channel, split evenly over the VM's streams there, in
 * requests of its size; without one its own rate. */
static gboolean stream_traced(const SimStream *st)
{
    return st->trace_io >= 0 && st->vm->trace_io_bytes_per_s[st->trace_io] >= 0;
}

static double stream_ops_per_s(const SimStream *st)
{
    if (!stream_traced(st) || st->cfg->bytes_per_op == 0)
        return st->cfg->ops_per_s;
    return st->vm->trace_io_bytes_per_s[st->trace_io] / st->trace_split /
           (double)st->cfg->bytes_per_op;
}

SimIo *sim_io_new(SimDc *m)
{
    SimIo *io = g_new0(SimIo, 1);
    io->m = m;
    io->devices = g_ptr_array_new_with_free_func(g_free);
    io->streams = g_ptr_array_new_with_free_func(g_free);
    for (guint h = 0; h < m->hosts->len; h++) {
        SimHost *host = g_ptr_array_index(m->hosts, h);
        for (guint i = 0; i < host->cfg->devices->len; i++) {
            SimDevice *d = g_new0(SimDevice, 1);
            d->cfg = g_ptr_array_index(host->cfg->devices, i);
            d->host = host;
            g_ptr_array_add(io->devices, d);
        }
    }
    for (guint v = 0; v < m->vms->len; v++)
        add_streams(io, g_ptr_array_index(m->vms, v));
    io->sims = g_ptr_array_new_with_free_func((GDestroyNotify)io_sim_free);
    if (m->scn->io_requests)
        add_request_streams(io);
    return io;
}

void sim_io_free(SimIo *io)
{
    if (!io)
        return;
    g_ptr_array_free(io->sims, TRUE);
    g_ptr_array_free(io->devices, TRUE);
    g_ptr_array_free(io->streams, TRUE);
    g_free(io);
}

gboolean sim_io_any(const SimIo *io)
{
    return io->devices->len > 0;
}

static gboolean stream_active(const SimStream *st)
{
    return st->vm->state == SIM_VM_RUNNING && st->vm->host == st->dev->host && !st->vm->paused;
}

/* Active, but its host's driver domain is down and its path goes through it (a
 * passthrough device is driven by the guest itself and keeps working). */
static gboolean stream_down(const SimStream *st)
{
    return st->dev->host->io_down && st->cost.path != IO_PATH_PASSTHROUGH && stream_active(st);
}

static void never_done(SimShare *share, SimConsumer *c, void *owner)
{
    g_assert_not_reached();           /* tenant traffic runs until stopped */
}

/* Runs (or stops) one direction of a NIC stream on a host link at rate_bytes_per_s: the
 * tenant's traffic crosses the same links as migrations and image transfers, and the
 * weighted max-min solver shares them (docs/models.md "One network"). */
static void link_flow(SimDc *m, SimConsumer **c, SimResource *link, double rate_bytes_per_s)
{
    SimShare *share = sim_net_share(m->net);
    if (!*c) {
        if (rate_bytes_per_s <= 0)
            return;
        *c = sim_share_consumer_new(share, 1.0, rate_bytes_per_s, never_done, NULL);
        sim_share_consumer_attach(share, *c, link);
    }
    if (rate_bytes_per_s <= 0) {
        if (sim_share_consumer_running(*c))
            sim_share_consumer_stop(share, *c);
        return;
    }
    sim_share_consumer_set_cap(share, *c, rate_bytes_per_s);
    if (!sim_share_consumer_running(*c))
        sim_share_consumer_start(share, *c, INFINITY);
}

/* A NIC stream's throughput on its host's uplink (writes) and downlink (reads). */
static void stream_on_links(SimIo *io, SimStream *st, double bytes_per_s)
{
    if (st->dev->cfg->spec.kind != IO_KIND_NIC)
        return;
    uint32_t h = st->dev->host->index;
    link_flow(io->m, &st->net_out, sim_net_host_uplink(io->m->net, h),
              bytes_per_s * (1 - st->cfg->read_frac));
    link_flow(io->m, &st->net_in, sim_net_host_downlink(io->m->net, h),
              bytes_per_s * st->cfg->read_frac);
}

/* Requests per job: ops_per_job on a spooled device, 1 elsewhere. */
static double spooled_job_ops(const SimDevice *d, const SimStream *st)
{
    return d->cfg->spec.klass == IO_CLASS_SPOOLED ? MAX(1u, st->cfg->ops_per_job) : 1.0;
}

/* The share of its ops a stream gets through its host's driver domain (1 if it has no
 * driver domain entity or the stream bypasses it). */
static double dd_frac(const SimStream *st)
{
    return st->cost.path == IO_PATH_PASSTHROUGH ? 1 : sim_dd_served_frac(st->dev->host);
}

/* Streams of one VM on one device share its back end: the index of the VM's first. */
static int32_t backend_group(GPtrArray *streams, guint i)
{
    const SimStream *st = g_ptr_array_index(streams, i);
    for (guint j = 0; j < i; j++)
        if (((const SimStream *)g_ptr_array_index(streams, j))->vm == st->vm)
            return (int32_t)j;
    return (int32_t)i;
}

static void solve_device(SimIo *io, SimDevice *d, SimTimeNs now)
{
    g_autoptr(GPtrArray) active = g_ptr_array_new();
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        if (st->dev == d)
            g_ptr_array_add(active, st);
    }
    guint n = active->len;
    g_autofree IoFluidDemand *dem = g_new0(IoFluidDemand, MAX(n, 1));
    g_autofree IoFluidShare *share = g_new0(IoFluidShare, MAX(n, 1));
    g_autofree double *spool_ns = g_new0(double, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        SimStream *st = g_ptr_array_index(active, i);
        gboolean on = stream_active(st) && !stream_down(st);
        double job = spooled_job_ops(d, st);
        /* a spooled job is one request of the job's bytes; its requests first wait in the
         * spool for the rest of the job: (k - 1) / 2 arrival gaps on average */
        double ops = stream_ops_per_s(st);
        spool_ns[i] = job > 1 && ops > 0 ? (job - 1) / 2 * 1e9 / ops : 0;
        sim_gauge_set(&st->offered_ops, now, on || stream_down(st) ? ops : 0);
        dem[i] = (IoFluidDemand){ on ? ops * dd_frac(st) / job : 0, st->cfg->bytes_per_op * job,
                                  st->cost.latency_ns, i % d->cfg->spec.partitions,
                                  on ? st->cfg->depth : 0,
                                  .stream_ns = (double)st->cfg->submit_ns + st->cost.stream_ns,
                                  .backend_ns = st->cost.backend_ns,
                                  .backend_threads = st->cost.backend_threads,
                                  .backend_group = backend_group(active, i) };
    }
    IoFluidDevice dev;
    io_fluid_solve(&d->cfg->spec, dem, n, share, &dev);
    for (guint i = 0; i < n; i++) {
        share[i].latency_ns += spool_ns[i];
        share[i].throughput_ops_per_s *= spooled_job_ops(d, g_ptr_array_index(active, i));
    }
    double bytes = 0;
    for (guint i = 0; i < n; i++) {
        SimStream *st = g_ptr_array_index(active, i);
        gboolean down = stream_down(st);
        gboolean on = stream_active(st) && !down, ok = on && isfinite(share[i].latency_ns);
        sim_gauge_set(&st->active, now, on || down);     /* a stalled stream still wants I/O */
        sim_gauge_set(&st->down, now, down);
        sim_gauge_set(&st->unsaturated, now, ok);
        sim_gauge_set(&st->latency_ns, now, ok ? share[i].latency_ns : 0);
        sim_gauge_set(&st->bytes_per_s, now, on ? share[i].throughput_bytes_per_s : 0);
        stream_on_links(io, st, on ? share[i].throughput_bytes_per_s : 0);
        bytes += on ? share[i].throughput_bytes_per_s : 0;
    }
    sim_gauge_set(&d->util, now, dev.utilization_frac);
    sim_gauge_set(&d->offered, now, dev.offered_frac);
    sim_gauge_set(&d->bytes_per_s, now, bytes);
    sim_gauge_set(&d->saturated, now, dev.saturated);
}

/* Requests mode: streams run while their VM runs on the device's host. */
static void switch_streams(SimIo *io, SimHost *h, SimTimeNs now)
{
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        if (st->dev->host != h)
            continue;
        gboolean down = stream_down(st), on = stream_active(st) && !down;
        sim_gauge_set(&st->active, now, on || down);
        sim_gauge_set(&st->down, now, down);
        if (on)
            io_stream_start(st->req);
        else
            io_stream_stop(st->req);
    }
}

void sim_io_vm_rates_changed(SimIo *io, SimVm *vm)
{
    if (io->m->scn->io_requests || !vm->cfg->io->len || vm->state != SIM_VM_RUNNING)
        return;
    SimTimeNs now = sim_engine_now_ns(io->m->eng);
    for (guint i = 0; i < io->devices->len; i++) {
        SimDevice *d = g_ptr_array_index(io->devices, i);
        if (d->host == vm->host)
            solve_device(io, d, now);
    }
}

void sim_io_host_changed(SimIo *io, SimHost *h)
{
    SimTimeNs now = sim_engine_now_ns(io->m->eng);
    sim_dd_settle(io->m, h);            /* dom0's demand follows the streams through it */
    if (io->m->scn->io_requests) {
        switch_streams(io, h, now);
        return;
    }
    for (guint i = 0; i < io->devices->len; i++) {
        SimDevice *d = g_ptr_array_index(io->devices, i);
        if (d->host == h)
            solve_device(io, d, now);
    }
}

/* A stream's latency statistics in seconds: from its requests (requests mode) or the
 * time-weighted fluid latency (fluid mode; no quantiles there). */
typedef struct {
    double mean_s, p50_s, p99_s, bytes_per_s, saturated_frac, stall_s, down_s;
    uint64_t ops;
} StreamFigures;

static StreamFigures stream_figures(SimIo *io, SimStream *st, SimTimeNs end_ns)
{
    StreamFigures f = { NAN, NAN, NAN, NAN, NAN, NAN, 0, 0 };
    double active = sim_gauge_area(&st->active, end_ns);
    double down = sim_gauge_area(&st->down, end_ns);
    f.down_s = down / 1e9;
    if (st->req) {
        IoStreamStats ss;
        io_stream_stats(st->req, &ss);
        f.mean_s = ss.latency_mean_ns / 1e9;
        f.p50_s = ss.latency_p50_ns / 1e9;
        f.p99_s = ss.latency_p99_ns / 1e9;
        f.bytes_per_s = active > 0 ? ss.bytes / (active / 1e9) : NAN;
        f.stall_s = sim_s_from_ns(ss.stall_ns);
        f.ops = ss.ops;
        return f;
    }
    double unsat = sim_gauge_area(&st->unsaturated, end_ns);
    f.mean_s = unsat > 0 ? sim_gauge_area(&st->latency_ns, end_ns) / unsat / 1e9 : NAN;
    f.bytes_per_s = active > 0 ? sim_gauge_area(&st->bytes_per_s, end_ns) / active : NAN;
    f.saturated_frac = active > 0 ? 1 - (unsat + down) / active : NAN;
    f.ops = st->cfg->bytes_per_op > 0
            ? (uint64_t)(sim_gauge_area(&st->bytes_per_s, end_ns) / 1e9 / st->cfg->bytes_per_op)
            : (uint64_t)(st->cfg->ops_per_s * active / 1e9);
    return f;
}

/* Ops-weighted mean latency of the device's streams. */
static double device_latency_s(SimIo *io, SimDevice *d, SimTimeNs end_ns)
{
    double sum = 0, ops = 0;
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        if (st->dev != d)
            continue;
        StreamFigures f = stream_figures(io, st, end_ns);
        if (isfinite(f.mean_s) && f.ops > 0) {
            sum += f.mean_s * (double)f.ops;
            ops += (double)f.ops;
        }
    }
    return ops > 0 ? sum / ops : NAN;
}

static SimDcDeviceRow device_row(SimIo *io, SimDevice *d, SimTimeNs end_ns)
{
    SimDcDeviceRow row = {
        .name = d->cfg->name, .host = d->host->cfg->name,
        .klass = io_class_name(d->cfg->spec.klass), .kind = io_kind_name(d->cfg->spec.kind),
        .path = io_path_name(d->cfg->spec.path), .offered_frac = NAN, .saturated_frac = NAN,
        .queue_mean = NAN, .latency_mean_s = device_latency_s(io, d, end_ns),
    };
    for (guint i = 0; i < d->host->cfg->devices->len; i++)
        if (g_ptr_array_index(d->host->cfg->devices, i) == d->cfg) {
            const IoStorageUse *u = &d->host->disk_use[i];
            row.capacity_bytes = d->cfg->spec.capacity_bytes;
            row.used_peak_bytes = u->peak_bytes;
            row.used_end_bytes = u->used_bytes;
            row.image_end_bytes = u->image_bytes;
            row.images_end = u->images;
        }
    if (d->req) {
        IoDevStats ds;
        io_dev_stats(d->req, &ds);
        row.util_frac = ds.utilization_frac;
        row.throughput_bytes_per_s = ds.throughput_bytes_per_s;
        row.queue_mean = ds.mean_queue_len;
    } else {
        row.util_frac = sim_gauge_mean(&d->util, end_ns);
        row.offered_frac = sim_gauge_mean(&d->offered, end_ns);
        row.throughput_bytes_per_s = sim_gauge_mean(&d->bytes_per_s, end_ns);
        row.saturated_frac = sim_gauge_mean(&d->saturated, end_ns);
    }
    return row;
}

GArray *sim_io_device_rows(SimIo *io, SimTimeNs end_ns)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcDeviceRow));
    for (guint i = 0; i < io->devices->len; i++) {
        SimDcDeviceRow row = device_row(io, g_ptr_array_index(io->devices, i), end_ns);
        g_array_append_val(rows, row);
    }
    return rows;
}

/* io.csv's ops_per_s: its own rate, or a traced stream's mean asked while active. */
static double stream_row_ops(SimStream *st, SimTimeNs end_ns)
{
    if (st->trace_io < 0 || st->vm->trace_io_bytes_per_s[st->trace_io] < 0)
        return st->cfg->ops_per_s;
    double active = sim_gauge_area(&st->active, end_ns);
    return active > 0 ? sim_gauge_area(&st->offered_ops, end_ns) / active : NAN;
}

GArray *sim_io_stream_rows(SimIo *io, SimTimeNs end_ns)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcStreamRow));
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        StreamFigures f = stream_figures(io, st, end_ns);
        SimDcStreamRow row = {
            .vm = st->vm->cfg->name, .host = st->dev->host->cfg->name,
            .device = st->dev->cfg->name, .path = io_path_name(st->cost.path),
            .level = io_level_name(st->cost.level), .ops_per_s = stream_row_ops(st, end_ns),
            .bytes_per_op = st->cfg->bytes_per_op, .throughput_bytes_per_s = f.bytes_per_s,
            .latency_mean_s = f.mean_s, .latency_p50_s = f.p50_s, .latency_p99_s = f.p99_s,
            .saturated_frac = f.saturated_frac, .stall_s = f.stall_s,
            .driver_down_s = f.down_s,
        };
        g_array_append_val(rows, row);
    }
    return rows;
}

/* Requests mode: per-request latencies for the CDF charts, at most `cap` per stream (every
 * k-th, in completion order); NULL in fluid mode. */
GArray *sim_io_latency_rows(SimIo *io)
{
    const guint cap = 2000;
    if (!io->m->scn->io_requests)
        return NULL;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcLatencyRow));
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        const GArray *lat = io_stream_latencies_ns(st->req);
        guint step = MAX(1u, lat->len / cap);
        for (guint k = 0; k < lat->len; k += step) {
            SimDcLatencyRow row = { st->dev->cfg->name, st->dev->host->cfg->name,
                                    st->vm->cfg->name, g_array_index(lat, double, k) / 1e9 };
            g_array_append_val(rows, row);
        }
    }
    return rows;
}
