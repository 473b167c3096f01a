/* sim/io/path.h — I/O virtualization paths and what one operation costs on each.
 *
 * A path is how a guest's request reaches a device (the taxonomy of Smith & Nair 2005, §8.4.2,
 * places the virtualization at one of three levels: I/O operation, device driver, system call):
 *   emulated     the hypervisor traps every device-register access (PIO/MMIO) of the guest's
 *                unmodified driver and emulates the device: several exits per operation
 *                (level: I/O operation);
 *   paravirtual  split driver: a front end in the guest and a back end in the driver domain or
 *                host share an asynchronous ring of requests and responses, served FCFS, with
 *                one event notification per batch of requests (Barham et al. SOSP 2003,
 *                Fraser et al. OASIS 2004) (level: device driver);
 *   passthrough  the device (or an SR-IOV virtual function) is assigned to the guest behind an
 *                IOMMU; only interrupts still exit (Dong et al.; Gordon et al. ELI, ASPLOS
 *                2012).  Needs hardware-assist generation 3, and the VM can no longer
 *                live-migrate (level: I/O operation, done by the hardware);
 *   native       the host kernel's own stack: what containers and unvirtualized hosts use
 *                (Felter et al. 2015) (level: system call).
 * A Type 2 host adds its OS's I/O stack to the software paths (Sugerman et al. USENIX ATC
 * 2001).  On a disk, the software paths may also have a block back end: serial stages a
 * request holds in turn, its stream's own path and one of its VM disk's back-end threads
 * (QEMU before 9.0: one thread per virtio-blk device), which bound throughput at depth
 * (IoPathCost.stream_ns, backend_ns).  The numbers and their sources are in path.c and
 * docs/models.md.
 *
 * Units: cycles are host core cycles; latency in ns; exits and notifications are counts per
 * operation (fractions when amortized over a batch).
 */
#ifndef IO_PATH_H
#define IO_PATH_H

#include <glib.h>
#include <stdint.h>

typedef enum {
    IO_PATH_EMULATED,
    IO_PATH_PARAVIRTUAL,
    IO_PATH_PASSTHROUGH,
    IO_PATH_NATIVE,
    IO_PATH_COUNT
} IoPath;

typedef enum {
    IO_LEVEL_SYSCALL,        /* system call: the OS interface is virtualized */
    IO_LEVEL_DRIVER,         /* device driver: a virtual driver calls the hypervisor */
    IO_LEVEL_OPERATION,      /* I/O operation: each register access / DMA is virtualized */
    IO_LEVEL_COUNT
} IoVirtLevel;

typedef enum {
    IO_HOST_TYPE1,           /* hypervisor on the hardware, its own drivers */
    IO_HOST_TYPE2,           /* hypervisor on a host OS: adds the host OS's I/O stack */
    IO_HOST_CONTAINER,       /* shares the host kernel: native path */
    IO_HOST_NATIVE,          /* no virtualization */
    IO_HOST_COUNT
} IoHostKind;

/* What the host contributes to a path's cost. */
typedef struct {
    IoHostKind host;
    double     freq_hz;          /* host core frequency, converts cycles to ns */
    double     exit_cycles;      /* one VM exit + entry round trip (the hypervisor profile's) */
    uint32_t   batch_ops;        /* requests per notification / interrupt; >= 1 */
    gboolean   posted_interrupts;/* hardware assist gen 3: an assigned device's interrupts
                                    reach the guest without an exit */
    double     host_stack_cycles;/* Type 2: the host OS's I/O stack per op (the profile's
                                    host_io) */
    double     pv_latency_ns;    /* measured paravirtual path (the profile's pv_io_latency and */
    double     pv_cycles;        /*   pv_io_cycles): replace the model's figures; 0 = model */
    gboolean   disk;             /* the device is a disk (kind disk): the block back end below */
    double     blk_stream_cycles;/* software-path disk: per op on the submitting stream's own
                                    path (kick exit, interrupt injection, EOI exit, halt and
                                    wake-up of its vCPU), serial per stream; 0 = none */
    double     blk_backend_cycles;/* software-path disk: per op on a back-end thread (QEMU's
                                    main loop or iothread), serial per thread; 0 = none */
    uint32_t   blk_backend_threads;/* back-end threads serving one VM's disk; 0 = no back-end
                                    stage (no ceiling) */
} IoPathEnv;

/* What one operation costs on a path, beyond what the same operation costs natively. */
typedef struct {
    IoPath      path;            /* the effective path (native for containers) */
    IoVirtLevel level;
    double      guest_cycles;    /* in the guest (front-end driver) */
    double      host_cycles;     /* hypervisor + driver domain / device model + host OS */
    double      latency_ns;      /* added to the request's latency */
    double      exits;           /* VM exits per op (amortized over a batch where they are) */
    double      notifications;   /* event notifications / interrupts per op */
    gboolean    migratable;      /* FALSE for passthrough */
    /* Serial stages (software-path disks with a block back end; 0 = none).  A request holds
     * each for its service time, in order: its stream's own path, then one of the
     * backend_threads threads of its VM's device; both add to its latency and bound
     * throughput: a stream at 1e9 / stream_ns ops/s, a VM's device at backend_threads * 1e9
     * / backend_ns (docs/models.md, "The block back end"). */
    double      stream_ns;
    double      backend_ns;
    uint32_t    backend_threads;
} IoPathCost;

#define IO_EXIT_CYCLES_DEFAULT 1200.0   /* assumption, see path.c; profiles override it */
#define IO_TYPE2_STACK_CYCLES  16640.0  /* Sugerman et al. 2001, see path.c */
#define IO_ISSUE_NS            5000.0   /* closed loop: the submitter's own work between a
                                           completion and its next request (think time) */
#define IO_HW_GENERATION_IOMMU 3        /* hardware assist with IOMMU / SR-IOV */

const char *io_path_name(IoPath path);
gboolean    io_path_lookup(const char *name, IoPath *out);
const char *io_level_name(IoVirtLevel level);
const char *io_host_name(IoHostKind host);
gboolean    io_host_lookup(const char *name, IoHostKind *out);

/* An env for a Type 1 host at 2.5 GHz with the default exit cost and batch 1. */
void        io_path_env_init(IoPathEnv *env);

/* The path a request really takes: containers and native hosts use the native path
 * whatever the device says. */
IoPath      io_path_effective(IoPath path, IoHostKind host);
IoVirtLevel io_path_level(IoPath path);
gboolean    io_path_migratable(IoPath path);

/* Fills *cost for `path` on `env` (the path is first made effective for env->host). */
void        io_path_cost(IoPath path, const IoPathEnv *env, IoPathCost *cost);

/* Ceiling of one stream's ops/s from the serial stages: its own path (submit_ns, the
 * submitter's own time per request, plus cost->stream_ns) and its device's back end alone;
 * INFINITY when neither applies. */
double      io_path_stage_cap_ops_per_s(const IoPathCost *cost, double submit_ns);

/* Passthrough needs hardware-assist generation >= 3 (IOMMU, SR-IOV); FALSE with
 * IO_ERROR_HARDWARE naming the device otherwise.  Other paths always pass. */
gboolean    io_path_check_hardware(IoPath path, int hw_generation, const char *device,
                                   GError **error);

#endif
