/* sim/dc/datacenter.h — the Datacenter: hosts and VMs built from a Scenario, their life
 * cycle, and the run's results as plain rows.
 *
 * A host is a fluid CPU resource of cores × freq cycles/s (sim/core/share).  A VM is one
 * consumer of its host's CPU with weight = vCPUs and cap = vCPUs × freq × demand, so no
 * vCPU runs faster than one core and co-located VMs share max-min fairly.  A VM either
 * runs a fixed amount of CPU work (and completes) or runs at a demand level until stopped
 * or the run ends.  VMs arrive at their start time and are placed where the scenario says
 * or first-fit by vCPUs (× CPU overcommit) and memory; a VM that fits nowhere is rejected
 * and counted with the reason.
 *
 * Metrics: per VM start, end, CPU seconds and slowdown against running alone; per host a
 * time-weighted utilization gauge; datacenter utilization and running VMs over time in a
 * series sampled every sample_interval.
 *
 * The datacenter is opaque: its hosts and VMs have invariants (room, frames, cores, shares)
 * that only sim/dc/ keeps (sim/dc/dc-priv.h).  Everything else reads a run through the rows
 * below (sim/dc/rows.h), filled after sim_dc_run(), and through the series recorder.
 * Ownership: the datacenter owns its engine, hosts and VMs; it borrows the scenario, which
 * must outlive it.  Implemented in datacenter.c (life cycle) and results.c (rows).
 */
#ifndef SIM_DATACENTER_H
#define SIM_DATACENTER_H

#include "sim/core/engine.h"
#include "sim/core/metrics.h"
#include "sim/dc/rows.h"
#include "sim/scenario/scenario.h"

typedef struct SimDc SimDc;

SimDc    *sim_dc_new(const Scenario *scn);
void      sim_dc_free(SimDc *dc);                        /* NULL is a no-op */
/* Runs to the scenario's duration (or until no events are left); returns events. */
uint64_t  sim_dc_run(SimDc *dc);
/* Simulated time now: the end of the run after sim_dc_run, or where a signal stopped it. */
SimTimeNs sim_dc_now_ns(const SimDc *dc);
/* Calls fn every `every` dispatched events during sim_dc_run (sim_engine_set_progress). */
void      sim_dc_set_progress(SimDc *dc, uint64_t every, SimProgressFn fn, void *user);

/* ---- results, after sim_dc_run ------------------------------------------------------ */

const Scenario  *sim_dc_scenario(const SimDc *dc);
const SimSeries *sim_dc_series(const SimDc *dc);       /* timeseries.csv's columns and rows */
uint64_t  sim_dc_events(const SimDc *dc);              /* dispatched so far */
uint64_t  sim_dc_vms_placed(const SimDc *dc);          /* placements so far (progress) */
uint64_t  sim_dc_fingerprint(const SimDc *dc);         /* of the event sequence */

/* Each returns a new GArray of its row type (g_array_unref it), in scenario order:
 * hosts; VMs; migrations in order of completion, then those still running by VM; devices
 * by host; I/O streams by VM. */
GArray   *sim_dc_host_rows(SimDc *dc);                 /* SimDcHostRow */
GArray   *sim_dc_vm_rows(SimDc *dc);                   /* SimDcVmRow */
/* The same rows one at a time, for writers that stream them: at 4x10^5 VMs the whole array
 * is 170 MB.  i < sim_dc_vm_count(dc). */
guint       sim_dc_vm_count(const SimDc *dc);
SimDcVmRow  sim_dc_vm_row(SimDc *dc, guint i);
/* TRUE if some VM's trace drives its memory, disk or network (vms.csv's trace columns). */
gboolean    sim_dc_vms_have_trace_means(SimDc *dc);
GArray   *sim_dc_migration_rows(SimDc *dc);            /* SimDcMigrationRow */
/* The rounds of those migrations, in the same order (rounds.csv). */
GArray   *sim_dc_round_rows(SimDc *dc);                /* SimDcRoundRow */
GArray   *sim_dc_device_rows(SimDc *dc);               /* SimDcDeviceRow */
GArray   *sim_dc_stream_rows(SimDc *dc);               /* SimDcStreamRow */
/* Requests mode: sampled request latencies (at most 2000 per stream); NULL in fluid mode. */
GArray   *sim_dc_latency_rows(SimDc *dc);              /* SimDcLatencyRow */
/* Elastic services' provisioning requests; NULL when the scenario has no services. */
GArray   *sim_dc_request_rows(SimDc *dc);              /* SimDcRequestRow */

/* Per VM: its guest, trusted base, failure domain and isolation (sim/dc/concepts.c). */
GArray   *sim_dc_isolation_rows(SimDc *dc);            /* SimDcIsolationRow */
/* Per host, per live domain, per range: which domain owns which frames at the end. */
GArray   *sim_dc_frame_rows(SimDc *dc);                /* SimDcFrameRow */

/* The headline metrics in a fixed order (SimHeadline; g_array_unref it).  Also works on a
 * datacenter that never ran, for the names (sweeps). */
GArray   *sim_dc_headline(SimDc *dc);
/* Slowdown statistics over the VM rows with a finite slowdown. */
SimStats  sim_dc_slowdowns(const GArray *vm_rows);
/* Adds a row's slowdown to t if it is finite (sim_dc_slowdowns one row at a time). */
void      sim_dc_slowdowns_add(SimTally *t, const SimDcVmRow *row);

#endif
