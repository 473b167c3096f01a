/* sim/migration/config.h — the network and migration sections of the scenario.
 *
 * network:   { link_bandwidth: 10 Gbit/s, latency: 50 us, topology: star|rack,
 *              hosts_per_rack: 40, oversubscription: 1 }
 * migration: { strategy: pre-copy, max_downtime: 300 ms, max_rounds: 30,
 *              max_sent_factor: 3, min_shrink: 0, bandwidth: 0, auto_converge: false,
 *              state_size: 2 MiB, prepaging: 0, dirty_model: exponential|linear,
 *              send_cpu: 0 }     (source CPU cycles per byte sent; 0: free) 
 */
#ifndef SIM_SCNNET_H
#define SIM_SCNNET_H

#include "sim/migration/job.h"
#include "sim/core/net.h"
#include "sim/yaml/doc.h"

typedef struct {
    char      *strategy;          /* a name from sim/migration's table */
    MigParams  params;
    gboolean   linear_dirty;      /* dirty_model: linear (else exponential) */
} ScnMigration;

void     scn_migration_init(ScnMigration *m);
void     scn_migration_clear(ScnMigration *m);
gboolean scn_read_network(SimNetConfig *cfg, ScnDoc *d, ScnNode *n, GError **error);
gboolean scn_read_migration(ScnMigration *m, ScnDoc *d, ScnNode *n, GError **error);
/* A strategy name node: known to sim/migration, or an error listing the strategies. */
gboolean scn_read_strategy(ScnDoc *d, ScnNode *n, const char **out, GError **error);

#endif
