/* sim/trace/store.h — a trace set: many VMs' series, parsed once, held compactly.
 *
 * A TraceSet is what one `trace:` source (a file, shards, a directory) holds in one format:
 * one TraceSeries per VM (an Azure vmid, a Bitbrains file, a Google job-task, an Alibaba
 * container or machine), in the order first seen (files sorted by name, rows in file order).
 *
 * Compact: a sample is a uint16 fixed-point fraction, value_q = round(frac × 60000), so a
 * value is exact to ±8.3e-6 (half a step of 1/60000), and whole percents, hundredths of a
 * percent, halves, quarters, fifths and thirds are exact.  A series whose samples are evenly
 * spaced (Azure, Google: every 300 s) keeps only its first time and its step; an uneven one
 * (Bitbrains) keeps an int64 time per sample as well.  Memory: 2 bytes per sample (10 when
 * uneven) plus about 96 bytes and the id per VM; docs/traces.md has the figures.
 *
 * A TraceView is what drives one VM (or a demand curve): a series, the step or linear rule,
 * and a phase.  Step holds sample i over [t_i, t_{i+1}); linear interpolates.  Before the
 * first sample the first value holds, after the last the last — unless the view wraps (a
 * copy with a phase offset: the series repeats with period n × step, the time of sample i is
 * shifted by -phase_ns).
 *
 * Channels: besides the CPU value a series may carry, per sample, the memory in use as a
 * fraction of the VM's memory (Bitbrains usage / provisioned, Alibaba mem_util_percent, Google
 * canonical / assigned memory) and disk and network throughput in bytes/s (Bitbrains: read +
 * write, received + transmitted).  A channel is held like the value, uint16 fixed point, but
 * against its own full scale: 1 for memory, the series' largest sample for disk and network
 * (precision: half of full / 60000).  A channel's sample i holds over the same interval as
 * value i (step rule, whatever the view's interp).  A format without a channel leaves it NULL.
 *
 * Invariants: times strictly increase within a series; every value is in [0, 1].
 * Units: SimTimeNs, fractions, bytes.  Ownership: a TraceSet owns its series;
 * trace_set_free().  A TraceView borrows its series.
 */
#ifndef TRACE_STORE_H
#define TRACE_STORE_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/time.h"

#define TRACE_Q_MAX 60000u     /* 1.0; divisible by 2..6, 8, 10, 12, 16, 25: percents are exact */

typedef enum { TRACE_CH_MEMORY, TRACE_CH_DISK, TRACE_CH_NET, TRACE_CH_COUNT } TraceChannel;

/* A series' memory, disk and network samples (allocated only when the format has them). */
typedef struct {
    uint16_t  *q[TRACE_CH_COUNT];     /* n samples × TRACE_Q_MAX / full; NULL: none */
    float     *raw[TRACE_CH_COUNT];   /* while building: the samples as read */
    double     full[TRACE_CH_COUNT];  /* memory: 1 (fraction); disk, net: bytes/s */
} TraceChannels;

typedef struct {
    char      *id;             /* vmid, file name, "job-task", container id */
    SimTimeNs  t0_ns;          /* first sample, in trace time */
    SimTimeNs  step_ns;        /* even spacing; 0 when t_ns holds every time (or n == 1) */
    uint32_t   n;              /* samples, >= 1 once finished */
    uint32_t   cap;            /* while building */
    uint16_t  *value_q;        /* n fractions × TRACE_Q_MAX */
    SimTimeNs *t_ns;           /* NULL when evenly spaced */
    SimTimeNs  last_ns;        /* the last sample's time */
    int        vcpus;          /* from the trace's metadata; 0: unknown */
    uint64_t   memory_bytes;   /* from the trace's metadata; 0: unknown */
    SimTimeNs  created_ns;     /* Azure vmtable, in trace time; SIM_TIME_NEVER: unknown */
    SimTimeNs  deleted_ns;     /* Azure vmtable; SIM_TIME_NEVER: unknown */
    guint      line;           /* where it was first seen (for messages) */
    TraceChannels *ch;         /* NULL: CPU only */
} TraceSeries;

typedef struct TraceSet TraceSet;

TraceSet  *trace_set_new(void);
void       trace_set_free(TraceSet *s);                          /* NULL is a no-op */
guint      trace_set_len(const TraceSet *s);
TraceSeries *trace_set_series(TraceSet *s, guint i);
const TraceSeries *trace_set_get(const TraceSet *s, guint i);
/* Index of the series with this id, -1 if none.  O(1). */
int        trace_set_find(const TraceSet *s, const char *id);
/* The series with this id, created (empty) if new. */
guint      trace_set_intern(TraceSet *s, const char *id, guint line);
/* Appends a sample; FALSE (nothing appended) when t is not after the series' last. */
gboolean   trace_series_push(TraceSeries *se, SimTimeNs t_ns, double frac);
/* Sets channel c of the sample just pushed (memory: fraction; disk, net: bytes/s, >= 0).
 * A channel is set for every sample of a series or for none. */
void       trace_series_set_channel(TraceSeries *se, TraceChannel c, double v);
/* While building: channel c of the sample before the one just pushed, or dflt if none. */
double     trace_series_channel_prev(const TraceSeries *se, TraceChannel c, double dflt);
/* Trims the buffers and quantizes the channels; the set is read-only afterwards. */
void       trace_set_finish(TraceSet *s);
/* Bytes held by the samples and the series records. */
uint64_t   trace_set_bytes(const TraceSet *s);
uint64_t   trace_set_samples(const TraceSet *s);

SimTimeNs  trace_series_time_ns(const TraceSeries *se, uint32_t i);
double     trace_series_value_frac(const TraceSeries *se, uint32_t i);
/* Index of the last sample at or before t, or -1 if t is before the first.  O(1) when even. */
long       trace_series_index_at(const TraceSeries *se, SimTimeNs t_ns);
gboolean   trace_series_has(const TraceSeries *se, TraceChannel c);
/* Channel c of sample i, in its unit (fraction, bytes/s); the series must have it. */
double     trace_series_channel(const TraceSeries *se, TraceChannel c, uint32_t i);

typedef enum { TRACE_STEP, TRACE_LINEAR } TraceInterp;

typedef struct {
    const TraceSeries *series;
    TraceInterp        interp;
    SimTimeNs          phase_ns;   /* wrap: the view starts this far into the series */
    gboolean           wrap;       /* repeat the series (copies with a phase offset) */
} TraceView;

double     trace_view_at(const TraceView *v, SimTimeNs t_ns);
/* The sample trace_view_at(v, t) holds under the step rule: trace_series_index_at of the
 * view's series at t (-1: before the first, which holds sample 0). */
long       trace_view_index_at(const TraceView *v, SimTimeNs t_ns);
/* Channel c at simulated time t (step rule); the series must have it. */
double     trace_view_channel_at(const TraceView *v, TraceChannel c, SimTimeNs t_ns);
/* The first time > t at which the value changes (a jump under step, a breakpoint under
 * linear); SIM_TIME_NEVER after the last (unless the view wraps). */
SimTimeNs  trace_view_next_change_ns(const TraceView *v, SimTimeNs t_ns);
/* TRUE when every change of v falls on one grid: sample-and-hold over evenly spaced samples.
 * Then the changes are at simulated times ≡ *offset_ns (mod *step_ns), 0 <= offset < step,
 * none after *last_ns (SIM_TIME_NEVER when the view wraps). */
gboolean   trace_view_grid(const TraceView *v, SimTimeNs *step_ns, SimTimeNs *offset_ns,
                           SimTimeNs *last_ns);
/* Hints the CPU to fetch the sample trace_view_at(v, t) will read (a batch of views read
 * one after the other waits on memory once, not once per view). */
void       trace_view_prefetch(const TraceView *v, SimTimeNs t_ns);
/* The span one period of a wrapping view covers: n × step (uneven: last - first + the
 * last gap). */
SimTimeNs  trace_series_period_ns(const TraceSeries *se);

#endif
