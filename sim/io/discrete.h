/* sim/io/discrete.h — the per-request I/O model: one engine event per arrival and per completion.
 *
 * An IoSim holds a host's devices and the VMs' request streams on them.  A stream offers
 * requests (Poisson or deterministic arrivals at ops_per_s, bytes_per_op each, a read
 * fraction) drawn from its own SimRng stream "vm:<vm>/io/<device>".  A request:
 *   1. is submitted; if the stream's ring (ring_slots requests in flight, 0 = unbounded) is
 *      full, the submitter is blocked — no further arrivals — until a slot frees, and the
 *      blocked time is counted as stall time;
 *   2. crosses its path (IoPathCost.latency_ns, charging guest and host cycles, exits and
 *      notifications to the stream);
 *   3. joins its server's FCFS queue (a slice of a partitioned device, else the device);
 *      on a spooled device it first waits in the stream's spool until its job of
 *      ops_per_job requests is complete, and the job then enters the queue whole;
 *   4. is served for S = max(1/IOPS, bytes/bandwidth) (deterministic, or exponential with
 *      that mean); on a virtual device the service is a memory copy and costs host cycles;
 *   5. completes: latency = completion − submission = stall + path + queueing + service.
 * Invariants: each server serves one request at a time in arrival order; in_flight <=
 * ring_slots; every time integral is settled before the count it integrates changes.
 * Costs: O(log n) engine work per event; latency samples are kept (8 bytes per request).
 * Ownership: the IoSim owns its devices, streams and requests; io_sim_free() cancels every
 * event it scheduled.
 */
#ifndef IO_SIM_H
#define IO_SIM_H

#include "sim/core/engine.h"
#include "sim/io/device.h"
#include "sim/io/path.h"

typedef struct IoSim    IoSim;
typedef struct IoDev    IoDev;
typedef struct IoStream IoStream;

typedef struct {
    const char *vm;               /* VM name (copied) */
    double      ops_per_s;        /* offered rate; 0: no arrival process (io_stream_submit) */
    double      bytes_per_op;
    double      read_frac;        /* 0..1: share of reads (counted; same service time) */
    gboolean    deterministic;    /* FALSE: Poisson arrivals */
    uint32_t    ops_per_job;      /* spooled devices: requests per job (>= 1) */
    uint32_t    depth;            /* closed loop: at most depth requests outstanding (the
                                     submitter blocks, as on a full ring); with no rate
                                     (ops_per_s 0) a completion issues the next at once;
                                     0 = open loop */
    int32_t     partition;        /* partitioned devices: slice, or -1 for one slice per VM */
    double      submit_ns;        /* the submitter's own time per request, serial with the
                                     path's stream_ns (IoPathCost); 0: none */
    uint64_t    max_ops;          /* stop arriving after this many (0: never) */
} IoStreamSpec;

typedef enum { IO_TRACE_SUBMIT, IO_TRACE_ADMIT, IO_TRACE_START, IO_TRACE_DONE } IoTracePoint;

typedef struct {
    IoTracePoint point;
    const char  *vm, *device;
    uint64_t     seq;             /* per stream, from 0, in submission order */
    uint32_t     slice;
    SimTimeNs    t_ns;
    double       bytes;
} IoTraceEvent;

typedef void (*IoTraceFn)(const IoTraceEvent *ev, void *user);

typedef struct {
    uint64_t ops;
    double   bytes;
    double   elapsed_s;
    double   utilization_frac;    /* busy time / (elapsed × servers) */
    double   mean_queue_len;      /* time-weighted, waiting (not in service) */
    double   mean_in_system;      /* time-weighted, waiting + in service */
    double   throughput_ops_per_s;
    double   throughput_bytes_per_s;
} IoDevStats;

typedef struct {                  /* time means over the interval that ends at t_ns */
    SimTimeNs t_ns;
    double    queue_len;
    double    in_system;
    double    utilization_frac;
} IoSample;

typedef struct {
    IoPath    path;               /* effective path */
    uint64_t  submitted, ops, reads, writes;
    double    bytes;
    double    throughput_ops_per_s, throughput_bytes_per_s;
    double    latency_mean_ns, latency_p50_ns, latency_p99_ns;   /* NAN when no ops */
    double    wait_mean_ns;       /* queueing at the device only */
    SimTimeNs stall_ns;           /* submitter blocked on a full ring */
    double    guest_cycles, host_cycles, exits, notifications;
} IoStreamStats;

typedef struct {
    double guest_cycles[IO_PATH_COUNT];
    double host_cycles[IO_PATH_COUNT];
} IoVmCycles;

/* A host: env gives host kind, frequency and exit cost (env->batch_ops is ignored: each
 * device has its batch); hw_generation gates passthrough.  seed is the master seed. */
IoSim    *io_sim_new(SimEngine *eng, uint64_t seed, const IoPathEnv *env, int hw_generation);
void      io_sim_free(IoSim *sim);                                  /* NULL is a no-op */

/* Adds a device (the spec is copied); NULL with an IO_ERROR if the spec is invalid or
 * asks for passthrough without generation 3. */
IoDev    *io_sim_add_device(IoSim *sim, const IoDeviceSpec *spec, GError **error);
/* Adds a stream of spec->vm on dev; NULL with IO_ERROR_DEDICATED / _PARTITIONS / _INVALID. */
IoStream *io_sim_add_stream(IoSim *sim, IoDev *dev, const IoStreamSpec *spec, GError **error);
void      io_stream_spec_init(IoStreamSpec *spec, const char *vm);

/* Starts every stream's arrival process and the clock for rates; call once. */
void      io_sim_start(IoSim *sim);
/* Stops a stream's arrivals (requests in flight still complete). */
void      io_stream_stop(IoStream *st);
/* (Re)starts one stream's arrivals after io_sim_start(), e.g. when its VM arrives; a
 * running stream is left alone. */
void      io_stream_start(IoStream *st);
/* Every completed request's latency, in ns (double), in completion order unless
 * io_stream_stats() has sorted them. */
const GArray *io_stream_latencies_ns(const IoStream *st);
/* Submits one request of `bytes` now, outside the arrival process. */
void      io_stream_submit(IoStream *st, double bytes);
/* Every interval_ns, appends an IoSample to each device (0: off, the default).  Sampling
 * events recur forever: run the engine with sim_engine_run_until(). */
void      io_sim_set_sample_interval(IoSim *sim, SimTimeNs interval_ns);
void      io_sim_set_trace(IoSim *sim, IoTraceFn fn, void *user);

const IoPathCost *io_dev_path_cost(const IoDev *dev);
const char       *io_dev_name(const IoDev *dev);
void              io_dev_stats(IoDev *dev, IoDevStats *out);
const GArray     *io_dev_samples(const IoDev *dev);                /* of IoSample */
/* Latency quantiles sort the stream's samples in place (their order carries nothing). */
void              io_stream_stats(IoStream *st, IoStreamStats *out);
/* Cycles a VM spent on I/O, by effective path, over all its streams. */
void              io_sim_vm_cycles(const IoSim *sim, const char *vm, IoVmCycles *out);
/* FALSE if any stream of vm goes through passthrough (it cannot live-migrate). */
gboolean          io_sim_vm_migratable(const IoSim *sim, const char *vm);

#endif
