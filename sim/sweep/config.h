/* sim/sweep/config.h — the `sweep:` block of a scenario: its key table, as plain data.
 *
 * sweep: { parameters: { PATH: [values] | {values} | {from, to, step, unit} },
 *          points: [ { PATH: value, ... } ],        # instead of parameters
 *          replications: 1, charts: [METRIC], question: "...", log_y: auto }
 *
 * The table gives every key its type and doc, so `vdcsim schema` and docs/scenario.md
 * describe the block, and unknown keys get a did-you-mean.  The scalar keys land in
 * ScnSweepSettings; parameters, points and charts are read by sim/sweep/sweep.c (their
 * paths and values are checked against the rest of the scenario there, by loading every
 * point).  `vdcsim run` ignores the block.
 */
#ifndef SIM_SWEEP_CONFIG_H
#define SIM_SWEEP_CONFIG_H

#include "sim/yaml/schema.h"

typedef enum { SCN_SWEEP_LOG_AUTO, SCN_SWEEP_LOG_ON, SCN_SWEEP_LOG_OFF } ScnSweepLog;

typedef struct {
    int   replications;           /* 1 .. 1000000 */
    char *question;               /* the question the sweep answers (report heading), or NULL */
    int   log_y;                  /* ScnSweepLog: the charts' value axis */
} ScnSweepSettings;

extern const ScnKey scn_sweep_keys[];

void scn_sweep_settings_init(ScnSweepSettings *s);    /* the table's defaults */
void scn_sweep_settings_clear(ScnSweepSettings *s);

#endif
