/* sim/scenario/resolved.h — the writers of resolved.yaml's complex sections.
 *
 * The top-level key table (scenario.c) names these as the `write` hooks of its entries;
 * scn_write_resolved() walks that table.  Each writes its key and its value; obj is the
 * Scenario.
 */
#ifndef SIM_SCENARIO_RESOLVED_H
#define SIM_SCENARIO_RESOLVED_H

#include "sim/yaml/schema.h"

void scn_write_output(ScnWriter *w, const ScnKey *key, const void *obj);
void scn_write_profiles(ScnWriter *w, const ScnKey *key, const void *obj);
void scn_write_hosts(ScnWriter *w, const ScnKey *key, const void *obj);
void scn_write_vms(ScnWriter *w, const ScnKey *key, const void *obj);
void scn_write_events(ScnWriter *w, const ScnKey *key, const void *obj);
void scn_write_scheduler(ScnWriter *w, const ScnKey *key, const void *obj);

#endif
