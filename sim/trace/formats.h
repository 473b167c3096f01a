/* sim/trace/formats.h — the public trace formats, as downloaded, read into a TraceSet.
 *
 * Formats (columns, units and sources: docs/traces.md):
 *   azure      Azure Public Dataset v2 vm_cpu_readings shards (no header: timestamp [s],
 *              vmid, min, max, avg CPU [%]); with vmtable (vmid, subscription, deployment,
 *              created [s], deleted [s], max, avg, p95 CPU, category, core bucket, memory
 *              bucket [GB]) for sizes, arrivals and departures.  column: avg|max|min.
 *   bitbrains  GWA-T-12 per-VM files (header, ';'-separated, Unix seconds despite "[ms]");
 *              a directory is a population, one VM per file.  column: cpu_pct|cpu_mhz.
 *   google     Google cluster-data 2011 task_usage (no header, times in µs, CPU rate in
 *              normalized cores); a VM per (job ID, task index).  column: cpu|max.
 *   alibaba    Alibaba cluster-trace-v2018 container_usage (11 fields) or machine_usage
 *              (9 fields), told apart by the field count; times in s, CPU in %.
 *   plain      a header "time,value" (fraction) or "time,percent", then "seconds,value".
 *
 * Every problem is an SCN_ERROR "path:line:col: error: what (expected)": a wrong field
 * count, a bad number, a time outside 0 .. 9223372036 s (the int64 nanosecond range), a
 * time not after the VM's previous one, a value out of range, a vmid that vmtable lacks, an
 * unknown column, an empty set.  vmtable VMs without readings are counted in a warning.
 */
#ifndef TRACE_FORMATS_H
#define TRACE_FORMATS_H

#include <glib.h>

#include "sim/trace/store.h"

typedef enum {
    TRACE_AZURE, TRACE_BITBRAINS, TRACE_GOOGLE, TRACE_ALIBABA, TRACE_PLAIN, TRACE_FORMAT_COUNT
} TraceFormat;

extern const char *const trace_format_names[];        /* NULL-terminated, enum order */

typedef struct {
    TraceFormat format;
    const char *column;     /* NULL: the format's default */
    const char *vmtable;    /* azure: NULL = vmtable.csv[.gz] beside the first shard, if any */
    gboolean    progress;   /* a line on stderr every few seconds of a long load */
} TraceLoadOptions;

/* The names `column:` takes for a format, NULL-terminated; the first is the default. */
const char *const *trace_format_columns(TraceFormat f);

/* Reads every file `spec` names (trace_paths_expand) into one set. */
TraceSet *trace_load(const char *spec, const TraceLoadOptions *opt, GError **error);

#endif
