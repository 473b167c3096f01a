/* sim/migration/pull.c — post-copy demand paging (see pull.h for the model). */
#include "sim/migration/pull.h"

#include <math.h>

enum { PG_PRESENT = 0, PG_MISSING, PG_PUSHING, PG_PREPAGING, PG_FAULTING };
#define PULL_NONE UINT32_MAX

struct MigPull {
    MigJob        *job;
    SimEngine     *eng;
    uint32_t       n_pages, ws_pages;
    uint8_t       *state;          /* PG_* per page */
    uint32_t      *ws_pos;         /* index in ws_list of a missing WS page, else NONE */
    uint32_t      *ws_list;        /* working-set pages not present */
    uint32_t       ws_len;
    uint64_t       not_present;
    uint32_t       cursor;         /* background push position */
    uint32_t       pushing;        /* push chunks in flight */
    GPtrArray     *chunks;         /* PullChunk in flight (freed with the pull) */
    uint32_t      *prepage, prepage_len;
    uint32_t       fault_page;
    gboolean       prepaging, faulting, stalled, running;
    uint32_t       waiting_page;   /* in-flight page the stalled VM waits for, or NONE */
    SimEventTypeId ev_fault;
    SimEventId     fault_event;
};

static void pull_on_fault(SimEngine *eng, void *target, const void *payload);

static const SimEventType pull_fault_type = {
    .name = "mig.page_fault", .handle = pull_on_fault, .payload_bytes = 0,
};

MigPull *mig_pull_new(MigJob *job)
{
    uint64_t n = mig_job_memory_pages(job), w = mig_job_wws_pages(job);
    g_assert(n < PULL_NONE);
    MigPull *pl = g_new0(MigPull, 1);
    pl->job = job;
    pl->eng = mig_job_engine(job);
    pl->n_pages = (uint32_t)n;
    pl->ws_pages = (uint32_t)w;
    pl->state = g_new0(uint8_t, n);
    pl->ws_pos = g_new(uint32_t, n);
    for (uint64_t i = 0; i < n; i++)
        pl->ws_pos[i] = PULL_NONE;
    pl->ws_list = g_new(uint32_t, MAX(w, 1));
    const MigParams *p = mig_job_params(job);
    pl->prepage = g_new(uint32_t, MAX(p->prepage_pages, 1));
    pl->ev_fault = sim_engine_register(pl->eng, &pull_fault_type);
    pl->waiting_page = PULL_NONE;
    pl->chunks = g_ptr_array_new_with_free_func(g_free);
    return pl;
}

void mig_pull_free(MigPull *pl)
{
    if (!pl)
        return;
    sim_engine_cancel(pl->eng, pl->fault_event);
    g_free(pl->state);
    g_free(pl->ws_pos);
    g_free(pl->ws_list);
    g_free(pl->prepage);
    g_ptr_array_free(pl->chunks, TRUE);
    g_free(pl);
}

uint64_t mig_pull_missing_pages(const MigPull *pl) { return pl->not_present; }

static uint32_t pull_ws_page(const MigPull *pl, uint64_t j)
{
    return (uint32_t)(j * pl->n_pages / pl->ws_pages);
}

static void pull_mark_missing(MigPull *pl, uint32_t page, gboolean in_ws)
{
    g_assert(pl->state[page] == PG_PRESENT);
    pl->state[page] = PG_MISSING;
    pl->not_present++;
    if (in_ws) {
        pl->ws_pos[page] = pl->ws_len;
        pl->ws_list[pl->ws_len++] = page;
    }
}

void mig_pull_mark_all_missing(MigPull *pl)
{
    for (uint32_t j = 0; j < pl->ws_pages; j++)
        pull_mark_missing(pl, pull_ws_page(pl, j), TRUE);
    for (uint32_t i = 0; i < pl->n_pages; i++)
        if (pl->state[i] == PG_PRESENT)
            pull_mark_missing(pl, i, FALSE);
}

void mig_pull_mark_ws_missing(MigPull *pl, uint64_t n, SimRng *rng)
{
    g_assert(n <= pl->ws_pages);
    if (n == 0)
        return;
    g_assert(rng);
    uint32_t *idx = g_new(uint32_t, pl->ws_pages);
    for (uint32_t j = 0; j < pl->ws_pages; j++)
        idx[j] = j;
    for (uint64_t k = 0; k < n; k++) {      /* partial Fisher-Yates */
        uint64_t r = k + sim_rng_below(rng, pl->ws_pages - k);
        uint32_t t = idx[k];
        idx[k] = idx[r];
        idx[r] = t;
        pull_mark_missing(pl, pull_ws_page(pl, idx[k]), TRUE);
    }
    g_free(idx);
}

static void pull_mark_present(MigPull *pl, uint32_t page)
{
    g_assert(pl->state[page] != PG_PRESENT && pl->state[page] != PG_MISSING);
    pl->state[page] = PG_PRESENT;
    pl->not_present--;
    uint32_t pos = pl->ws_pos[page];
    if (pos != PULL_NONE) {
        uint32_t last = pl->ws_list[--pl->ws_len];
        pl->ws_list[pos] = last;
        pl->ws_pos[last] = pos;
        pl->ws_pos[page] = PULL_NONE;
    }
}

/* ---- faults ---------------------------------------------------------------------------- */

static void pull_schedule_fault(MigPull *pl)
{
    sim_engine_cancel(pl->eng, pl->fault_event);
    pl->fault_event = 0;
    double a = mig_job_access_pages_per_s(pl->job);
    if (pl->stalled || pl->ws_len == 0 || a <= 0)
        return;
    SimRng *rng = mig_job_rng(pl->job);
    g_assert(rng);   /* post-copy with an access rate needs the VM's stream */
    double rate_per_s = a * pl->ws_len / pl->ws_pages;
    double delay_ns = ceil(sim_rng_exponential(rng, 1.0 / rate_per_s) * 1e9);
    if (delay_ns > (double)(INT64_MAX / 4))
        return;
    pl->fault_event = sim_engine_schedule(pl->eng, (SimTimeNs)delay_ns, pl->ev_fault, pl, NULL);
}

static void pull_stall(MigPull *pl, gboolean stalled)
{
    pl->stalled = stalled;
    pl->waiting_page = PULL_NONE;
    mig_job_set_stalled(pl->job, stalled);
}

/* After pages arrived: finish, or let the VM fault at the new rate. */
static void pull_after_arrival(MigPull *pl)
{
    if (pl->stalled && pl->waiting_page != PULL_NONE &&
        pl->state[pl->waiting_page] == PG_PRESENT)
        pull_stall(pl, FALSE);
    if (pl->not_present == 0 && !pl->pushing && !pl->prepaging && !pl->faulting) {
        sim_engine_cancel(pl->eng, pl->fault_event);
        pl->fault_event = 0;
        mig_job_finish(pl->job);
        return;
    }
    pull_schedule_fault(pl);
}

static void pull_on_prepaged(MigJob *job, const MigSent *sent, void *ctx)
{
    MigPull *pl = ctx;
    for (uint32_t i = 0; i < pl->prepage_len; i++)
        pull_mark_present(pl, pl->prepage[i]);
    pl->prepaging = FALSE;
    pull_after_arrival(pl);
}

static void pull_take_prepage(MigPull *pl, int64_t page)
{
    if (page >= 0 && page < pl->n_pages && pl->state[page] == PG_MISSING &&
        pl->prepage_len < mig_job_params(pl->job)->prepage_pages) {
        pl->state[page] = PG_PREPAGING;
        pl->prepage[pl->prepage_len++] = (uint32_t)page;
    }
}

/* Sends up to prepage_pages missing pages within ±prepage_pages of the fault, nearest
 * first, unless a pre-paging transfer is still in flight. */
static void pull_prepage_around(MigPull *pl, uint32_t page)
{
    uint32_t k = mig_job_params(pl->job)->prepage_pages;
    if (k == 0 || pl->prepaging)
        return;
    pl->prepage_len = 0;
    for (int64_t d = 1; d <= k; d++) {
        pull_take_prepage(pl, (int64_t)page + d);
        pull_take_prepage(pl, (int64_t)page - d);
    }
    if (pl->prepage_len == 0)
        return;
    pl->prepaging = TRUE;
    mig_job_transfer(pl->job, FALSE, pl->prepage_len, 0, pull_on_prepaged, pl);
}

static void pull_on_fault_page(MigJob *job, const MigSent *sent, void *ctx)
{
    MigPull *pl = ctx;
    pull_mark_present(pl, pl->fault_page);
    pl->faulting = FALSE;
    pull_stall(pl, FALSE);
    pull_after_arrival(pl);
}

static void pull_on_request(MigJob *job, const MigSent *sent, void *ctx)
{
    MigPull *pl = ctx;
    mig_job_transfer(job, FALSE, 1, 0, pull_on_fault_page, pl);
    pull_prepage_around(pl, pl->fault_page);
}

static void pull_on_fault(SimEngine *eng, void *target, const void *payload)
{
    MigPull *pl = target;
    pl->fault_event = 0;
    g_assert(!pl->stalled && pl->ws_len > 0);
    uint32_t page = pl->ws_list[sim_rng_below(mig_job_rng(pl->job), pl->ws_len)];
    mig_job_count_fault(pl->job);
    pull_stall(pl, TRUE);
    if (pl->state[page] != PG_MISSING) {
        g_assert(pl->state[page] == PG_PUSHING || pl->state[page] == PG_PREPAGING);
        pl->waiting_page = page;
        return;
    }
    pl->state[page] = PG_FAULTING;
    pl->fault_page = page;
    pl->faulting = TRUE;
    mig_job_transfer(pl->job, TRUE, 0, 0, pull_on_request, pl);
}

/* ---- background push --------------------------------------------------------------------- */

/* One chunk of the background push: its pages, marked PG_PUSHING until delivery. */
typedef struct {
    MigPull *pull;
    uint32_t len;
    uint32_t pages[];
} PullChunk;

static void pull_push_next(MigPull *pl);

static void pull_on_chunk_drained(MigJob *job, const MigSent *sent, void *ctx)
{
    pull_push_next(((PullChunk *)ctx)->pull);
}

static void pull_on_chunk(MigJob *job, const MigSent *sent, void *ctx)
{
    PullChunk *ch = ctx;
    MigPull *pl = ch->pull;
    for (uint32_t i = 0; i < ch->len; i++)
        pull_mark_present(pl, ch->pages[i]);
    g_ptr_array_remove_fast(pl->chunks, ch);
    pl->pushing--;
    pull_after_arrival(pl);
}

/* The push is pipelined: the next chunk starts when the previous one has left the source,
 * so the link never idles for the path latency between chunks. */
static void pull_push_next(MigPull *pl)
{
    uint32_t max = MAX(mig_job_params(pl->job)->push_chunk_pages, 1);
    PullChunk *ch = g_malloc(sizeof(PullChunk) + max * sizeof(uint32_t));
    ch->pull = pl;
    ch->len = 0;
    for (; pl->cursor < pl->n_pages && ch->len < max; pl->cursor++) {
        if (pl->state[pl->cursor] == PG_MISSING) {
            pl->state[pl->cursor] = PG_PUSHING;
            ch->pages[ch->len++] = pl->cursor;
        }
    }
    if (ch->len == 0) {
        g_free(ch);
        return;
    }
    pl->pushing++;
    g_ptr_array_add(pl->chunks, ch);
    mig_job_transfer_pipelined(pl->job, ch->len, 0, pull_on_chunk_drained, pull_on_chunk, ch);
}

void mig_pull_run(MigPull *pl)
{
    g_assert(!pl->running);
    pl->running = TRUE;
    pull_push_next(pl);
    pull_after_arrival(pl);
}
