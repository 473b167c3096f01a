/* sim/dc/control.h — the datacenter controller: consolidation and load balancing, maintenance
 * windows, host failures, and the power states they drive.
 *
 * Consolidation (when scheduler.consolidation is set) runs every `interval`: it asks
 * sim/scheduler's sched_consolidate() for a plan from the current utilizations (VMs off
 * hosts above `high`; hosts below `low` emptied all-or-nothing so they can power off) and
 * carries it out with live migrations (trigger "consolidation").  Hosts to power off stop
 * taking VMs and shut down once empty; hosts the plan needs are powered on.
 * Maintenance evacuates a host by live migration (trigger "maintenance"), powers it off
 * once empty, and boots it again after `duration`.  A failure turns the host off at once:
 * its VMs are lost (counted) and start again elsewhere after their hypervisor's boot time;
 * the host boots again after `repair` if one is given.
 */
#ifndef SIM_DCCTL_H
#define SIM_DCCTL_H

#include "sim/dc/dc-priv.h"

typedef struct SimDcCtl SimDcCtl;

SimDcCtl *sim_dcctl_new(SimDc *m);          /* schedules the first consolidation tick */
void      sim_dcctl_free(SimDcCtl *ctl);       /* NULL is a no-op */
void      sim_dcctl_start(SimDcCtl *ctl);
/* hosts: the host, or every host of a group, which all stop taking VMs before any is
 * evacuated (so a rack does not evacuate into itself). */
void      sim_dcctl_maintenance(SimDcCtl *ctl, GPtrArray *hosts, SimTimeNs duration_ns);
void      sim_dcctl_fail(SimDcCtl *ctl, SimHost *h, SimTimeNs repair_ns);
/* h's driver domain (Xen's dom0) crashes: the I/O of every guest through it (paravirtual
 * and emulated paths; passthrough bypasses it) stalls until it restarts after restart_ns
 * (0: never); the guests keep running.  A crash while it is down extends the outage. */
void      sim_dcctl_driver_domain_fail(SimDcCtl *ctl, SimHost *h, SimTimeNs restart_ns);
/* A failure is predicted: the hosts stop taking VMs and evacuate them (trigger "failure")
 * while they still can; whatever has not left when the failure comes is lost. */
void      sim_dcctl_predict_failure(SimDcCtl *ctl, GPtrArray *hosts);
/* Hooks from the model: a host's room changed (a VM left), a power state was reached. */
void      sim_dcctl_host_changed(SimDcCtl *ctl, SimHost *h);
void      sim_dcctl_power_changed(SimDcCtl *ctl, SimHost *h, SchedPowerState state);
guint64   sim_dcctl_power_offs(const SimDcCtl *ctl);

#endif
