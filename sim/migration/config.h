/* sim/migration/config.h — the `migration:` section of a scenario, as plain data.
 *
 * migration: { strategy: pre-copy, max_downtime: 300 ms, max_rounds: 30,
 *              max_sent_factor: 3, min_shrink: 0, bandwidth: 0, auto_converge: false,
 *              state_size: 2 MiB, prepaging: 0, locality: 75%, dirty_model: exponential|linear|pages,
 *              send_cpu: 0,      (source CPU cycles per byte sent; 0: free)
 *              stop_rules: default|qemu|xen, compress_ratio: 100%, compress_cpu: 227556,
 *              compress_threads: 8, xbzrle: false, xbzrle_cache: 64 MiB,
 *              xbzrle_ratio: 25%, xbzrle_cpu: 4096 }
 *
 * The table in config.c gives each key's type, default and limits.  The run turns this
 * record into the migration model's MigParams (mig_params_from_scn, params.h).
 */
#ifndef SIM_MIGRATION_CONFIG_H
#define SIM_MIGRATION_CONFIG_H

#include "sim/core/time.h"
#include "sim/yaml/schema.h"

typedef struct {
    char      *strategy;              /* a name from sim/migration's table */
    SimTimeNs  max_downtime_ns;
    int        max_rounds;
    double     max_sent_factor;       /* 0: off */
    double     min_shrink_frac;       /* 0: off */
    double     bandwidth_bytes_per_s; /* cap per migration flow; 0: none */
    gboolean   auto_converge;
    uint64_t   state_bytes;
    int        prepage_pages;         /* 0: off */
    double     locality_frac;         /* post-copy sequential-touch chance; pull.h */
    int        dirty_model;           /* MemDirtyModel (sim/memory/dirty.h) */
    double     send_cycles_per_byte;  /* 0: sending costs no source CPU */
    int        stop_rules;            /* index into mig_stop_rules_names (rules.h) */
    double     compress_ratio_frac;   /* 1: off */
    double     compress_cycles_per_page;
    int        compress_threads;
    gboolean   xbzrle;
    uint64_t   xbzrle_cache_bytes;
    double     xbzrle_ratio_frac;
    double     xbzrle_cycles_per_page;
} ScnMigration;

extern const ScnKey scn_migration_keys[];
extern const ScnSection scn_migration_section;

void     scn_migration_init(ScnMigration *m);       /* the table's defaults */
void     scn_migration_clear(ScnMigration *m);
/* A strategy name node: known to sim/migration, or an error listing the strategies. */
/* The registered strategy names, NULL-terminated (JSON Schema enums). */
const char *const *scn_strategy_names(void);
gboolean scn_read_strategy(ScnDoc *d, ScnNode *n, const char **out, GError **error);

#endif
