/* sim/memory/dirty.c — closed-form and per-page dirty-page models; see dirty.h. */
#include "sim/memory/dirty.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

struct MemDirtyBitmap {
    uint64_t  pages;
    uint64_t  dirty;                   /* set bits */
    double    rate_pages_per_s;
    uint64_t *words;
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

struct MemDirtyLog {
    MemDirtyModel   model;
    SimRng         *rng;
    MemDirtyBitmap *bm;            /* pages: made on first use, remade when W changes */
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

static double sampled_pages(MemDirtyLog *log, double rate_pages_per_s, double wws_pages,
                            double interval_s)
{
    uint64_t w = (uint64_t)wws_pages;
    if (w == 0 || rate_pages_per_s <= 0 || interval_s <= 0)
        return 0.0;
    if (!log->bm || mem_dirty_bitmap_pages(log->bm) != w) {
        mem_dirty_bitmap_free(log->bm);
        log->bm = mem_dirty_bitmap_new(w, rate_pages_per_s);
    }
    mem_dirty_bitmap_set_rate(log->bm, rate_pages_per_s);
    mem_dirty_bitmap_run(log->bm, log->rng, (SimTimeNs)llround(interval_s * SIM_NS_PER_S));
    return (double)mem_dirty_bitmap_collect(log->bm);
}

double mem_dirty_log_pages(MemDirtyLog *log, double rate_pages_per_s, double wws_pages,
                           double interval_s)
{
    switch (log->model) {
    case MEM_DIRTY_LINEAR:
        return mem_dirty_linear_pages(wws_pages, rate_pages_per_s, interval_s);
    case MEM_DIRTY_PAGES:
        return sampled_pages(log, rate_pages_per_s, wws_pages, interval_s);
    default:
        return mem_dirty_expected_pages(wws_pages, rate_pages_per_s, interval_s);
    }
}

static size_t mem_dirty_words(uint64_t pages)
{
    return (size_t)((pages + 63) / 64);
}

MemDirtyBitmap *mem_dirty_bitmap_new(uint64_t wws_pages, double rate_pages_per_s)
{
    g_return_val_if_fail(wws_pages >= 1 && rate_pages_per_s >= 0.0, NULL);
    MemDirtyBitmap *bm = g_new0(MemDirtyBitmap, 1);
    bm->pages = wws_pages;
    bm->rate_pages_per_s = rate_pages_per_s;
    bm->words = g_new0(uint64_t, mem_dirty_words(wws_pages));
    return bm;
}

void mem_dirty_bitmap_free(MemDirtyBitmap *bm)
{
    if (!bm)
        return;
    g_free(bm->words);
    g_free(bm);
}

void mem_dirty_bitmap_mark(MemDirtyBitmap *bm, uint64_t page)
{
    g_assert(page < bm->pages);
    uint64_t bit = UINT64_C(1) << (page % 64);
    uint64_t *w = &bm->words[page / 64];
    bm->dirty += (*w & bit) == 0;
    *w |= bit;
}

gboolean mem_dirty_bitmap_test(const MemDirtyBitmap *bm, uint64_t page)
{
    g_assert(page < bm->pages);
    return (bm->words[page / 64] >> (page % 64)) & 1;
}

uint64_t mem_dirty_bitmap_run(MemDirtyBitmap *bm, SimRng *rng, SimTimeNs duration_ns)
{
    g_assert(duration_ns >= 0);
    double mean = bm->rate_pages_per_s * (double)duration_ns / (double)SIM_NS_PER_S;
    if (mean <= 0.0)
        return 0;
    uint64_t writes = gsl_ran_poisson(sim_rng_gsl(rng), mean);
    for (uint64_t i = 0; i < writes; i++)
        mem_dirty_bitmap_mark(bm, sim_rng_below(rng, bm->pages));
    return writes;
}

uint64_t mem_dirty_bitmap_count(const MemDirtyBitmap *bm)
{
    return bm->dirty;
}

void mem_dirty_bitmap_clear(MemDirtyBitmap *bm)
{
    memset(bm->words, 0, mem_dirty_words(bm->pages) * sizeof *bm->words);
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
