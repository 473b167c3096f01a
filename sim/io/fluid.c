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

/* M/G/1 mean wait (s) of a server carrying rates x[] of the demands on it. */
static double mg1_wait_s(const IoFluidDemand *dm, const double *x, const double *svc, size_t n,
                         uint32_t slice, double s2_factor, ServerLoad *ld)
{
    *ld = (ServerLoad){ 0 };
    for (size_t i = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        ld->rho += x[i] * svc[i];
        ld->lambda += x[i];
        ld->lambda_s2 += x[i] * svc[i] * svc[i] * s2_factor;
    }
    return ld->rho < 1.0 ? ld->lambda_s2 / (2.0 * (1.0 - ld->rho)) : INFINITY;
}

/* The wait of each demand: open streams see the M/G/1 wait of everything the server
 * carries; a closed stream of depth N (Schweitzer's approximate mean value analysis) finds
 * the others' queues ahead of it and (N - 1) / N of its own: w_i = Σ_j≠i Q_j S_j +
 * (N_i - 1) / N_i · Q_i S_i with Q_j = X_j (w_j + S_j); a lone stream at depth 1 never waits. */
static void stream_waits(const IoFluidDemand *dm, const double *x, const double *svc, size_t n,
                         uint32_t slice, double mg1_s, double *w)
{
    double total = 0;
    for (size_t j = 0; j < n; j++)
        if (dm[j].slice == slice)
            total += x[j] * (w[j] + svc[j]) * svc[j];
    for (size_t i = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        if (!dm[i].depth) {
            w[i] = mg1_s;
            continue;
        }
        double own = x[i] * (w[i] + svc[i]) * svc[i];
        w[i] = total - own + own * (dm[i].depth - 1.0) / dm[i].depth;
    }
}

/* Closed-loop rates: X_i = min(λ_i, N_i / (L_i + w_i + S_i)), iterated to a fixed point. */
static void closed_rates(const IoFluidDemand *dm, double *x, const double *svc, double *w,
                         size_t n, uint32_t slice, double s2_factor)
{
    ServerLoad ld;
    for (int it = 0; it < 2000; it++) {
        double mg1 = mg1_wait_s(dm, x, svc, n, slice, s2_factor, &ld);
        stream_waits(dm, x, svc, n, slice, isfinite(mg1) ? mg1 : 1e9, w);
        double moved = 0;
        for (size_t i = 0; i < n; i++) {
            if (dm[i].slice != slice || !dm[i].depth)
                continue;
            double r = (dm[i].path_latency_ns + IO_ISSUE_NS) / 1e9 + svc[i] + w[i];
            double want = (double)dm[i].depth / MAX(r, 1e-12);
            if (dm[i].ops_per_s > 0)
                want = MIN(want, dm[i].ops_per_s);
            double next = 0.5 * x[i] + 0.5 * want;
            moved = MAX(moved, fabs(next - x[i]) / MAX(next, 1e-12));
            x[i] = next;
        }
        if (moved < 1e-10)
            break;
    }
}

static void solve_server(const IoDeviceSpec *spec, uint32_t slice,
                         const IoFluidDemand *dm, size_t n, IoFluidShare *out, ServerLoad *ld)
{
    double bw = io_slice_bandwidth_bytes_per_s(spec), iops = io_slice_iops_per_s(spec);
    double s2_factor = spec->service == IO_SERVICE_EXPONENTIAL ? 2.0 : 1.0;
    double *time_frac = g_new0(double, n), *x = g_new0(double, n), *svc = g_new0(double, n);
    double *w = g_new0(double, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        svc[i] = io_service_s(bw, iops, dm[i].bytes_per_op);
        x[i] = dm[i].depth ? 0.0 : dm[i].ops_per_s;
    }
    closed_rates(dm, x, svc, w, n, slice, s2_factor);
    double wait_s = mg1_wait_s(dm, x, svc, n, slice, s2_factor, ld);
    stream_waits(dm, x, svc, n, slice, wait_s, w);
    for (size_t i = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        out[i].service_ns = svc[i] * 1e9;
        time_frac[m++] = x[i] * svc[i];
    }
    double level = ld->rho > 1.0 ? fill_level(time_frac, m) : INFINITY;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (dm[i].slice != slice)
            continue;
        double share = MIN(time_frac[k], level);
        double s = svc[i];
        k++;
        out[i].throughput_ops_per_s = s > 0 ? share / s : x[i];
        out[i].throughput_bytes_per_s = out[i].throughput_ops_per_s * dm[i].bytes_per_op;
        out[i].wait_ns = (dm[i].depth ? w[i] : wait_s) * 1e9;
        out[i].latency_ns = dm[i].path_latency_ns + out[i].wait_ns + out[i].service_ns;
    }
    g_free(time_frac);
    g_free(x);
    g_free(svc);
    g_free(w);
}

static void solve_servers(const IoDeviceSpec *spec, const IoFluidDemand *demands, size_t n,
                          IoFluidShare *out, IoFluidDevice *dev);

/* Max-min shares of capacity among wants (ops/s): each gets min(want, level). */
static void share_capacity(double *want, const size_t *idx, size_t m, double capacity)
{
    double total = 0;
    for (size_t k = 0; k < m; k++)
        total += want[idx[k]];
    if (total <= capacity)
        return;
    g_autofree double *w = g_new(double, MAX(m, 1));
    for (size_t k = 0; k < m; k++)
        w[k] = want[idx[k]] / capacity;                   /* as fractions of the capacity */
    double level = fill_level(w, m) * capacity;
    for (size_t k = 0; k < m; k++)
        want[idx[k]] = MIN(want[idx[k]], level);
}

/* The serial stages' bounds on the device solution's rates (see fluid.h): x[i] is stream
 * i's rate within its own path's bound and its back end's max-min share. */
static void stage_bounds(const IoFluidDemand *dm, size_t n, const IoFluidShare *sol,
                         double *x)
{
    g_autofree size_t *idx = g_new(size_t, MAX(n, 1));
    for (size_t i = 0; i < n; i++) {
        x[i] = sol[i].throughput_ops_per_s;
        if (dm[i].stream_ns > 0)
            x[i] = MIN(x[i], 1e9 / dm[i].stream_ns);
    }
    for (size_t i = 0; i < n; i++) {
        if (dm[i].backend_group < 0 || !dm[i].backend_threads || dm[i].backend_ns <= 0)
            continue;
        size_t m = 0;
        gboolean first = TRUE;
        for (size_t j = 0; j < n; j++)
            if (dm[j].backend_group == dm[i].backend_group) {
                first &= j >= i;
                idx[m++] = j;
            }
        if (first)                                        /* each group once */
            share_capacity(x, idx, m, dm[i].backend_threads * 1e9 / dm[i].backend_ns);
    }
}

/* Streams a stage holds below their device solution become open streams at their bound and
 * the device is solved again, so the others see the lighter load; the held set only grows,
 * so this ends within n + 1 rounds. */
void io_fluid_solve(const IoDeviceSpec *spec, const IoFluidDemand *demands, size_t n,
                    IoFluidShare *out, IoFluidDevice *dev)
{
    g_return_if_fail(spec && (n == 0 || (demands && out)));
    g_autofree IoFluidDemand *dm = g_memdup2(demands, MAX(n, 1) * sizeof *dm);
    g_autofree gboolean *held = g_new0(gboolean, MAX(n, 1));
    g_autofree double *x = g_new(double, MAX(n, 1));
    for (size_t i = 0; i < n; i++)                    /* a lone request holds each stage */
        dm[i].path_latency_ns += dm[i].stream_ns + (dm[i].backend_threads ? dm[i].backend_ns : 0);
    solve_servers(spec, dm, n, out, dev);
    for (size_t round = 0; round <= n + 1; round++) {
        stage_bounds(dm, n, out, x);
        gboolean again = FALSE;
        for (size_t i = 0; i < n; i++) {
            if (!held[i] && !(x[i] < out[i].throughput_ops_per_s * (1 - 1e-12)))
                continue;
            again |= !held[i] || fabs(dm[i].ops_per_s - x[i]) > 1e-9 * x[i];
            held[i] = TRUE;                           /* it offers what it gets */
            dm[i].ops_per_s = x[i];
            dm[i].depth = 0;
        }
        if (!again)
            break;
        solve_servers(spec, dm, n, out, dev);
    }
    for (size_t i = 0; i < n; i++) {
        if (!held[i])
            continue;
        double got = MIN(x[i], out[i].throughput_ops_per_s);
        if (demands[i].depth && got > 0)              /* queued at the stage: Little */
            out[i].latency_ns = MAX(out[i].latency_ns, demands[i].depth * 1e9 / got - IO_ISSUE_NS);
        else if (!demands[i].depth)                   /* open, above its bound */
            out[i].latency_ns = INFINITY;
        out[i].throughput_ops_per_s = got;
        out[i].throughput_bytes_per_s = got * demands[i].bytes_per_op;
    }
}

static void solve_servers(const IoDeviceSpec *spec, const IoFluidDemand *demands, size_t n,
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
