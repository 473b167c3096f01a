/* sim/trace/cache.c — a table of loaded sets by source; see cache.h. */
#include "sim/trace/cache.h"

struct TraceCache {
    GHashTable *sets;       /* key text -> TraceSet * (lookups only, never iterated in order) */
};

TraceCache *trace_cache_new(void)
{
    TraceCache *c = g_new0(TraceCache, 1);
    c->sets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)trace_set_free);
    return c;
}

void trace_cache_free(TraceCache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->sets);
    g_free(c);
}

const TraceSet *trace_cache_load(TraceCache *c, const char *spec, const TraceLoadOptions *opt,
                                 GError **error)
{
    g_autofree char *key = g_strdup_printf("%d\n%s\n%s\n%s", opt->format,
                                           opt->column ? opt->column : "",
                                           opt->vmtable ? opt->vmtable : "", spec);
    TraceSet *s = g_hash_table_lookup(c->sets, key);
    if (s)
        return s;
    if (!(s = trace_load(spec, opt, error)))
        return NULL;
    g_hash_table_insert(c->sets, g_steal_pointer(&key), s);
    return s;
}
