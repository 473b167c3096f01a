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

/* Read by read_device below (enumerations go through sim/io's name tables). */
const ScnKey scn_device_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD,
      .def_doc = "— (required)", .doc = "unique on the host" },
    { .key = "class", .type = SCN_KEY_ENUM, .names = classes, .offset = SCN_NO_FIELD,
      .def = "shared", .doc = "the sharing rule (below)" },
    { .key = "kind", .type = SCN_KEY_ENUM, .names = kinds, .offset = SCN_NO_FIELD, .def = "nic",
      .doc = "a label, written to devices.csv" },
    { .key = "bandwidth", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_DATA_RATE, .lo = 0,
      .hi = 1e15, .offset = SCN_NO_FIELD, .def = "0", .def_doc = "`0` (no limit)",
      .doc = "0 .. 10^15 B/s" },
    { .key = "iops", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0, .hi = 1e12,
      .offset = SCN_NO_FIELD, .def = "0", .def_doc = "`0` (no limit)",
      .doc = "0 .. 10^12 /s; `bandwidth` and `iops` cannot both be 0" },
    { .key = "path", .type = SCN_KEY_ENUM, .names = paths, .offset = SCN_NO_FIELD,
      .def = "paravirtual", .doc = "`passthrough` needs hardware assist of generation 3" },
    { .key = "ring", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 20, .offset = SCN_NO_FIELD,
      .def = "256", .doc = "0 .. 1048576: queue slots of the request-level I/O model; runs use "
                           "the fluid model, which does not read it" },
    { .key = "batch", .type = SCN_KEY_INT, .lo = 1, .hi = 1 << 20, .offset = SCN_NO_FIELD,
      .def = "1", .doc = "1 .. 1048576: requests per notification (paravirtual kick, "
                         "passthrough interrupt)" },
    { .key = "partitions", .type = SCN_KEY_INT, .lo = 1, .hi = 1 << 16, .offset = SCN_NO_FIELD,
      .def = "1", .doc = "1 .. 65536; more than 1 only with `class: partitioned`" },
    { .key = "service", .type = SCN_KEY_ENUM, .names = services, .offset = SCN_NO_FIELD,
      .def = "deterministic", .doc = "service-time distribution around its mean (M/D/1 or "
                                     "M/M/1 waiting)" },
    { NULL },
};

/* Read by read_io below. */
const ScnKey scn_vm_io_keys[] = {
    { .key = "device", .type = SCN_KEY_STRING, .offset = SCN_NO_FIELD, .type_doc = "device name",
      .def_doc = "— (required)", .doc = "a device of the VM's `host`" },
    { .key = "ops", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_EVENT_RATE, .lo = 0, .hi = 1e12,
      .offset = SCN_NO_FIELD, .def = "0",
      .doc = "0 .. 10^12 /s: requests offered per second while the VM runs" },
    { .key = "bytes", .type = SCN_KEY_SIZE, .offset = SCN_NO_FIELD, .def = "4096 B",
      .doc = "bytes per request" },
    { .key = "read", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = SCN_NO_FIELD, .def = "70%",
      .doc = "share of reads; recorded in resolved.yaml, not used by the fluid model" },
    { NULL },
};

/* Enumerated device fields, each through its module's name table. */
static gboolean read_device_names(IoDeviceSpec *s, ScnDoc *d, ScnNode *n, GError **error)
{
    const char *v = NULL;
    int k;
    if ((scn_map_get(d, n, "class") && !(scn_opt_enum(d, n, "class", classes, &k, error) &&
                                         io_class_lookup(classes[k], &s->klass))) ||
        (scn_map_get(d, n, "path") && !(scn_opt_enum(d, n, "path", paths, &k, error) &&
                                        io_path_lookup(paths[k], &s->path))) ||
        (scn_map_get(d, n, "service") &&
         !(scn_opt_enum(d, n, "service", services, &k, error) &&
           io_service_lookup(services[k], &s->service))) ||
        !scn_opt_string(d, n, "kind", &v, error))
        return FALSE;
    if (v && !io_kind_lookup(v, &s->kind))
        return scn_fail(error, d, scn_map_get(d, n, "kind"), SCN_ERROR_UNKNOWN,
                        "unknown device kind '%s' (expected nic, disk, gpu, display, printer "
                        "or vnic)", v);
    return TRUE;
}

static gboolean read_device(GPtrArray *out, ScnDoc *d, ScnNode *n, int hw_gen, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_device_keys);
    const char *name = NULL;
    if (!scn_expect_map(d, n, "a device", error) || !scn_check_keys(d, n, keys, "a device", error))
        return FALSE;
    if (!scn_map_get(d, n, "name"))
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a device has no 'name'");
    if (!scn_opt_string(d, n, "name", &name, error))
        return FALSE;
    if (scn_device_find(out, name))
        return scn_fail(error, d, scn_map_get(d, n, "name"), SCN_ERROR_CONFLICT,
                        "device name '%s' is used twice on this host", name);
    ScnDevice *dev = g_new0(ScnDevice, 1);
    dev->name = g_strdup(name);
    io_device_spec_init(&dev->spec, dev->name);
    g_ptr_array_add(out, dev);
    IoDeviceSpec *s = &dev->spec;
    int64_t ring = s->ring_slots, batch = s->batch_ops, parts = s->partitions;
    GError *inner = NULL;
    if (!read_device_names(s, d, n, error) ||
        !scn_opt_quantity(d, n, "bandwidth", SCN_UNIT_DATA_RATE, 0, 1e15,
                          &s->bandwidth_bytes_per_s, error) ||
        !scn_opt_quantity(d, n, "iops", SCN_UNIT_EVENT_RATE, 0, 1e12, &s->iops_per_s, error) ||
        !scn_opt_int(d, n, "ring", 0, 1 << 20, &ring, error) ||
        !scn_opt_int(d, n, "batch", 1, 1 << 20, &batch, error) ||
        !scn_opt_int(d, n, "partitions", 1, 1 << 16, &parts, error))
        return FALSE;
    s->ring_slots = (uint32_t)ring;
    s->batch_ops = (uint32_t)batch;
    s->partitions = (uint32_t)parts;
    if (!io_device_spec_check(s, &inner))
        return refail(error, d, n, inner);
    if (!io_path_check_hardware(s->path, hw_gen, dev->name, &inner))
        return refail(error, d, scn_map_get(d, n, "path"), inner);
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

static gboolean read_io(GPtrArray *out, ScnDoc *d, ScnNode *n, GPtrArray *devices,
                        const char *host, GError **error)
{
    g_autofree const char **keys = scn_schema_key_names(scn_vm_io_keys);
    const char *dev = NULL;
    ScnVmIo io = { NULL, 0, 4096, 0.7 };
    uint64_t bytes = 4096;
    if (!scn_expect_map(d, n, "an io stream", error) ||
        !scn_check_keys(d, n, keys, "an io stream", error))
        return FALSE;
    ScnNode *dn = scn_map_get(d, n, "device");
    if (!dn)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "an io stream needs 'device'");
    if (!scn_get_string(d, dn, &dev, error))
        return FALSE;
    if (!scn_device_find(devices, dev))
        return scn_fail(error, d, dn, SCN_ERROR_UNKNOWN, "host '%s' has no device '%s'", host, dev);
    if (!scn_opt_quantity(d, n, "ops", SCN_UNIT_EVENT_RATE, 0, 1e12, &io.ops_per_s, error) ||
        !scn_opt_size_bytes(d, n, "bytes", &bytes, error) ||
        !scn_opt_quantity(d, n, "read", SCN_UNIT_FRAC, 0, 1, &io.read_frac, error))
        return FALSE;
    ScnVmIo *copy = g_memdup2(&io, sizeof io);
    copy->device = g_strdup(dev);
    copy->bytes_per_op = (double)bytes;
    g_ptr_array_add(out, copy);
    return TRUE;
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
