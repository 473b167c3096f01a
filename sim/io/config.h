/* sim/io/config.h — the I/O part of the scenario: each host's devices, each VM's I/O streams.
 *
 * host:  devices: [ { name: nic0, class: shared, kind: nic, bandwidth: 10 Gbit/s,
 *                     iops: 100000/s, path: paravirtual, ring: 256, batch: 1,
 *                     partitions: 1, service: deterministic } ]
 * VM:    io: [ { device: nic0, ops: 2000/s, bytes: 4 KiB, read: 70%, depth: 16,
 *               submit: 17us } ]
 * A VM with `io:` names its `host:`, and its devices must be on that host; a dedicated
 * device serves one VM only; passthrough needs hardware-assist generation 3.
 */
#ifndef SIM_SCNIO_H
#define SIM_SCNIO_H

#include "sim/io/device.h"
#include "sim/yaml/schema.h"

typedef struct {
    char         *name;
    IoDeviceSpec  spec;           /* spec.name points at name */
} ScnDevice;

typedef struct {
    char   *device;
    double  ops_per_s;
    uint64_t bytes_per_op;
    double  read_frac;
    uint32_t depth;               /* outstanding requests (closed loop); 0: open loop */
    uint32_t ops_per_job;         /* spooled devices: requests per job (>= 1) */
    int64_t  submit_ns;           /* the submitting thread's own time per request, serial
                                     (fio's CPU per I/O); 0: not modelled */
} ScnVmIo;

void     scn_device_free(gpointer p);
void     scn_vm_io_free(gpointer p);
GPtrArray *scn_devices_copy(GPtrArray *devices);
/* host `devices:` list; hw_gen is the host's hardware-assist generation (passthrough). */
/* The key tables of a host's `devices:` entries and a VM's `io:` streams (schema.h). */
extern const ScnKey scn_device_keys[], scn_vm_io_keys[];

gboolean scn_read_devices(GPtrArray *out, ScnDoc *d, ScnNode *list, int hw_gen,
                          GError **error);
/* VM `io:` list against the devices of its host. */
gboolean scn_read_vm_io(GPtrArray *out, ScnDoc *d, ScnNode *list, GPtrArray *host_devices,
                        const char *host, GError **error);
const ScnDevice *scn_device_find(GPtrArray *devices, const char *name);
/* `devices:` and `io:` for resolved.yaml, through the tables (nothing when empty). */
void     scn_write_devices(ScnWriter *w, GPtrArray *devices);
void     scn_write_vm_io(ScnWriter *w, GPtrArray *io);

#endif
