/* sim/io/device.c — device classes and kinds, spec checks, the service-time rule. */
#include "sim/io/device.h"

#include <math.h>
#include <string.h>

static const char *const class_names[IO_CLASS_COUNT] = {
    [IO_CLASS_DEDICATED] = "dedicated", [IO_CLASS_PARTITIONED] = "partitioned",
    [IO_CLASS_SHARED] = "shared", [IO_CLASS_SPOOLED] = "spooled",
    [IO_CLASS_VIRTUAL] = "virtual",
};
static const char *const kind_names[IO_KIND_COUNT] = {
    [IO_KIND_NIC] = "nic", [IO_KIND_DISK] = "disk", [IO_KIND_GPU] = "gpu",
    [IO_KIND_DISPLAY] = "display", [IO_KIND_PRINTER] = "printer", [IO_KIND_VNIC] = "vnic",
};
static const char *const service_names[IO_SERVICE_COUNT] = {
    [IO_SERVICE_DETERMINISTIC] = "deterministic", [IO_SERVICE_EXPONENTIAL] = "exponential",
};

static int name_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *io_class_name(IoDeviceClass klass)
{
    g_return_val_if_fail(klass < IO_CLASS_COUNT, "?");
    return class_names[klass];
}

gboolean io_class_lookup(const char *name, IoDeviceClass *out)
{
    int i = name_index(class_names, IO_CLASS_COUNT, name);
    if (i >= 0)
        *out = (IoDeviceClass)i;
    return i >= 0;
}

const char *io_kind_name(IoDeviceKind kind)
{
    g_return_val_if_fail(kind < IO_KIND_COUNT, "?");
    return kind_names[kind];
}

gboolean io_kind_lookup(const char *name, IoDeviceKind *out)
{
    int i = name_index(kind_names, IO_KIND_COUNT, name);
    if (i >= 0)
        *out = (IoDeviceKind)i;
    return i >= 0;
}

const char *io_service_name(IoServiceDist dist)
{
    g_return_val_if_fail(dist < IO_SERVICE_COUNT, "?");
    return service_names[dist];
}

gboolean io_service_lookup(const char *name, IoServiceDist *out)
{
    int i = name_index(service_names, IO_SERVICE_COUNT, name);
    if (i >= 0)
        *out = (IoServiceDist)i;
    return i >= 0;
}

void io_device_spec_init(IoDeviceSpec *spec, const char *name)
{
    *spec = (IoDeviceSpec){ .name = name, .klass = IO_CLASS_SHARED, .kind = IO_KIND_NIC,
                            .path = IO_PATH_PARAVIRTUAL, .ring_slots = 256, .batch_ops = 1,
                            .partitions = 1, .service = IO_SERVICE_DETERMINISTIC };
}

static gboolean invalid(GError **error, const IoDeviceSpec *s, const char *what)
{
    g_set_error(error, IO_ERROR, IO_ERROR_INVALID, "device '%s': %s",
                s->name ? s->name : "?", what);
    return FALSE;
}

gboolean io_device_spec_check(const IoDeviceSpec *s, GError **error)
{
    g_return_val_if_fail(s != NULL, FALSE);
    if (!(s->bandwidth_bytes_per_s >= 0) || !(s->iops_per_s >= 0))
        return invalid(error, s, "bandwidth and iops must be positive");
    if (s->bandwidth_bytes_per_s == 0 && s->iops_per_s == 0)
        return invalid(error, s, "needs a bandwidth or an iops limit (or both)");
    if (s->batch_ops < 1)
        return invalid(error, s, "batch must be at least 1 request");
    if (s->partitions < 1)
        return invalid(error, s, "partitions must be at least 1");
    if (s->partitions > 1 && s->klass != IO_CLASS_PARTITIONED)
        return invalid(error, s, "partitions are only allowed on a 'partitioned' device");
    if (s->capacity_bytes > 0 && s->kind != IO_KIND_DISK)
        return invalid(error, s, "a capacity is only allowed on a disk (expected kind: disk)");
    return TRUE;
}

static gboolean check_dedicated(const IoDeviceSpec *s, const char *const *vms, size_t n,
                                GError **error)
{
    for (size_t i = 1; i < n; i++)
        if (strcmp(vms[i], vms[0]) != 0) {
            g_set_error(error, IO_ERROR, IO_ERROR_DEDICATED,
                        "dedicated device '%s' is assigned to VM '%s' and to VM '%s' "
                        "(a dedicated device belongs to one VM for the whole run)",
                        s->name ? s->name : "?", vms[0], vms[i]);
            return FALSE;
        }
    return TRUE;
}

static gboolean check_partitioned(const IoDeviceSpec *s, const char *const *vms, size_t n,
                                  GError **error)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        gboolean seen = FALSE;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(vms[i], vms[j]) == 0;
        distinct += !seen;
        if (distinct > s->partitions) {
            g_set_error(error, IO_ERROR, IO_ERROR_PARTITIONS,
                        "partitioned device '%s' has %u slices but VM '%s' would be its "
                        "VM number %zu (one VM per slice)",
                        s->name ? s->name : "?", s->partitions, vms[i], distinct);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean io_device_check_users(const IoDeviceSpec *s, const char *const *vms, size_t n_vms,
                               GError **error)
{
    g_return_val_if_fail(s && (vms || n_vms == 0), FALSE);
    if (s->klass == IO_CLASS_DEDICATED)
        return check_dedicated(s, vms, n_vms, error);
    if (s->klass == IO_CLASS_PARTITIONED)
        return check_partitioned(s, vms, n_vms, error);
    return TRUE;
}

double io_slice_bandwidth_bytes_per_s(const IoDeviceSpec *s)
{
    return s->bandwidth_bytes_per_s / (s->partitions ? s->partitions : 1);
}

double io_slice_iops_per_s(const IoDeviceSpec *s)
{
    return s->iops_per_s / (s->partitions ? s->partitions : 1);
}

double io_service_s(double bandwidth_bytes_per_s, double iops_per_s, double bytes)
{
    double op_s = iops_per_s > 0 ? 1.0 / iops_per_s : 0.0;
    double xfer_s = bandwidth_bytes_per_s > 0 ? bytes / bandwidth_bytes_per_s : 0.0;
    return op_s > xfer_s ? op_s : xfer_s;
}

SimTimeNs io_service_ns(double bandwidth_bytes_per_s, double iops_per_s, double bytes)
{
    double ns = ceil(io_service_s(bandwidth_bytes_per_s, iops_per_s, bytes) * 1e9 - 1e-6);
    return ns < 1.0 ? 1 : (SimTimeNs)ns;
}
