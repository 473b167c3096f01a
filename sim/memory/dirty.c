/* sim/memory/dirty.c — closed-form and per-page dirty-page models; see dirty.h. */
#include "sim/memory/dirty.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define CHUNK_WORDS (MEM_DIRTY_CHUNK_PAGES / 64)

struct MemDirtyBitmap {
    uint64_t   pages, hot_pages;
    uint64_t   dirty;                  /* set bits */
    double     rate_pages_per_s, cold_pages_per_s;
    uint32_t   run_pages;
    size_t     n_chunks, live_chunks;
    uint64_t **chunks;                 /* NULL: a chunk never written */
};

const char *const mem_dirty_model_names[] = { "exponential", "linear", "pages", NULL };

double mem_dirty_expected_pages(double wws_pages, double rate_pages_per_s, double t_s)
{
    if (wws_pages <= 0 || rate_pages_per_s <= 0 || t_s <= 0)
        return 0.0;
    return wws_pages * -expm1(-rate_pages_per_s * t_s / wws_pages);
}

double mem_dirty_linear_pages(double wws_pages, double rate_pages_per_s, double t_s)
{
    if (wws_pages <= 0 || rate_pages_per_s <= 0 || t_s <= 0)
        return 0.0;
    return fmin(wws_pages, rate_pages_per_s * t_s);
}

/* ---- the log: one model behind one call -------------------------------------------- */

struct MemDirtyLog {
    MemDirtyModel   model;
    SimRng         *rng;
    MemDirtyBitmap *bm;            /* pages: made on first use, remade when sizes change */
};

MemDirtyLog *mem_dirty_log_new(MemDirtyModel model, SimRng *rng)
{
    g_return_val_if_fail(model < MEM_DIRTY_N && (rng || model != MEM_DIRTY_PAGES), NULL);
    MemDirtyLog *log = g_new0(MemDirtyLog, 1);
    log->model = model;
    log->rng = rng;
    return log;
}

void mem_dirty_log_free(MemDirtyLog *log)
{
    if (!log)
        return;
    mem_dirty_bitmap_free(log->bm);
    g_free(log);
}

static uint64_t writer_cold_pages(const MemDirtyWriter *w)
{
    return w->memory_pages > w->hot_pages ? w->memory_pages - w->hot_pages : 0;
}

static double sampled_pages(MemDirtyLog *log, const MemDirtyWriter *w, double interval_s)
{
    uint64_t pages = MAX(w->hot_pages, w->memory_pages);
    if (pages == 0 || interval_s <= 0)
        return 0.0;
    if (!log->bm || log->bm->pages != pages || log->bm->hot_pages != w->hot_pages) {
        mem_dirty_bitmap_free(log->bm);
        log->bm = mem_dirty_bitmap_new(pages, 0.0);
    }
    mem_dirty_bitmap_set_rate(log->bm, MAX(w->hot_pages_per_s, 0.0));
    mem_dirty_bitmap_set_writer(log->bm, w->hot_pages, MAX(w->cold_pages_per_s, 0.0),
                                MAX(w->run_pages, 1u));
    mem_dirty_bitmap_run(log->bm, log->rng, (SimTimeNs)llround(interval_s * SIM_NS_PER_S));
    return (double)mem_dirty_bitmap_collect(log->bm);
}

double mem_dirty_log_collect(MemDirtyLog *log, const MemDirtyWriter *w, double interval_s)
{
    double hot = (double)w->hot_pages, cold = (double)writer_cold_pages(w);
    switch (log->model) {
    case MEM_DIRTY_LINEAR:
        return mem_dirty_linear_pages(hot, w->hot_pages_per_s, interval_s) +
               mem_dirty_linear_pages(cold, w->cold_pages_per_s, interval_s);
    case MEM_DIRTY_PAGES:
        return sampled_pages(log, w, interval_s);
    default:
        return mem_dirty_expected_pages(hot, w->hot_pages_per_s, interval_s) +
               mem_dirty_expected_pages(cold, w->cold_pages_per_s, interval_s);
    }
}

double mem_dirty_log_pages(MemDirtyLog *log, double rate_pages_per_s, double wws_pages,
                           double interval_s)
{
    MemDirtyWriter w = { .hot_pages = (uint64_t)wws_pages, .memory_pages = (uint64_t)wws_pages,
                         .hot_pages_per_s = rate_pages_per_s, .run_pages = 1 };
    return mem_dirty_log_collect(log, &w, interval_s);
}

size_t mem_dirty_log_bytes(const MemDirtyLog *log)
{
    return sizeof *log + (log->bm ? mem_dirty_bitmap_bytes(log->bm) : 0);
}

/* ---- the two-level bitmap ------------------------------------------------------------ */

MemDirtyBitmap *mem_dirty_bitmap_new(uint64_t wws_pages, double rate_pages_per_s)
{
    g_return_val_if_fail(wws_pages >= 1 && rate_pages_per_s >= 0.0, NULL);
    MemDirtyBitmap *bm = g_new0(MemDirtyBitmap, 1);
    bm->pages = bm->hot_pages = wws_pages;
    bm->rate_pages_per_s = rate_pages_per_s;
    bm->run_pages = 1;
    bm->n_chunks = (size_t)((wws_pages + MEM_DIRTY_CHUNK_PAGES - 1) / MEM_DIRTY_CHUNK_PAGES);
    bm->chunks = g_new0(uint64_t *, bm->n_chunks);
    return bm;
}

void mem_dirty_bitmap_free(MemDirtyBitmap *bm)
{
    if (!bm)
        return;
    for (size_t i = 0; i < bm->n_chunks; i++)
        g_free(bm->chunks[i]);
    g_free(bm->chunks);
    g_free(bm);
}

void mem_dirty_bitmap_set_writer(MemDirtyBitmap *bm, uint64_t hot_pages,
                                 double cold_pages_per_s, uint32_t run_pages)
{
    g_assert(hot_pages >= 1 && hot_pages <= bm->pages && cold_pages_per_s >= 0 && run_pages);
    bm->hot_pages = hot_pages;
    bm->cold_pages_per_s = cold_pages_per_s;
    bm->run_pages = run_pages;
}

static uint64_t *chunk_for(MemDirtyBitmap *bm, uint64_t page)
{
    size_t c = (size_t)(page / MEM_DIRTY_CHUNK_PAGES);
    if (!bm->chunks[c]) {
        bm->chunks[c] = g_new0(uint64_t, CHUNK_WORDS);
        bm->live_chunks++;
    }
    return bm->chunks[c];
}

/* Sets bits [lo, hi) of one word (0 <= lo < hi <= 64); counts the new ones. */
static void mark_word(MemDirtyBitmap *bm, uint64_t *word, unsigned lo, unsigned hi)
{
    uint64_t mask = (hi == 64 ? ~UINT64_C(0) : (UINT64_C(1) << hi) - 1) &
                    ~((UINT64_C(1) << lo) - 1);
    bm->dirty += (uint64_t)__builtin_popcountll(mask & ~*word);
    *word |= mask;
}

void mem_dirty_bitmap_mark_range(MemDirtyBitmap *bm, uint64_t first, uint64_t end)
{
    g_assert(first <= end && end <= bm->pages);
    while (first < end) {
        uint64_t *chunk = chunk_for(bm, first);
        uint64_t in_chunk = first % MEM_DIRTY_CHUNK_PAGES;
        unsigned lo = (unsigned)(in_chunk % 64);
        uint64_t n = MIN(end - first, (uint64_t)(64 - lo));
        mark_word(bm, &chunk[in_chunk / 64], lo, lo + (unsigned)n);
        first += n;
    }
}

void mem_dirty_bitmap_mark(MemDirtyBitmap *bm, uint64_t page)
{
    g_assert(page < bm->pages);
    mem_dirty_bitmap_mark_range(bm, page, page + 1);
}

gboolean mem_dirty_bitmap_test(const MemDirtyBitmap *bm, uint64_t page)
{
    g_assert(page < bm->pages);
    const uint64_t *chunk = bm->chunks[page / MEM_DIRTY_CHUNK_PAGES];
    uint64_t in_chunk = page % MEM_DIRTY_CHUNK_PAGES;
    return chunk && ((chunk[in_chunk / 64] >> (in_chunk % 64)) & 1);
}

/* Bursts of run_pages at rate_pages_per_s into pages [base, base + set_pages): each burst
 * covers one aligned run, chosen uniformly.  Returns the page writes drawn. */
static uint64_t run_set(MemDirtyBitmap *bm, SimRng *rng, uint64_t base, uint64_t set_pages,
                        double rate_pages_per_s, double duration_s)
{
    double mean_bursts = rate_pages_per_s * duration_s / bm->run_pages;
    if (set_pages == 0 || mean_bursts <= 0.0)
        return 0;
    uint64_t runs = (set_pages + bm->run_pages - 1) / bm->run_pages;
    uint64_t bursts = gsl_ran_poisson(sim_rng_gsl(rng), mean_bursts);
    for (uint64_t i = 0; i < bursts; i++) {
        uint64_t first = sim_rng_below(rng, runs) * bm->run_pages;
        mem_dirty_bitmap_mark_range(bm, base + first,
                                    base + MIN(first + bm->run_pages, set_pages));
    }
    return bursts * bm->run_pages;
}

uint64_t mem_dirty_bitmap_run(MemDirtyBitmap *bm, SimRng *rng, SimTimeNs duration_ns)
{
    g_assert(duration_ns >= 0);
    double s = (double)duration_ns / (double)SIM_NS_PER_S;
    uint64_t writes = run_set(bm, rng, 0, bm->hot_pages, bm->rate_pages_per_s, s);
    return writes + run_set(bm, rng, bm->hot_pages, bm->pages - bm->hot_pages,
                            bm->cold_pages_per_s, s);
}

uint64_t mem_dirty_bitmap_count(const MemDirtyBitmap *bm)
{
    return bm->dirty;
}

void mem_dirty_bitmap_clear(MemDirtyBitmap *bm)
{
    for (size_t i = 0; i < bm->n_chunks; i++)
        if (bm->chunks[i])
            memset(bm->chunks[i], 0, CHUNK_WORDS * sizeof(uint64_t));
    bm->dirty = 0;
}

uint64_t mem_dirty_bitmap_collect(MemDirtyBitmap *bm)
{
    uint64_t n = bm->dirty;
    mem_dirty_bitmap_clear(bm);
    return n;
}

uint64_t mem_dirty_bitmap_pages(const MemDirtyBitmap *bm)
{
    return bm->pages;
}

void mem_dirty_bitmap_set_rate(MemDirtyBitmap *bm, double rate_pages_per_s)
{
    g_assert(rate_pages_per_s >= 0.0);
    bm->rate_pages_per_s = rate_pages_per_s;
}

size_t mem_dirty_bitmap_bytes(const MemDirtyBitmap *bm)
{
    return sizeof *bm + bm->n_chunks * sizeof(uint64_t *) +
           bm->live_chunks * CHUNK_WORDS * sizeof(uint64_t);
}
