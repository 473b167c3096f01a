/* sim/io/config.c — host devices and VM I/O streams; see scnio.h. */
#include "sim/io/config.h"

#include <string.h>

#include "sim/io/path.h"

void scn_device_free(gpointer p)
{
    ScnDevice *dev = p;
    g_free(dev->name);
    g_free(dev);
}

void scn_vm_io_free(gpointer p)
{
    ScnVmIo *io = p;
    g_free(io->device);
    g_free(io);
}

GPtrArray *scn_devices_copy(GPtrArray *devices)
{
    GPtrArray *copy = g_ptr_array_new_with_free_func(scn_device_free);
    for (guint i = 0; devices && i < devices->len; i++) {
        const ScnDevice *src = g_ptr_array_index(devices, i);
        ScnDevice *dev = g_new(ScnDevice, 1);
        dev->name = g_strdup(src->name);
        dev->spec = src->spec;
        dev->spec.name = dev->name;
        g_ptr_array_add(copy, dev);
    }
    return copy;
}

const ScnDevice *scn_device_find(GPtrArray *devices, const char *name)
{
    for (guint i = 0; devices && i < devices->len; i++) {
        const ScnDevice *dev = g_ptr_array_index(devices, i);
        if (strcmp(dev->name, name) == 0)
            return dev;
    }
    return NULL;
}

static gboolean refail(GError **error, ScnDoc *d, ScnNode *n, GError *inner)
{
    scn_fail(error, d, n, SCN_ERROR_CONFLICT, "%s", inner->message);
    g_error_free(inner);
    return FALSE;
}

static const char *const classes[] = { "dedicated", "partitioned", "shared", "spooled",
                                       "virtual", NULL };
static const char *const kinds[] = { "nic", "disk", "gpu", "display", "printer", "vnic", NULL };
static const char *const paths[] = { "emulated", "paravirtual", "passthrough", NULL };
static const char *const services[] = { "deterministic", "exponential", NULL };

static gboolean read_kind(void *obj, ScnDoc *d, ScnNode *n, GError **error);

/* Read by read_device below.  The enumerations' names are in the order of sim/io's enums;
 * ring, batch and partitions are uint32_t fields read as INT (same size, in range). */
const ScnKey scn_device_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = offsetof(ScnDevice, name),
      .required = TRUE, .def_doc = "— (required)", .doc = "unique on the host" },
    { .key = "class", .type = SCN_KEY_ENUM, .names = classes,
      .offset = offsetof(ScnDevice, spec.klass), .def = "shared",
      .doc = "the sharing rule (below)" },
    { .key = "kind", .type = SCN_KEY_ENUM, .names = kinds, .read = read_kind,
      .offset = offsetof(ScnDevice, spec.kind), .def = "nic",
      .doc = "written to devices.csv; only a `disk` may have a `capacity`; a trace VM's disk throughput drives its streams on "
             "`disk` devices, its network throughput those on `nic` and `vnic` "
             "(docs/traces.md)" },
    { .key = "bandwidth", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE, .lo = 0,
      .hi = 1e15, .offset = offsetof(ScnDevice, spec.bandwidth_bytes_per_s), .def = "0",
      .def_doc = "`0` (no limit)", .doc = "0 .. 10^15 B/s" },
    { .key = "iops", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0, .hi = 1e12,
      .offset = offsetof(ScnDevice, spec.iops_per_s), .def = "0", .def_doc = "`0` (no limit)",
      .doc = "0 .. 10^12 /s; `bandwidth` and `iops` cannot both be 0" },
    { .key = "path", .type = SCN_KEY_ENUM, .names = paths,
      .offset = offsetof(ScnDevice, spec.path), .def = "paravirtual",
      .doc = "`passthrough` needs hardware assist of generation 3" },
    { .key = "ring", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 20,
      .offset = offsetof(ScnDevice, spec.ring_slots),
      .def = "256", .doc = "0 .. 1048576: queue slots of the request-level I/O model; runs use "
                           "the fluid model, which does not read it" },
    { .key = "batch", .type = SCN_KEY_INT, .lo = 1, .hi = 1 << 20,
      .offset = offsetof(ScnDevice, spec.batch_ops),
      .def = "1", .doc = "1 .. 1048576: requests per notification (paravirtual kick, "
                         "passthrough interrupt)" },
    { .key = "partitions", .type = SCN_KEY_INT, .lo = 1, .hi = 1 << 16,
      .offset = offsetof(ScnDevice, spec.partitions),
      .def = "1", .doc = "1 .. 65536; more than 1 only with `class: partitioned`" },
    { .key = "capacity", .type = SCN_KEY_SIZE, .offset = offsetof(ScnDevice, spec.capacity_bytes),
      .def = "0", .def_doc = "`0` (not modelled)",
      .doc = "a disk's storage: VM images (`vms: disk`) consume it, a partitioned disk a "
             "whole slice (capacity / partitions) per VM; a host whose disks are full "
             "takes no VM that needs an image (only with `kind: disk`)" },
    { .key = "service", .type = SCN_KEY_ENUM, .names = services,
      .offset = offsetof(ScnDevice, spec.service),
      .def = "deterministic", .doc = "service-time distribution around its mean (M/D/1 or "
                                     "M/M/1 waiting)" },
    { NULL },
};

/* Read by read_io below. */
const ScnKey scn_vm_io_keys[] = {
    { .key = "device", .type = SCN_KEY_STRING, .offset = offsetof(ScnVmIo, device),
      .required = TRUE, .type_doc = "device name", .def_doc = "— (required)",
      .doc = "a device of the VM's `host`" },
    { .key = "ops", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0, .hi = 1e12,
      .offset = offsetof(ScnVmIo, ops_per_s), .def = "0",
      .doc = "0 .. 10^12 /s: requests offered per second while the VM runs" },
    { .key = "bytes", .type = SCN_KEY_SIZE, .offset = offsetof(ScnVmIo, bytes_per_op),
      .def = "4096 B",
      .doc = "bytes per request" },
    { .key = "read", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnVmIo, read_frac), .def = "70%",
      .doc = "share of reads; recorded in resolved.yaml, not used by the fluid model" },
    { .key = "depth", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 20,
      .offset = offsetof(ScnVmIo, depth), .def = "0", .def_doc = "`0` (open loop)",
      .doc = "0 .. 1048576: queue depth, the requests kept outstanding (closed loop: a new "
             "one is issued when one completes, at most `ops` per second when `ops` is set; "
             "throughput = depth / latency, Little's law); 0 = open loop at `ops`" },
    { .key = "ops_per_job", .type = SCN_KEY_INT, .lo = 1, .hi = 1 << 20,
      .offset = offsetof(ScnVmIo, ops_per_job), .def = "1",
      .doc = "1 .. 1048576: on a spooled device, requests per job; a job is spooled whole, "
             "then occupies the device until done (FIFO by job); other classes ignore it" },
    { .key = "submit", .type = SCN_KEY_DURATION, .offset = offsetof(ScnVmIo, submit_ns),
      .def = "0", .def_doc = "`0` (not modelled)",
      .doc = "the time the stream's one submitting thread spends per request (its system "
             "calls and completion handling: fio's CPU per I/O), serial and part of each "
             "request's latency, so one stream completes at most 1 / `submit` requests per "
             "second however deep; a virtualized disk adds its profile's `blk_stream` to it" },
    { NULL },
};

/* kind: its own message (a label, and which trace series drives its streams). */
static gboolean read_kind(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    const char *v = NULL;
    if (!scn_get_string(d, n, &v, error))
        return FALSE;
    if (!io_kind_lookup(v, &((ScnDevice *)obj)->spec.kind))
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN,
                        "unknown device kind '%s' (expected nic, disk, gpu, display, printer "
                        "or vnic)", v);
    return TRUE;
}

static ScnDevice *device_new(void)
{
    ScnDevice *dev = g_new0(ScnDevice, 1);
    io_device_spec_init(&dev->spec, NULL);      /* fields the table does not name */
    scn_schema_defaults(scn_device_keys, dev);
    return dev;
}

/* Checks of a whole device: its name is new on the host, its numbers are consistent, its
 * path is possible on the host's hardware. */
static gboolean check_device(GPtrArray *out, const ScnDevice *dev, ScnDoc *d, ScnNode *n,
                             int hw_gen, GError **error)
{
    GError *inner = NULL;
    if (scn_device_find(out, dev->name))
        return scn_fail(error, d, scn_map_get(d, n, "name"), SCN_ERROR_CONFLICT,
                        "device name '%s' is used twice on this host", dev->name);
    if (dev->spec.capacity_bytes > 0 && dev->spec.kind != IO_KIND_DISK)
        return scn_fail(error, d, scn_map_get(d, n, "capacity"), SCN_ERROR_CONFLICT,
                        "device '%s' is a %s: only a disk has a storage capacity (expected "
                        "kind: disk)", dev->name, io_kind_name(dev->spec.kind));
    if (!io_device_spec_check(&dev->spec, &inner))
        return refail(error, d, n, inner);
    if (!io_path_check_hardware(dev->spec.path, hw_gen, dev->name, &inner))
        return refail(error, d, scn_map_get(d, n, "path"), inner);
    return TRUE;
}

static gboolean read_device(GPtrArray *out, ScnDoc *d, ScnNode *n, int hw_gen, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_device_keys);
    if (!scn_expect_map(d, n, "a device", error) || !scn_check_keys(d, n, keys, "a device", error))
        return FALSE;
    if (!scn_map_get(d, n, "name"))
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a device has no 'name'");
    ScnDevice *dev = device_new();
    gboolean ok = scn_schema_read_values(scn_device_keys, "a device", dev, d, n, error);
    dev->spec.name = dev->name;
    if (!ok || !check_device(out, dev, d, n, hw_gen, error)) {
        scn_device_free(dev);
        return FALSE;
    }
    g_ptr_array_add(out, dev);
    return TRUE;
}

gboolean scn_read_devices(GPtrArray *out, ScnDoc *d, ScnNode *list, int hw_gen,
                          GError **error)
{
    if (!scn_expect_seq(d, list, "devices", error))
        return FALSE;
    for (size_t i = 0; i < scn_seq_len(list); i++)
        if (!read_device(out, d, scn_seq_item(d, list, i), hw_gen, error))
            return FALSE;
    return TRUE;
}

/* A job is spooled whole: it must fit the ring and the stream's depth. */
static gboolean check_job(const ScnVmIo *io, const ScnDevice *dev, ScnDoc *d, ScnNode *n,
                          GError **error)
{
    ScnNode *jn = scn_map_get(d, n, "ops_per_job");
    uint32_t ring = dev->spec.ring_slots;
    if (dev->spec.klass != IO_CLASS_SPOOLED)
        return TRUE;                    /* other classes serve request by request */
    if ((ring && io->ops_per_job > ring) || (io->depth && io->ops_per_job > io->depth))
        return scn_fail(error, d, jn ? jn : n, SCN_ERROR_CONFLICT, "a job of %u requests "
                        "cannot fit %s %u (expected ops_per_job <= the device's ring and "
                        "the stream's depth)", io->ops_per_job,
                        ring && io->ops_per_job > ring ? "the ring of" : "the depth",
                        ring && io->ops_per_job > ring ? ring : io->depth);
    return TRUE;
}

static gboolean read_io(GPtrArray *out, ScnDoc *d, ScnNode *n, GPtrArray *devices,
                        const char *host, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_vm_io_keys);
    if (!scn_expect_map(d, n, "an io stream", error) ||
        !scn_check_keys(d, n, keys, "an io stream", error))
        return FALSE;
    ScnNode *dn = scn_map_get(d, n, "device");
    if (!dn)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "an io stream needs 'device'");
    ScnVmIo *io = g_new0(ScnVmIo, 1);
    g_ptr_array_add(out, io);                   /* freed with out on error */
    scn_schema_defaults(scn_vm_io_keys, io);
    if (!scn_schema_read_values(scn_vm_io_keys, "an io stream", io, d, n, error))
        return FALSE;
    const ScnDevice *dev = scn_device_find(devices, io->device);
    if (!dev)
        return scn_fail(error, d, dn, SCN_ERROR_UNKNOWN, "host '%s' has no device '%s'", host,
                        io->device);
    return check_job(io, dev, d, n, error);
}

gboolean scn_read_vm_io(GPtrArray *out, ScnDoc *d, ScnNode *list, GPtrArray *host_devices,
                        const char *host, GError **error)
{
    if (!scn_expect_seq(d, list, "io", error))
        return FALSE;
    if (!host)
        return scn_fail(error, d, list, SCN_ERROR_MISSING,
                        "a VM with 'io' needs 'host' (its devices are on that host)");
    for (size_t i = 0; i < scn_seq_len(list); i++)
        if (!read_io(out, d, scn_seq_item(d, list, i), host_devices, host, error))
            return FALSE;
    return TRUE;
}

static void write_list(ScnWriter *w, const char *key, GPtrArray *items, const ScnKey *keys)
{
    if (!items->len)
        return;
    scn_yaml_scalar(w, key);
    scn_yaml_seq_begin(w, TRUE);
    for (guint i = 0; i < items->len; i++) {
        scn_yaml_map_begin(w, TRUE);
        scn_schema_write_keys(w, keys, g_ptr_array_index(items, i));
        scn_yaml_map_end(w);
    }
    scn_yaml_seq_end(w);
}

void scn_write_devices(ScnWriter *w, GPtrArray *devices)
{
    write_list(w, "devices", devices, scn_device_keys);
}

void scn_write_vm_io(ScnWriter *w, GPtrArray *io)
{
    write_list(w, "io", io, scn_vm_io_keys);
}
