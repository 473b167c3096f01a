/* sim/scenario/trace.h — VM CPU demand series read from public trace formats.
 *
 * A SimTrace is a series of samples (t_ns, demand_frac): the fraction (0..1) of a VM's
 * provisioned CPU it used, as measured by the trace.  Three formats:
 *
 *   bitbrains  GWA-T-12 Bitbrains per-VM file (Shen, van Beek, Iosup, CCGrid 2015): a header
 *              "Timestamp [ms];CPU cores;CPU capacity provisioned [MHZ];CPU usage [MHZ];
 *              CPU usage [%];Memory capacity provisioned [KB];..." (11 fields, separated by
 *              ';' plus optional blanks/tabs, as the published files have ";\t").  The
 *              timestamp is Unix epoch *seconds* despite the "[ms]" label (1376314846 is
 *              2013-08-12); samples are ~300 s apart.  Times are rebased so the first
 *              sample is t = 0.  column: "cpu_pct" (default: CPU usage [%] / 100) or
 *              "cpu_mhz" (CPU usage [MHZ] / CPU capacity provisioned [MHZ]).
 *   azure      Azure public dataset vm_cpu_readings (Cortez et al., SOSP 2017): no header;
 *              "timestamp,vm id,min cpu,max cpu,avg cpu", timestamp in seconds from the
 *              start of the trace (5-minute readings), CPU in percent 0..100.  Rows of many
 *              VMs interleave; `vm` selects one (required when the file holds more than
 *              one).  column: "avg" (default), "max" or "min".  Times are kept as they are.
 *   plain      a header "time,value" (value is a fraction 0..1) or "time,percent" (0..100),
 *              then one "seconds,value" row per sample.  Times are kept as they are.
 *
 * Value rule (SimTraceInterp): step (default) holds sample i over [t_i, t_{i+1}), which is
 * what the formats mean (each reading summarises the interval it opens); linear interpolates
 * between samples.  Before the first sample the first value holds; after the last, the last.
 *
 * Nothing is skipped silently: a wrong field count, a non-number, a negative time or value,
 * a time not after the previous one, a percent above 100 (a fraction above 1), a wrong
 * header, an unknown VM id and an empty file are each an SCN_ERROR
 * "path:line: error: what is wrong, what was expected" (main exits 2).  Empty lines are not
 * rows and are ignored.  Files are read line by line (real Azure shards are ~850 MB; only the
 * selected VM's samples are kept).
 *
 * Invariants: samples strictly increase in time; every value is in [0, 1].
 * Units: SimTimeNs, fractions.  Ownership: sim_trace_free().
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <glib.h>

#include "sim/core/time.h"

typedef enum { SIM_TRACE_BITBRAINS, SIM_TRACE_AZURE, SIM_TRACE_PLAIN, SIM_TRACE_FORMAT_COUNT }
    SimTraceFormat;
typedef enum { SIM_TRACE_STEP, SIM_TRACE_LINEAR } SimTraceInterp;

typedef struct {
    SimTraceFormat format;
    const char    *vm;       /* azure: VM id to keep; NULL = the file's only VM */
    const char    *column;   /* bitbrains: cpu_pct|cpu_mhz; azure: avg|max|min; NULL = default */
    SimTraceInterp interp;
} SimTraceOptions;

typedef struct SimTrace SimTrace;

/* Zeroed options with format set: step rule, default column, no VM selection. */
void        sim_trace_options_init(SimTraceOptions *opt, SimTraceFormat format);
const char *sim_trace_format_name(SimTraceFormat f);
gboolean    sim_trace_format_from_name(const char *name, SimTraceFormat *out);

/* NULL + SCN_ERROR on an unreadable file or a bad row (see above). */
SimTrace   *sim_trace_load_file(const char *path, const SimTraceOptions *opt, GError **error);
/* Same, from text in memory; display_path names it in messages. */
SimTrace   *sim_trace_load_string(const char *text, const char *display_path,
                                  const SimTraceOptions *opt, GError **error);
void        sim_trace_free(SimTrace *tr);                         /* NULL is a no-op */

size_t      sim_trace_len(const SimTrace *tr);                    /* >= 1 */
SimTimeNs   sim_trace_time_ns(const SimTrace *tr, size_t i);
double      sim_trace_value_frac(const SimTrace *tr, size_t i);
SimTraceInterp sim_trace_interp(const SimTrace *tr);
/* Value at t under the trace's rule. */
double      sim_trace_at(const SimTrace *tr, SimTimeNs t_ns);
/* Index of the last sample at or before t, or -1 if t is before the first.  O(log n). */
long        sim_trace_index_at(const SimTrace *tr, SimTimeNs t_ns);
/* First sample time > t (a jump under step, a breakpoint under linear); NEVER after last. */
SimTimeNs   sim_trace_next_change_ns(const SimTrace *tr, SimTimeNs t_ns);

#endif
