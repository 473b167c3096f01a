/* sim/core/ladder.h — a ladder queue of event keys (Tang, Goh & Thng 2005): the engine's
 * pending set at large sizes, where it beats the 4-ary heap.
 *
 * Keys are (time, tag) pairs compared as (time_ns, tag); the engine's tag is seq << 32 | slot,
 * unique, so the order of keys is total and the queue gives them back in exactly the order a
 * heap would.  Time buckets only partition keys by time; the bottom, where keys leave, is an
 * array sorted by the whole key, so ties keep their tag order.
 *
 * Structure: `top` holds far-future keys unsorted; `rungs` are arrays of time buckets (each
 * a list of keys, unsorted), every rung finer than the one above and covering one bucket of
 * it; `bottom` is the sorted run of the next few keys.  A key moves O(1) times amortized
 * (top -> rung -> ... -> bottom), so push and pop cost O(1) amortized whatever the size,
 * and the keys about to leave are known in order, so their records can be prefetched ahead.
 * Times are integer nanoseconds >= 0; a bucket is at least 1 ns wide; a bucket whose keys all
 * share one time is never split.
 *
 * Ownership: the ladder owns its arrays; keys are plain values.
 */
#ifndef SIM_LADDER_H
#define SIM_LADDER_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/time.h"

typedef struct {
    SimTimeNs time_ns;
    uint64_t  tag;                  /* unique per pending key (the engine: seq << 32 | slot) */
} SimKey;

static inline gboolean sim_key_less(const SimKey *a, const SimKey *b)
{
    return a->time_ns < b->time_ns || (a->time_ns == b->time_ns && a->tag < b->tag);
}

typedef struct SimLadder SimLadder;     /* opaque */

SimLadder    *sim_ladder_new(void);
void          sim_ladder_free(SimLadder *lq);            /* NULL is a no-op */

/* Adds a key; time_ns >= 0 and >= the time of every key popped so far. */
void          sim_ladder_push(SimLadder *lq, SimKey key);
/* The least key, or NULL if empty.  May move keys between levels (not a logical change);
 * the pointer is valid until the next push or pop. */
const SimKey *sim_ladder_min(SimLadder *lq);
/* Removes the least key; the ladder must not be empty. */
void          sim_ladder_pop(SimLadder *lq);
/* The key `ahead` places after the least one if it is already sorted at the bottom, else
 * NULL: for prefetching what the next dispatches will read. */
const SimKey *sim_ladder_peek_ahead(const SimLadder *lq, size_t ahead);
size_t        sim_ladder_size(const SimLadder *lq);
/* Moves every key into out[] (room for sim_ladder_size keys), in no particular order, and
 * leaves the ladder empty and ready for keys of any time >= 0 again.  Returns the count. */
size_t        sim_ladder_drain(SimLadder *lq, SimKey *out);

#endif
