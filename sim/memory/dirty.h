/* sim/memory/dirty.h — pages a running VM dirties: the one dirty-page model that live
 * migration (sim/migration) asks, round by round, how many distinct pages were written.
 *
 * A VM writes into a writable working set (WWS) of W pages at r page-writes per second
 * (Clark et al., NSDI 2005, §3-4, call the set of pages rewritten during a pre-copy round the
 * writable working set; Akoush et al., MASCOTS 2010, model dirtying as a rate into a bounded
 * WWS).  Three models, chosen by `migration.dirty_model`:
 *
 *   exponential  D(t) = W (1 − e^(−r t / W))   writes uniform over W: with Poisson writes
 *                each page receives Poisson(r t / W) of them, so this is the exact mean
 *                number of distinct pages hit; grows like r t, saturates at W (default)
 *   linear       D(t) = min(W, r t)            every write hits a clean page (closed-form
 *                tests: it turns pre-copy into a geometric series)
 *   pages        a per-page bitmap over the W pages and a seeded random writer: each
 *                interval draws N ~ Poisson(r t) writes, each to a uniform page, and
 *                counts the distinct pages set since the last collection.  Its mean is the
 *                exponential model (the mean-field limit); replications differ.
 *                Memory: W/8 bytes per migrating VM.
 */
#ifndef MEM_DIRTY_H
#define MEM_DIRTY_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/rng.h"
#include "sim/core/time.h"

typedef enum {
    MEM_DIRTY_EXPONENTIAL,
    MEM_DIRTY_LINEAR,
    MEM_DIRTY_PAGES,
    MEM_DIRTY_N
} MemDirtyModel;

/* "exponential", "linear", "pages", NULL: the values of `dirty_model`, in enum order. */
extern const char *const mem_dirty_model_names[];

/* The closed forms above; 0 when any argument is <= 0. */
double      mem_dirty_expected_pages(double wws_pages, double rate_pages_per_s, double t_s);
double      mem_dirty_linear_pages(double wws_pages, double rate_pages_per_s, double t_s);

/* One VM's dirty log under one model: what migration asks each round. */
typedef struct MemDirtyLog MemDirtyLog;

/* rng is borrowed and used by MEM_DIRTY_PAGES only (may be NULL for the closed forms). */
MemDirtyLog *mem_dirty_log_new(MemDirtyModel model, SimRng *rng);
void         mem_dirty_log_free(MemDirtyLog *log);                  /* NULL is a no-op */
/* Distinct pages of the wws_pages dirtied during the next interval_s at rate_pages_per_s
 * (pages: since the last call; the bitmap follows a change of wws_pages). */
double       mem_dirty_log_pages(MemDirtyLog *log, double rate_pages_per_s, double wws_pages,
                                 double interval_s);

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
