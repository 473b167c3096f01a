/* sim/dc/elastic.h — the run side of `elasticity:` and of trace-driven VMs.
 *
 * At model start each elastic service (scnelastic.h) gets its demand curve, autoscaler and
 * provisioning pipeline (sim/elastic/autoscaler.h).  An instance takes room (vCPUs, memory)
 * on the host the model's placement picks from the moment it is placed (it boots there) and
 * gives it back on scale-in.  A ready instance is a SimShare consumer on its host's CPU with
 * weight = vCPUs and cap = vCPUs × freq × u, u = min(1, D / (R · capacity)) the service's
 * utilization, so host utilization carries the service's load; u is re-evaluated whenever R
 * changes and every autoscaler interval.  A VM with a trace workload has its demand level set
 * to the trace's value at each of the trace's changes (and, for a linear trace, every
 * sample_interval between them), from simulated time 0 = the trace's first sample.  VMs whose
 * step traces share a sample grid (Azure, Google: every 300 s) are set by one event per
 * tick, in VM order, and only when their value changed.
 *
 * A trace with memory, disk or network channels (sim/trace/store.h) also sets, at the same
 * changes, the VM's memory in use (its working set: balloon and migration follow it) and
 * its disk and network throughput (its I/O streams' rates, sim/dc/devices.h); timeseries.csv
 * gains their sums over running VMs (trace_memory_bytes, trace_disk_bytes_per_s,
 * trace_net_bytes_per_s) and vms.csv their means per VM.
 *
 * Outputs: timeseries.csv columns demand_req_per_s, capacity_req_per_s (ready instances ×
 * capacity) and instances (ready), summed over services; headline metrics (below);
 * elasticity.csv, one row per provisioning request.
 *
 * Units: req/s, SimTimeNs, cycles/s.  Ownership: the model owns the SimElasticRun
 * (sim_dc_new creates it, sim_dc_free frees it, before the share and the engine).
 */
#ifndef SIM_RUNELASTIC_H
#define SIM_RUNELASTIC_H

#include <glib.h>

#include "sim/dc/dc-priv.h"
#include "sim/dc/rows.h"

typedef struct SimElasticRun SimElasticRun;

/* NULL when the scenario has neither services nor trace workloads.  Adds the elasticity
 * columns to m->series when there are services (call before the first sample). */
SimElasticRun *sim_elastic_run_new(SimDc *m);
void      sim_elastic_run_free(SimElasticRun *r);          /* NULL is a no-op */
/* Places the initial instances, starts the autoscalers and the trace drives; NULL: no-op. */
void      sim_elastic_run_start(SimElasticRun *r);
/* Fills this run's columns of a model series row; NULL: no-op. */
void      sim_elastic_run_sample(SimElasticRun *r, double *row);
/* A trace-driven VM's time-weighted means while it ran of its trace channels: memory in
 * use (bytes), disk and network throughput (bytes/s); NAN where its trace has none, it
 * never ran, or it is not trace-driven. */
void      sim_elastic_run_vm_means(SimElasticRun *r, SimVm *vm, SimTimeNs end_ns, double out[3]);
/* Appends SimHeadline rows: sla_violation_s, overprovisioned_instance_h, instance_h,
 * time_to_ready_mean_s, time_to_ready_p99_s, scale_outs, scale_ins, requests_rejected
 * (totals), and per service "sla_violation_s:NAME" ... when there are several.  NULL or no
 * services: nothing. */
void      sim_elastic_run_headline(SimElasticRun *r, GArray *headline);
/* elasticity.csv's rows (SimDcRequestRow), one per provisioning request, service by
 * service; NULL when r is NULL or has no services. */
GArray   *sim_elastic_run_rows(SimElasticRun *r);

#endif
