/* sim/memory/dirty.h — pages a running VM dirties: the one dirty-page model that live
 * migration (sim/migration) asks, round by round, how many distinct pages were written.
 *
 * A VM writes into a writable working set (WWS, the hot set) of W pages at r page-writes per
 * second (Clark et al., NSDI 2005, §3-4, call the set of pages rewritten during a pre-copy
 * round the writable working set; Akoush et al., MASCOTS 2010, model dirtying as a rate into
 * a bounded WWS), and optionally into the rest of its memory (the cold set, C = N − W pages)
 * at r_c page-writes per second.  Three models, chosen by `migration.dirty_model`:
 *
 *   exponential  D(t) = W (1 − e^(−r t / W)) + C (1 − e^(−r_c t / C))   writes uniform within
 *                each set: with Poisson writes each page receives Poisson(r t / W) of them,
 *                so this is the exact mean number of distinct pages hit (default)
 *   linear       D(t) = min(W, r t) + min(C, r_c t)   every write hits a clean page (closed-
 *                form tests: it turns pre-copy into a geometric series)
 *   pages        a per-page bitmap and a seeded random writer with spatial locality: writes
 *                come in bursts of k pages (`write_run`), each burst covering one aligned
 *                run of k pages chosen uniformly within its set; bursts are Poisson at
 *                r / k and r_c / k.  A page is clean after t iff its run drew no burst,
 *                probability e^(−(r/k) t / (W/k)) = e^(−r t / W): when k divides W and C the
 *                mean is exactly the exponential model (its mean-field limit); the variance
 *                grows with k (whole runs flip together), so replications differ.
 *
 * Memory: the bitmap is two-level: a directory of one pointer per 32,768 pages and 4 KiB
 * chunks allocated on the first write into them (kept, zeroed, on clear).  Cost = 8 B per
 * 128 MiB of guest memory + 4 KiB per 128 MiB region ever written: a 64 GiB VM writing a
 * 256 MiB hot set needs 4 KiB + 8 KiB (measured by /mem/dirty/sparse-64gib), not the 2 MiB
 * of a flat bitmap or the 16 MiB of a byte map.
 * Units: pages, pages/s, seconds (closed forms), SimTimeNs (the bitmap writer).
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

/* Pages per bitmap chunk (a power of two). */
#define MEM_DIRTY_CHUNK_PAGES 32768u

/* "exponential", "linear", "pages", NULL: the values of `dirty_model`, in enum order. */
extern const char *const mem_dirty_model_names[];

/* The closed forms above for one set; 0 when any argument is <= 0. */
double      mem_dirty_expected_pages(double wws_pages, double rate_pages_per_s, double t_s);
double      mem_dirty_linear_pages(double wws_pages, double rate_pages_per_s, double t_s);

/* How a VM writes: the hot set is pages [0, hot_pages) of its memory, the cold set the rest
 * up to memory_pages (memory_pages <= hot_pages: no cold set). */
typedef struct {
    uint64_t hot_pages, memory_pages;
    double   hot_pages_per_s, cold_pages_per_s;  /* page writes per second */
    uint32_t run_pages;                         /* pages per write burst; >= 1 */
} MemDirtyWriter;

/* One VM's dirty log under one model: what migration asks each round. */
typedef struct MemDirtyLog MemDirtyLog;

/* rng is borrowed and used by MEM_DIRTY_PAGES only (may be NULL for the closed forms). */
MemDirtyLog *mem_dirty_log_new(MemDirtyModel model, SimRng *rng);
void         mem_dirty_log_free(MemDirtyLog *log);                  /* NULL is a no-op */
/* Distinct pages dirtied during the next interval_s by writer w (pages: since the last
 * call; the bitmap follows a change of w's sizes). */
double       mem_dirty_log_collect(MemDirtyLog *log, const MemDirtyWriter *w, double interval_s);
/* The same for a hot set only, one page per write (the form before cold sets and runs). */
double       mem_dirty_log_pages(MemDirtyLog *log, double rate_pages_per_s, double wws_pages,
                                 double interval_s);
/* Simulator memory the log holds now, in bytes (the bitmap; 0 for the closed forms). */
size_t       mem_dirty_log_bytes(const MemDirtyLog *log);

typedef struct MemDirtyBitmap MemDirtyBitmap;

/* A bitmap over wws_pages (>= 1) pages, all clean and all hot, written at rate_pages_per_s
 * one page per write. */
MemDirtyBitmap *mem_dirty_bitmap_new(uint64_t wws_pages, double rate_pages_per_s);
void            mem_dirty_bitmap_free(MemDirtyBitmap *bm);          /* NULL is a no-op */
/* Makes pages [hot_pages, pages) a cold set written at cold_pages_per_s, and writes come in
 * aligned runs of run_pages (>= 1). */
void            mem_dirty_bitmap_set_writer(MemDirtyBitmap *bm, uint64_t hot_pages,
                                            double cold_pages_per_s, uint32_t run_pages);
/* Runs the writer for duration_ns using rng (borrowed); returns the page writes it drew. */
uint64_t        mem_dirty_bitmap_run(MemDirtyBitmap *bm, SimRng *rng, SimTimeNs duration_ns);
/* Marks one page written (a deterministic writer, or a test). */
void            mem_dirty_bitmap_mark(MemDirtyBitmap *bm, uint64_t page);
/* Marks pages [first, end) written. */
void            mem_dirty_bitmap_mark_range(MemDirtyBitmap *bm, uint64_t first, uint64_t end);
gboolean        mem_dirty_bitmap_test(const MemDirtyBitmap *bm, uint64_t page);
/* Distinct pages dirtied since the last clear (O(1), kept as a counter). */
uint64_t        mem_dirty_bitmap_count(const MemDirtyBitmap *bm);
void            mem_dirty_bitmap_clear(MemDirtyBitmap *bm);
/* Count, then clear: one pre-copy round's "fetch and reset the dirty log". */
uint64_t        mem_dirty_bitmap_collect(MemDirtyBitmap *bm);
uint64_t        mem_dirty_bitmap_pages(const MemDirtyBitmap *bm);
void            mem_dirty_bitmap_set_rate(MemDirtyBitmap *bm, double rate_pages_per_s);
/* Bytes the bitmap holds (struct, directory, allocated chunks). */
size_t          mem_dirty_bitmap_bytes(const MemDirtyBitmap *bm);

#endif
