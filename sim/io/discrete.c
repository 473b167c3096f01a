/* sim/io/discrete.c — per-request simulation of devices, rings and FCFS servers (see sim.h). */
#include "sim/io/discrete.h"
#include "sim/core/rng.h"

#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

typedef struct IoReq IoReq;
typedef struct IoServer IoServer;

/* A serial stage of the path (sim/io/path.h): `servers` threads, each holding a request for
 * service_ns, FCFS; a stream's own path (1 thread) or its VM's device back end. */
typedef struct {
    GQueue    queue;                /* of IoReq, waiting for a thread */
    uint32_t  busy, servers;
    SimTimeNs service_ns;
} IoStage;

struct IoReq {
    IoReq     *next_free;
    IoStream  *st;
    uint64_t   seq;
    double     bytes;
    SimTimeNs  t_submit_ns, t_device_ns, t_start_ns;
    SimEventId ev;
    gboolean   is_read;
    IoStage   *stage;               /* the stage it holds or waits for, if any */
};

struct IoServer {
    IoDev     *dev;
    uint32_t   slice;
    GQueue     queue;               /* of IoReq, FCFS */
    IoReq     *busy;
    SimEventId ev_done;
};

struct IoDev {
    IoSim       *sim;
    IoDeviceSpec spec;              /* name owned */
    IoPathCost   cost;
    SimTimeNs    path_ns;
    IoServer    *servers;
    uint32_t     nservers;
    GPtrArray   *users;             /* VM names (owned), in order of first use = slice */
    GPtrArray   *backends;          /* IoStage * (owned), one per user: its back end */
    SimRng      *rng;               /* service-time draws */
    uint64_t     ops;
    double       bytes;
    uint32_t     n_wait, n_busy;
    SimTimeNs    last_ns;
    double       wait_area, busy_area;      /* count × ns */
    double       s_wait_area, s_busy_area;  /* at the last sample */
    SimTimeNs    s_last_ns;
    GArray      *samples;           /* IoSample */
    SimEventId   ev_sample;
};

struct IoStream {
    IoSim       *sim;
    IoDev       *dev;
    IoServer    *server;
    IoStreamSpec spec;              /* vm owned */
    SimRng      *rng;
    gboolean     running, suspended;
    SimEventId   ev_arrive;
    SimTimeNs    next_issue_ns;     /* closed loop with a rate: earliest next issue */
    uint64_t     next_seq, arrivals;
    uint32_t     in_flight;
    GQueue       blocked;           /* submitted, waiting for a ring slot */
    SimTimeNs    stall_since_ns, stall_ns;
    GQueue       spool;             /* spooled devices: the open job */
    IoStage      stage;             /* its own path: submitter + path stream time */
    IoStage     *backend;           /* its VM's back end on the device (NULL: none) */
    uint64_t     ops, reads, writes;
    double       bytes, wait_sum_ns;
    GArray      *latency_ns;        /* double */
    guint        latency_sorted;    /* latency_ns is sorted up to here (stats sort it) */
    double       guest_cycles, host_cycles, exits, notifications;
};

struct IoSim {
    SimEngine     *eng;
    uint64_t       seed;
    IoPathEnv      env;
    int            hw_generation;
    GPtrArray     *devs, *streams, *reqs;   /* owned; reqs = every request ever allocated */
    IoReq         *free_reqs;
    SimEventTypeId ev_arrive, ev_reach, ev_done, ev_sample, ev_stage;
    SimTimeNs      t0_ns, sample_ns;
    IoTraceFn      trace;
    void          *trace_user;
};

static void on_arrive(SimEngine *eng, void *target, const void *payload);
static void on_reach(SimEngine *eng, void *target, const void *payload);
static void on_done(SimEngine *eng, void *target, const void *payload);
static void on_sample(SimEngine *eng, void *target, const void *payload);
static void on_stage_done(SimEngine *eng, void *target, const void *payload);

static const SimEventType arrive_type = { .name = "io.arrive", .handle = on_arrive };
static const SimEventType reach_type = { .name = "io.reach_device", .handle = on_reach };
static const SimEventType done_type = { .name = "io.done", .handle = on_done };
static const SimEventType sample_type = { .name = "io.sample", .handle = on_sample };
static const SimEventType stage_type = { .name = "io.stage_done", .handle = on_stage_done };

/* ---- lifecycle ---------------------------------------------------------------------- */

IoSim *io_sim_new(SimEngine *eng, uint64_t seed, const IoPathEnv *env, int hw_generation)
{
    g_return_val_if_fail(eng && env && env->freq_hz > 0, NULL);
    IoSim *sim = g_new0(IoSim, 1);
    sim->eng = eng;
    sim->seed = seed;
    sim->env = *env;
    sim->hw_generation = hw_generation;
    sim->devs = g_ptr_array_new();
    sim->streams = g_ptr_array_new();
    sim->reqs = g_ptr_array_new_with_free_func(g_free);
    sim->ev_arrive = sim_engine_register(eng, &arrive_type);
    sim->ev_reach = sim_engine_register(eng, &reach_type);
    sim->ev_done = sim_engine_register(eng, &done_type);
    sim->ev_sample = sim_engine_register(eng, &sample_type);
    sim->ev_stage = sim_engine_register(eng, &stage_type);
    return sim;
}

static void dev_free(IoDev *dev)
{
    for (uint32_t k = 0; k < dev->nservers; k++) {
        sim_engine_cancel(dev->sim->eng, dev->servers[k].ev_done);
        g_queue_clear(&dev->servers[k].queue);
    }
    sim_engine_cancel(dev->sim->eng, dev->ev_sample);
    g_free(dev->servers);
    g_ptr_array_free(dev->users, TRUE);
    for (guint i = 0; i < dev->backends->len; i++)
        g_queue_clear(&((IoStage *)g_ptr_array_index(dev->backends, i))->queue);
    g_ptr_array_free(dev->backends, TRUE);
    sim_rng_free(dev->rng);
    g_array_free(dev->samples, TRUE);
    g_free((char *)dev->spec.name);
    g_free(dev);
}

static void stream_free(IoStream *st)
{
    sim_engine_cancel(st->sim->eng, st->ev_arrive);
    g_queue_clear(&st->blocked);
    g_queue_clear(&st->spool);
    g_queue_clear(&st->stage.queue);
    sim_rng_free(st->rng);
    g_array_free(st->latency_ns, TRUE);
    g_free((char *)st->spec.vm);
    g_free(st);
}

void io_sim_free(IoSim *sim)
{
    if (!sim)
        return;
    for (guint i = 0; i < sim->reqs->len; i++) {
        IoReq *r = g_ptr_array_index(sim->reqs, i);
        sim_engine_cancel(sim->eng, r->ev);   /* stale ids are ignored */
    }
    for (guint i = 0; i < sim->streams->len; i++)
        stream_free(g_ptr_array_index(sim->streams, i));
    for (guint i = 0; i < sim->devs->len; i++)
        dev_free(g_ptr_array_index(sim->devs, i));
    g_ptr_array_free(sim->streams, TRUE);
    g_ptr_array_free(sim->devs, TRUE);
    g_ptr_array_free(sim->reqs, TRUE);
    g_free(sim);
}

IoDev *io_sim_add_device(IoSim *sim, const IoDeviceSpec *spec, GError **error)
{
    g_return_val_if_fail(sim && spec && spec->name, NULL);
    if (!io_device_spec_check(spec, error)
        || !io_path_check_hardware(spec->path, sim->hw_generation, spec->name, error))
        return NULL;
    IoDev *dev = g_new0(IoDev, 1);
    IoPathEnv env = sim->env;
    env.batch_ops = spec->batch_ops;
    env.disk = spec->kind == IO_KIND_DISK;
    dev->sim = sim;
    dev->spec = *spec;
    dev->spec.name = g_strdup(spec->name);
    io_path_cost(spec->path, &env, &dev->cost);
    dev->path_ns = (SimTimeNs)llround(dev->cost.latency_ns);
    dev->nservers = spec->klass == IO_CLASS_PARTITIONED ? spec->partitions : 1;
    dev->servers = g_new0(IoServer, dev->nservers);
    for (uint32_t k = 0; k < dev->nservers; k++)
        dev->servers[k] = (IoServer){ .dev = dev, .slice = k };
    dev->users = g_ptr_array_new_with_free_func(g_free);
    dev->backends = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *rng_name = g_strdup_printf("dev:%s/service", spec->name);
    dev->rng = sim_rng_new(sim->seed, rng_name);
    dev->samples = g_array_new(FALSE, FALSE, sizeof(IoSample));
    g_ptr_array_add(sim->devs, dev);
    return dev;
}

void io_stream_spec_init(IoStreamSpec *spec, const char *vm)
{
    *spec = (IoStreamSpec){ .vm = vm, .read_frac = 1.0, .ops_per_job = 1, .partition = -1 };
}

static int dev_user_index(const IoDev *dev, const char *vm)
{
    for (guint i = 0; i < dev->users->len; i++)
        if (strcmp(g_ptr_array_index(dev->users, i), vm) == 0)
            return (int)i;
    return -1;
}

/* Checks the device's users with vm added (dedicated: one VM; partitioned: one per slice)
 * and picks the stream's server. */
static IoServer *stream_server(IoDev *dev, const IoStreamSpec *spec, GError **error)
{
    int idx = dev_user_index(dev, spec->vm);
    if (idx < 0) {
        g_autoptr(GPtrArray) names = g_ptr_array_sized_new(dev->users->len + 1);
        for (guint i = 0; i < dev->users->len; i++)
            g_ptr_array_add(names, g_ptr_array_index(dev->users, i));   /* borrowed */
        g_ptr_array_add(names, (gpointer)spec->vm);
        if (!io_device_check_users(&dev->spec, (const char *const *)names->pdata, names->len,
                                   error))
            return NULL;
        g_ptr_array_add(dev->users, g_strdup(spec->vm));
        IoStage *be = g_new0(IoStage, 1);
        be->servers = dev->cost.backend_threads;
        be->service_ns = (SimTimeNs)llround(dev->cost.backend_ns);
        g_ptr_array_add(dev->backends, be);
        idx = (int)dev->users->len - 1;
    }
    if (dev->spec.klass != IO_CLASS_PARTITIONED)
        return &dev->servers[0];
    uint32_t slice = spec->partition >= 0 ? (uint32_t)spec->partition : (uint32_t)idx;
    if (slice >= dev->nservers) {
        g_set_error(error, IO_ERROR, IO_ERROR_PARTITIONS,
                    "VM '%s' asks for slice %u of device '%s', which has %u slices",
                    spec->vm, slice, dev->spec.name, dev->nservers);
        return NULL;
    }
    return &dev->servers[slice];
}

IoStream *io_sim_add_stream(IoSim *sim, IoDev *dev, const IoStreamSpec *spec, GError **error)
{
    g_return_val_if_fail(sim && dev && spec && spec->vm, NULL);
    if (!(spec->ops_per_s >= 0) || !(spec->bytes_per_op >= 0) || spec->ops_per_job < 1
        || !(spec->read_frac >= 0 && spec->read_frac <= 1)) {
        g_set_error(error, IO_ERROR, IO_ERROR_INVALID,
                    "VM '%s' on device '%s': ops, bytes must be >= 0, read in 0..100%%, "
                    "job at least 1 request", spec->vm, dev->spec.name);
        return NULL;
    }
    if (dev->spec.klass == IO_CLASS_SPOOLED && dev->spec.ring_slots
        && spec->ops_per_job > dev->spec.ring_slots) {
        g_set_error(error, IO_ERROR, IO_ERROR_INVALID,
                    "VM '%s': a job of %u requests cannot fit the %u-slot ring of spooled "
                    "device '%s' (a job is spooled whole)", spec->vm, spec->ops_per_job,
                    dev->spec.ring_slots, dev->spec.name);
        return NULL;
    }
    IoServer *server = stream_server(dev, spec, error);
    if (!server)
        return NULL;
    IoStream *st = g_new0(IoStream, 1);
    st->sim = sim;
    st->dev = dev;
    st->server = server;
    st->stage.servers = 1;
    st->stage.service_ns = (SimTimeNs)llround(MAX(0.0, spec->submit_ns) + dev->cost.stream_ns);
    IoStage *be = g_ptr_array_index(dev->backends, (guint)dev_user_index(dev, spec->vm));
    st->backend = be->servers > 0 && be->service_ns > 0 ? be : NULL;
    st->spec = *spec;
    st->spec.vm = g_strdup(spec->vm);
    g_autofree char *rng_name = g_strdup_printf("vm:%s/io/%s", spec->vm, dev->spec.name);
    st->rng = sim_rng_new(sim->seed, rng_name);
    st->latency_ns = g_array_new(FALSE, FALSE, sizeof(double));
    g_ptr_array_add(sim->streams, st);
    return st;
}

/* ---- requests ----------------------------------------------------------------------- */

static IoReq *req_new(IoStream *st, double bytes)
{
    IoSim *sim = st->sim;
    IoReq *r = sim->free_reqs;
    if (r)
        sim->free_reqs = r->next_free;
    else {
        r = g_new0(IoReq, 1);
        g_ptr_array_add(sim->reqs, r);
    }
    *r = (IoReq){ .st = st, .seq = st->next_seq++, .bytes = bytes,
                  .t_submit_ns = sim_engine_now_ns(sim->eng) };
    if (st->spec.read_frac >= 1.0)
        r->is_read = TRUE;
    else if (st->spec.read_frac > 0.0)
        r->is_read = sim_rng_uniform(st->rng) < st->spec.read_frac;
    return r;
}

static void req_free(IoReq *r)
{
    IoSim *sim = r->st->sim;
    r->ev = 0;
    r->next_free = sim->free_reqs;
    sim->free_reqs = r;
}

static void trace(const IoReq *r, IoTracePoint point)
{
    IoSim *sim = r->st->sim;
    if (!sim->trace)
        return;
    IoTraceEvent ev = { .point = point, .vm = r->st->spec.vm, .device = r->st->dev->spec.name,
                        .seq = r->seq, .slice = r->st->server->slice,
                        .t_ns = sim_engine_now_ns(sim->eng), .bytes = r->bytes };
    sim->trace(&ev, sim->trace_user);
}

/* ---- device time integrals and servers ---------------------------------------------- */

static void dev_settle(IoDev *dev)
{
    SimTimeNs now = sim_engine_now_ns(dev->sim->eng);
    double dt = (double)(now - dev->last_ns);
    dev->wait_area += dt * dev->n_wait;
    dev->busy_area += dt * dev->n_busy;
    dev->last_ns = now;
}

static SimTimeNs service_draw_ns(IoDev *dev, double bytes)
{
    double bw = io_slice_bandwidth_bytes_per_s(&dev->spec);
    double iops = io_slice_iops_per_s(&dev->spec);
    if (dev->spec.service == IO_SERVICE_DETERMINISTIC)
        return io_service_ns(bw, iops, bytes);
    double mean_ns = io_service_s(bw, iops, bytes) * 1e9;
    return (SimTimeNs)llround(sim_rng_exponential(dev->rng, mean_ns));
}

static void server_kick(IoServer *sv)
{
    IoDev *dev = sv->dev;
    if (sv->busy || g_queue_is_empty(&sv->queue))
        return;
    IoReq *r = g_queue_pop_head(&sv->queue);
    dev_settle(dev);
    dev->n_wait--;
    dev->n_busy++;
    sv->busy = r;
    r->t_start_ns = sim_engine_now_ns(dev->sim->eng);
    trace(r, IO_TRACE_START);
    SimTimeNs s_ns = service_draw_ns(dev, r->bytes);
    if (dev->spec.klass == IO_CLASS_VIRTUAL)   /* the copy runs on a host core */
        r->st->host_cycles += (double)s_ns * dev->sim->env.freq_hz / 1e9;
    sv->ev_done = sim_engine_schedule(dev->sim->eng, s_ns, dev->sim->ev_done, sv, NULL);
}

static void server_enqueue(IoServer *sv, IoReq *r)
{
    dev_settle(sv->dev);
    sv->dev->n_wait++;
    g_queue_push_tail(&sv->queue, r);
}

/* ---- serial stages ------------------------------------------------------------------ */

static void stage_start(IoStage *sg, IoReq *r)
{
    IoSim *sim = r->st->sim;
    sg->busy++;
    r->ev = sim_engine_schedule(sim->eng, sg->service_ns, sim->ev_stage, r, NULL);
}

static void stage_enter(IoStage *sg, IoReq *r)
{
    r->stage = sg;
    if (sg->busy < sg->servers)
        stage_start(sg, r);
    else
        g_queue_push_tail(&sg->queue, r);
}

static void reach_device(IoReq *r);

static void to_path(IoReq *r)
{
    IoStream *st = r->st;
    r->ev = sim_engine_schedule(st->sim->eng, st->dev->path_ns, st->sim->ev_reach, r, NULL);
}

/* A request leaves a stage: the next waiting one takes the thread; it moves on (its own
 * path's stage leads to the path's latency, the back end to the device). */
static void on_stage_done(SimEngine *eng, void *target, const void *payload)
{
    IoReq *r = target;
    IoStage *sg = r->stage;
    r->ev = 0;
    r->stage = NULL;
    sg->busy--;
    if (!g_queue_is_empty(&sg->queue))
        stage_start(sg, g_queue_pop_head(&sg->queue));
    if (sg == &r->st->stage)
        to_path(r);
    else
        reach_device(r);
}

/* A request reaches its device's back end after the path. */
static void on_reach(SimEngine *eng, void *target, const void *payload)
{
    IoReq *r = target;
    r->ev = 0;
    if (r->st->backend)
        stage_enter(r->st->backend, r);
    else
        reach_device(r);
}

/* ... and the device after that; spooled jobs enter the queue whole. */
static void reach_device(IoReq *r)
{
    IoStream *st = r->st;
    r->t_device_ns = sim_engine_now_ns(st->sim->eng);
    if (st->dev->spec.klass != IO_CLASS_SPOOLED) {
        server_enqueue(st->server, r);
    } else {
        g_queue_push_tail(&st->spool, r);
        if (g_queue_get_length(&st->spool) < st->spec.ops_per_job)
            return;
        while (!g_queue_is_empty(&st->spool))
            server_enqueue(st->server, g_queue_pop_head(&st->spool));
    }
    server_kick(st->server);
}

/* ---- streams: ring, stall, arrivals ------------------------------------------------- */

static void admit(IoStream *st, IoReq *r)
{
    const IoPathCost *c = &st->dev->cost;
    st->in_flight++;
    st->guest_cycles += c->guest_cycles;
    st->host_cycles += c->host_cycles;
    st->exits += c->exits;
    st->notifications += c->notifications;
    trace(r, IO_TRACE_ADMIT);
    if (st->stage.service_ns > 0)
        stage_enter(&st->stage, r);
    else
        to_path(r);
}

/* Requests a stream may have in flight: its depth (closed loop) within the ring. */
static uint32_t stream_slots(const IoStream *st)
{
    uint32_t ring = st->dev->spec.ring_slots, depth = st->spec.depth;
    if (!depth)
        return ring;
    return ring ? MIN(ring, depth) : depth;
}

/* Closed loop: a request is issued when a slot is free and, with a rate, no sooner than
 * 1/rate after the previous one (fio's rate_iops); so nothing ever waits for a slot. */
static gboolean closed_loop(const IoStream *st)
{
    return st->spec.depth > 0;
}

static void schedule_arrival(IoStream *st)
{
    if (!st->running || (st->spec.max_ops && st->arrivals >= st->spec.max_ops))
        return;
    if (closed_loop(st)) {
        if (!st->ev_arrive && st->in_flight < stream_slots(st)) {
            SimTimeNs now = sim_engine_now_ns(st->sim->eng);
            st->ev_arrive = sim_engine_schedule(st->sim->eng, MAX(0, st->next_issue_ns - now),
                                                st->sim->ev_arrive, st, NULL);
        }
        return;
    }
    if (st->spec.ops_per_s <= 0)
        return;
    double mean_ns = 1e9 / st->spec.ops_per_s;
    double gap_ns = st->spec.deterministic ? mean_ns : sim_rng_exponential(st->rng, mean_ns);
    st->ev_arrive = sim_engine_schedule(st->sim->eng, (SimTimeNs)llround(gap_ns),
                                        st->sim->ev_arrive, st, NULL);
}

static void submit(IoStream *st, IoReq *r)
{
    trace(r, IO_TRACE_SUBMIT);
    uint32_t slots = stream_slots(st);
    if (slots == 0 || st->in_flight < slots) {
        admit(st, r);
        return;
    }
    if (g_queue_is_empty(&st->blocked))
        st->stall_since_ns = sim_engine_now_ns(st->sim->eng);
    g_queue_push_tail(&st->blocked, r);
    st->suspended = st->running;     /* the blocked submitter offers nothing more */
}

static void on_arrive(SimEngine *eng, void *target, const void *payload)
{
    IoStream *st = target;
    st->ev_arrive = 0;
    if (!st->running)
        return;
    st->arrivals++;
    if (closed_loop(st) && st->spec.ops_per_s > 0)
        st->next_issue_ns = sim_engine_now_ns(eng) + (SimTimeNs)llround(1e9 / st->spec.ops_per_s);
    submit(st, req_new(st, st->spec.bytes_per_op));
    if (!st->suspended)
        schedule_arrival(st);
}

/* A ring slot freed: the oldest blocked request takes it. */
static void ring_release(IoStream *st)
{
    st->in_flight--;
    if (g_queue_is_empty(&st->blocked)) {
        if (closed_loop(st)) {         /* the submitter's own work before its next request */
            SimTimeNs ready = sim_engine_now_ns(st->sim->eng) + (SimTimeNs)IO_ISSUE_NS;
            st->next_issue_ns = MAX(st->next_issue_ns, ready);
            schedule_arrival(st);
        }
        return;
    }
    admit(st, g_queue_pop_head(&st->blocked));
    if (!g_queue_is_empty(&st->blocked))
        return;
    st->stall_ns += sim_engine_now_ns(st->sim->eng) - st->stall_since_ns;
    if (st->suspended) {
        st->suspended = FALSE;
        schedule_arrival(st);
    }
}

static void on_done(SimEngine *eng, void *target, const void *payload)
{
    IoServer *sv = target;
    IoDev *dev = sv->dev;
    IoReq *r = sv->busy;
    IoStream *st = r->st;
    SimTimeNs now = sim_engine_now_ns(eng);
    sv->busy = NULL;
    sv->ev_done = 0;
    dev_settle(dev);
    dev->n_busy--;
    dev->ops++;
    dev->bytes += r->bytes;
    st->ops++;
    st->bytes += r->bytes;
    st->reads += r->is_read;
    st->writes += !r->is_read;
    st->wait_sum_ns += (double)(r->t_start_ns - r->t_device_ns);
    double lat_ns = (double)(now - r->t_submit_ns);
    g_array_append_val(st->latency_ns, lat_ns);
    trace(r, IO_TRACE_DONE);
    req_free(r);
    ring_release(st);
    server_kick(sv);
}

/* ---- running ------------------------------------------------------------------------ */

void io_sim_start(IoSim *sim)
{
    g_return_if_fail(sim);
    SimTimeNs now = sim_engine_now_ns(sim->eng);
    sim->t0_ns = now;
    for (guint i = 0; i < sim->devs->len; i++) {
        IoDev *dev = g_ptr_array_index(sim->devs, i);
        dev->last_ns = dev->s_last_ns = now;
        if (sim->sample_ns > 0)
            dev->ev_sample = sim_engine_schedule(sim->eng, sim->sample_ns, sim->ev_sample,
                                                 dev, NULL);
    }
    for (guint i = 0; i < sim->streams->len; i++) {
        IoStream *st = g_ptr_array_index(sim->streams, i);
        st->running = TRUE;
        schedule_arrival(st);
    }
}

void io_stream_start(IoStream *st)
{
    g_return_if_fail(st);
    if (st->running)
        return;
    st->running = TRUE;
    schedule_arrival(st);
}

const GArray *io_stream_latencies_ns(const IoStream *st)
{
    return st->latency_ns;
}

void io_stream_stop(IoStream *st)
{
    g_return_if_fail(st);
    st->running = FALSE;
    st->suspended = FALSE;
    sim_engine_cancel(st->sim->eng, st->ev_arrive);
    st->ev_arrive = 0;
}

void io_stream_submit(IoStream *st, double bytes)
{
    g_return_if_fail(st && bytes >= 0);
    submit(st, req_new(st, bytes));
}

void io_sim_set_sample_interval(IoSim *sim, SimTimeNs interval_ns)
{
    g_return_if_fail(sim && interval_ns >= 0);
    sim->sample_ns = interval_ns;
}

void io_sim_set_trace(IoSim *sim, IoTraceFn fn, void *user)
{
    sim->trace = fn;
    sim->trace_user = user;
}

static void on_sample(SimEngine *eng, void *target, const void *payload)
{
    IoDev *dev = target;
    dev_settle(dev);
    double dt = (double)(dev->last_ns - dev->s_last_ns);
    double wait = dev->wait_area - dev->s_wait_area, busy = dev->busy_area - dev->s_busy_area;
    IoSample s = { .t_ns = dev->last_ns, .queue_len = wait / dt,
                   .in_system = (wait + busy) / dt,
                   .utilization_frac = busy / (dt * dev->nservers) };
    g_array_append_val(dev->samples, s);
    dev->s_wait_area = dev->wait_area;
    dev->s_busy_area = dev->busy_area;
    dev->s_last_ns = dev->last_ns;
    dev->ev_sample = sim_engine_schedule(eng, dev->sim->sample_ns, dev->sim->ev_sample, dev,
                                         NULL);
}

/* ---- results ------------------------------------------------------------------------ */

const IoPathCost *io_dev_path_cost(const IoDev *dev) { return &dev->cost; }
const char *io_dev_name(const IoDev *dev) { return dev->spec.name; }
const GArray *io_dev_samples(const IoDev *dev) { return dev->samples; }

void io_dev_stats(IoDev *dev, IoDevStats *out)
{
    g_return_if_fail(dev && out);
    dev_settle(dev);
    double el_ns = (double)(dev->last_ns - dev->sim->t0_ns);
    double el_s = el_ns / 1e9;
    *out = (IoDevStats){ .ops = dev->ops, .bytes = dev->bytes, .elapsed_s = el_s };
    if (el_ns <= 0)
        return;
    out->utilization_frac = dev->busy_area / (el_ns * dev->nservers);
    out->mean_queue_len = dev->wait_area / el_ns;
    out->mean_in_system = (dev->wait_area + dev->busy_area) / el_ns;
    out->throughput_ops_per_s = (double)dev->ops / el_s;
    out->throughput_bytes_per_s = dev->bytes / el_s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void io_stream_stats(IoStream *st, IoStreamStats *out)
{
    g_return_if_fail(st && out);
    double el_s = sim_s_from_ns(sim_engine_now_ns(st->sim->eng) - st->sim->t0_ns);
    SimTimeNs stall = st->stall_ns;
    if (!g_queue_is_empty(&st->blocked))
        stall += sim_engine_now_ns(st->sim->eng) - st->stall_since_ns;
    *out = (IoStreamStats){
        .path = st->dev->cost.path, .submitted = st->next_seq, .ops = st->ops,
        .reads = st->reads, .writes = st->writes, .bytes = st->bytes, .stall_ns = stall,
        .guest_cycles = st->guest_cycles, .host_cycles = st->host_cycles,
        .exits = st->exits, .notifications = st->notifications,
        .latency_mean_ns = NAN, .latency_p50_ns = NAN, .latency_p99_ns = NAN,
        .wait_mean_ns = NAN,
    };
    if (el_s > 0) {
        out->throughput_ops_per_s = (double)st->ops / el_s;
        out->throughput_bytes_per_s = st->bytes / el_s;
    }
    size_t n = st->latency_ns->len;
    if (n == 0)
        return;
    double *lat = (double *)(void *)st->latency_ns->data;
    if (st->latency_sorted != n) {         /* appended since the last sort */
        qsort(lat, n, sizeof *lat, cmp_double);
        st->latency_sorted = (guint)n;
    }
    out->latency_mean_ns = gsl_stats_mean(lat, 1, n);
    out->latency_p50_ns = gsl_stats_quantile_from_sorted_data(lat, 1, n, 0.50);
    out->latency_p99_ns = gsl_stats_quantile_from_sorted_data(lat, 1, n, 0.99);
    out->wait_mean_ns = st->wait_sum_ns / (double)st->ops;
}

void io_sim_vm_cycles(const IoSim *sim, const char *vm, IoVmCycles *out)
{
    g_return_if_fail(sim && vm && out);
    memset(out, 0, sizeof *out);
    for (guint i = 0; i < sim->streams->len; i++) {
        const IoStream *st = g_ptr_array_index(sim->streams, i);
        if (strcmp(st->spec.vm, vm) != 0)
            continue;
        out->guest_cycles[st->dev->cost.path] += st->guest_cycles;
        out->host_cycles[st->dev->cost.path] += st->host_cycles;
    }
}

gboolean io_sim_vm_migratable(const IoSim *sim, const char *vm)
{
    for (guint i = 0; i < sim->streams->len; i++) {
        const IoStream *st = g_ptr_array_index(sim->streams, i);
        if (strcmp(st->spec.vm, vm) == 0 && !st->dev->cost.migratable)
            return FALSE;
    }
    return TRUE;
}
