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
 *          and its rate the guest IOPS;
 *   migrating  the query-migrate guest: its memory is ram.total, its workload the profile's
 *          (dirty_rate, wws); at 1 s it is live-migrated by pre-copy to host
 *          migration-target over a link of the bandwidth fitted on the same samples (the
 *          link is the scenario's `network:`, not the profile's), with QEMU's settings: the
 *          measured downtime-limit (else QEMU's default 300 ms), no round limit, no sent-bytes
 *          limit, auto-converge only if the samples show throttling.  Measured total-time,
 *          downtime, ram.transferred and dirty-sync-count - 1 (QEMU syncs once at setup and
 *          once per pass, the last at the stop: live passes = syncs - 1) meet migrations.csv.
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

/* The migration's last sample: the completed reply when there is one. */
static const CalMigSample *mig_last(const CalMigration *m)
{
    return &g_array_index(m->samples, CalMigSample, m->samples->len - 1);
}

static gboolean mig_throttled(const CalMigration *m)
{
    for (guint i = 0; i < m->samples->len; i++)
        if (g_array_index(m->samples, CalMigSample, i).throttled)
            return TRUE;
    return FALSE;
}

/* The first migration whose link bandwidth can be fitted; *bw gets it (bytes/s). */
static const CalMigration *first_mig(const CalSet *set, double *bw)
{
    for (guint i = 0; i < set->mig->len; i++) {
        const CalMigration *m = g_ptr_array_index(set->mig, i);
        CalFit f;
        if (!cal_mig_bandwidth(m, &f, NULL))
            continue;
        *bw = f.param[1];
        cal_fit_clear(&f);
        if (*bw > 0)
            return m;
    }
    return NULL;
}

static void append_mig_settings(GString *s, const CalMigration *m, double bw)
{
    double limit_ms = isnan(m->downtime_limit_ms) ? 300 : m->downtime_limit_ms;
    g_string_append_printf(s, "network: { link_bandwidth: %.9g MB/s }   # fitted on %s\n"
                           "migration: { strategy: pre-copy, max_downtime: %.9g ms, "
                           "max_rounds: 100000, max_sent_factor: 0, auto_converge: %s }\n",
                           bw / 1e6, m->input->path, limit_ms,
                           mig_throttled(m) ? "true" : "false");
}

static void append_hosts(GString *s, const char *hv, double freq_hz, const CalFioRun *fn,
                         const CalMigration *m)
{
    double mem_gib = m ? MAX(64, ceil(mig_last(m)->total_bytes / (1 << 30)) + 16) : 64;
    g_string_append_printf(s, "hosts:\n  - name: measured-host\n    hypervisor: %s\n"
                           "    freq: %.9g GHz\n    cores: 4\n    memory: %.0f GiB\n", hv,
                           freq_hz / 1e9, mem_gib);
    if (fn)
        g_string_append_printf(s, "    devices:\n      - { name: disk, kind: disk, path: "
                               "paravirtual, iops: %.9g/s }\n",
                               MAX(1, fn->depth) * 1e9 / fn->lat_mean_ns);
    if (m)
        g_string_append_printf(s, "  - { name: migration-target, hypervisor: %s, freq: %.9g "
                               "GHz, cores: 4, memory: %.0f GiB }\n", hv, freq_hz / 1e9,
                               mem_gib);
}

char *cal_replay_text(const char *profile_text, const char *hv, const char *wl,
                      double freq_hz, const CalSet *set)
{
    const CalPerfRun *pn = first_perf(set, CAL_SIDE_NATIVE);
    const CalFioRun *fg = NULL, *fn = first_fio_pair(set, &fg);
    double bw = NAN;
    const CalMigration *m = first_mig(set, &bw);
    if (!pn && !fn && !m)
        return NULL;
    double run_s = 10;
    if (pn)
        run_s = MAX(run_s, 3 * pn->cycles / freq_hz);
    if (m)      /* the measured time, or one pass over memory when it did not complete */
        run_s = MAX(run_s, 11 + 4 * MAX(mig_last(m)->t_ms / 1e3, mig_last(m)->total_bytes / bw));
    GString *s = g_string_new(profile_text);
    g_string_append_printf(s, "\n# The measured benchmarks replayed (vdcsim calibrate --check).\n"
                           "name: calibrate-replay\nduration: %.0f s\n", ceil(run_s));
    if (m)
        append_mig_settings(s, m, bw);
    append_hosts(s, hv, freq_hz, fn, m);
    g_string_append(s, "vms:\n");
    if (pn)
        g_string_append_printf(s, "  - { name: bench, workload: %s, host: measured-host, vcpus: "
                               "1, memory: 4 GiB, work: %.12g cycles }\n", wl, pn->cycles);
    if (fn)
        g_string_append_printf(s, "  - name: fio\n    workload: %s\n    host: measured-host\n"
                               "    vcpus: 1\n    memory: 4 GiB\n    io:\n      - { device: "
                               "disk, depth: %.0f, bytes: %.0f B }\n", wl, MAX(1, fn->depth),
                               fn->block_bytes > 0 ? fn->block_bytes : 4096);
    if (m)
        g_string_append_printf(s, "  - { name: migrating, workload: %s, host: measured-host, "
                               "vcpus: 1, memory: %.0f B }\nevents:\n  - { at: 1 s, migrate: "
                               "{ vm: migrating, to: migration-target } }\n", wl,
                               mig_last(m)->total_bytes);
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
    g_autoptr(GArray) mig = sim_dc_migration_rows(m);
    for (guint i = 0; i < mig->len; i++) {
        const SimDcMigrationRow *x = &g_array_index(mig, SimDcMigrationRow, i);
        if (strcmp(x->vm, "migrating") != 0)
            continue;
        out->mig_started = TRUE;
        out->mig_done = x->finished;
        out->mig_total_s = x->total_s;
        out->mig_downtime_s = x->downtime_s;
        out->mig_bytes = x->bytes_sent;
        out->mig_rounds = x->rounds;
    }
}

gboolean cal_replay(const char *text, const char *display, CalReplay *out, GError **error)
{
    *out = (CalReplay){ .bench_s = NAN, .io_latency_ns = NAN, .io_ops_per_s = NAN,
                        .mig_total_s = NAN, .mig_downtime_s = NAN, .mig_bytes = NAN,
                        .mig_rounds = NAN };
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

/* One "quantity measured simulated difference" line; "-" for a side it lacks. */
static void row(FILE *out, const char *q, double measured, double sim)
{
    if (isnan(measured) && isnan(sim))
        return;
    g_autofree char *m = isnan(measured) ? g_strdup("-") : g_strdup_printf("%.6g", measured);
    g_autofree char *x = isnan(sim) ? g_strdup("-") : g_strdup_printf("%.6g", sim);
    fprintf(out, "%-26s %16s %16s", q, m, x);
    if (!isnan(measured) && !isnan(sim))
        fprintf(out, " %+9.2f%%", 100 * (sim - measured) / measured);
    fputc('\n', out);
}

/* Measured (the completed reply; "-" if the samples end before it) next to migrations.csv. */
static void mig_print(const CalReplay *r, const CalSet *set, FILE *out)
{
    double bw = NAN;
    const CalMigration *m = first_mig(set, &bw);
    if (!m)
        return;
    const CalMigSample *z = mig_last(m);
    fprintf(out, "live migration, %.4g GiB over %.4g Mbit/s (pre-copy, downtime limit %.4g ms%s):"
            "\n", z->total_bytes / (1 << 30), bw * 8 / 1e6,
            isnan(m->downtime_limit_ms) ? 300 : m->downtime_limit_ms,
            isnan(m->downtime_limit_ms) ? ", QEMU's default" : "");
    if (!z->completed)
        fprintf(out, "  (the samples end before the migration completed: measured total, "
                "downtime and rounds are not known)\n");
    if (!r->mig_done)
        fprintf(out, "  (the simulated migration did not finish within the run)\n");
    row(out, "migration total time (s)", z->completed ? z->t_ms / 1e3 : NAN, r->mig_total_s);
    row(out, "migration downtime (ms)", z->completed ? z->downtime_ms : NAN,
        r->mig_downtime_s * 1e3);
    row(out, "migration sent (MB)", z->completed ? z->transferred_bytes / 1e6 : NAN,
        r->mig_done ? r->mig_bytes / 1e6 : NAN);
    row(out, "pre-copy rounds", z->completed && z->syncs > 0 ? z->syncs - 1 : NAN,
        r->mig_done ? r->mig_rounds : NAN);
}

void cal_replay_print(const CalReplay *r, const CalSet *set, double freq_hz, FILE *out)
{
    const CalPerfRun *pg = first_perf(set, CAL_SIDE_GUEST);
    const CalFioRun *fg = NULL, *fn = first_fio_pair(set, &fg);
    fprintf(out, "replayed in the event loop (the benchmarks as VMs, the migration between two "
            "hosts):\n");
    if (pg)
        row(out, "benchmark in guest (s)", pg->cycles / freq_hz, r->bench_s);
    if (fn) {
        row(out, "I/O latency in guest (us)", fg->lat_mean_ns / 1e3, r->io_latency_ns / 1e3);
        row(out, "I/O rate in guest (IOPS)", fg->iops, r->io_ops_per_s);
    }
    if (r->mig_started)
        mig_print(r, set, out);
}
