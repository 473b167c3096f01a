/* sim/dc/elastic.c — elastic services and trace-driven VMs inside a datacenter run; see
 * elastic.h. */
#include "sim/dc/elastic.h"

#include <math.h>
#include <string.h>

#include "sim/dc/devices.h"
#include "sim/elastic/autoscaler.h"
#include "sim/out/columns.h"


typedef struct Svc Svc;

/* A node VM of a service's node pool: a VM on a host whose room its pods take. */
typedef struct {
    Svc         *svc;
    guint        id;              /* 1, 2, ... in order of addition: SERVICE-node-ID */
    char        *name;
    SimHost     *host;            /* where it runs (ran, once removed) */
    gboolean     removed;         /* scaled down: gave its host's room back */
    SimTimeNs    up_ns;           /* when it has booted */
    int          vcpus_used;      /* by its pods, booting or ready */
    uint64_t     memory_used_bytes;
    guint        pods;
    SimEventId   ev_down;         /* its scale-down check while empty, or 0 */
} Node;

typedef struct {
    SimHost     *host;
    Node        *node;            /* its node VM (a pod), or NULL */
    SimConsumer *cpu;             /* NULL while booting */
} Instance;

struct Svc {
    SimElasticRun           *run;
    const ScnElasticService *cfg;
    SimRng                  *rng;
    SchedDemand             *demand;
    SchedElastic            *e;
    GPtrArray               *booting;   /* Instance *, placed, not ready, in placement order */
    GPtrArray               *ready;     /* Instance *, ready, most recent last */
    SimEventId               ev_load;
    char                    *names[3];  /* per-service headline names */
    GPtrArray               *nodes;     /* Node *, node pool, in order of addition */
    guint                    nodes_live, nodes_peak;
    SimGauge                 nodes_g;   /* node VMs on hosts, for node-VM hours */
    gboolean                 starting;  /* initial instances: their nodes are up at once */
};

#define DRIVE_CHUNK 24                /* samples a drive holds copied */

typedef struct {
    SimElasticRun  *run;
    SimVm          *vm;
    const TraceView *trace;
    /* On a tick's grid: the sample it holds, advanced by one per tick without a division
     * (an even series, step rule: each tick moves the view time on by one step). */
    const uint16_t *q;                /* its series' samples */
    uint32_t        n;
    gboolean        wrap;
    long            idx;              /* sample at idx_ns; -1: before the first */
    SimTimeNs       idx_ns;           /* SIM_TIME_NEVER: none yet */
    /* q[chunk_at .. chunk_at + chunk_n) copied here: a tick reads the drive's own lines
     * (in VM order, streamed) and reaches into the series, one page per VM, once per
     * DRIVE_CHUNK ticks instead of every tick. */
    uint32_t        chunk_n;
    long            chunk_at;
    uint16_t        chunk[DRIVE_CHUNK];
    guint           chans;            /* bit per TraceChannel its series has */
    SimTimeNs       since_ns;         /* the channel integrals run up to here */
    double          area[TRACE_CH_COUNT]; /* memory bytes, disk and net bytes/s × ns, running */
} TraceDrive;

/* One engine event per tick of a sample grid sets every VM on that grid (Azure: every VM,
 * every 300 s), in VM order, instead of one event per VM per sample. */
typedef struct {
    SimElasticRun *run;
    SimTimeNs      step_ns, offset_ns;
    SimTimeNs      last_ns;           /* no change after this; SIM_TIME_NEVER: wraps */
    GPtrArray     *drives;            /* TraceDrive *, VM order */
} TraceTick;

struct SimElasticRun {
    SimDc         *m;
    GPtrArray     *svcs;              /* Svc *, scenario order */
    GArray        *drives;            /* TraceDrive, VM order */
    GPtrArray     *ticks;             /* TraceTick *, by first VM */
    guint          col_demand;        /* 0: no elasticity columns */
    guint          col_chan;          /* 0: no trace channel columns */
    guint         *drive_of;          /* per VM: its drive + 1, 0: none */
    guint          n_drive_of;        /* VMs at the start (instances come later, undriven) */
    SimEventTypeId ev_load, ev_trace, ev_tick, ev_node_down;
};

/* ---- instances on hosts ------------------------------------------------------------ */

static void instance_never_done(SimShare *share, SimConsumer *c, void *owner)
{
    g_assert_not_reached();           /* instances run infinite work */
}

/* Sets every ready instance's CPU cap to vCPUs × freq × the service's utilization now. */
static void svc_apply_load(Svc *s)
{
    SimDc *m = s->run->m;
    guint r = s->ready->len;
    double d = sched_demand_at(s->demand, sim_engine_now_ns(m->eng));
    double u = r ? MIN(1.0, d / (r * s->cfg->scale.capacity_per_s)) : 0;
    for (guint i = 0; i < r; i++) {
        Instance *in = g_ptr_array_index(s->ready, i);
        double cap = s->cfg->vcpus * in->host->cfg->freq_hz * u;
        sim_share_consumer_set_cap(m->share, in->cpu, MAX(cap, 1e-9));
    }
}

/* ---- node pools: pods in node VMs, node VMs on hosts ---------------------------------- */

/* The id the autoscaler and provisioner know an instance's place by: its node's index in
 * the pool, or its host's index. */
static uint32_t instance_slot(const Instance *in)
{
    return in->node ? in->node->id - 1 : in->host->index;
}

static gboolean node_has_room(const Svc *s, const Node *n)
{
    return !n->removed && n->vcpus_used + s->cfg->vcpus <= s->cfg->nodes.vcpus &&
           n->memory_used_bytes + s->cfg->memory_bytes <= s->cfg->nodes.memory_bytes;
}

/* A new node VM where the placement policy puts one; NULL at the pool's max or if no host
 * has room.  It boots for the pool's boot time (initial instances: up at once). */
static Node *node_add(Svc *s)
{
    SimDc *m = s->run->m;
    const ScnNodePool *p = &s->cfg->nodes;
    if (s->nodes_live >= (guint)p->max)
        return NULL;
    SimHost *h = sim_dc_place_instance(m, p->vcpus, p->memory_bytes);
    if (!h)
        return NULL;
    SimTimeNs now = sim_engine_now_ns(m->eng);
    Node *n = g_new0(Node, 1);
    n->svc = s;
    n->id = s->nodes->len + 1;
    n->name = g_strdup_printf("%s-node-%u", s->cfg->name, n->id);
    n->host = h;
    n->up_ns = s->starting ? now : now + p->boot_ns;
    g_ptr_array_add(s->nodes, n);
    s->nodes_live++;
    s->nodes_peak = MAX(s->nodes_peak, s->nodes_live);
    sim_gauge_set(&s->nodes_g, now, s->nodes_live);
    return n;
}

/* Cluster-autoscaler style: the first node VM with room for one more pod, else a new one. */
static Node *node_for_pod(Svc *s)
{
    for (guint i = 0; i < s->nodes->len; i++) {
        Node *n = g_ptr_array_index(s->nodes, i);
        if (node_has_room(s, n))
            return n;
    }
    return node_add(s);
}

static void node_charge(Svc *s, Node *n, int sign)
{
    n->vcpus_used += sign * s->cfg->vcpus;
    n->memory_used_bytes += (uint64_t)sign * s->cfg->memory_bytes;
    n->pods = (guint)((int)n->pods + sign);
    if (n->ev_down) {
        sim_engine_cancel(s->run->m->eng, n->ev_down);
        n->ev_down = 0;
    }
    if (n->pods == 0)
        n->ev_down = sim_engine_schedule(s->run->m->eng, s->cfg->nodes.scale_down_ns,
                                         s->run->ev_node_down, n, NULL);
}

/* A node VM left empty for the pool's scale-down time: it gives its host's room back. */
static void on_node_down(SimEngine *eng, void *target, const void *payload)
{
    Node *n = target;
    Svc *s = n->svc;
    n->ev_down = 0;
    g_assert(n->pods == 0 && !n->removed);
    n->host->vcpus_used -= s->cfg->nodes.vcpus;
    sim_host_charge_memory(n->host, -1, s->cfg->nodes.memory_bytes);
    sim_dc_host_room_changed(s->run->m, n->host);
    n->removed = TRUE;
    s->nodes_live--;
    sim_gauge_set(&s->nodes_g, sim_engine_now_ns(eng), s->nodes_live);
}

static SimTimeNs svc_host_ready_ns(void *user, uint32_t slot)
{
    Svc *s = user;
    return s->cfg->nodes.vcpus ? ((Node *)g_ptr_array_index(s->nodes, slot))->up_ns : 0;
}

/* ---- instances ------------------------------------------------------------------------ */

static gboolean svc_place(void *user, const SchedProvTemplate *tpl, uint32_t *host_out)
{
    Svc *s = user;
    Node *n = NULL;
    SimHost *h;
    if (s->cfg->nodes.vcpus) {
        if (!(n = node_for_pod(s)))
            return FALSE;
        node_charge(s, n, +1);
        h = n->host;
    } else if (!(h = sim_dc_place_instance(s->run->m, s->cfg->vcpus, s->cfg->memory_bytes)))
        return FALSE;
    Instance *in = g_new0(Instance, 1);
    in->host = h;
    in->node = n;
    g_ptr_array_add(s->booting, in);
    *host_out = instance_slot(in);
    return TRUE;
}

/* The oldest booting instance at slot (any one would do: they are identical). */
static guint take_booting(Svc *s, uint32_t slot)
{
    for (guint i = 0; i < s->booting->len; i++)
        if (instance_slot(g_ptr_array_index(s->booting, i)) == slot)
            return i;
    g_assert_not_reached();
}

static void svc_ready(void *user, uint32_t slot)
{
    Svc *s = user;
    SimDc *m = s->run->m;
    Instance *in = g_ptr_array_steal_index(s->booting, take_booting(s, slot));
    in->cpu = sim_share_consumer_new(m->share, s->cfg->vcpus, 1e-9, instance_never_done, in);
    sim_share_consumer_attach(m->share, in->cpu, in->host->cpu);
    sim_share_consumer_start(m->share, in->cpu, INFINITY);
    g_ptr_array_add(s->ready, in);
    svc_apply_load(s);
}

static void instance_free(SimDc *m, Instance *in)
{
    if (in->cpu) {
        sim_share_consumer_stop(m->share, in->cpu);
        sim_share_consumer_free(m->share, in->cpu);
    }
    g_free(in);
}

/* Scale-in releases the most recently ready instance at slot: a pod leaves its node VM
 * (which the pool removes once it stayed empty), an instance gives its host's room back. */
static void svc_release(void *user, uint32_t slot)
{
    Svc *s = user;
    SimDc *m = s->run->m;
    for (guint i = s->ready->len; i-- > 0;) {
        Instance *in = g_ptr_array_index(s->ready, i);
        if (instance_slot(in) != slot)
            continue;
        g_ptr_array_remove_index(s->ready, i);
        if (in->node)
            node_charge(s, in->node, -1);
        else {
            in->host->vcpus_used -= s->cfg->vcpus;
            sim_host_charge_memory(in->host, -1, s->cfg->memory_bytes);
            sim_dc_host_room_changed(m, in->host);
        }
        instance_free(m, in);
        svc_apply_load(s);
        return;
    }
    g_assert_not_reached();
}

static void on_load(SimEngine *eng, void *target, const void *payload)
{
    Svc *s = target;
    svc_apply_load(s);
    s->ev_load = sim_engine_schedule(eng, s->cfg->scale.interval_ns, s->run->ev_load, s, NULL);
}

/* ---- services ---------------------------------------------------------------------- */

static Svc *svc_new(SimElasticRun *r, const ScnElasticService *cfg)
{
    SimDc *m = r->m;
    Svc *s = g_new0(Svc, 1);
    s->run = r;
    s->cfg = cfg;
    g_autofree char *stream = g_strdup_printf("elastic:%s/demand", cfg->name);
    s->rng = sim_rng_new(m->scn->seed, stream);
    s->booting = g_ptr_array_new();
    s->ready = g_ptr_array_new();
    s->nodes = g_ptr_array_new();
    sim_gauge_init(&s->nodes_g, 0, 0);
    GError *error = NULL;
    s->demand = sched_demand_new(&cfg->demand, s->rng, &error);
    g_assert_no_error(error);         /* the scenario checked the config */
    SchedElasticHooks hooks = { .place = svc_place, .release = svc_release, .ready = svc_ready,
                                .host_ready_ns = svc_host_ready_ns };
    s->e = sched_elastic_new(m->eng, m->share, &cfg->scale, &cfg->prov, &cfg->tpl, s->demand,
                             &hooks, s, &error);
    g_assert_no_error(error);
    s->names[0] = g_strdup_printf("sla_violation_s:%s", cfg->name);
    s->names[1] = g_strdup_printf("overprovisioned_instance_h:%s", cfg->name);
    s->names[2] = g_strdup_printf("time_to_ready_mean_s:%s", cfg->name);
    return s;
}

static void svc_free(Svc *s)
{
    SimDc *m = s->run->m;
    if (s->ev_load)
        sim_engine_cancel(m->eng, s->ev_load);
    sched_elastic_free(s->e);         /* cancels transfers in flight */
    sched_demand_free(s->demand);
    for (guint i = 0; i < s->ready->len; i++)
        instance_free(m, g_ptr_array_index(s->ready, i));
    for (guint i = 0; i < s->booting->len; i++)
        instance_free(m, g_ptr_array_index(s->booting, i));
    g_ptr_array_free(s->ready, TRUE);
    g_ptr_array_free(s->booting, TRUE);
    for (guint i = 0; i < s->nodes->len; i++) {
        Node *n = g_ptr_array_index(s->nodes, i);
        if (n->ev_down)
            sim_engine_cancel(m->eng, n->ev_down);
        g_free(n->name);
        g_free(n);
    }
    g_ptr_array_free(s->nodes, TRUE);
    sim_rng_free(s->rng);
    for (guint i = 0; i < G_N_ELEMENTS(s->names); i++)
        g_free(s->names[i]);
    g_free(s);
}

/* ---- trace-driven VMs -------------------------------------------------------------- */

static SimTimeNs drive_next_ns(const TraceDrive *t, SimTimeNs now)
{
    SimTimeNs next = trace_view_next_change_ns(t->trace, now);
    if (t->trace->interp == TRACE_LINEAR && next != SIM_TIME_NEVER)
        next = MIN(next, now + t->run->m->scn->sample_interval_ns);
    return next;
}

static gboolean drive_live(const TraceDrive *t)
{
    return t->vm->state == SIM_VM_PENDING || t->vm->state == SIM_VM_RUNNING;
}

/* The channel values VM t holds now: memory in use (bytes), disk and network (bytes/s). */
static double drive_value(const TraceDrive *t, int c)
{
    return c == TRACE_CH_MEMORY ? (double)t->vm->trace_memory_bytes
                                : t->vm->trace_io_bytes_per_s[c - TRACE_CH_DISK];
}

/* Integrates the channel values up to now over the time the VM ran. */
static void drive_settle(TraceDrive *t, SimTimeNs now)
{
    SimVm *vm = t->vm;
    if (vm->state == SIM_VM_RUNNING) {
        SimTimeNs from = MAX(t->since_ns, vm->start_ns);
        for (int c = 0; c < TRACE_CH_COUNT && now > from; c++)
            t->area[c] += drive_value(t, c) * (double)(now - from);
    }
    t->since_ns = now;
}

/* Sets the VM's memory in use and I/O throughput from its trace's channels. */
static void drive_channels(TraceDrive *t, SimTimeNs now)
{
    SimVm *vm = t->vm;
    SimDc *m = t->run->m;
    drive_settle(t, now);
    if (t->chans & (1u << TRACE_CH_MEMORY)) {
        double f = trace_view_channel_at(t->trace, TRACE_CH_MEMORY, now);
        uint64_t b = MAX(UINT64_C(1), (uint64_t)(f * (double)vm->cfg->memory_bytes));
        if (b != vm->trace_memory_bytes)
            sim_dc_set_vm_memory(m, vm, b);
    }
    gboolean io = FALSE;
    for (int c = TRACE_CH_DISK; c <= TRACE_CH_NET; c++) {
        double *cur = &vm->trace_io_bytes_per_s[c - TRACE_CH_DISK];
        double v = t->chans & (1u << c) ? trace_view_channel_at(t->trace, c, now) : -1;
        io |= v != *cur;
        *cur = v;
    }
    if (io)
        sim_io_vm_rates_changed(m->io, vm);
}

static void on_trace(SimEngine *eng, void *target, const void *payload)
{
    TraceDrive *t = target;
    SimTimeNs now = sim_engine_now_ns(eng);
    if (!drive_live(t))
        return;                       /* finished, stopped or rejected: nothing to drive */
    double v = trace_view_at(t->trace, now);
    if (v != t->vm->demand_frac)      /* an unchanged value changes nothing */
        sim_dc_set_vm_demand(t->run->m, t->vm, v);
    if (t->chans)
        drive_channels(t, now);
    SimTimeNs next = drive_next_ns(t, now);
    if (next != SIM_TIME_NEVER)
        sim_engine_schedule_at(eng, next, t->run->ev_trace, t, NULL);
}

#define TICK_PREFETCH 8               /* views ahead: enough misses in flight to hide latency */

/* The sample after idx one step later: the next, around the end when the view wraps, the
 * last held after the end when not. */
static long drive_next_idx(const TraceDrive *t)
{
    if (t->wrap)
        return t->idx + 1 == (long)t->n ? 0 : t->idx + 1;
    return MIN(t->idx + 1, (long)t->n - 1);
}

static gboolean drive_chunk_has(const TraceDrive *t, long i)
{
    return (unsigned long)(i - t->chunk_at) < t->chunk_n;
}

/* trace_view_at(t->trace, now) for a view on the tick's grid (step rule, even series). */
static double drive_tick_value(TraceDrive *t, SimTimeNs now, SimTimeNs step)
{
    if (t->idx >= 0 && t->idx_ns == now - step)
        t->idx = drive_next_idx(t);
    else
        t->idx = trace_view_index_at(t->trace, now);
    t->idx_ns = now;
    long i = MAX(t->idx, 0);
    if (!drive_chunk_has(t, i)) {
        t->chunk_at = i;
        t->chunk_n = MIN(DRIVE_CHUNK, t->n - (uint32_t)i);
        memcpy(t->chunk, t->q + i, t->chunk_n * sizeof *t->chunk);
    }
    return t->chunk[i - t->chunk_at] / (double)TRACE_Q_MAX;
}

static void drive_tick_prefetch(const TraceDrive *t, SimTimeNs now, SimTimeNs step)
{
    if (t->idx >= 0 && t->idx_ns == now - step) {
        long i = drive_next_idx(t);
        if (!drive_chunk_has(t, i))
            __builtin_prefetch(&t->q[i]);
    } else
        trace_view_prefetch(t->trace, now);
}

/* The lines of a VM that setting its demand reads and writes (sim_vm_settle_demand,
 * sim_vm_cap_cycles_per_s, sim_vm_short_dirty), fetched ahead of the tick reaching it. */
static void vm_prefetch(const SimVm *vm)
{
    __builtin_prefetch(vm);
    __builtin_prefetch(&vm->demanded_cycles);
    __builtin_prefetch(&vm->short_dirty);
    __builtin_prefetch(&vm->quantum_vcpus);
    __builtin_prefetch(&vm->balloon_speed_frac);
}

/* Sets each live VM of the grid whose value changed.  The VM of the view 2 TICK_PREFETCH
 * ahead, and the sample, CPU consumer and config of the one TICK_PREFETCH ahead, are
 * fetched while this one is handled. */
static void on_tick(SimEngine *eng, void *target, const void *payload)
{
    TraceTick *k = target;
    SimTimeNs now = sim_engine_now_ns(eng);
    guint n = k->drives->len;
    for (guint i = 0; i < n; i++) {
        if (i + 2 * TICK_PREFETCH < n)          /* its VM first, then what it points to */
            vm_prefetch(((const TraceDrive *)g_ptr_array_index(k->drives, i + 2 * TICK_PREFETCH))->vm);
        if (i + TICK_PREFETCH < n) {
            const TraceDrive *a = g_ptr_array_index(k->drives, i + TICK_PREFETCH);
            drive_tick_prefetch(a, now, k->step_ns);
            __builtin_prefetch(a->vm->cpu);
            __builtin_prefetch(a->vm->cfg);
        }
        TraceDrive *t = g_ptr_array_index(k->drives, i);
        if (!drive_live(t))
            continue;
        double v = drive_tick_value(t, now, k->step_ns);
        if (v != t->vm->demand_frac)
            sim_dc_set_vm_demand(k->run->m, t->vm, v);
        if (t->chans)
            drive_channels(t, now);
    }
    if (k->last_ns == SIM_TIME_NEVER || now + k->step_ns <= k->last_ns)
        sim_engine_schedule_at(eng, now + k->step_ns, k->run->ev_tick, k, NULL);
}

/* The tick of t's grid, new if none has it yet. */
static TraceTick *tick_for(SimElasticRun *r, SimTimeNs step, SimTimeNs offset)
{
    for (guint i = 0; i < r->ticks->len; i++) {
        TraceTick *k = g_ptr_array_index(r->ticks, i);
        if (k->step_ns == step && k->offset_ns == offset)
            return k;
    }
    TraceTick *k = g_new0(TraceTick, 1);
    *k = (TraceTick){ r, step, offset, 0, g_ptr_array_new() };
    g_ptr_array_add(r->ticks, k);
    return k;
}

static void tick_free(gpointer p)
{
    TraceTick *k = p;
    g_ptr_array_free(k->drives, TRUE);
    g_free(k);
}

/* A view on a grid joins its tick (if it changes after 0 at all); any other is driven by
 * its own events, change by change. */
static void drive_start(SimElasticRun *r, TraceDrive *t)
{
    SimTimeNs step, offset, last;
    if (trace_view_grid(t->trace, &step, &offset, &last)) {
        if (last > 0) {
            TraceTick *k = tick_for(r, step, offset);
            k->last_ns = MAX(k->last_ns, last);
            g_ptr_array_add(k->drives, t);
        }
        return;
    }
    SimTimeNs next = drive_next_ns(t, 0);
    if (next != SIM_TIME_NEVER)
        sim_engine_schedule_at(r->m->eng, next, r->ev_trace, t, NULL);
}

static void drives_start(SimElasticRun *r)
{
    for (guint i = 0; i < r->drives->len; i++) {
        TraceDrive *t = &g_array_index(r->drives, TraceDrive, i);
        t->vm->demand_frac = trace_view_at(t->trace, 0);     /* pending: nothing to settle */
        sim_vm_short_dirty(t->vm);
        if (t->chans)
            drive_channels(t, 0);
        drive_start(r, t);
    }
    for (guint i = 0; i < r->ticks->len; i++) {
        TraceTick *k = g_ptr_array_index(r->ticks, i);
        SimTimeNs first = k->offset_ns > 0 ? k->offset_ns : k->step_ns;
        if (first <= k->last_ns)
            sim_engine_schedule_at(r->m->eng, first, r->ev_tick, k, NULL);
    }
}

/* ---- lifetime ---------------------------------------------------------------------- */

/* timeseries.csv: the trace channels summed over the VMs running, when any trace has one. */
static void add_channel_columns(SimElasticRun *r)
{
    r->col_chan = sim_series_add_column(&r->m->series, SIM_COL_TS_TRACE_MEMORY_BYTES);
    sim_series_add_column(&r->m->series, SIM_COL_TS_TRACE_DISK_BYTES_PER_S);
    sim_series_add_column(&r->m->series, SIM_COL_TS_TRACE_NET_BYTES_PER_S);
}

static guint series_channels(const TraceSeries *se)
{
    guint bits = 0;
    for (int c = 0; c < TRACE_CH_COUNT; c++)
        bits |= trace_series_has(se, (TraceChannel)c) ? 1u << c : 0;
    return bits;
}

/* The three totals, then per service its demand, ready capacity and SLA violation so far. */
static void add_columns(SimElasticRun *r)
{
    static const char *const per_svc[] = { SIM_COL_TS_DEMAND_REQ_PER_S,
                                           SIM_COL_TS_CAPACITY_REQ_PER_S,
                                           SIM_COL_TS_SLA_VIOLATION_S };
    r->col_demand = sim_series_add_column(&r->m->series, SIM_COL_TS_DEMAND_REQ_PER_S);
    sim_series_add_column(&r->m->series, SIM_COL_TS_CAPACITY_REQ_PER_S);
    sim_series_add_column(&r->m->series, SIM_COL_TS_INSTANCES);
    for (guint i = 0; i < r->svcs->len; i++) {
        const Svc *s = g_ptr_array_index(r->svcs, i);
        for (size_t k = 0; k < G_N_ELEMENTS(per_svc); k++) {
            g_autofree char *col = g_strdup_printf("%s:%s", per_svc[k], s->cfg->name);
            sim_series_add_column(&r->m->series, col);
        }
    }
}

SimElasticRun *sim_elastic_run_new(SimDc *m)
{
    static const SimEventType load = { .name = "elastic.load", .handle = on_load };
    static const SimEventType trace = { .name = "trace.demand", .handle = on_trace };
    static const SimEventType tick = { .name = "trace.tick", .handle = on_tick };
    static const SimEventType node_down = { .name = "elastic.node_down",
                                            .handle = on_node_down };
    const ScnElastic *cfg = m->scn->elastic;
    if (!cfg)
        return NULL;
    SimElasticRun *r = g_new0(SimElasticRun, 1);
    r->m = m;
    r->svcs = g_ptr_array_new();
    r->drives = g_array_new(FALSE, TRUE, sizeof(TraceDrive));
    r->ev_load = sim_engine_register(m->eng, &load);
    r->ev_trace = sim_engine_register(m->eng, &trace);
    r->ev_tick = sim_engine_register(m->eng, &tick);
    r->ev_node_down = sim_engine_register(m->eng, &node_down);
    r->ticks = g_ptr_array_new_with_free_func(tick_free);
    r->drive_of = g_new0(guint, m->vms->len);
    r->n_drive_of = m->vms->len;
    guint chans = 0;
    for (guint i = 0; i < cfg->services->len; i++)
        g_ptr_array_add(r->svcs, svc_new(r, g_ptr_array_index(cfg->services, i)));
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        if (!vm->cfg->trace)
            continue;
        TraceDrive t = { .run = r, .vm = vm,
                         .trace = &scn_trace_member(vm->cfg->trace, vm->cfg->trace_member)->view,
                         .idx = -1, .idx_ns = SIM_TIME_NEVER };
        t.q = t.trace->series->value_q;
        t.n = t.trace->series->n;
        t.wrap = t.trace->wrap;
        t.chans = series_channels(t.trace->series);
        chans |= t.chans;
        g_array_append_val(r->drives, t);
        r->drive_of[i] = r->drives->len;
    }
    if (r->svcs->len)
        add_columns(r);
    if (chans)
        add_channel_columns(r);
    return r;
}

void sim_elastic_run_free(SimElasticRun *r)
{
    if (!r)
        return;
    for (guint i = 0; i < r->svcs->len; i++)
        svc_free(g_ptr_array_index(r->svcs, i));
    g_ptr_array_free(r->svcs, TRUE);
    g_ptr_array_free(r->ticks, TRUE);
    g_array_free(r->drives, TRUE);
    g_free(r->drive_of);
    g_free(r);
}

void sim_elastic_run_start(SimElasticRun *r)
{
    if (!r)
        return;
    for (guint i = 0; i < r->svcs->len; i++) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        s->starting = TRUE;
        sched_elastic_start(s->e);
        s->starting = FALSE;
        s->ev_load = sim_engine_schedule(r->m->eng, s->cfg->scale.interval_ns, r->ev_load, s,
                                         NULL);
    }
    drives_start(r);
}

static void sample_channels(SimElasticRun *r, double *row)
{
    double sum[TRACE_CH_COUNT] = { 0 };
    for (guint i = 0; i < r->drives->len; i++) {
        const TraceDrive *t = &g_array_index(r->drives, TraceDrive, i);
        for (int c = 0; t->chans && t->vm->state == SIM_VM_RUNNING && c < TRACE_CH_COUNT; c++)
            sum[c] += t->chans & (1u << c) ? drive_value(t, c) : 0;
    }
    for (int c = 0; c < TRACE_CH_COUNT; c++)
        row[r->col_chan + c] = sum[c];
}

void sim_elastic_run_sample(SimElasticRun *r, double *row)
{
    if (r && r->col_chan)
        sample_channels(r, row);
    if (!r || !r->col_demand)
        return;
    SimTimeNs now = sim_engine_now_ns(r->m->eng);
    double d = 0, cap = 0, n = 0;
    for (guint i = 0; i < r->svcs->len; i++) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        d += sched_demand_at(s->demand, now);
        cap += sched_elastic_ready(s->e) * s->cfg->scale.capacity_per_s;
        n += sched_elastic_ready(s->e);
    }
    row[r->col_demand] = d;
    row[r->col_demand + 1] = cap;
    row[r->col_demand + 2] = n;
    double *svc = row + r->col_demand + 3;
    for (guint i = 0; i < r->svcs->len; i++, svc += 3) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        svc[0] = sched_demand_at(s->demand, now);
        svc[1] = sched_elastic_ready(s->e) * s->cfg->scale.capacity_per_s;
        svc[2] = sched_elastic_sla_violation_at_s(s->e, now);
    }
}

/* ---- results ----------------------------------------------------------------------- */

void sim_elastic_run_vm_means(SimElasticRun *r, SimVm *vm, SimTimeNs end_ns, double out[3])
{
    out[0] = out[1] = out[2] = NAN;
    guint d = r && vm->index < r->n_drive_of ? r->drive_of[vm->index] : 0;
    if (!d)
        return;
    TraceDrive *t = &g_array_index(r->drives, TraceDrive, d - 1);
    SimTimeNs end = vm->state == SIM_VM_RUNNING ? end_ns : vm->end_ns;
    if (!t->chans || vm->state == SIM_VM_PENDING || vm->state == SIM_VM_REJECTED ||
        end <= vm->start_ns)
        return;
    SimTimeNs from = MAX(t->since_ns, vm->start_ns);
    for (int c = 0; c < TRACE_CH_COUNT; c++)
        if (t->chans & (1u << c))
            out[c] = (t->area[c] + (end > from ? drive_value(t, c) * (double)(end - from) : 0)) /
                     (double)(end - vm->start_ns);
}

static void headline_add(GArray *a, const char *name, const char *unit, double value)
{
    SimHeadline h = { name, unit, value };
    g_array_append_val(a, h);
}

/* Time-to-ready of every READY request of the services, in s. */
static SimStats pooled_time_to_ready(SimElasticRun *r)
{
    SimTally t;
    sim_tally_init(&t);
    for (guint i = 0; i < r->svcs->len; i++) {
        SchedProv *p = sched_elastic_prov(((Svc *)g_ptr_array_index(r->svcs, i))->e);
        for (guint k = 0; k < sched_prov_requests(p); k++) {
            const SchedProvRequest *q = sched_prov_request(p, k);
            if (q->state == SCHED_PROV_READY)
                sim_tally_add(&t, sim_s_from_ns(q->ready_ns - q->submit_ns));
        }
    }
    SimStats st = sim_tally_stats(&t);
    sim_tally_clear(&t);
    return st;
}

static void svc_headline(Svc *s, GArray *a)
{
    SimStats st = sim_tally_stats(sched_prov_time_to_ready(sched_elastic_prov(s->e)));
    headline_add(a, s->names[0], "s", sched_elastic_sla_violation_s(s->e));
    headline_add(a, s->names[1], "h", sched_elastic_overprov_instance_h(s->e));
    headline_add(a, s->names[2], "s", st.n ? st.mean / 1e9 : NAN);
}

/* With node pools: node VMs added, the most at once and node-VM hours, over services. */
static void nodes_headline(SimElasticRun *r, GArray *a)
{
    double added = 0, peak = 0, hours = 0;
    gboolean any = FALSE;
    SimTimeNs now = sim_engine_now_ns(r->m->eng);
    for (guint i = 0; i < r->svcs->len; i++) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        any = any || s->cfg->nodes.vcpus;
        added += s->nodes->len;
        peak += s->nodes_peak;
        hours += sim_gauge_area(&s->nodes_g, now) / 3.6e12;
    }
    if (!any)
        return;
    headline_add(a, "node_vms_added", "", added);
    headline_add(a, "node_vms_peak", "", peak);
    headline_add(a, "node_vm_h", "h", hours);
}

void sim_elastic_run_headline(SimElasticRun *r, GArray *a)
{
    if (!r || r->svcs->len == 0)
        return;
    double sla = 0, over = 0, inst = 0, outs = 0, ins = 0, rej = 0;
    for (guint i = 0; i < r->svcs->len; i++) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        sched_elastic_settle(s->e);
        sla += sched_elastic_sla_violation_s(s->e);
        over += sched_elastic_overprov_instance_h(s->e);
        inst += sched_elastic_instance_h(s->e);
        outs += sched_elastic_scale_outs(s->e);
        ins += sched_elastic_scale_ins(s->e);
        rej += sched_prov_rejected(sched_elastic_prov(s->e));
    }
    SimStats st = pooled_time_to_ready(r);
    nodes_headline(r, a);
    headline_add(a, "sla_violation_s", "s", sla);
    headline_add(a, "overprovisioned_instance_h", "h", over);
    headline_add(a, "instance_h", "h", inst);
    headline_add(a, "time_to_ready_mean_s", "s", st.n ? st.mean : NAN);
    headline_add(a, "time_to_ready_p99_s", "s", st.n ? st.p99 : NAN);
    headline_add(a, "scale_outs", "", outs);
    headline_add(a, "scale_ins", "", ins);
    headline_add(a, "requests_rejected", "", rej);
    for (guint i = 0; r->svcs->len > 1 && i < r->svcs->len; i++)
        svc_headline(g_ptr_array_index(r->svcs, i), a);
}

/* Seconds from `from` to `to`; NAN (an empty cell) when either was never reached. */
static double span_s(SimTimeNs from, SimTimeNs to)
{
    return from != SIM_TIME_NEVER && to != SIM_TIME_NEVER ? sim_s_from_ns(to - from) : NAN;
}

static SimDcRequestRow request_row(const Svc *s, SimDc *m, const SchedProvRequest *q)
{
    static const char *const states[] = { "approval", "transfer", "boot", "ready", "rejected",
                                          "node" };
    const char *host = "", *node = "";
    if (q->state != SCHED_PROV_APPROVAL && q->state != SCHED_PROV_REJECTED && s->cfg->nodes.vcpus) {
        const Node *n = g_ptr_array_index(s->nodes, q->host);
        node = n->name;
        host = n->host->cfg->name;
    } else if (q->state != SCHED_PROV_APPROVAL && q->state != SCHED_PROV_REJECTED)
        host = ((SimHost *)g_ptr_array_index(m->hosts, q->host))->cfg->name;
    return (SimDcRequestRow){
        .service = s->cfg->name, .id = q->id, .host = host, .state = states[q->state],
        .node = node, .node_s = span_s(q->placed_ns, q->host_up_ns),
        .submitted_s = span_s(0, q->submit_ns), .ready_s = span_s(0, q->ready_ns),
        .approval_s = span_s(q->submit_ns, q->placed_ns),
        .transfer_s = span_s(q->host_up_ns, q->transferred_ns),
        .boot_s = span_s(q->transferred_ns, q->ready_ns),
    };
}

GArray *sim_elastic_run_rows(SimElasticRun *r)
{
    if (!r || r->svcs->len == 0)
        return NULL;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcRequestRow));
    for (guint i = 0; i < r->svcs->len; i++) {
        Svc *s = g_ptr_array_index(r->svcs, i);
        SchedProv *p = sched_elastic_prov(s->e);
        for (guint k = 0; k < sched_prov_requests(p); k++) {
            SimDcRequestRow row = request_row(s, r->m, sched_prov_request(p, k));
            g_array_append_val(rows, row);
        }
    }
    return rows;
}
