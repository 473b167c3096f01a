/* sim/migration/config.c — the `migration:` section's key table; see config.h. */
#include "sim/migration/config.h"

#include "sim/memory/dirty.h"
#include "sim/migration/rules.h"
#include "sim/migration/strategy.h"

static gboolean read_strategy_key(void *obj, ScnDoc *d, ScnNode *value, GError **error);

const ScnKey scn_migration_keys[] = {
    { .key = "strategy", .type = SCN_KEY_STRING, .offset = offsetof(ScnMigration, strategy),
      .read = read_strategy_key, .names_fn = scn_strategy_names, .def = "pre-copy",
      .type_doc = "`stop-and-copy`, `pre-copy`, `post-copy`, `hybrid`",
      .doc = "the default for `migrate` events" },
    { .key = "max_downtime", .type = SCN_KEY_DURATION,
      .offset = offsetof(ScnMigration, max_downtime_ns), .def = "300 ms",
      .doc = "pre-copy stops iterating when the rest fits in this downtime" },
    { .key = "max_rounds", .type = SCN_KEY_INT, .offset = offsetof(ScnMigration, max_rounds),
      .lo = 1, .hi = 100000, .def = "30", .doc = "1 .. 100000: live pre-copy rounds" },
    { .key = "max_sent_factor", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .offset = offsetof(ScnMigration, max_sent_factor), .lo = 0, .hi = 1000, .def = "3",
      .doc = "0 .. 1000: stop when live rounds have sent this × memory; 0 = off" },
    { .key = "min_shrink", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnMigration, min_shrink_frac), .lo = 0, .hi = 1, .def = "0",
      .def_doc = "`0` (off)",
      .doc = "stop when a round does not shrink the dirty set by this share" },
    { .key = "bandwidth", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE,
      .offset = offsetof(ScnMigration, bandwidth_bytes_per_s), .lo = 0, .hi = 1e15, .def = "0",
      .def_doc = "`0` (no cap)", .doc = "0 .. 10^15 B/s: cap on each migration flow" },
    { .key = "auto_converge", .type = SCN_KEY_BOOL,
      .offset = offsetof(ScnMigration, auto_converge), .def = "false",
      .doc = "throttle the guest (from 20 %, +10 % a step, up to 99 %) when it dirties faster "
             "than pre-copy sends" },
    { .key = "state_size", .type = SCN_KEY_SIZE, .offset = offsetof(ScnMigration, state_bytes),
      .def = "2 MiB", .doc = "CPU and device state sent at the stop" },
    { .key = "prepaging", .type = SCN_KEY_INT, .offset = offsetof(ScnMigration, prepage_pages),
      .lo = 0, .hi = 1 << 20, .def = "0", .def_doc = "`0` (off)",
      .doc = "0 .. 1048576: post-copy pages fetched around each network page fault" },
    { .key = "locality", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnMigration, locality_frac), .lo = 0, .hi = 0.99, .def = "75%",
      .doc = "0 .. 99 %: post-copy: chance that the guest's next touch of a missing page is "
             "the page after its last (sequential runs of mean 1/(1 − p) pages); "
             "`prepaging: k` sends a fault's next k pages with it, so faults fall to "
             "(1 − p)/(1 − p^(k+1)) of the touches (75 % is an assumption)" },
    { .key = "dirty_model", .type = SCN_KEY_ENUM, .names = mem_dirty_model_names,
      .offset = offsetof(ScnMigration, dirty_model), .def = "exponential",
      .doc = "distinct pages dirtied in t s: W(1 − e^(−rt/W)), min(W, rt), or `pages`: "
             "a seeded per-page bitmap over a hot (`wws`) and a cold set with write runs "
             "(`write_run`), whose mean is the first (replications vary)" },
    { .key = "stop_rules", .type = SCN_KEY_ENUM, .names = mig_stop_rules_names,
      .offset = offsetof(ScnMigration, stop_rules), .def = "default",
      .doc = "when pre-copy stops: `default` (the four rules above), `qemu` (expected "
             "downtime from the measured bandwidth only, auto-converge on) or `xen` (fewer "
             "than 50 pages a round, 29 rounds, 3x memory; rate 100..500 Mbit/s)" },
    { .key = "compress_ratio", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnMigration, compress_ratio_frac), .lo = 0, .hi = 1, .def = "100%",
      .def_doc = "`100%` (off)",
      .doc = "general compressor: wire bytes per page byte (zlib -1: 36 %); costs "
             "`compress_cpu` on the source" },
    { .key = "compress_cpu", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES,
      .offset = offsetof(ScnMigration, compress_cycles_per_page), .lo = 0, .hi = 1e12,
      .def = "227556 cycles",
      .doc = "source CPU cycles to compress one page (zlib -1: 90 MB/s at 5 GHz)" },
    { .key = "compress_threads", .type = SCN_KEY_INT,
      .offset = offsetof(ScnMigration, compress_threads), .lo = 1, .hi = 1024, .def = "8",
      .doc = "1 .. 1024: encoders in parallel, one source core each (QEMU's default 8)" },
    { .key = "xbzrle", .type = SCN_KEY_BOOL, .offset = offsetof(ScnMigration, xbzrle),
      .def = "false",
      .doc = "XBZRLE: re-sent pages still in the cache go as deltas (`xbzrle_ratio`)" },
    { .key = "xbzrle_cache", .type = SCN_KEY_SIZE,
      .offset = offsetof(ScnMigration, xbzrle_cache_bytes), .def = "64 MiB",
      .doc = "XBZRLE cache of sent pages (QEMU's default 64 MiB)" },
    { .key = "xbzrle_ratio", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnMigration, xbzrle_ratio_frac), .lo = 0, .hi = 1, .def = "25%",
      .doc = "XBZRLE delta size per page byte (an assumption; workload-dependent)" },
    { .key = "xbzrle_cpu", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_CYCLES,
      .offset = offsetof(ScnMigration, xbzrle_cycles_per_page), .lo = 0, .hi = 1e12,
      .def = "4096 cycles", .doc = "source CPU cycles to delta-encode one page (assumed)" },
    { .key = "send_cpu", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .offset = offsetof(ScnMigration, send_cycles_per_byte), .lo = 0, .hi = 1e6, .def = "0",
      .type_doc = "number",
      .doc = "source CPU cycles per byte sent: the sending is a CPU job on the source host, "
             "competing with its VMs" },
    { NULL },
};

const ScnSection scn_migration_section = {
    .name = "migration", .what = "migration", .keys = scn_migration_keys, .flow = FALSE,
    .doc = "How `migrate` events move VMs",
};

void scn_migration_init(ScnMigration *m)
{
    scn_schema_defaults(scn_migration_keys, m);
}

void scn_migration_clear(ScnMigration *m)
{
    scn_schema_clear(scn_migration_keys, m);
}

gboolean scn_read_strategy(ScnDoc *d, ScnNode *n, const char **out, GError **error)
{
    if (!scn_get_string(d, n, out, error))
        return FALSE;
    if (mig_strategy_lookup(*out))
        return TRUE;
    g_autofree char *names = mig_strategy_names();
    const char *list[8] = { 0 };
    for (guint i = 0; i < G_N_ELEMENTS(list) - 1 && mig_strategy_nth(i); i++)
        list[i] = mig_strategy_nth(i)->name;
    const char *near = scn_did_you_mean(*out, list);
    if (near)
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN,
                        "unknown migration strategy '%s' (did you mean '%s'?)", *out, near);
    return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown migration strategy '%s' (expected %s)",
                    *out, names);
}

static gboolean read_strategy_key(void *obj, ScnDoc *d, ScnNode *value, GError **error)
{
    ScnMigration *m = obj;
    const char *name = NULL;
    if (!scn_read_strategy(d, value, &name, error))
        return FALSE;
    g_free(m->strategy);
    m->strategy = g_strdup(name);
    return TRUE;
}

const char *const *scn_strategy_names(void)
{
    static const char **names;
    if (g_once_init_enter(&names)) {
        GPtrArray *a = g_ptr_array_new();
        for (guint i = 0; mig_strategy_nth(i); i++)
            g_ptr_array_add(a, (gpointer)mig_strategy_nth(i)->name);
        g_ptr_array_add(a, NULL);
        g_once_init_leave(&names, (const char **)g_ptr_array_free(a, FALSE));
    }
    return names;
}
