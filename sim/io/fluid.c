/* sim/io/fluid.c — utilization, max-min throughput and M/G/1 mean wait per server. */
#include "sim/io/fluid.h"

#include <math.h>
#include <string.h>

static const char *const mode_names[IO_MODE_COUNT] = {
    [IO_MODE_FLUID] = "fluid", [IO_MODE_REQUESTS] = "requests",
};

const char *io_mode_name(IoMode mode)
{
    g_return_val_if_fail(mode < IO_MODE_COUNT, "?");
    return mode_names[mode];
}

gboolean io_mode_lookup(const char *name, IoMode *out)
{
    for (int i = 0; name && i < IO_MODE_COUNT; i++)
        if (strcmp(mode_names[i], name) == 0) {
            *out = (IoMode)i;
            return TRUE;
        }
    return FALSE;
}

/* Water-filling of one unit of server time among the demands d[] (time fractions): finds
 * the level φ with Σ min(d_i, φ) = 1 (d sums to more than 1). */
static double fill_level(const double *d, size_t n)
{
    double *sorted = g_memdup2(d, n * sizeof *d);
    double left = 1.0, level = 0.0;
    size_t i;
    for (i = 0; i < n; i++)                       /* insertion sort: n is small */
        for (size_t j = i; j > 0 && sorted[j] < sorted[j - 1]; j--) {
            double t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t;
        }
    for (i = 0; i < n; i++) {
        level = left / (double)(n - i);
        if (sorted[i] >= level)
            break;
        left -= sorted[i];
        level = sorted[i];
    }
    g_free(sorted);
    return level;
}

typedef struct { double rho, lambda, lambda_s2; } ServerLoad;

static void solve_server(const IoDeviceSpec *spec, uint32_t slice,
                         const IoFluidDemand *dm, size_t n, IoFluidShare *out, ServerLoad *ld)
{
    double bw = io_slice_bandwidth_bytes_per_s(spec), iops = io_slice_iops_per_s(spec);
    double s2_factor = spec->service == IO_SERVICE_EXPONENTIAL ? 2.0 : 1.0;
    double *time_frac = g_new0(double, n);
    size_t m = 0;
    *ld = (ServerLoad){ 0 };
    for (size_t i = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        double s = io_service_s(bw, iops, dm[i].bytes_per_op);
        out[i].service_ns = s * 1e9;
        time_frac[m++] = dm[i].ops_per_s * s;
        ld->rho += dm[i].ops_per_s * s;
        ld->lambda += dm[i].ops_per_s;
        ld->lambda_s2 += dm[i].ops_per_s * s * s * s2_factor;
    }
    double level = ld->rho > 1.0 ? fill_level(time_frac, m) : INFINITY;
    double wait_s = ld->rho < 1.0 ? ld->lambda_s2 / (2.0 * (1.0 - ld->rho)) : INFINITY;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        double share = MIN(time_frac[k], level);
        double s = out[i].service_ns / 1e9;
        k++;
        out[i].throughput_ops_per_s = s > 0 ? share / s : dm[i].ops_per_s;
        out[i].throughput_bytes_per_s = out[i].throughput_ops_per_s * dm[i].bytes_per_op;
        out[i].wait_ns = wait_s * 1e9;
        out[i].latency_ns = dm[i].path_latency_ns + out[i].wait_ns + out[i].service_ns;
    }
    g_free(time_frac);
}

void io_fluid_solve(const IoDeviceSpec *spec, const IoFluidDemand *demands, size_t n,
                    IoFluidShare *out, IoFluidDevice *dev)
{
    g_return_if_fail(spec && (n == 0 || (demands && out)));
    uint32_t servers = spec->klass == IO_CLASS_PARTITIONED ? spec->partitions : 1;
    IoFluidDevice acc = { 0 };
    for (size_t i = 0; i < n; i++)
        g_return_if_fail(demands[i].slice < servers);
    for (uint32_t k = 0; k < servers; k++) {
        ServerLoad ld;
        solve_server(spec, k, demands, n, out, &ld);
        acc.offered_frac += ld.rho / servers;
        acc.utilization_frac += MIN(ld.rho, 1.0) / servers;
        acc.saturated |= ld.rho >= 1.0;
    }
    if (dev)
        *dev = acc;
}
