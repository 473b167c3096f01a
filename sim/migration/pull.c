/* sim/migration/pull.c — post-copy demand paging as rates per VM (see pull.h for the model).
 *
 * One flow carries every missing page; a "mig.pull_step" event each simulated second after
 * the resume reads how far the flow got, integrates the fault model over that second, bins
 * the result for rounds.csv and sets the VM's speed for the next second.
 */
#include "sim/migration/pull.h"

#include <math.h>
#include <string.h>


/* One step of the fault model (pull.h): M falls linearly from m0 to m1 over dt. */
typedef struct {
    double a, s;            /* touches/s; stall per fault, s (INFINITY: no pages flow) */
    double phi;             /* faults per touch of a missing page (φ, pull.h) */
    double w;               /* working-set pages */
    double m0, m1, dt;      /* M at the start and end of the step; its length, s */
} PullStep;

struct MigPull {
    MigJob        *job;
    SimEngine     *eng;
    double         n_pages, ws_pages;
    double         ws_missing;          /* m: working-set pages not yet arrived */
    double         missing;             /* M: pages not yet arrived, all */
    double         flow_pages;          /* pages the flow carries (M when it started) */
    double         flow_bytes;          /* its bytes on the wire */
    double         faults;              /* cumulative */
    uint64_t       faults_binned, pages_binned, bytes_binned;
    double         access_per_s;        /* a for the current step */
    double         fault_frac;          /* φ: faults per touch of a missing page */
    PullStep       plan;                /* the step as predicted at its start */
    double         plan_m, plan_faults; /* and its outcome */
    SimTimeNs      step_start_ns, origin_ns;
    gboolean       running, flowing;
    SimEventTypeId ev_step;
    SimEventId     step_event;
};

static void pull_on_step(SimEngine *eng, void *target, const void *payload);

static const SimEventType pull_step_type = {
    .name = "mig.pull_step", .handle = pull_on_step, .payload_bytes = 0,
};

MigPull *mig_pull_new(MigJob *job)
{
    MigPull *pl = g_new0(MigPull, 1);
    pl->job = job;
    pl->eng = mig_job_engine(job);
    pl->n_pages = (double)mig_job_memory_pages(job);
    pl->ws_pages = (double)MAX(mig_job_wws_pages(job), 1);
    const MigParams *p = mig_job_params(job);
    pl->fault_frac = mig_pull_fault_frac(p->locality_frac, p->prepage_pages);
    pl->ev_step = sim_engine_register(pl->eng, &pull_step_type);
    return pl;
}

void mig_pull_free(MigPull *pl)
{
    if (!pl)
        return;
    sim_engine_cancel(pl->eng, pl->step_event);
    g_free(pl);
}

uint64_t mig_pull_missing_pages(const MigPull *pl) { return (uint64_t)llround(pl->missing); }

void mig_pull_mark_all_missing(MigPull *pl)
{
    pl->missing = pl->n_pages;
    pl->ws_missing = MIN(pl->ws_pages, pl->n_pages);
}

void mig_pull_mark_ws_missing(MigPull *pl, uint64_t n)
{
    g_assert((double)n <= pl->ws_pages);
    pl->missing += (double)n;
    pl->ws_missing += (double)n;
}

/* ---- the fault model ------------------------------------------------------------------ */

double mig_pull_fault_frac(double locality_frac, uint32_t prepage_pages)
{
    double p = CLAMP(locality_frac, 0.0, 1.0);
    if (prepage_pages == 0 || p <= 0)
        return 1.0;
    if (p >= 1)
        return 1.0 / (prepage_pages + 1.0);
    return (1.0 - p) / -expm1((prepage_pages + 1.0) * log(p));    /* (1−p)/(1−p^(k+1)) */
}

/* Fault rate in wall time at m missing working-set pages: f = φ a x / (1 + φ a s x). */
static double pull_fault_rate(const PullStep *st, double m)
{
    double x = m / st->w, b = st->phi * st->a;
    if (!isfinite(st->s))
        return 0.0;
    return b * x / (1.0 + b * st->s * x);
}

/* m decays at rate λ: dm/dt = −λ m, λ = d / m + (R − d) / M with d = f / φ (pull.h). */
static double pull_decay_per_s(const PullStep *st, double t, double m)
{
    double big_m = st->m0 + (st->m1 - st->m0) * t / st->dt;
    double r = (st->m0 - st->m1) / st->dt;
    double d = pull_fault_rate(st, m) / st->phi;
    double per_page = isfinite(st->s)
        ? st->a / st->w / (1.0 + st->phi * st->a * st->s * m / st->w) : 0;
    return big_m > 0 ? per_page + MAX(r - d, 0.0) / big_m : INFINITY;
}

static double pull_m_at(const PullStep *st, double t, double m)
{
    return CLAMP(m, 0.0, st->m0 + (st->m1 - st->m0) * t / st->dt);
}

/* Integrates m and the faults over the step in PULL_SUBSTEPS exponential-midpoint steps:
 * m ← m e^(−λ h) with λ taken at the sub-step's midpoint, faults += f / λ (1 − e^(−λ h))
 * likewise.  Exact for constant λ, and stable and positive however fast m decays (a VM
 * that touches its set faster than the push fills it). */
#define PULL_SUBSTEPS 8
static double pull_integrate_steps(const PullStep *st, double *m)
{
    double h = st->dt / PULL_SUBSTEPS, faults = 0, y = *m;
    for (int i = 0; i < PULL_SUBSTEPS && y > 0; i++) {
        double t = i * h;
        double lam0 = pull_decay_per_s(st, t, y);
        double ymid = pull_m_at(st, t + h / 2, isfinite(lam0) ? y * exp(-lam0 * h / 2) : 0);
        double lam = pull_decay_per_s(st, t + h / 2, ymid);
        double f_per_m = ymid > 0 ? pull_fault_rate(st, ymid) / ymid : 0;
        double decayed = isfinite(lam) ? -expm1(-lam * h) : 1.0;     /* 1 − e^(−λh) */
        faults += lam > 0 ? f_per_m * y * decayed / lam : f_per_m * y * h;
        y = pull_m_at(st, t + h, y * (1.0 - decayed));
    }
    *m = st->m1 <= 0 ? 0.0 : y;
    return faults;
}

/* Migrations of like VMs over like paths (a group evacuated together) integrate the very
 * same step, bit for bit, every second: a small per-thread memo of the last steps returns
 * the stored result for the same inputs, so it changes no output, only the time taken. */
#define PULL_MEMO 64
typedef struct {
    PullStep st;
    double   m_in, m_out, faults;
    gboolean used;
} PullMemo;

static _Thread_local PullMemo pull_memo[PULL_MEMO];

static uint32_t pull_memo_slot(const PullStep *st, double m)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325), w;
    const double in[] = { st->a, st->s, st->phi, st->w, st->m0, st->m1, st->dt, m };
    for (size_t i = 0; i < G_N_ELEMENTS(in); i++) {
        memcpy(&w, &in[i], sizeof w);
        h = (h ^ w) * UINT64_C(0x100000001b3);
    }
    return (uint32_t)(h ^ h >> 32) % PULL_MEMO;
}

static double pull_integrate(const PullStep *st, double *m)
{
    PullMemo *e = &pull_memo[pull_memo_slot(st, *m)];
    if (e->used && memcmp(&e->st, st, sizeof *st) == 0 &&
        memcmp(&e->m_in, m, sizeof *m) == 0) {
        *m = e->m_out;
        return e->faults;
    }
    e->st = *st;
    e->m_in = *m;
    e->faults = pull_integrate_steps(st, m);
    e->m_out = *m;
    e->used = TRUE;
    return e->faults;
}

/* The step from now for dt_s at pages_per_s, the VM touching at the current rate. */
static PullStep pull_step_at(const MigPull *pl, double pages_per_s, double dt_s)
{
    double lat_s = sim_s_from_ns(mig_job_path_latency_ns(pl->job));
    PullStep st = {
        .a = pl->access_per_s, .phi = pl->fault_frac, .w = pl->ws_pages, .dt = dt_s,
        .m0 = pl->missing,
        .s = pages_per_s > 0 ? 2 * lat_s + 2.0 / pages_per_s : INFINITY,
    };
    st.m1 = MAX(0.0, pl->missing - pages_per_s * dt_s);
    return st;
}

/* ---- stepping ----------------------------------------------------------------------- */

static uint32_t pull_bin(const MigPull *pl, SimTimeNs at_ns)
{
    return (uint32_t)((at_ns - pl->origin_ns) / SIM_NS_PER_S) + 1;
}

/* How far the flow got: (drained fraction, rate as a fraction of its bytes per second). */
static void pull_flow_progress(MigPull *pl, double *frac, double *rate_frac_per_s)
{
    double bytes = 0, drained = 0, rate = 0;
    if (pl->flowing)
        mig_job_in_flight(pl->job, &bytes, &drained, &rate);
    *frac = pl->flowing && bytes > 0 ? MIN(drained / bytes, 1.0) : 1.0;
    *rate_frac_per_s = pl->flowing && bytes > 0 ? rate / bytes : 0.0;
}

static gboolean pull_same_step(const PullStep *a, const PullStep *b)
{
    const double tol = 1e-9;
    return a->dt == b->dt && a->a == b->a && a->m0 == b->m0 &&
           fabs(a->m1 - b->m1) <= tol * MAX(a->m0, 1.0) &&
           (a->s == b->s || fabs(a->s - b->s) <= tol * a->s);
}

/* Brings m, M and the faults from the step's start up to now, from how far the flow got,
 * and records them in the step's 1 s bin. */
static void pull_settle(MigPull *pl)
{
    SimTimeNs now = sim_engine_now_ns(pl->eng);
    double dt_s = sim_s_from_ns(now - pl->step_start_ns);
    if (dt_s <= 0)
        return;
    double frac, rate;
    pull_flow_progress(pl, &frac, &rate);
    double moved = MAX(pl->missing - pl->flow_pages * (1.0 - frac), 0.0);
    PullStep st = pull_step_at(pl, moved / dt_s, dt_s);
    if (pull_same_step(&st, &pl->plan)) {          /* the flow kept its rate: as planned */
        pl->faults += pl->plan_faults;
        pl->ws_missing = pl->plan_m;
    } else {
        pl->faults += pull_integrate(&st, &pl->ws_missing);
    }
    pl->missing = st.m1;
    uint64_t faults = (uint64_t)llround(pl->faults) - pl->faults_binned;
    uint64_t pages = (uint64_t)llround(pl->flow_pages - pl->missing) - pl->pages_binned;
    uint64_t bytes = (uint64_t)llround(pl->flow_bytes * frac) - pl->bytes_binned;
    pl->faults_binned += faults;
    pl->pages_binned += pages;
    pl->bytes_binned += bytes;
    mig_job_add_pull(pl->job, pull_bin(pl, pl->step_start_ns), bytes, pages, faults);
    pl->step_start_ns = now;
}

/* Reads the VM's touch rate (kept while it is fully stalled: its CPU share then reads 0),
 * predicts the next step at the flow's current rate and runs the VM at 1 − its stall. */
static void pull_plan(MigPull *pl, SimTimeNs step_ns)
{
    double frac, rate;
    pull_flow_progress(pl, &frac, &rate);
    if (mig_job_stall(pl->job) < 1.0)
        pl->access_per_s = mig_job_access_pages_per_s(pl->job);
    double dt_s = sim_s_from_ns(step_ns), pages_per_s = rate * pl->flow_pages;
    if (pages_per_s > 0)
        dt_s = MIN(dt_s, pl->missing / pages_per_s);
    double stall = pl->missing > 0 ? 1.0 : 0.0;
    pl->plan = (PullStep){ .dt = -1 };
    if (dt_s > 0 && pl->missing > 0) {
        PullStep st = pull_step_at(pl, pages_per_s, dt_s);
        double m = pl->ws_missing, faults = pull_integrate(&st, &m);
        pl->plan = st;
        pl->plan_m = m;
        pl->plan_faults = faults;
        stall = isfinite(st.s) ? CLAMP(st.s * faults / dt_s, 0.0, 1.0)
                               : (pl->access_per_s > 0 && pl->ws_missing > 0 ? 1.0 : 0.0);
    }
    mig_job_set_stall(pl->job, stall);
}

static void pull_schedule(MigPull *pl)
{
    SimTimeNs now = sim_engine_now_ns(pl->eng);
    SimTimeNs next = pl->origin_ns + (SimTimeNs)pull_bin(pl, now) * SIM_NS_PER_S;
    pull_plan(pl, next - now);
    pl->step_event = sim_engine_schedule(pl->eng, next - now, pl->ev_step, pl, NULL);
}

static void pull_on_step(SimEngine *eng, void *target, const void *payload)
{
    MigPull *pl = target;
    pl->step_event = 0;
    pull_settle(pl);
    pull_schedule(pl);
}

/* Every page has arrived: the last step, then the job is done. */
static void pull_on_delivered(MigJob *job, const MigSent *sent, void *ctx)
{
    MigPull *pl = ctx;
    pl->flowing = FALSE;
    pull_settle(pl);
    sim_engine_cancel(pl->eng, pl->step_event);
    pl->step_event = 0;
    pl->ws_missing = pl->missing = 0;
    mig_job_set_stall(job, 0.0);
    mig_job_finish(job);
}

/* The first step waits for the end of the instant, when the share solver has given the
 * flow and the VM's CPU their rates: read earlier, both are stale. */
void mig_pull_run(MigPull *pl)
{
    g_assert(!pl->running);
    pl->running = TRUE;
    pl->origin_ns = pl->step_start_ns = sim_engine_now_ns(pl->eng);
    if (pl->missing <= 0) {
        mig_job_finish(pl->job);
        return;
    }
    pl->flow_pages = pl->missing;
    pl->flowing = TRUE;
    mig_job_transfer(pl->job, FALSE, (uint64_t)llround(pl->missing), 0, pull_on_delivered, pl);
    double drained, rate;
    mig_job_in_flight(pl->job, &pl->flow_bytes, &drained, &rate);
    pl->step_event = sim_engine_schedule(pl->eng, 0, pl->ev_step, pl, NULL);
}
