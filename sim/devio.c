/* sim/devio.c — fluid I/O devices in the run; see devio.h. */
#include "sim/devio.h"

#include <math.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/io/fluid.h"
#include "sim/virt.h"

typedef struct {
    const ScnDevice *cfg;
    SimHost         *host;
    SimGauge         util, offered, bytes_per_s, saturated;
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
} SimStream;

struct SimIo {
    SimModel  *m;
    GPtrArray *devices;              /* SimDevice *, host order then device order */
    GPtrArray *streams;              /* SimStream *, VM order then stream order */
};

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
        g_ptr_array_add(io->streams, st);
    }
}

SimIo *sim_io_new(SimModel *m)
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
    return io;
}

void sim_io_free(SimIo *io)
{
    if (!io)
        return;
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
    for (guint i = 0; i < n; i++) {
        SimStream *st = g_ptr_array_index(active, i);
        gboolean on = stream_active(st);
        dem[i] = (IoFluidDemand){ on ? st->cfg->ops_per_s : 0, st->cfg->bytes_per_op,
                                  st->cost.latency_ns, i % d->cfg->spec.partitions };
    }
    IoFluidDevice dev;
    io_fluid_solve(&d->cfg->spec, dem, n, share, &dev);
    double bytes = 0;
    for (guint i = 0; i < n; i++) {
        SimStream *st = g_ptr_array_index(active, i);
        gboolean on = stream_active(st), ok = on && isfinite(share[i].latency_ns);
        sim_gauge_set(&st->active, now, on);
        sim_gauge_set(&st->unsaturated, now, ok);
        sim_gauge_set(&st->latency_ns, now, ok ? share[i].latency_ns : 0);
        sim_gauge_set(&st->bytes_per_s, now, on ? share[i].throughput_bytes_per_s : 0);
        bytes += on ? share[i].throughput_bytes_per_s : 0;
    }
    sim_gauge_set(&d->util, now, dev.utilization_frac);
    sim_gauge_set(&d->offered, now, dev.offered_frac);
    sim_gauge_set(&d->bytes_per_s, now, bytes);
    sim_gauge_set(&d->saturated, now, dev.saturated);
}

void sim_io_host_changed(SimIo *io, SimHost *h)
{
    SimTimeNs now = sim_engine_now_ns(io->m->eng);
    for (guint i = 0; i < io->devices->len; i++) {
        SimDevice *d = g_ptr_array_index(io->devices, i);
        if (d->host == h)
            solve_device(io, d, now);
    }
}

static void put(GString *s, double x)
{
    g_string_append_c(s, ',');
    sim_fmt_num(s, x, FALSE);
}

char *sim_io_devices_csv(SimIo *io, SimTimeNs end_ns)
{
    GString *s = g_string_new("device,host,class,kind,path,util_frac,offered_frac,"
                              "throughput_bytes_per_s,saturated_frac\n");
    for (guint i = 0; i < io->devices->len; i++) {
        SimDevice *d = g_ptr_array_index(io->devices, i);
        g_string_append_printf(s, "%s,%s,%s,%s,%s", d->cfg->name, d->host->cfg->name,
                               io_class_name(d->cfg->spec.klass), io_kind_name(d->cfg->spec.kind),
                               io_path_name(d->cfg->spec.path));
        put(s, sim_gauge_mean(&d->util, end_ns));
        put(s, sim_gauge_mean(&d->offered, end_ns));
        put(s, sim_gauge_mean(&d->bytes_per_s, end_ns));
        put(s, sim_gauge_mean(&d->saturated, end_ns));
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

char *sim_io_streams_csv(SimIo *io, SimTimeNs end_ns)
{
    GString *s = g_string_new("vm,host,device,path,ops_per_s,bytes_per_op,"
                              "throughput_bytes_per_s,latency_mean_s,saturated_frac\n");
    for (guint i = 0; i < io->streams->len; i++) {
        SimStream *st = g_ptr_array_index(io->streams, i);
        double active = sim_gauge_area(&st->active, end_ns);
        double unsat = sim_gauge_area(&st->unsaturated, end_ns);
        g_string_append_printf(s, "%s,%s,%s,%s", st->vm->cfg->name, st->dev->host->cfg->name,
                               st->dev->cfg->name, io_path_name(st->cost.path));
        put(s, st->cfg->ops_per_s);
        put(s, st->cfg->bytes_per_op);
        put(s, active > 0 ? sim_gauge_area(&st->bytes_per_s, end_ns) / active : NAN);
        put(s, unsat > 0 ? sim_gauge_area(&st->latency_ns, end_ns) / unsat / 1e9 : NAN);
        put(s, active > 0 ? 1 - unsat / active : NAN);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}
