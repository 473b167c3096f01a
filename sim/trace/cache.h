/* sim/trace/cache.h — each trace source parsed once per scenario load.
 *
 * Entries that name the same source (the same `trace:` text resolved to a path, format,
 * column and vmtable) share one TraceSet: 100 VM entries over one file read it once.
 *
 * Ownership: the cache owns its sets; trace_cache_free() frees them (after every user).
 */
#ifndef TRACE_CACHE_H
#define TRACE_CACHE_H

#include "sim/trace/formats.h"

typedef struct TraceCache TraceCache;

TraceCache     *trace_cache_new(void);
void            trace_cache_free(TraceCache *c);                 /* NULL is a no-op */
/* The set for (spec, options): loaded on the first call, shared afterwards. */
const TraceSet *trace_cache_load(TraceCache *c, const char *spec, const TraceLoadOptions *opt,
                                 GError **error);

#endif
