/* sim/migration/params.h — the run's network and migration parameters from the scenario.
 *
 * The scenario holds plain records (ScnNetwork, ScnMigration); the datacenter turns them
 * into the models' configurations here, where the run is built.  Nothing is kept: the
 * results are plain values the caller owns.
 */
#ifndef SIM_MIGRATION_PARAMS_H
#define SIM_MIGRATION_PARAMS_H

#include "sim/core/net.h"
#include "sim/migration/config.h"
#include "sim/migration/job.h"
#include "sim/scenario/network.h"

/* MigParams from the `migration:` section (mig_params_init for what it does not set). */
void mig_params_from_scn(MigParams *p, const ScnMigration *m);
/* SimNetConfig from the `network:` section. */
void mig_net_config_from_scn(SimNetConfig *cfg, const ScnNetwork *n);

#endif
