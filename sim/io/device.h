/* sim/io/device.h — I/O devices: their sharing class, their kind, their capacity, and the
 * service time of one request.
 *
 * A device class is a sharing rule (Smith & Nair, "Virtual Machines", 2005, §8.4 device
 * taxonomy):
 *   dedicated    one VM holds the device for the whole run (display, keyboard);
 *   partitioned  static slices offered to VMs as dedicated devices (disk partitions): each
 *                slice gets 1/partitions of the bandwidth and IOPS, and slices never interfere;
 *   shared       multiplexed request by request (a NIC): one FCFS queue for every VM;
 *   spooled      shared at coarse grain (a printer): whole jobs, one at a time, FCFS by job;
 *   virtual      no physical counterpart (a virtual NIC or bridge between co-located VMs):
 *                its "bandwidth" is the host's memory-copy bandwidth and its work costs host
 *                CPU cycles instead of device time.
 *
 * Service time of one request of b bytes on a server with bandwidth B (bytes/s) and an
 * operation limit I (ops/s): S = max(1/I, b/B).  A limit of 0 means "no limit"; at least one
 * of the two must be set.  Units: bytes, bytes/s, ops/s; times in SimTimeNs.
 */
#ifndef IO_DEVICE_H
#define IO_DEVICE_H

#include "sim/core/time.h"
#include "sim/io/error.h"
#include "sim/io/path.h"

#include <glib.h>
#include <stdint.h>

typedef enum {
    IO_CLASS_DEDICATED,
    IO_CLASS_PARTITIONED,
    IO_CLASS_SHARED,
    IO_CLASS_SPOOLED,
    IO_CLASS_VIRTUAL,
    IO_CLASS_COUNT
} IoDeviceClass;

typedef enum {
    IO_KIND_NIC,
    IO_KIND_DISK,
    IO_KIND_GPU,
    IO_KIND_DISPLAY,
    IO_KIND_PRINTER,
    IO_KIND_VNIC,
    IO_KIND_COUNT
} IoDeviceKind;

/* How a request's service time is drawn around its mean S = max(1/I, b/B). */
typedef enum {
    IO_SERVICE_DETERMINISTIC,   /* exactly S (default) */
    IO_SERVICE_EXPONENTIAL,     /* exponential with mean S (for M/M/1 checks) */
    IO_SERVICE_COUNT
} IoServiceDist;

/* Plain record, as the scenario parser fills it. */
typedef struct {
    const char   *name;                   /* "nic0" (not owned) */
    IoDeviceClass klass;
    IoDeviceKind  kind;
    double        bandwidth_bytes_per_s;  /* 0: no bandwidth limit */
    double        iops_per_s;             /* 0: no operation limit */
    IoPath        path;                   /* how guests reach it */
    uint32_t      ring_slots;             /* per-VM request ring; 0: unbounded */
    uint32_t      batch_ops;              /* requests per notification; >= 1 */
    uint32_t      partitions;             /* slices of a partitioned device; >= 1 */
    uint64_t      capacity_bytes;         /* a disk's storage (sim/io/storage.h); 0: none */
    IoServiceDist service;
} IoDeviceSpec;

const char *io_class_name(IoDeviceClass klass);
gboolean    io_class_lookup(const char *name, IoDeviceClass *out);     /* FALSE if unknown */
const char *io_kind_name(IoDeviceKind kind);
gboolean    io_kind_lookup(const char *name, IoDeviceKind *out);
const char *io_service_name(IoServiceDist dist);
gboolean    io_service_lookup(const char *name, IoServiceDist *out);

/* Fills the defaults: shared NIC, no limits set, paravirtual, ring 256, batch 1, 1 slice. */
void        io_device_spec_init(IoDeviceSpec *spec, const char *name);

/* Checks a spec on its own (limits >= 0, not both 0, batch >= 1, partitions >= 1 and > 1
 * only for partitioned devices, a capacity only on a disk); FALSE with IO_ERROR_INVALID otherwise. */
gboolean    io_device_spec_check(const IoDeviceSpec *spec, GError **error);

/* Checks who uses the device: a dedicated device must have one VM (IO_ERROR_DEDICATED names
 * the device and both VMs); a partitioned one at most `partitions` distinct VMs.  vms may
 * repeat a name (two streams of one VM).  Order is the scenario's order. */
gboolean    io_device_check_users(const IoDeviceSpec *spec, const char *const *vms,
                                  size_t n_vms, GError **error);

/* The capacity a server of this device has: the whole device, or one slice. */
double      io_slice_bandwidth_bytes_per_s(const IoDeviceSpec *spec);
double      io_slice_iops_per_s(const IoDeviceSpec *spec);

/* S = max(1/iops, bytes/bandwidth) in seconds (a 0 limit drops its term). */
double      io_service_s(double bandwidth_bytes_per_s, double iops_per_s, double bytes);
/* The same, rounded up to whole nanoseconds (at least 1 ns). */
SimTimeNs   io_service_ns(double bandwidth_bytes_per_s, double iops_per_s, double bytes);

#endif
