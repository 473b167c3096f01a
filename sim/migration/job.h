/* sim/migration/job.h — one live migration: its parameters, the VM hooks, the transfer
 * mechanics every strategy shares, and the result record.
 *
 * A MigJob moves one VM from a source to a destination host of a SimNet.  The strategy
 * (strategy.h) decides what to send and when to stop the VM; the job does the mechanics:
 * every transfer is a SimNet flow (competing with all other flows, capped at
 * params.bandwidth_bytes_per_s), downtime is the time between mig_job_pause() and
 * mig_job_resume(), degradation is the time-averaged fraction of speed the running VM
 * loses to throttling (auto-converge) and network page-fault stalls.
 *
 * The model (sim/dc/datacenter.c) supplies the VM through MigVmOps; the job never sees the VM's
 * struct.  Units: bytes, pages, pages/s, SimTimeNs; fractions in 0..1.
 * Ownership: the caller owns the job (mig_job_free(), allowed inside the done callback),
 * the SimNet, the SimRng and the VM.
 */
#ifndef MIG_JOB_H
#define MIG_JOB_H

#include "sim/core/net.h"
#include "sim/core/rng.h"
#include "sim/memory/dirty.h"
#include "sim/migration/codec.h"

typedef struct MigJob MigJob;
typedef struct MigStrategyOps MigStrategyOps;

/* What the migration needs from the VM; `vm` is the model's opaque pointer. */
typedef struct {
    void     (*pause)(void *vm);                          /* stop it on the source */
    void     (*resume)(void *vm, uint32_t dst_host);      /* run it on the destination */
    /* The VM runs at speed_frac of its normal speed (1: unaffected; 0: stalled on a
     * network page fault; 1 − throttle under auto-converge).  May be NULL. */
    void     (*set_speed)(void *vm, double speed_frac);
    uint64_t (*memory_bytes)(void *vm);
    uint64_t (*page_bytes)(void *vm);
    double   (*dirty_pages_per_s)(void *vm);              /* guest write rate, unthrottled */
    uint64_t (*wws_pages)(void *vm);                      /* writable/working set */
    double   (*access_pages_per_s)(void *vm);             /* page touches over the WS */
    double   (*cpu_share_frac)(void *vm);                 /* CPU it gets; may be NULL (= 1) */
    /* FALSE and *reason (g_malloc'd) when the VM cannot move (passthrough device).
     * May be NULL (= migratable). */
    gboolean (*migratable)(void *vm, char **reason);
    /* Reserves bytes on the destination; FALSE and *reason when it does not fit.
     * May be NULL (= always fits). */
    gboolean (*reserve_dest)(void *vm, uint32_t dst_host, uint64_t bytes, char **reason);
    /* CPU work (cycles) the source spends sending a transfer.  May be NULL. */
    void     (*source_cpu)(void *vm, uint32_t src_host, double cycles);
    /* Page writes per second into memory outside the working set (cold set).  May be NULL
     * (= none). */
    double   (*cold_dirty_pages_per_s)(void *vm);
    /* Pages one write burst covers (spatial locality of the per-page model).  May be NULL
     * (= 1). */
    uint32_t (*write_run_pages)(void *vm);
    /* Clock of one source core, Hz: bounds what compression threads can encode.  May be
     * NULL (= compression never limits the rate). */
    double   (*source_core_hz)(void *vm, uint32_t src_host);
} MigVmOps;

/* Plain record: the resolved `migration:` block of a scenario. */
typedef struct {
    SimTimeNs  max_downtime_ns;          /* pre-copy stop rule; default 300 ms (QEMU) */
    uint32_t   max_rounds;               /* live pre-copy rounds; default 30 (Xen) */
    double     max_sent_factor;          /* stop when live rounds sent > f × memory; 3 (Xen);
                                            0 = off */
    double     min_shrink_frac;          /* stop when V(i+1) > (1 − f) V(i); 0 = off */
    double     bandwidth_bytes_per_s;    /* cap on each migration flow; 0 = none */
    gboolean   auto_converge;            /* QEMU-style guest throttling; default off */
    double     throttle_initial_frac;    /* 0.20 (QEMU cpu-throttle-initial) */
    double     throttle_increment_frac;  /* 0.10 (QEMU cpu-throttle-increment) */
    double     throttle_max_frac;        /* 0.99 (QEMU max-cpu-throttle) */
    double     throttle_trigger_frac;    /* dirtied > f × sent in a round; 0.5 (QEMU) */
    uint64_t   state_bytes;              /* CPU + device state; default 2 MiB (assumed) */
    uint32_t   prepage_pages;            /* post-copy pre-paging around a fault; 0 = off */
    double     send_cycles_per_byte;     /* source CPU cost of sending; 0 = none */
    gboolean   dirty_scaled_by_cpu;      /* dirty/access rate × cpu_share_frac; default on */
    MemDirtyModel dirty_model;           /* sim/memory/dirty.h; default exponential */
    uint32_t   stop_rules;               /* index into rules.h's presets; 0 = "default" */
    MigCodecParams codec;                /* compression on the wire (codec.h); off */
    /* Migration energy E = energy_j_per_mb × MB on the wire + energy_fixed_j (Liu et al.). */
    double     energy_j_per_mb, energy_fixed_j;
} MigParams;

typedef enum {
    MIG_ERROR_SAME_HOST = 1,
    MIG_ERROR_NOT_MIGRATABLE,
    MIG_ERROR_NO_MEMORY,
} MigErrorCode;
#define MIG_ERROR (mig_error_quark())
GQuark mig_error_quark(void);

/* One row of migrations.csv.  Strings are owned by the job. */
typedef struct {
    const char *vm, *strategy, *trigger;
    uint32_t    src_host, dst_host;
    gboolean    refused;                 /* not started; reason says why */
    const char *reason;                  /* refusal, or what ended pre-copy ("downtime",
                                            "max_rounds", "max_sent", "min_shrink"); may be
                                            NULL */
    gboolean    finished;
    SimTimeNs   start_ns, end_ns, total_ns, downtime_ns;
    uint64_t    bytes_sent, pages_sent;  /* pages_sent counts memory pages, with repeats */
    uint32_t    rounds;                  /* pre-copy rounds while the VM ran */
    uint64_t    faults;                  /* post-copy network page faults */
    SimTimeNs   stall_ns;                /* VM time stalled on them */
    double      degradation_frac;        /* ∫(1 − speed) dt / (total − downtime) */
    double      max_throttle_frac;       /* auto-converge's deepest throttle */
    uint64_t    saved_bytes;             /* bytes compression kept off the wire */
    double      codec_cycles;            /* source CPU cycles spent encoding */
    double      energy_j;                /* Liu et al. 2011 over bytes_sent */
} MigResult;

/* One line of rounds.csv: a live pre-copy round, the stop-and-copy, or one second of
 * post-copy pulling. */
typedef enum { MIG_PHASE_LIVE, MIG_PHASE_STOP, MIG_PHASE_PULL } MigPhase;
typedef struct {
    MigPhase  phase;
    uint32_t  round;                     /* live: 1, 2, ...; stop: rounds + 1; pull: 1 s bins */
    SimTimeNs start_ns, duration_ns;
    uint64_t  bytes_sent, pages_sent;    /* bytes on the wire (after compression) */
    uint64_t  dirtied_pages;             /* distinct pages the guest wrote during it */
    uint64_t  dirty_left_pages;          /* the dirty set when it ended (sent next) */
    double    rate_limit_bytes_per_s;    /* the round's rate limit; 0 = none */
    uint64_t  faults;                    /* post-copy network page faults */
} MigRound;

typedef void (*MigDoneFn)(MigJob *job, const MigResult *result, void *user);

typedef struct {
    const MigStrategyOps *strategy;
    const MigParams      *params;       /* copied */
    const MigVmOps       *vm_ops;       /* must outlive the job */
    void                 *vm;
    const char           *vm_name, *trigger;   /* copied; trigger may be NULL ("migrate") */
    uint32_t              src_host, dst_host;
    SimRng               *rng;          /* post-copy faults; may be NULL without them */
    MigDoneFn             done;         /* called once, from an engine event; may be NULL */
    void                 *done_user;
} MigJobSpec;

void       mig_params_init(MigParams *p);          /* the defaults above */

MigJob    *mig_job_new(SimNet *net, const MigJobSpec *spec);
void       mig_job_free(MigJob *job);               /* NULL is a no-op; cancels transfers */
/* Checks the rules (distinct hosts, migratable, destination memory) and starts the
 * strategy.  FALSE with error (MIG_ERROR) when refused; the result then says refused. */
gboolean   mig_job_start(MigJob *job, GError **error);
const MigResult *mig_job_result(const MigJob *job);
/* The result so far of a job still in flight: bytes include what its transfers have put on
 * the wire, end_ns is now.  For a finished job the same as mig_job_result(). */
MigResult  mig_job_snapshot(MigJob *job);
/* The rounds recorded so far, in order; *n_out gets their number. */
const MigRound *mig_job_rounds(const MigJob *job, guint *n_out);

/* ---- for strategies ------------------------------------------------------------------ */

typedef struct {
    uint64_t  pages, bytes;
    SimTimeNs start_ns, duration_ns;     /* start to delivery, latency included */
} MigSent;

/* What a strategy supplies (sim/migration/strategy.h lists the built-in ones): the job
 * calls these slots from its engine events, never re-entrantly. */
struct MigStrategyOps {
    const char *name;            /* the value of `strategy:` in scenario YAML */
    const char *description;     /* one line, for `vdcsim list` */
    size_t      state_bytes;     /* allocated and zeroed by mig_job_new() */
    /* Begins the migration (the rules were checked): send something or pause the VM. */
    void      (*start)(MigJob *job, void *state);
    /* A transfer started with mig_job_send(job, …, tag) was delivered. */
    void      (*on_sent)(MigJob *job, void *state, uint32_t tag, const MigSent *sent);
    void      (*clear)(void *state);   /* frees what state holds; may be NULL */
};

typedef void (*MigSentFn)(MigJob *job, const MigSent *sent, void *ctx);

/* Sends pages × page_bytes + extra_bytes source → destination (or back, to_source: a
 * request); fn(job, sent, ctx) on delivery. */
void       mig_job_transfer(MigJob *job, gboolean to_source, uint64_t pages,
                            uint64_t extra_bytes, MigSentFn fn, void *ctx);
/* The same, also calling drained(job, NULL, ctx) when its last byte has left the source
 * (pages > 0 or extra_bytes > 0): a pipelining sender starts its next transfer then. */
void       mig_job_transfer_pipelined(MigJob *job, uint64_t pages, uint64_t extra_bytes,
                                      MigSentFn drained, MigSentFn fn, void *ctx);
/* The same, delivering to the strategy's on_sent slot with tag. */
void       mig_job_send(MigJob *job, uint64_t pages, uint64_t extra_bytes, uint32_t tag);
void       mig_job_pause(MigJob *job);             /* downtime begins */
void       mig_job_resume(MigJob *job);            /* downtime ends; VM on destination */
void       mig_job_finish(MigJob *job);            /* all state at destination */
void       mig_job_set_throttle(MigJob *job, double throttle_frac);
/* The running VM waits on network page faults stall_frac of its time (0..1): its speed is
 * (1 − stall_frac)(1 − throttle) and stall_ns grows by stall_frac per ns. */
void       mig_job_set_stall(MigJob *job, double stall_frac);
/* Post-copy progress of one 1 s bin after the resume (bin 1 is the first second): bytes
 * and pages delivered, network page faults.  Once called, the job no longer bins the
 * deliveries itself. */
void       mig_job_add_pull(MigJob *job, uint32_t bin, uint64_t bytes, uint64_t pages,
                            uint64_t faults);
void       mig_job_set_rounds(MigJob *job, uint32_t rounds);
void       mig_job_set_reason(MigJob *job, const char *reason);   /* static string */
/* Appends a row to the job's rounds (rounds.csv). */
void       mig_job_add_round(MigJob *job, const MigRound *round);
/* Caps the transfers started from now on at bytes_per_s (0: only params.bandwidth). */
void       mig_job_set_rate_limit(MigJob *job, double bytes_per_s);
/* Replaces the job's wire codec (a strategy that compresses whatever the scenario says). */
void       mig_job_set_codec(MigJob *job, const MigCodecParams *codec);
double     mig_job_rate_limit(const MigJob *job);
/* Like mig_job_send, for pages of which resent_pages were sent before (delta candidates
 * for XBZRLE); compression applies to both. */
void       mig_job_send_pages(MigJob *job, uint64_t pages, uint64_t resent_pages,
                              uint64_t extra_bytes, uint32_t tag);

SimEngine       *mig_job_engine(const MigJob *job);
const MigParams *mig_job_params(const MigJob *job);
SimRng          *mig_job_rng(const MigJob *job);
uint64_t   mig_job_memory_pages(const MigJob *job);
uint64_t   mig_job_page_bytes(const MigJob *job);
uint64_t   mig_job_wws_pages(const MigJob *job);
double     mig_job_throttle(const MigJob *job);
double     mig_job_stall(const MigJob *job);           /* mig_job_set_stall()'s fraction */
/* Distinct pages the guest dirties in interval_ns at its current (throttled) rate. */
uint64_t   mig_job_dirty_pages(const MigJob *job, SimTimeNs interval_ns);
/* The transfers in flight: their bytes on the wire, how many have drained so far, and their
 * current drain rate (all 0 when none). */
void       mig_job_in_flight(MigJob *job, double *bytes, double *drained_bytes,
                             double *rate_bytes_per_s);
SimTimeNs  mig_job_path_latency_ns(const MigJob *job);   /* one way, source → destination */
/* Page touches per second of the running guest (post-copy fault model). */
double     mig_job_access_pages_per_s(const MigJob *job);

#endif
