/* sim/scheduler/quantum.c — credit-scheduler time slices on engine events; see quantum.h. */
#include "sim/scheduler/quantum.h"

#include <math.h>

typedef struct SchedCore SchedCore;

struct SchedQuantumVcpu {
    SchedCore *core;
    double     weight, cap_frac;
    double     credit_ns;
    gboolean   runnable, running, parked;
    SimTimeNs  waiting_since_ns;     /* valid while runnable and not running */
    SimTimeNs  running_since_ns;     /* when its code started running */
    SimTimeNs  cpu_ns, wait_ns;
    SimTally   delays;               /* seconds */
};

struct SchedCore {
    SchedQuantumHost *q;
    int               index;
    GQueue            runq;          /* SchedQuantumVcpu *, runnable, not running or parked */
    SchedQuantumVcpu *current;
    SchedQuantumVcpu *last;          /* whose state the core holds (no switch to it) */
    SimEventId        slice_end;
    guint64           switches;
    SimTimeNs         overhead_ns;
};

struct SchedQuantumHost {
    SimEngine         *eng;
    SchedQuantumParams p;
    SchedCore         *cores;
    int                n_cores;
    GPtrArray         *vcpus;        /* creation order */
    SimEventId         accounting;
    SimEventTypeId     ev_slice, ev_account;
};

static void core_dispatch(SchedCore *c);

/* ---- run/stop --------------------------------------------------------------------- */

static SimTimeNs now_ns(const SchedCore *c) { return sim_engine_now_ns(c->q->eng); }

/* Ends the current slice now: charge the time it ran, requeue it if still runnable. */
static void core_preempt(SchedCore *c)
{
    SchedQuantumVcpu *v = c->current;
    SimTimeNs now = now_ns(c);
    SimTimeNs ran = MAX(now - v->running_since_ns, 0);
    v->cpu_ns += ran;
    v->credit_ns -= (double)ran;
    v->running = FALSE;
    c->current = NULL;
    sim_engine_cancel(c->q->eng, c->slice_end);
    c->slice_end = 0;
    if (!v->runnable)
        return;
    v->waiting_since_ns = now;
    if (v->cap_frac > 0 && v->credit_ns <= 0)
        v->parked = TRUE;
    else
        g_queue_push_tail(&c->runq, v);
}

static void on_slice_end(SimEngine *eng, void *target, const void *payload)
{
    SchedCore *c = target;
    c->slice_end = 0;
    core_preempt(c);
    core_dispatch(c);
}

/* The first UNDER vCPU in queue order, else the first OVER one. */
static GList *core_pick(SchedCore *c)
{
    for (GList *l = c->runq.head; l; l = l->next)
        if (((SchedQuantumVcpu *)l->data)->credit_ns > 0)
            return l;
    return c->runq.head;
}

static void core_dispatch(SchedCore *c)
{
    if (c->current || g_queue_is_empty(&c->runq))
        return;
    GList *l = core_pick(c);
    SchedQuantumVcpu *v = l->data;
    g_queue_delete_link(&c->runq, l);
    SimTimeNs cost = 0;
    if (c->last && c->last != v) {
        cost = sched_quantum_switch_cost_ns(&c->q->p);
        c->switches++;
        c->overhead_ns += cost;
    }
    SimTimeNs start = now_ns(c) + cost;
    v->wait_ns += start - v->waiting_since_ns;
    sim_tally_add(&v->delays, sim_s_from_ns(start - v->waiting_since_ns));
    v->running = TRUE;
    v->running_since_ns = start;
    c->current = c->last = v;
    c->slice_end = sim_engine_schedule(c->q->eng, cost + c->q->p.quantum_ns, c->q->ev_slice,
                                       c, NULL);
}

/* ---- credit accounting ------------------------------------------------------------ */

static void core_refill(SchedCore *c, double period_ns)
{
    SchedQuantumHost *q = c->q;
    double total_w = 0;
    for (guint i = 0; i < q->vcpus->len; i++) {
        SchedQuantumVcpu *v = g_ptr_array_index(q->vcpus, i);
        if (v->core == c && v->runnable)
            total_w += v->weight;
    }
    for (guint i = 0; i < q->vcpus->len && total_w > 0; i++) {
        SchedQuantumVcpu *v = g_ptr_array_index(q->vcpus, i);
        if (v->core != c || !v->runnable)
            continue;
        double earn = period_ns * v->weight / total_w;
        if (v->cap_frac > 0)
            earn = MIN(earn, period_ns * v->cap_frac);
        v->credit_ns = MIN(v->credit_ns + earn, period_ns + (double)q->p.quantum_ns);
        if (v->parked && v->credit_ns > 0) {
            v->parked = FALSE;
            g_queue_push_tail(&c->runq, v);
        }
    }
    core_dispatch(c);
}

static void on_accounting(SimEngine *eng, void *target, const void *payload)
{
    SchedQuantumHost *q = target;
    for (int i = 0; i < q->n_cores; i++)
        core_refill(&q->cores[i], (double)q->p.accounting_ns);
    q->accounting = sim_engine_schedule(eng, q->p.accounting_ns, q->ev_account, q, NULL);
}

static const SimEventType sched_slice_type = {
    .name = "sched.slice_end", .handle = on_slice_end, .payload_bytes = 0,
};
static const SimEventType sched_account_type = {
    .name = "sched.accounting", .handle = on_accounting, .payload_bytes = 0,
};

/* ---- public ----------------------------------------------------------------------- */

SimTimeNs sched_quantum_cache_refill_ns(double ws_bytes)
{
    return (SimTimeNs)llround(MIN(ws_bytes, SCHED_CACHE_SHARE_BYTES) / SCHED_REFILL_BYTES_PER_S
                              * 1e9);
}

SimTimeNs sched_quantum_switch_cost_ns(const SchedQuantumParams *p)
{
    return p->switch_ns + p->cache_refill_ns + (p->tlb_tagged ? 0 : p->tlb_refill_ns);
}

double sched_quantum_slice_frac(const SchedQuantumParams *p, double vcpus_per_core)
{
    SimTimeNs q = p->quantum_ns > 0 ? p->quantum_ns : SCHED_XEN_TIMESLICE_NS;
    if (vcpus_per_core <= 1.0)
        return 1.0;
    return (double)q / (double)(q + sched_quantum_switch_cost_ns(p));
}

const SchedQuantumParams *sched_quantum_params(const SchedQuantumHost *q)
{
    return &q->p;
}

SchedQuantumHost *sched_quantum_host_new(SimEngine *eng, int cores, const SchedQuantumParams *p)
{
    g_return_val_if_fail(eng && cores > 0 && p, NULL);
    g_return_val_if_fail(p->quantum_ns >= 0 && p->accounting_ns >= 0 && p->switch_ns >= 0 &&
                         p->tlb_refill_ns >= 0 && p->cache_refill_ns >= 0, NULL);
    SchedQuantumHost *q = g_new0(SchedQuantumHost, 1);
    q->eng = eng;
    q->p = *p;
    if (q->p.quantum_ns == 0)
        q->p.quantum_ns = SCHED_XEN_TIMESLICE_NS;
    if (q->p.accounting_ns == 0)
        q->p.accounting_ns = SCHED_XEN_TIMESLICE_NS;
    q->n_cores = cores;
    q->cores = g_new0(SchedCore, cores);
    for (int i = 0; i < cores; i++) {
        q->cores[i].q = q;
        q->cores[i].index = i;
        g_queue_init(&q->cores[i].runq);
    }
    q->vcpus = g_ptr_array_new();
    q->ev_slice = sim_engine_register(eng, &sched_slice_type);
    q->ev_account = sim_engine_register(eng, &sched_account_type);
    q->accounting = sim_engine_schedule(eng, q->p.accounting_ns, q->ev_account, q, NULL);
    return q;
}

void sched_quantum_host_free(SchedQuantumHost *q)
{
    if (!q)
        return;
    sim_engine_cancel(q->eng, q->accounting);
    for (int i = 0; i < q->n_cores; i++) {
        sim_engine_cancel(q->eng, q->cores[i].slice_end);
        g_queue_clear(&q->cores[i].runq);
    }
    for (guint i = 0; i < q->vcpus->len; i++) {
        SchedQuantumVcpu *v = g_ptr_array_index(q->vcpus, i);
        sim_tally_clear(&v->delays);
        g_free(v);
    }
    g_ptr_array_free(q->vcpus, TRUE);
    g_free(q->cores);
    g_free(q);
}

SchedQuantumVcpu *sched_quantum_vcpu_add(SchedQuantumHost *q, int core, double weight,
                                         double cap_frac)
{
    g_return_val_if_fail(core >= 0 && core < q->n_cores && weight > 0 && cap_frac >= 0, NULL);
    SchedQuantumVcpu *v = g_new0(SchedQuantumVcpu, 1);
    v->core = &q->cores[core];
    v->weight = weight;
    v->cap_frac = cap_frac;
    sim_tally_init(&v->delays);
    g_ptr_array_add(q->vcpus, v);
    sched_quantum_vcpu_set_runnable(v, TRUE);
    return v;
}

void sched_quantum_vcpu_set_runnable(SchedQuantumVcpu *v, gboolean runnable)
{
    SchedCore *c = v->core;
    if (v->runnable == runnable)
        return;
    v->runnable = runnable;
    if (runnable) {
        v->waiting_since_ns = now_ns(c);
        g_queue_push_tail(&c->runq, v);
    } else if (v->running) {
        core_preempt(c);
    } else {
        if (!v->parked)
            g_queue_remove(&c->runq, v);
        v->wait_ns += now_ns(c) - v->waiting_since_ns;
        v->parked = FALSE;
    }
    core_dispatch(c);
}

SimTimeNs sched_quantum_vcpu_cpu_ns(const SchedQuantumVcpu *v)
{
    SimTimeNs now = now_ns(v->core);
    return v->cpu_ns + (v->running ? MAX(now - v->running_since_ns, 0) : 0);
}

SimTimeNs sched_quantum_vcpu_wait_ns(const SchedQuantumVcpu *v)
{
    SimTimeNs now = now_ns(v->core);
    if (v->running)
        return v->wait_ns - MAX(v->running_since_ns - now, 0);   /* switch not yet done */
    return v->wait_ns + (v->runnable ? now - v->waiting_since_ns : 0);
}

SimTally *sched_quantum_vcpu_delays(SchedQuantumVcpu *v) { return &v->delays; }

guint64 sched_quantum_switches(const SchedQuantumHost *q, int core)
{
    g_return_val_if_fail(core >= 0 && core < q->n_cores, 0);
    return q->cores[core].switches;
}

SimTimeNs sched_quantum_overhead_ns(const SchedQuantumHost *q, int core)
{
    g_return_val_if_fail(core >= 0 && core < q->n_cores, 0);
    return q->cores[core].overhead_ns;
}

int sched_quantum_vcpu_core(const SchedQuantumVcpu *v)
{
    return v->core->index;
}
