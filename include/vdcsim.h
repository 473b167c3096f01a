/* vdcsim.h — libvdcsim's public headers in one include: `#include <vdcsim.h>` and build with
 * `pkg-config --cflags --libs vdcsim` (examples/run-scenario.c).
 *
 * The library is the simulator without its command line:
 *   sim/core/engine.h         the discrete-event engine: time, the event queue, dispatch;
 *   sim/scenario/scenario.h   scn_load_file(): a scenario file as plain data, defaults filled;
 *   sim/dc/datacenter.h       sim_dc_new() / sim_dc_run(): the running datacenter, and its
 *   sim/dc/rows.h             results as plain rows (hosts, VMs, migrations, headline);
 *   sim/migration/strategy.h  the live-migration strategy interface (MigStrategyOps) and
 *   sim/migration/job.h       the job a strategy drives (docs/extending.md).
 * Installed under include/vdcsim/ with the project headers they include, at the same paths.
 * Errors follow the simulator's rules: bad input is a GError reading
 * "file:line:col: error: ..."; misuse aborts.  Quantities carry their unit in their names.
 */
#ifndef VDCSIM_H
#define VDCSIM_H

#include "sim/core/engine.h"
#include "sim/scenario/scenario.h"
#include "sim/dc/datacenter.h"
#include "sim/dc/rows.h"
#include "sim/migration/strategy.h"
#include "sim/migration/job.h"

#endif
