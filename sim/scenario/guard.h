/* sim/scenario/guard.h — what a scenario may ask for, checked before memory is spent.
 *
 * Three checks guard the loader and the run against hostile or careless scenarios:
 * scn_guard_counts() totals hosts, VMs (count expanded), devices and events straight from
 * the document, before anything is expanded, against the limits of sim/yaml/limits.h;
 * scn_guard_output() makes sure the scenario's name is a safe single path component and
 * output.dir is not empty, so no output can land outside the chosen directory.  (The
 * memory estimate of a run is sim_run_memory_bytes() in sim/cli/session.h.)  Errors carry
 * the position of the value at fault.
 */
#ifndef SIM_SCENARIO_GUARD_H
#define SIM_SCENARIO_GUARD_H

#include "sim/yaml/doc.h"

/* Hosts, VMs, devices and events of the document over the limits fail at the entry that
 * passes the limit. */
gboolean scn_guard_counts(ScnDoc *d, ScnNode *root, GError **error);
/* The scenario's name (explicit, or from the file name) is a safe path component and
 * output.dir (NULL: absent) is not empty; *where_out gets "file:line:col" of output.dir (or
 * of the name) for later errors about the directory (g_free it). */
gboolean scn_guard_output(ScnDoc *d, ScnNode *root, const char *name, const char *out_dir,
                          char **where_out, GError **error);

#endif
