/* sim/calibrate/replay.c — the measured benchmarks re-run in the event loop (`--check`).
 *
 * The replay scenario is the fitted profile plus one host at the measured clock and one VM
 * per measured benchmark, as a user would write it:
 *   bench  the perf stat benchmark: `work` = its native cycles C_native, so the run's
 *          end_s - start_s is the simulated guest time, measured C_guest / f;
 *   fio    the fio job: a closed-loop stream (depth and block size of the job) on a
 *          paravirtual disk that serves depth / L_native operations a second (one server:
 *          with depth requests queued, each takes the native latency L_native, Little's
 *          law), so the stream's latency is the simulated guest latency, measured L_guest,
 *          and its rate the guest IOPS.
 * It is a plain scenario (cal_replay_text); `vdcsim run` on it gives the same numbers as
 * cal_replay, which runs it in memory through sim/dc and reads its rows.
 */
#include "sim/calibrate/calibrate.h"

#include <math.h>
#include <string.h>

#include "sim/dc/datacenter.h"
#include "sim/yaml/doc.h"

static const CalPerfRun *first_perf(const CalSet *set, CalSide side)
{
    for (guint i = 0; i < set->perf->len; i++) {
        const CalPerfRun *p = g_ptr_array_index(set->perf, i);
        if (p->side == side && p->cycles > 0)
            return p;
    }
    return NULL;
}

/* The first fio pattern measured on both sides; *guest gets its twin. */
static const CalFioRun *first_fio_pair(const CalSet *set, const CalFioRun **guest)
{
    for (guint i = 0; i < set->fio->len; i++) {
        const CalFioRun *n = g_ptr_array_index(set->fio, i);
        if (n->side != CAL_SIDE_NATIVE || !(n->lat_mean_ns > 0))
            continue;
        for (guint j = 0; j < set->fio->len; j++) {
            const CalFioRun *g = g_ptr_array_index(set->fio, j);
            if (g->side == CAL_SIDE_GUEST && strcmp(g->pattern, n->pattern) == 0) {
                *guest = g;
                return n;
            }
        }
    }
    return NULL;
}

char *cal_replay_text(const char *profile_text, const char *hv, const char *wl,
                      double freq_hz, const CalSet *set)
{
    const CalPerfRun *pn = first_perf(set, CAL_SIDE_NATIVE);
    const CalFioRun *fg = NULL, *fn = first_fio_pair(set, &fg);
    if (!pn && !fn)
        return NULL;
    double run_s = 10;
    if (pn)
        run_s = MAX(run_s, 3 * pn->cycles / freq_hz);
    GString *s = g_string_new(profile_text);
    g_string_append_printf(s, "\n# The measured benchmarks replayed (vdcsim calibrate --check).\n"
                           "name: calibrate-replay\nduration: %.0f s\nhosts:\n"
                           "  - name: measured-host\n    hypervisor: %s\n    freq: %.9g GHz\n"
                           "    cores: 4\n    memory: 64 GiB\n", ceil(run_s), hv,
                           freq_hz / 1e9);
    if (fn)
        g_string_append_printf(s, "    devices:\n      - { name: disk, kind: disk, path: "
                               "paravirtual, iops: %.9g/s }\n",
                               MAX(1, fn->depth) * 1e9 / fn->lat_mean_ns);
    g_string_append(s, "vms:\n");
    if (pn)
        g_string_append_printf(s, "  - { name: bench, workload: %s, host: measured-host, vcpus: "
                               "1, memory: 4 GiB, work: %.12g cycles }\n", wl, pn->cycles);
    if (fn)
        g_string_append_printf(s, "  - name: fio\n    workload: %s\n    host: measured-host\n"
                               "    vcpus: 1\n    memory: 4 GiB\n    io:\n      - { device: "
                               "disk, depth: %.0f, bytes: %.0f B }\n", wl, MAX(1, fn->depth),
                               fn->block_bytes > 0 ? fn->block_bytes : 4096);
    return g_string_free(s, FALSE);
}

static void replay_rows(SimDc *m, CalReplay *out)
{
    g_autoptr(GArray) vms = sim_dc_vm_rows(m);
    for (guint i = 0; i < vms->len; i++) {
        const SimDcVmRow *v = &g_array_index(vms, SimDcVmRow, i);
        if (strcmp(v->name, "bench") == 0)
            out->bench_s = v->end_s - v->start_s;
    }
    g_autoptr(GArray) io = sim_dc_stream_rows(m);
    for (guint i = 0; i < io->len; i++) {
        const SimDcStreamRow *x = &g_array_index(io, SimDcStreamRow, i);
        if (strcmp(x->vm, "fio") == 0) {
            out->io_latency_ns = x->latency_mean_s * 1e9;
            out->io_ops_per_s = x->bytes_per_op > 0 ? x->throughput_bytes_per_s /
                                                      x->bytes_per_op : NAN;
        }
    }
}

gboolean cal_replay(const char *text, const char *display, CalReplay *out, GError **error)
{
    *out = (CalReplay){ .bench_s = NAN, .io_latency_ns = NAN, .io_ops_per_s = NAN };
    Scenario *s = scn_load_string(text, display, NULL, error);
    if (!s)
        return FALSE;
    SimDc *m = sim_dc_new(s);
    sim_dc_run(m);
    replay_rows(m, out);
    sim_dc_free(m);
    scn_scenario_free(s);
    return TRUE;
}

/* One "quantity measured simulated difference" line. */
static void row(FILE *out, const char *q, double measured, double sim)
{
    if (isnan(measured) || isnan(sim))
        return;
    fprintf(out, "%-26s %16.6g %16.6g %+9.2f%%\n", q, measured, sim,
            100 * (sim - measured) / measured);
}

void cal_replay_print(const CalReplay *r, const CalSet *set, double freq_hz, FILE *out)
{
    const CalPerfRun *pg = first_perf(set, CAL_SIDE_GUEST);
    const CalFioRun *fg = NULL, *fn = first_fio_pair(set, &fg);
    fprintf(out, "replayed in the event loop (one host, the benchmarks as VMs):\n");
    if (pg)
        row(out, "benchmark in guest (s)", pg->cycles / freq_hz, r->bench_s);
    if (fn) {
        row(out, "I/O latency in guest (us)", fg->lat_mean_ns / 1e3, r->io_latency_ns / 1e3);
        row(out, "I/O rate in guest (IOPS)", fg->iops, r->io_ops_per_s);
    }
}
