/* sim/dc/devices.h — I/O devices in the run: each host's devices shared by the I/O streams of the
 * VMs running there, in the fluid (analytic) view of sim/io.
 *
 * Whenever the set of running VMs on a host changes, every device of that host is re-solved
 * with io_fluid_solve(): utilization ρ = Σ λ·S per server (a partitioned device has one
 * server per slice), throughput capped and shared max-min when ρ ≥ 1, mean latency =
 * path latency + Pollaczek–Khinchine wait + service.  Gauges integrate each result over
 * the time it held, so means do not depend on the sampling interval.  A stream on a
 * saturated server has no finite latency; the time it spends so is reported as
 * saturated_frac and its latency mean covers the rest.
 *
 * With `io: { mode: requests }` each host's devices run sim/io's per-request simulation
 * instead (one event per arrival and completion, FCFS rings, a full ring stalling its
 * guest): streams start and stop with their VMs, and latencies are per request, with
 * quantiles and a CDF.  It costs events in proportion to the request rate: for small runs.
 */
#ifndef SIM_DEVIO_H
#define SIM_DEVIO_H

#include "sim/dc/dc-priv.h"
#include "sim/dc/rows.h"

typedef struct SimIo SimIo;

SimIo *sim_io_new(SimDc *m);
void   sim_io_free(SimIo *io);                               /* NULL is a no-op */
/* A trace-driven VM's disk or network throughput changed (vm->trace_io_bytes_per_s): its
 * streams on disks (disk) and NICs (network) ask that many bytes/s, split evenly, in
 * requests of their own size; its host's devices are re-solved.  Fluid mode only: in
 * requests mode streams keep their own rates. */
void   sim_io_vm_rates_changed(SimIo *io, SimVm *vm);
/* Re-solves every device of h for the VMs running on it now. */
void   sim_io_host_changed(SimIo *io, SimHost *h);
gboolean sim_io_any(const SimIo *io);                        /* any device at all */
/* The results as rows (sim/dc/rows.h), means up to end_ns; g_array_unref them. */
GArray *sim_io_device_rows(SimIo *io, SimTimeNs end_ns);    /* SimDcDeviceRow */
GArray *sim_io_stream_rows(SimIo *io, SimTimeNs end_ns);    /* SimDcStreamRow */
/* Requests mode: sampled latencies (SimDcLatencyRow); NULL in fluid mode. */
GArray *sim_io_latency_rows(SimIo *io);

#endif
