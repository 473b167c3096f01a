/* sim/memory/dirty.h — pages a running VM dirties, for live migration (sim/migration).
 *
 * A VM writes into a writable working set (WWS) of W pages at r page-writes per second,
 * each write to a page chosen uniformly (Clark et al., NSDI 2005, §3-4, call the set of
 * pages rewritten during a pre-copy round the writable working set; Akoush et al., MASCOTS
 * 2010, model dirtying as a rate into a bounded WWS).  If writes arrive as a Poisson process,
 * each page receives Poisson(r t / W) writes independently, so the expected number of
 * distinct pages dirtied in t seconds is exactly
 *
 *     D(t) = W (1 - e^(-r t / W))                               (`dirty_model: closed`)
 *
 * growing like r t at first and saturating at W.  For small VMs `dirty_model: exact` keeps a
 * per-page bitmap over the W pages and a random writer driven by a SimRng stream: it draws
 * N ~ Poisson(r t) writes, each to a uniform page.  Migration uses it round by round: count
 * what was dirtied since the last clear, send it, clear.  Memory: W/8 bytes.
 */
#ifndef MEM_DIRTY_H
#define MEM_DIRTY_H

#include "sim/core/engine.h"
#include "sim/memory/memory.h"
#include "sim/core/rng.h"

typedef enum {
    MEM_DIRTY_CLOSED,
    MEM_DIRTY_EXACT,
    MEM_DIRTY_N
} MemDirtyModel;

const char *mem_dirty_model_name(MemDirtyModel m);                 /* "closed", "exact" */
gboolean    mem_dirty_model_from_name(const char *name, MemDirtyModel *out);

/* D(t) above; wws_pages >= 0, rate >= 0, t >= 0; 0 when wws_pages == 0. */
double      mem_dirty_expected_pages(double wws_pages, double rate_pages_per_s, double t_s);

typedef struct MemDirtyBitmap MemDirtyBitmap;

/* A bitmap over wws_pages (>= 1) pages, all clean, written at rate_pages_per_s. */
MemDirtyBitmap *mem_dirty_bitmap_new(uint64_t wws_pages, double rate_pages_per_s);
void            mem_dirty_bitmap_free(MemDirtyBitmap *bm);          /* NULL is a no-op */
/* Runs the writer for duration_ns using rng (borrowed); returns the writes it drew. */
uint64_t        mem_dirty_bitmap_run(MemDirtyBitmap *bm, SimRng *rng, SimTimeNs duration_ns);
/* Marks one page written (a deterministic writer, or a test). */
void            mem_dirty_bitmap_mark(MemDirtyBitmap *bm, uint64_t page);
gboolean        mem_dirty_bitmap_test(const MemDirtyBitmap *bm, uint64_t page);
/* Distinct pages dirtied since the last clear (O(1), kept as a counter). */
uint64_t        mem_dirty_bitmap_count(const MemDirtyBitmap *bm);
void            mem_dirty_bitmap_clear(MemDirtyBitmap *bm);
/* Count, then clear: one pre-copy round's "fetch and reset the dirty log". */
uint64_t        mem_dirty_bitmap_collect(MemDirtyBitmap *bm);
uint64_t        mem_dirty_bitmap_pages(const MemDirtyBitmap *bm);
void            mem_dirty_bitmap_set_rate(MemDirtyBitmap *bm, double rate_pages_per_s);

#endif
