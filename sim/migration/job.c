/* sim/migration/job.c — the mechanics every migration strategy shares: rules checked at
 * start, transfers as SimNet flows, downtime, speed/degradation accounting, the result
 * record, and the completion event ("mig.done").
 *
 * Degradation: the job tracks the VM's speed s(t) = (1 − stall) (1 − throttle) while it
 * runs, stall being the fraction of time a post-copy VM waits on network page faults, and
 * integrates lost_ns = ∫(1 − s) dt and stall_ns = ∫ stall dt outside downtime; at the end
 * degradation_frac = lost_ns / (total_ns − downtime_ns).
 */
#include "sim/migration/job.h"

#include <math.h>


typedef struct {
    MigJob   *job;
    SimFlow  *flow;
    uint64_t  pages, bytes, saved_bytes;
    MigSentFn fn, drained;
    void     *ctx;
    uint32_t  tag;
} MigXfer;

struct MigJob {
    SimNet               *net;
    SimEngine            *eng;
    const MigStrategyOps *ops;
    void                 *state;
    MigParams             params;
    const MigVmOps       *vm_ops;
    void                 *vm;
    SimRng               *rng;
    MemDirtyLog          *dirty;        /* what the guest wrote, round by round */
    MigDoneFn             done;
    void                 *done_user;
    char                 *vm_name, *trigger, *reason_buf;
    MigResult             result;
    uint64_t              page_bytes, memory_pages;
    GPtrArray            *xfers;           /* MigXfer in flight */
    gboolean              started, paused;
    double                throttle_frac, stall_frac, speed_frac;
    SimTimeNs             paused_since_ns, speed_since_ns;
    double                lost_ns, stall_ns;
    gboolean              pull_binned;     /* the strategy records its own pull bins */
    SimEventTypeId        ev_done;
    SimEventId            done_event;
    GArray               *rounds;          /* MigRound, in time order */
    double                rate_limit_bytes_per_s;
    uint64_t              bytes_at_pause, pages_at_pause;
    gboolean              resumed;
    SimTimeNs             resumed_ns;
};

static void mig_on_done(SimEngine *eng, void *target, const void *payload);

static const SimEventType mig_done_type = {
    .name = "mig.done", .handle = mig_on_done, .payload_bytes = 0,
};

G_DEFINE_QUARK(mig-error-quark, mig_error)

void mig_params_init(MigParams *p)
{
    *p = (MigParams){
        .max_downtime_ns = 300 * SIM_NS_PER_MS,
        .max_rounds = 30,
        .max_sent_factor = 3.0,
        .min_shrink_frac = 0.0,
        .bandwidth_bytes_per_s = 0.0,
        .auto_converge = FALSE,
        .throttle_initial_frac = 0.20,
        .throttle_increment_frac = 0.10,
        .throttle_max_frac = 0.99,
        .throttle_trigger_frac = 0.50,
        .state_bytes = UINT64_C(2) << 20,
        .prepage_pages = 0,
        .send_cycles_per_byte = 0.0,
        .dirty_scaled_by_cpu = TRUE,
        .dirty_model = MEM_DIRTY_EXPONENTIAL,
        .stop_rules = 0,
        .codec = {
            .compress_ratio_frac = 1.0,
            .compress_cycles_per_page = 227556.0,  /* zlib -1: 90 MB/s at 5 GHz, 4 KiB */
            .compress_threads = 8,
            .xbzrle = FALSE,
            .xbzrle_cache_bytes = UINT64_C(64) << 20,
            .xbzrle_ratio_frac = 0.25,
            .xbzrle_cycles_per_page = 4096.0,
        },
        .energy_j_per_mb = 0.512,
        .energy_fixed_j = 20.165,
    };
}

MigJob *mig_job_new(SimNet *net, const MigJobSpec *spec)
{
    g_return_val_if_fail(net && spec && spec->strategy && spec->params && spec->vm_ops, NULL);
    MigJob *job = g_new0(MigJob, 1);
    job->net = net;
    job->eng = sim_net_engine(net);
    job->ops = spec->strategy;
    job->state = spec->strategy->state_bytes ? g_malloc0(spec->strategy->state_bytes) : NULL;
    job->params = *spec->params;
    job->vm_ops = spec->vm_ops;
    job->vm = spec->vm;
    job->rng = spec->rng;
    job->dirty = mem_dirty_log_new(job->params.dirty_model, spec->rng);
    job->done = spec->done;
    job->done_user = spec->done_user;
    job->vm_name = g_strdup(spec->vm_name ? spec->vm_name : "vm");
    job->trigger = g_strdup(spec->trigger ? spec->trigger : "migrate");
    job->xfers = g_ptr_array_new();
    job->speed_frac = 1.0;
    job->ev_done = sim_engine_register(job->eng, &mig_done_type);
    job->rounds = g_array_new(FALSE, TRUE, sizeof(MigRound));
    MigResult *r = &job->result;
    r->vm = job->vm_name;
    r->strategy = job->ops->name;
    r->trigger = job->trigger;
    r->src_host = spec->src_host;
    r->dst_host = spec->dst_host;
    return job;
}

void mig_job_free(MigJob *job)
{
    if (!job)
        return;
    mem_dirty_log_free(job->dirty);
    for (guint i = 0; i < job->xfers->len; i++) {
        MigXfer *x = g_ptr_array_index(job->xfers, i);
        sim_net_flow_free(job->net, x->flow);
        g_free(x);
    }
    g_ptr_array_free(job->xfers, TRUE);
    g_array_free(job->rounds, TRUE);
    sim_engine_cancel(job->eng, job->done_event);
    if (job->ops->clear && job->state)
        job->ops->clear(job->state);
    g_free(job->state);
    g_free(job->reason_buf);
    g_free(job->vm_name);
    g_free(job->trigger);
    g_free(job);
}

/* ---- rules at start ----------------------------------------------------------------- */

static gboolean job_refuse(MigJob *job, GError **error, MigErrorCode code, char *reason)
{
    g_free(job->reason_buf);
    job->reason_buf = reason;
    job->result.refused = TRUE;
    job->result.reason = reason;
    job->result.start_ns = job->result.end_ns = sim_engine_now_ns(job->eng);
    g_set_error(error, MIG_ERROR, code, "cannot migrate '%s' from host %u to host %u: %s",
                job->vm_name, job->result.src_host, job->result.dst_host, reason);
    return FALSE;
}

static gboolean job_check(MigJob *job, GError **error)
{
    const MigVmOps *v = job->vm_ops;
    char *why = NULL;
    if (job->result.src_host == job->result.dst_host)
        return job_refuse(job, error, MIG_ERROR_SAME_HOST,
                          g_strdup("source and destination are the same host"));
    if (v->migratable && !v->migratable(job->vm, &why))
        return job_refuse(job, error, MIG_ERROR_NOT_MIGRATABLE,
                          why ? why : g_strdup("the VM is not migratable"));
    uint64_t mem = v->memory_bytes(job->vm);
    if (v->reserve_dest && !v->reserve_dest(job->vm, job->result.dst_host, mem, &why))
        return job_refuse(job, error, MIG_ERROR_NO_MEMORY,
                          why ? why : g_strdup("not enough memory on the destination"));
    return TRUE;
}

gboolean mig_job_start(MigJob *job, GError **error)
{
    g_return_val_if_fail(!job->started, FALSE);
    job->started = TRUE;
    job->result.start_ns = sim_engine_now_ns(job->eng);
    if (!job_check(job, error))
        return FALSE;
    job->page_bytes = job->vm_ops->page_bytes(job->vm);
    g_assert(job->page_bytes > 0);
    uint64_t mem = job->vm_ops->memory_bytes(job->vm);
    job->memory_pages = (mem + job->page_bytes - 1) / job->page_bytes;
    job->speed_since_ns = job->result.start_ns;
    job->ops->start(job, job->state);
    return TRUE;
}

const MigResult *mig_job_result(const MigJob *job) { return &job->result; }

/* Liu et al., HPDC 2011: E = alpha × MB on the wire + beta. */
static double job_energy_j(const MigJob *job, uint64_t bytes)
{
    if (job->result.refused)
        return 0.0;
    return job->params.energy_j_per_mb * (double)bytes / 1e6 + job->params.energy_fixed_j;
}

MigResult mig_job_snapshot(MigJob *job)
{
    MigResult r = job->result;
    if (r.finished || r.refused)
        return r;
    for (guint i = 0; i < job->xfers->len; i++) {
        MigXfer *x = g_ptr_array_index(job->xfers, i);
        r.bytes_sent += (uint64_t)llround(sim_net_flow_sent_bytes(job->net, x->flow));
    }
    r.end_ns = sim_engine_now_ns(job->eng);
    r.stall_ns = (SimTimeNs)llround(job->stall_ns);
    r.energy_j = job_energy_j(job, r.bytes_sent);
    return r;
}

const MigRound *mig_job_rounds(const MigJob *job, guint *n_out)
{
    *n_out = job->rounds->len;
    return (const MigRound *)(void *)job->rounds->data;
}

void mig_job_add_round(MigJob *job, const MigRound *round)
{
    g_array_append_val(job->rounds, *round);
}

void mig_job_set_rate_limit(MigJob *job, double bytes_per_s)
{
    g_assert(bytes_per_s >= 0);
    job->rate_limit_bytes_per_s = bytes_per_s;
}

double mig_job_rate_limit(const MigJob *job) { return job->rate_limit_bytes_per_s; }

void mig_job_set_codec(MigJob *job, const MigCodecParams *codec)
{
    job->params.codec = *codec;
}

/* Post-copy over time: one row per second after the resume (bin 1 is the first second),
 * faults and bytes. */
static MigRound *job_pull_bin_at(MigJob *job, uint32_t bin)
{
    MigRound *last = job->rounds->len
        ? &g_array_index(job->rounds, MigRound, job->rounds->len - 1) : NULL;
    if (last && last->phase == MIG_PHASE_PULL && last->round == bin)
        return last;
    MigRound row = { .phase = MIG_PHASE_PULL, .round = bin,
                     .start_ns = job->resumed_ns + (SimTimeNs)(bin - 1) * SIM_NS_PER_S,
                     .duration_ns = SIM_NS_PER_S };
    g_array_append_val(job->rounds, row);
    return &g_array_index(job->rounds, MigRound, job->rounds->len - 1);
}

static MigRound *job_pull_bin(MigJob *job)
{
    SimTimeNs now = sim_engine_now_ns(job->eng);
    return job_pull_bin_at(job, (uint32_t)((now - job->resumed_ns) / SIM_NS_PER_S) + 1);
}

/* ---- transfers ------------------------------------------------------------------------ */

static void job_on_delivered(SimNet *net, SimFlow *flow, void *user)
{
    MigXfer *x = user;
    MigJob *job = x->job;
    MigSent sent = {
        .pages = x->pages, .bytes = x->bytes,
        .start_ns = sim_net_flow_start_ns(flow),
        .duration_ns = sim_engine_now_ns(job->eng) - sim_net_flow_start_ns(flow),
    };
    job->result.bytes_sent += x->bytes;
    job->result.pages_sent += x->pages;
    job->result.saved_bytes += x->saved_bytes;
    if (job->resumed && !job->result.finished && !job->pull_binned) {
        MigRound *bin = job_pull_bin(job);
        bin->bytes_sent += x->bytes;
        bin->pages_sent += x->pages;
    }
    g_ptr_array_remove_fast(job->xfers, x);
    sim_net_flow_free(net, flow);
    MigSentFn fn = x->fn;
    void *ctx = x->ctx;
    g_free(x);
    fn(job, &sent, ctx);
}

/* The tighter of two caps, 0 meaning none. */
static double cap_min(double a, double b)
{
    return a <= 0 ? b : b <= 0 ? a : MIN(a, b);
}

static void job_transfer(MigJob *job, gboolean to_source, uint64_t pages, uint64_t resent,
                         uint64_t extra_bytes, MigSentFn fn, void *ctx)
{
    MigXfer *x = g_new0(MigXfer, 1);
    uint32_t src = job->result.src_host, dst = job->result.dst_host;
    double core_hz = job->vm_ops->source_core_hz ? job->vm_ops->source_core_hz(job->vm, src) : 0;
    MigWire w = mig_codec_encode(&job->params.codec, pages, resent, job->page_bytes, core_hz);
    x->job = job;
    x->pages = pages;
    x->bytes = w.wire_bytes + extra_bytes;
    x->saved_bytes = w.saved_bytes;
    x->fn = fn;
    x->ctx = ctx;
    double cycles = w.cycles + (double)x->bytes * job->params.send_cycles_per_byte;
    job->result.codec_cycles += w.cycles;
    if (!to_source && cycles > 0 && job->vm_ops->source_cpu)
        job->vm_ops->source_cpu(job->vm, src, cycles);
    double cap = cap_min(job->params.bandwidth_bytes_per_s,
                         cap_min(job->rate_limit_bytes_per_s, w.cap_bytes_per_s));
    g_ptr_array_add(job->xfers, x);
    x->flow = sim_net_flow_start(job->net, to_source ? dst : src, to_source ? src : dst,
                                 (double)x->bytes, cap, job_on_delivered, x);
}

void mig_job_transfer(MigJob *job, gboolean to_source, uint64_t pages, uint64_t extra_bytes,
                      MigSentFn fn, void *ctx)
{
    job_transfer(job, to_source, pages, 0, extra_bytes, fn, ctx);
}

static void job_on_drained(SimNet *net, SimFlow *flow, void *user)
{
    MigXfer *x = user;
    x->drained(x->job, NULL, x->ctx);
}

void mig_job_transfer_pipelined(MigJob *job, uint64_t pages, uint64_t extra_bytes,
                                MigSentFn drained, MigSentFn fn, void *ctx)
{
    g_assert(pages > 0 || extra_bytes > 0);
    mig_job_transfer(job, FALSE, pages, extra_bytes, fn, ctx);
    MigXfer *x = g_ptr_array_index(job->xfers, job->xfers->len - 1);
    x->drained = drained;
    sim_net_flow_on_drained(x->flow, job_on_drained, x);
}

static void job_on_sent_to_strategy(MigJob *job, const MigSent *sent, void *ctx)
{
    job->ops->on_sent(job, job->state, GPOINTER_TO_UINT(ctx), sent);
}

void mig_job_send(MigJob *job, uint64_t pages, uint64_t extra_bytes, uint32_t tag)
{
    mig_job_send_pages(job, pages, 0, extra_bytes, tag);
}

void mig_job_send_pages(MigJob *job, uint64_t pages, uint64_t resent_pages,
                        uint64_t extra_bytes, uint32_t tag)
{
    job_transfer(job, FALSE, pages, resent_pages, extra_bytes, job_on_sent_to_strategy,
                 GUINT_TO_POINTER(tag));
}

/* ---- the VM's state: downtime, speed ---------------------------------------------------- */

/* Accounts the speed held since the last change, then applies the new one. */
static void job_update_speed(MigJob *job)
{
    SimTimeNs now = sim_engine_now_ns(job->eng);
    if (!job->paused) {
        job->lost_ns += (1.0 - job->speed_frac) * (double)(now - job->speed_since_ns);
        job->stall_ns += job->stall_frac * (double)(now - job->speed_since_ns);
    }
    job->speed_since_ns = now;
    double speed = (1.0 - job->stall_frac) * (1.0 - job->throttle_frac);
    if (speed != job->speed_frac && job->vm_ops->set_speed)
        job->vm_ops->set_speed(job->vm, speed);
    job->speed_frac = speed;
}

void mig_job_pause(MigJob *job)
{
    g_assert(!job->paused);
    job_update_speed(job);
    job->paused = TRUE;
    job->paused_since_ns = sim_engine_now_ns(job->eng);
    job->bytes_at_pause = job->result.bytes_sent;
    job->pages_at_pause = job->result.pages_sent;
    job->vm_ops->pause(job->vm);
}

void mig_job_resume(MigJob *job)
{
    g_assert(job->paused);
    SimTimeNs now = sim_engine_now_ns(job->eng);
    job->result.downtime_ns += now - job->paused_since_ns;
    MigRound stop = {
        .phase = MIG_PHASE_STOP, .round = job->result.rounds + 1,
        .start_ns = job->paused_since_ns, .duration_ns = now - job->paused_since_ns,
        .bytes_sent = job->result.bytes_sent - job->bytes_at_pause,
        .pages_sent = job->result.pages_sent - job->pages_at_pause,
        .rate_limit_bytes_per_s = job->params.bandwidth_bytes_per_s,
    };
    mig_job_add_round(job, &stop);
    job->resumed = TRUE;
    job->resumed_ns = now;
    job->speed_since_ns = now;
    job->paused = FALSE;
    job->throttle_frac = 0.0;     /* the destination runs the guest unthrottled */
    job->vm_ops->resume(job->vm, job->result.dst_host);
    job_update_speed(job);
}

void mig_job_set_throttle(MigJob *job, double throttle_frac)
{
    g_assert(throttle_frac >= 0 && throttle_frac < 1);
    job_update_speed(job);
    job->throttle_frac = throttle_frac;
    job->result.max_throttle_frac = MAX(job->result.max_throttle_frac, throttle_frac);
    job_update_speed(job);
}

void mig_job_set_stall(MigJob *job, double stall_frac)
{
    g_assert(stall_frac >= 0 && stall_frac <= 1);
    if (stall_frac == job->stall_frac)
        return;
    job_update_speed(job);
    job->stall_frac = stall_frac;
    job_update_speed(job);
}

void mig_job_add_pull(MigJob *job, uint32_t bin, uint64_t bytes, uint64_t pages,
                      uint64_t faults)
{
    g_assert(job->resumed && bin >= 1);
    job->pull_binned = TRUE;
    job->result.faults += faults;
    MigRound *row = job_pull_bin_at(job, bin);
    row->bytes_sent += bytes;
    row->pages_sent += pages;
    row->faults += faults;
}

void mig_job_set_rounds(MigJob *job, uint32_t rounds) { job->result.rounds = rounds; }
void mig_job_set_reason(MigJob *job, const char *reason) { job->result.reason = reason; }

void mig_job_finish(MigJob *job)
{
    g_assert(!job->paused && !job->result.finished && job->xfers->len == 0);
    job_update_speed(job);
    MigResult *r = &job->result;
    r->finished = TRUE;
    r->end_ns = sim_engine_now_ns(job->eng);
    r->total_ns = r->end_ns - r->start_ns;
    r->stall_ns = (SimTimeNs)llround(job->stall_ns);
    SimTimeNs running_ns = r->total_ns - r->downtime_ns;
    r->degradation_frac = running_ns > 0 ? job->lost_ns / (double)running_ns : 0.0;
    r->energy_j = job_energy_j(job, r->bytes_sent);
    job->done_event = sim_engine_schedule(job->eng, 0, job->ev_done, job, NULL);
}

static void mig_on_done(SimEngine *eng, void *target, const void *payload)
{
    MigJob *job = target;
    job->done_event = 0;
    if (job->done)
        job->done(job, &job->result, job->done_user);   /* may free job */
}

/* ---- what strategies read ---------------------------------------------------------------- */

SimEngine *mig_job_engine(const MigJob *job) { return job->eng; }
const MigParams *mig_job_params(const MigJob *job) { return &job->params; }
SimRng *mig_job_rng(const MigJob *job) { return job->rng; }
uint64_t mig_job_memory_pages(const MigJob *job) { return job->memory_pages; }
uint64_t mig_job_page_bytes(const MigJob *job) { return job->page_bytes; }
double mig_job_throttle(const MigJob *job) { return job->throttle_frac; }
double mig_job_stall(const MigJob *job) { return job->stall_frac; }

uint64_t mig_job_wws_pages(const MigJob *job)
{
    return MIN(job->vm_ops->wws_pages(job->vm), job->memory_pages);
}

static double job_cpu_scale(const MigJob *job)
{
    if (!job->params.dirty_scaled_by_cpu || !job->vm_ops->cpu_share_frac)
        return 1.0;
    return job->vm_ops->cpu_share_frac(job->vm);
}

uint64_t mig_job_dirty_pages(const MigJob *job, SimTimeNs interval_ns)
{
    const MigVmOps *v = job->vm_ops;
    double scale = (1.0 - job->throttle_frac) * job_cpu_scale(job);
    MemDirtyWriter w = {
        .hot_pages = mig_job_wws_pages(job), .memory_pages = job->memory_pages,
        .hot_pages_per_s = v->dirty_pages_per_s(job->vm) * scale,
        .cold_pages_per_s = v->cold_dirty_pages_per_s
                            ? v->cold_dirty_pages_per_s(job->vm) * scale : 0.0,
        .run_pages = v->write_run_pages ? MAX(v->write_run_pages(job->vm), 1u) : 1,
    };
    if (w.cold_pages_per_s <= 0)
        w.memory_pages = w.hot_pages;      /* no cold set: the log stays W pages wide */
    double pages = mem_dirty_log_collect(job->dirty, &w, sim_s_from_ns(interval_ns));
    return (uint64_t)llround(CLAMP(pages, 0.0, (double)job->memory_pages));
}

void mig_job_in_flight(MigJob *job, double *bytes, double *drained_bytes,
                       double *rate_bytes_per_s)
{
    *bytes = *drained_bytes = *rate_bytes_per_s = 0;
    for (guint i = 0; i < job->xfers->len; i++) {
        MigXfer *x = g_ptr_array_index(job->xfers, i);
        *bytes += (double)x->bytes;
        *drained_bytes += sim_net_flow_sent_bytes(job->net, x->flow);
        *rate_bytes_per_s += sim_net_flow_rate_bytes_per_s(x->flow);
    }
}

SimTimeNs mig_job_path_latency_ns(const MigJob *job)
{
    return sim_net_path_latency_ns(job->net, job->result.src_host, job->result.dst_host);
}

double mig_job_access_pages_per_s(const MigJob *job)
{
    return job->vm_ops->access_pages_per_s(job->vm) * job_cpu_scale(job);
}
