/* sim/memory/dirty.c — closed-form and bitmap dirty-page models; see dirty.h. */
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

static const char *const mem_dirty_names[MEM_DIRTY_N] = {
    [MEM_DIRTY_CLOSED] = "closed",
    [MEM_DIRTY_EXACT] = "exact",
};

const char *mem_dirty_model_name(MemDirtyModel m)
{
    g_assert(m < MEM_DIRTY_N);
    return mem_dirty_names[m];
}

gboolean mem_dirty_model_from_name(const char *name, MemDirtyModel *out)
{
    for (int i = 0; i < MEM_DIRTY_N; i++) {
        if (g_strcmp0(name, mem_dirty_names[i]) == 0) {
            *out = (MemDirtyModel)i;
            return TRUE;
        }
    }
    return FALSE;
}

double mem_dirty_expected_pages(double wws_pages, double rate_pages_per_s, double t_s)
{
    g_assert(wws_pages >= 0.0 && rate_pages_per_s >= 0.0 && t_s >= 0.0);
    if (wws_pages == 0.0)
        return 0.0;
    return wws_pages * -expm1(-rate_pages_per_s * t_s / wws_pages);
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
