/* sim/trace/population.h — a trace set turned into VMs: which series, what phase, when.
 *
 * One VM entry over a set gives `count` VMs (all eligible series when count is absent).
 * Eligible: the series `vm` names, or every series whose life (vmtable's created..deleted,
 * else its samples) overlaps the window [from, to) of trace time.  VM k takes:
 *   select all     eligible series k mod M, in trace order;
 *   select random  the k-th of a seeded shuffle of the M series (stream "trace:ENTRY"), so N
 *                  <= M VMs are N distinct series;
 * VM k's copy number is j = k div M.  Phase: `auto` gives copy 0 none and copies j >= 1 an
 * offset of a whole number of samples, 1 + floor(frac(u + j·φ) · (n - 1)) with φ the golden
 * ratio and u a seeded uniform per series, so copies never run in lock-step (distinct for j
 * < n) and wrap around the series' end; `random` does the same for every VM (j + 1); `none`
 * keeps every copy at phase 0 (lock-step, no wrap).
 * Simulated time 0 is trace time `from`.  With arrivals, a VM starts at its created time
 * (Azure vmtable; other formats: its first sample) and leaves at its deleted time (its last
 * sample + one step), both clipped to the window; without, it starts at 0 and stays.
 *
 * Units: SimTimeNs.  Ownership: the GArray of TraceMember is the caller's; members borrow
 * their series from the set.
 */
#ifndef TRACE_POPULATION_H
#define TRACE_POPULATION_H

#include <glib.h>

#include "sim/trace/store.h"

typedef enum { TRACE_SELECT_ALL, TRACE_SELECT_RANDOM } TraceSelect;
typedef enum { TRACE_PHASE_AUTO, TRACE_PHASE_RANDOM, TRACE_PHASE_NONE } TracePhase;

typedef struct {
    const char *vm;           /* one series by id; NULL: the population */
    TraceSelect select;
    int64_t     count;        /* VMs; 0: one per eligible series */
    SimTimeNs   from_ns;      /* window in trace time */
    SimTimeNs   to_ns;        /* 0: to the end */
    TracePhase  phase;
    gboolean    arrivals;
    TraceInterp interp;
    uint64_t    seed;
    const char *stream;       /* the rng stream: "trace:ENTRY" */
} TracePopOptions;

typedef struct {
    TraceView view;
    SimTimeNs start_ns;       /* simulated arrival */
    SimTimeNs end_ns;         /* simulated departure; SIM_TIME_NEVER: stays */
    int       vcpus;          /* from the trace; 0: unknown */
    uint64_t  memory_bytes;   /* from the trace; 0: unknown */
} TraceMember;

/* The members; NULL + *why (static text) when no series is eligible or `vm` is unknown. */
GArray *trace_population(const TraceSet *set, const TracePopOptions *o, const char **why);

#endif
