/* sim/io/fluid.h — the analytic (fluid) I/O model, for runs too big for one event per request.
 *
 * One server per device (one per slice of a partitioned device) takes the streams assigned to
 * it.  Stream i offers λ_i ops/s of b_i bytes; its service time is S_i = max(1/I, b_i/B) on
 * the server's capacity (sim/io/device.h).  Then:
 *   utilization      ρ = Σ λ_i S_i                     (offered; may exceed 1)
 *   throughput       if ρ <= 1 every stream gets λ_i; otherwise the server's time is shared
 *                    max-min fairly (water-filling): stream i gets a time fraction
 *                    f_i = min(λ_i S_i, φ) with Σ f_i = 1, so its rate is f_i / S_i ops/s.
 *   mean wait        Pollaczek-Khinchine for Poisson arrivals and FCFS (M/G/1):
 *                    W_q = λ E[S²] / (2 (1 - ρ)),  λ = Σ λ_i,  λ E[S²] = Σ λ_i E[S_i²],
 *                    with E[S_i²] = S_i² (deterministic service: M/D/1) or 2 S_i²
 *                    (exponential: M/M/1, where W_q = ρ/(μ-λ)); infinite when ρ >= 1.
 *   latency of i     path latency + W_q + S_i.
 *   closed loop      a stream of depth N keeps N requests outstanding (Little's law):
 *                    X_i = min(λ_i, N_i / (Z + L_i + W_q + S_i)), λ_i = ∞ when no rate is set,
 *                    Z = IO_ISSUE_NS the submitter's own time per request (think time);
 *                    W_q depends on every X_j, so the X_i are found by damped fixed-point
 *                    iteration (W_q -> ∞ as ρ -> 1 keeps ρ < 1 for closed streams).  A
 *                    slower path (larger L_i) gives fewer ops at the same depth.
 *   serial stages    a stream's own path (stream_ns) and its VM's back end (backend_threads
 *                    threads of backend_ns each) add their service times to the latency
 *                    and bound throughput (asymptotic bounds of a closed network): a stream
 *                    gets at most 1 / stream_ns, a back end's streams share threads /
 *                    backend_ns max-min fairly.  A closed stream held below its device
 *                    solution by a stage queues there: its latency is N / X - Z (Little);
 *                    the device is then solved again with it as an open stream at X (the
 *                    others see the lighter load), until no further stream is held.  An
 *                    open stream above its stage bound saturates (latency infinite).
 * Spooled devices are treated as shared (a job is one request of the job's bytes); virtual
 * devices as one server of memory-copy bandwidth.  Pure functions; no engine, no events.
 */
#ifndef IO_FLUID_H
#define IO_FLUID_H

#include "sim/io/device.h"

typedef enum { IO_MODE_FLUID, IO_MODE_REQUESTS, IO_MODE_COUNT } IoMode;

const char *io_mode_name(IoMode mode);
gboolean    io_mode_lookup(const char *name, IoMode *out);

typedef struct {
    double   ops_per_s;           /* offered request rate */
    double   bytes_per_op;
    double   path_latency_ns;     /* IoPathCost.latency_ns of the stream's path */
    uint32_t slice;               /* partitioned devices: which slice (< partitions) */
    uint32_t depth;               /* closed loop: requests outstanding; 0 = open loop */
    double   stream_ns;           /* serial per stream: submitter + path stream time */
    double   backend_ns;          /* serial per back-end thread (IoPathCost.backend_ns) */
    uint32_t backend_threads;     /* 0: no back-end stage */
    int32_t  backend_group;       /* demands sharing one back end (a VM's device); -1 none */
} IoFluidDemand;

typedef struct {
    double throughput_ops_per_s;
    double throughput_bytes_per_s;
    double service_ns;            /* S_i */
    double wait_ns;               /* W_q of its server (INFINITY when saturated) */
    double latency_ns;            /* path + wait + service */
} IoFluidShare;

typedef struct {
    double   offered_frac;        /* Σ over servers of ρ, divided by the number of servers */
    double   utilization_frac;    /* served: Σ min(ρ, 1) / servers */
    gboolean saturated;           /* some server has ρ >= 1 */
} IoFluidDevice;

/* Solves every server of `spec` for the n demands; out has n entries; dev may be NULL.
 * A demand's slice must be < spec->partitions (0 for other classes). */
void io_fluid_solve(const IoDeviceSpec *spec, const IoFluidDemand *demands, size_t n,
                    IoFluidShare *out, IoFluidDevice *dev);

#endif
