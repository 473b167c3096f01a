/* sim/out/output.c — CSV, JSON, resolved scenario, manifest and the terminal table; see output.h. */
#include "sim/out/output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

#include "sim/core/progress.h"
#include "sim/core/fmt.h"
#include "sim/hypervisor/trust.h"
#include "sim/out/columns.h"
#include "sim/out/provenance.h"
#include "sim/plan/plan.h"

/* ---- formatting ------------------------------------------------------------------- */

gboolean sim_output_write_file(const char *dir, const char *name, const char *contents,
                               GError **error)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    return g_file_set_contents(path, contents, -1, error);
}

char *sim_output_sha256_file(const char *path)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, NULL))
        return NULL;
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
}

/* ---- streamed files ---------------------------------------------------------------- */

#define OUT_CHUNK_BYTES (256u << 10)

/* A file being written row by row: rows go to buf, which is written to a temporary file in
 * the same directory whenever it passes OUT_CHUNK_BYTES; out_close() renames it into place.
 * So a table never sits in memory whole, and a cut-short run leaves no truncated file. */
typedef struct {
    GString *buf;
    char    *path, *tmp;
    int      fd;
    int      err;          /* the first errno of a failed write; 0 */
} OutFile;

static void out_flush(OutFile *f)
{
    const char *p = f->buf->str;
    size_t left = f->buf->len;
    while (left > 0 && f->err == 0) {
        ssize_t n = write(f->fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            f->err = n < 0 ? errno : EIO;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    g_string_truncate(f->buf, 0);
}

/* After each row: writes the buffer out once it is big enough. */
static inline void out_row(OutFile *f)
{
    if (f->buf->len >= OUT_CHUNK_BYTES)
        out_flush(f);
}

static gboolean out_fail(OutFile *f, int err, const char *what, GError **error)
{
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "Failed to %s '%s': %s",
                what, f->path, g_strerror(err));
    return FALSE;
}

static gboolean out_open(OutFile *f, const char *dir, const char *name, GError **error)
{
    *f = (OutFile){ .buf = g_string_sized_new(OUT_CHUNK_BYTES + 4096), .fd = -1,
                    .path = g_build_filename(dir, name, NULL) };
    f->tmp = g_strconcat(f->path, ".XXXXXX", NULL);
    f->fd = g_mkstemp_full(f->tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (f->fd < 0) {
        out_fail(f, errno, "create a temporary file for", error);
        g_string_free(f->buf, TRUE);
        g_free(f->path);
        g_free(f->tmp);
        return FALSE;
    }
    return TRUE;
}

/* Writes what is left, closes and renames the file into place; frees f either way. */
static gboolean out_close(OutFile *f, GError **error)
{
    out_flush(f);
    if (close(f->fd) != 0 && f->err == 0)
        f->err = errno;
    gboolean ok = f->err == 0 || out_fail(f, f->err, "write", error);
    if (ok && g_rename(f->tmp, f->path) != 0)
        ok = out_fail(f, errno, "rename into place", error);
    if (!ok)
        g_unlink(f->tmp);
    g_string_free(f->buf, TRUE);
    g_free(f->path);
    g_free(f->tmp);
    return ok;
}

typedef void (*OutWriteFn)(SimDc *dc, OutFile *f);

/* dir/name, its rows streamed by write. */
static gboolean out_stream(SimDc *dc, const char *dir, const char *name, OutWriteFn write,
                           GError **error)
{
    OutFile f;
    if (!out_open(&f, dir, name, error))
        return FALSE;
    write(dc, &f);
    return out_close(&f, error);
}

/* ---- files ------------------------------------------------------------------------ */

/* The VM means summary.json gives, from the rows one at a time (VM order): each
 * mechanism's overhead over the VMs for which it is defined, and the slowdowns. */
typedef struct {
    double   overhead_sum[HV_MECH_COUNT];
    guint    overhead_n[HV_MECH_COUNT];
    SimTally slowdowns;
} VmMeans;

static void vm_means_collect(SimDc *dc, VmMeans *m)
{
    memset(m, 0, sizeof *m);
    sim_tally_init(&m->slowdowns);
    for (guint i = 0; i < sim_dc_vm_count(dc); i++) {
        SimDcVmRow r = sim_dc_vm_row(dc, i);
        for (int k = 0; k < HV_MECH_COUNT; k++)
            if (isfinite(r.overhead_frac[k])) {
                m->overhead_sum[k] += r.overhead_frac[k];
                m->overhead_n[k]++;
            }
        sim_dc_slowdowns_add(&m->slowdowns, &r);
    }
}

static void slowdown_json(GString *s, SimTally *slowdowns)
{
    SimStats sd = sim_tally_stats(slowdowns);
    g_string_append_printf(s, "\"n\": %zu, \"mean\": ", sd.n);
    double vals[] = { sd.mean, sd.sd, sd.min, sd.max, sd.p50, sd.p90, sd.p99 };
    const char *names[] = { "mean", "sd", "min", "max", "p50", "p90", "p99" };
    sim_fmt_num(s, vals[0], TRUE);
    for (int i = 1; i < 7; i++) {
        g_string_append_printf(s, ", \"%s\": ", names[i]);
        sim_fmt_num(s, sd.n ? vals[i] : NAN, TRUE);
    }
}

static char *summary_json(SimDc *dc)
{
    const Scenario *scn = sim_dc_scenario(dc);
    GString *s = g_string_new("{\n  \"scenario\": ");
    sim_fmt_json_string(s, scn->name);
    if (scn->description && *scn->description) {  /* for report.html, which reads no YAML */
        g_string_append(s, ",\n  \"description\": ");
        sim_fmt_json_string(s, scn->description);
    }
    if (scn->question && *scn->question) {        /* report.html opens with it */
        g_string_append(s, ",\n  \"question\": ");
        sim_fmt_json_string(s, scn->question);
    }
    if (scn->answer) {                            /* the chart shown under it */
        g_string_append(s, ",\n  \"answer\": ");
        sim_fmt_json_string(s, scn->answer);
    }
    g_string_append_printf(s, ",\n  \"seed\": %" G_GUINT64_FORMAT ",\n  \"fingerprint\": \"%016"
                           G_GINT64_MODIFIER "x\",\n  \"headline\": {",
                           scn->seed, sim_dc_fingerprint(dc));
    g_autoptr(GArray) h = sim_dc_headline(dc);
    for (guint i = 0; i < h->len; i++) {
        const SimHeadline *x = &g_array_index(h, SimHeadline, i);
        g_string_append_printf(s, "%s\n    \"%s\": ", i ? "," : "", x->name);
        sim_fmt_num(s, x->value, TRUE);
    }
    g_autofree char *reason = NULL;
    gboolean feasible = sim_plan_verdict(scn, h, &reason);
    /* the planning verdict (sim/plan): headline `feasible`, and why not at the top level,
     * where sweeps read it (sim/sweep/results.c) */
    g_string_append_printf(s, ",\n    \"feasible\": %d\n  },\n  \"feasible_reason\": ", feasible);
    sim_fmt_json_string(s, feasible ? "" : reason);
    VmMeans vm;
    vm_means_collect(dc, &vm);
    g_string_append(s, ",\n  \"overhead_mean_frac\": {");
    for (int k = 0; k < HV_MECH_COUNT; k++) {            /* the breakdown, mean over VMs */
        g_string_append_printf(s, "%s\"%s\": ", k ? ", " : "", hv_mech_name((HvMech)k));
        sim_fmt_num(s, vm.overhead_n[k] ? vm.overhead_sum[k] / vm.overhead_n[k] : NAN, TRUE);
    }
    g_string_append(s, "},\n  \"slowdown\": {");
    slowdown_json(s, &vm.slowdowns);
    sim_tally_clear(&vm.slowdowns);
    g_string_append(s, "}\n}\n");
    return g_string_free(s, FALSE);
}

/* ",x" for each value */
static void put_nums(GString *s, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        g_string_append_c(s, ',');
        sim_fmt_num(s, v[k], FALSE);
    }
}

static void hosts_csv(SimDc *dc, OutFile *f)
{
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_HOSTS_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_host_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcHostRow *h = &g_array_index(rows, SimDcHostRow, i);
        sim_fmt_csv_string(s, h->name);
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, h->group);
        g_string_append_printf(s, ",%d,", h->cores);
        sim_fmt_num(s, h->freq_hz, FALSE);
        g_string_append_printf(s, ",%" G_GUINT64_FORMAT ",", h->memory_bytes);
        sim_fmt_num(s, h->util_mean_frac, FALSE);
        g_string_append_c(s, ',');
        double more[] = { h->util_max_frac, h->util_p50_frac, h->util_p95_frac,
                          h->util_p99_frac, h->util_pctl_frac, h->energy_j, h->on_s };
        sim_fmt_num(s, more[0], FALSE);
        put_nums(s, more + 1, G_N_ELEMENTS(more) - 1);
        g_string_append_printf(s, ",%d,%" G_GUINT64_FORMAT ",", h->gpus, h->gpu_memory_bytes);
        sim_fmt_num(s, h->gpus_used_peak, FALSE);
        g_string_append_printf(s, ",%" G_GUINT64_FORMAT, h->shared_saved_peak_bytes);
        double dd[] = { h->dd_util_frac, h->dd_served_frac };
        put_nums(s, dd, G_N_ELEMENTS(dd));
        g_string_append_c(s, '\n');
    }
}

static void vm_row(GString *s, const SimDcVmRow *vm, gboolean trace_cols)
{
    sim_fmt_csv_string(s, vm->name);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->group);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->host);
    g_string_append_printf(s, ",%s,", vm->state);
    sim_fmt_csv_string(s, vm->workload);
    g_string_append_printf(s, ",%d,%" G_GUINT64_FORMAT, vm->vcpus, vm->memory_bytes);
    double times[] = { vm->start_s, vm->end_s, vm->cpu_s, vm->slowdown };
    put_nums(s, times, G_N_ELEMENTS(times));
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->reject_reason);
    double speeds[] = { vm->speed_frac, vm->steal_s, vm->balloon_speed_frac };
    put_nums(s, speeds, G_N_ELEMENTS(speeds));
    g_string_append_c(s, ',');
    for (int k = 0; vm->cores && k < vm->vcpus; k++)   /* pinned cores, space-separated */
        g_string_append_printf(s, "%s%d", k ? " " : "", vm->cores[k]);
    double delays[] = { vm->sched_delay_mean_s, vm->sched_delay_p99_s, vm->unmet_demand_frac,
                        vm->unmet_s };
    put_nums(s, delays, G_N_ELEMENTS(delays));
    put_nums(s, vm->overhead_frac, HV_MECH_COUNT);
    g_string_append_printf(s, ",%d,", vm->nest_level);
    sim_fmt_csv_string(s, vm->pod_parent);
    double modern[] = { vm->numa_remote_frac, vm->interference_frac, vm->gpu_rate_frac,
                        (double)vm->shared_bytes };
    put_nums(s, modern, G_N_ELEMENTS(modern));
    put_nums(s, &vm->speed_vs_native, 1);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->hypervisor);
    g_string_append_printf(s, ",%s,%d,%d", vm->paging, vm->walk_guest_levels,
                           vm->walk_host_levels);
    put_nums(s, &vm->walk_refs, 1);
    if (trace_cols)
        put_nums(s, vm->trace_means, G_N_ELEMENTS(vm->trace_means));
    g_string_append_c(s, '\n');
}

/* The trace columns appear when some VM's trace has memory, disk or network series. */
static void vms_csv(SimDc *dc, OutFile *f)
{
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_VMS_HEADER);
    for (int k = 0; k < HV_MECH_COUNT; k++)
        g_string_append_printf(s, "," SIM_COL_VM_OVH_PREFIX "%s" SIM_COL_VM_OVH_SUFFIX,
                               hv_mech_name((HvMech)k));
    g_string_append(s, "," SIM_CSV_VMS_TAIL "," SIM_CSV_VMS_TEACHING_HEADER);
    gboolean trace_cols = sim_dc_vms_have_trace_means(dc);
    g_string_append(s, trace_cols ? "," SIM_CSV_VMS_TRACE_HEADER "\n" : "\n");
    for (guint i = 0; i < sim_dc_vm_count(dc); i++, out_row(f)) {
        SimDcVmRow row = sim_dc_vm_row(dc, i);
        vm_row(s, &row, trace_cols);
    }
}

static void series_csv(SimDc *dc, OutFile *f)
{
    const SimSeries *ts = sim_dc_series(dc);
    GString *s = f->buf;
    guint ncol = ts->columns->len;
    for (guint c = 0; c < ncol; c++) {
        if (c)
            g_string_append_c(s, ',');
        sim_fmt_csv_string(s, g_ptr_array_index(ts->columns, c));
    }
    g_string_append_c(s, '\n');
    for (guint r = 0; r < sim_series_rows(ts); r++, out_row(f)) {
        if (r % 256 == 0)
            sim_progress_step(r, sim_series_rows(ts), SIM_CSV_TIMESERIES);
        for (guint c = 0; c < ncol; c++) {
            if (c)
                g_string_append_c(s, ',');
            sim_fmt_num(s, g_array_index(ts->values, double, r * ncol + c), FALSE);
        }
        g_string_append_c(s, '\n');
    }
}


static void migration_row(GString *s, const SimDcMigrationRow *r)
{
    const char *fields[] = { r->vm, r->strategy, r->trigger, r->src, r->dst };
    for (size_t k = 0; k < G_N_ELEMENTS(fields); k++) {
        sim_fmt_csv_string(s, fields[k]);
        g_string_append_c(s, ',');
    }
    double times[] = { r->start_s, r->end_s, r->total_s, r->downtime_s };
    for (size_t k = 0; k < G_N_ELEMENTS(times); k++) {
        sim_fmt_num(s, times[k], FALSE);
        g_string_append_c(s, ',');
    }
    g_string_append_printf(s, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%u,%"
                           G_GUINT64_FORMAT ",", r->bytes_sent, r->pages_sent, r->rounds,
                           r->faults);
    sim_fmt_num(s, r->stall_s, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, r->degradation_frac, FALSE);
    g_string_append_printf(s, ",%s,", r->refused ? "true" : "false");
    sim_fmt_csv_string(s, r->reason);
    g_string_append_printf(s, ",%s,", r->status);
    sim_fmt_num(s, r->energy_j, FALSE);
    g_string_append_printf(s, ",%s,%" G_GUINT64_FORMAT ",", r->stop_rules, r->saved_bytes);
    sim_fmt_num(s, r->codec_cycles, FALSE);
    g_string_append_printf(s, ",%u\n", r->pods);
}

static void round_row(GString *s, const SimDcRoundRow *r)
{
    sim_fmt_u64(s, r->migration);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, r->vm);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, r->strategy);
    g_string_append_c(s, ',');
    g_string_append(s, r->phase);
    g_string_append_c(s, ',');
    sim_fmt_u64(s, r->round);
    g_string_append_c(s, ',');
    sim_fmt_num(s, r->start_s, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, r->duration_s, FALSE);
    const uint64_t counts[] = { r->bytes_sent, r->pages_sent, r->dirtied_pages,
                                r->dirty_left_pages };
    for (size_t k = 0; k < G_N_ELEMENTS(counts); k++) {
        g_string_append_c(s, ',');
        sim_fmt_u64(s, counts[k]);
    }
    g_string_append_c(s, ',');
    sim_fmt_num(s, r->rate_limit_bytes_per_s, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_u64(s, r->faults);
    g_string_append_c(s, '\n');
}

/* rounds.csv, written in a run with migrations only. */
static void rounds_csv(SimDc *dc, OutFile *f)
{
    g_string_append(f->buf, SIM_CSV_ROUNDS_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_round_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f))
        round_row(f->buf, &g_array_index(rows, SimDcRoundRow, i));
}

static void migrations_csv(SimDc *dc, OutFile *f)
{
    g_string_append(f->buf, SIM_CSV_MIGRATIONS_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_migration_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f))
        migration_row(f->buf, &g_array_index(rows, SimDcMigrationRow, i));
}

static void devices_csv(SimDc *dc, OutFile *f)
{
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_DEVICES_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_device_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcDeviceRow *d = &g_array_index(rows, SimDcDeviceRow, i);
        const char *names[] = { d->name, d->host, d->klass, d->kind, d->path };
        sim_fmt_csv_strings(s, names, G_N_ELEMENTS(names));
        double v[] = { d->util_frac, d->offered_frac, d->throughput_bytes_per_s,
                       d->saturated_frac, d->queue_mean, d->latency_mean_s };
        put_nums(s, v, G_N_ELEMENTS(v));
        g_string_append_printf(s, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%"
                               G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%u\n",
                               d->capacity_bytes, d->used_peak_bytes, d->used_end_bytes,
                               d->image_end_bytes, d->images_end);
    }
}

static void io_csv(SimDc *dc, OutFile *f)
{
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_IO_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_stream_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcStreamRow *st = &g_array_index(rows, SimDcStreamRow, i);
        const char *names[] = { st->vm, st->host, st->device, st->path, st->level };
        sim_fmt_csv_strings(s, names, G_N_ELEMENTS(names));
        double v[] = { st->ops_per_s, st->bytes_per_op, st->throughput_bytes_per_s,
                       st->latency_mean_s, st->latency_p50_s, st->latency_p99_s,
                       st->saturated_frac, st->stall_s, st->driver_down_s };
        put_nums(s, v, G_N_ELEMENTS(v));
        g_string_append_c(s, '\n');
    }
}

static void isolation_row(GString *s, const SimDcIsolationRow *r)
{
    char version[16];
    hv_guest_version_format(r->guest->version, version, sizeof version);
    const HvProfile *p = r->profile;
    g_autoptr(GString) drivers = g_string_new(NULL), iso = g_string_new(NULL);
    if (p) {
        hv_drivers_format(hv_profile_drivers(p), drivers);
        hv_profile_isolation_summary(p, iso);
    }
    gboolean ctr = p && p->kind == HV_KIND_CONTAINER;
    const char *names[] = {
        r->vm, r->host, r->hypervisor, p ? hv_kind_name(p->kind) : "",
        ctr ? "" : hv_guest_kernel_names[r->guest->kernel],
        ctr ? "" : r->guest->modified ? "true" : "false", ctr ? "" : version,
        !p ? "" : ctr ? "shared with the host" : p->kind == HV_KIND_NATIVE ? "the host's" : "own",
    };
    sim_fmt_csv_strings(s, names, G_N_ELEMENTS(names));
    double sharers = r->kernel_sharers, tcb = p ? hv_profile_tcb_kloc(p) : NAN;
    put_nums(s, &sharers, 1);
    const char *more[] = { drivers->str, p && p->driver_domain ? "dom0" : "none" };
    g_string_append_c(s, ',');
    sim_fmt_csv_strings(s, more, G_N_ELEMENTS(more));
    put_nums(s, &tcb, 1);
    const char *last[] = { p ? hv_profile_failure_domain(p) : "", iso->str };
    g_string_append_c(s, ',');
    sim_fmt_csv_strings(s, last, G_N_ELEMENTS(last));
    g_autoptr(GString) exposed = g_string_new(NULL);
    double n = p ? hv_profile_exposed(p, exposed) : NAN;
    put_nums(s, &n, 1);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, exposed->str);
}

static void isolation_csv(SimDc *dc, OutFile *f)
{
    g_string_append(f->buf, SIM_CSV_ISOLATION_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_isolation_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        isolation_row(f->buf, &g_array_index(rows, SimDcIsolationRow, i));
        g_string_append_c(f->buf, '\n');
    }
}

static void frames_csv(SimDc *dc, OutFile *f)
{
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_FRAMES_HEADER "\n");
    g_autoptr(GArray) rows = sim_dc_frame_rows(dc);
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcFrameRow *r = &g_array_index(rows, SimDcFrameRow, i);
        const char *names[] = { r->host, r->domain };
        sim_fmt_csv_strings(s, names, G_N_ELEMENTS(names));
        double v[] = { (double)r->first_frame, (double)r->frames };
        put_nums(s, v, G_N_ELEMENTS(v));
        g_string_append_c(s, '\n');
    }
}

/* Requests mode only. */
static void device_latency_csv(SimDc *dc, OutFile *f)
{
    g_autoptr(GArray) rows = sim_dc_latency_rows(dc);
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_DEVICE_LATENCY_HEADER "\n");
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcLatencyRow *r = &g_array_index(rows, SimDcLatencyRow, i);
        const char *names[] = { r->device, r->host, r->vm };
        sim_fmt_csv_strings(s, names, G_N_ELEMENTS(names));
        put_nums(s, &r->latency_s, 1);
        g_string_append_c(s, '\n');
    }
}

/* With elastic services only. */
static void elasticity_csv(SimDc *dc, OutFile *f)
{
    g_autoptr(GArray) rows = sim_dc_request_rows(dc);
    GString *s = f->buf;
    g_string_append(s, SIM_CSV_ELASTICITY_HEADER "\n");
    for (guint i = 0; i < rows->len; i++, out_row(f)) {
        const SimDcRequestRow *q = &g_array_index(rows, SimDcRequestRow, i);
        g_autofree char *instance = g_strdup_printf("%s-%" G_GUINT64_FORMAT, q->service, q->id);
        sim_fmt_csv_string(s, q->service);
        g_string_append_printf(s, ",%" G_GUINT64_FORMAT ",", q->id);
        sim_fmt_csv_string(s, instance);
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, q->host);
        g_string_append_printf(s, ",%s", q->state);
        double v[] = { q->submitted_s, q->ready_s, q->approval_s, q->transfer_s, q->boot_s };
        put_nums(s, v, G_N_ELEMENTS(v));
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, q->node);
        put_nums(s, &q->node_s, 1);
        g_string_append_c(s, '\n');
    }
}

static char *manifest_json(SimDc *dc, const SimRunInfo *info)
{
    const Scenario *scn = sim_dc_scenario(dc);
    GString *s = g_string_new("{\n  \"vdcsim_version\": ");
    sim_fmt_json_string(s, sim_provenance_version());
    g_string_append(s, ",\n  \"git_revision\": ");
    sim_fmt_json_string(s, sim_provenance_git_revision());
    g_string_append(s, ",\n  \"model_version\": ");
    sim_fmt_json_string(s, sim_provenance_model_version());
    g_string_append(s, ",\n  \"scenario\": ");
    sim_fmt_json_string(s, scn->path);
    g_string_append(s, ",\n  \"scenario_sha256\": ");
    sim_fmt_json_string(s, info->scenario_sha256 ? info->scenario_sha256 : "");
    if (info->run_key) {
        g_string_append(s, ",\n  \"run_key\": ");
        sim_fmt_json_string(s, info->run_key);
    }
    g_string_append_printf(s, ",\n  \"seed\": %" G_GUINT64_FORMAT, scn->seed);
    g_string_append(s, ",\n  \"command_line\": ");
    sim_fmt_json_string(s, info->command_line ? info->command_line : "");
    g_string_append_printf(s, ",\n  \"events_dispatched\": %" G_GUINT64_FORMAT
                           ",\n  \"fingerprint\": \"%016" G_GINT64_MODIFIER "x\""
                           ",\n  \"wall_time_s\": ",
                           sim_dc_events(dc), sim_dc_fingerprint(dc));
    sim_fmt_num(s, info->wall_s, TRUE);
    g_string_append(s, ",\n");
    sim_provenance_json(s);
    g_string_append(s, "\n}\n");
    return g_string_free(s, FALSE);
}

/* Whether rows exist (NULL: the run has no such table) and, with nonempty, hold a row. */
static gboolean has_rows(GArray *rows, gboolean nonempty)
{
    gboolean some = rows && (!nonempty || rows->len > 0);
    if (rows)
        g_array_unref(rows);
    return some;
}

static gboolean write_text(const char *dir, const char *name, char *text, GError **error)
{
    gboolean ok = sim_output_write_file(dir, name, text, error);
    g_free(text);
    return ok;
}

gboolean sim_output_write(SimDc *dc, const SimRunInfo *info, GError **error)
{
    const Scenario *scn = sim_dc_scenario(dc);
    const char *dir = scn->out_dir;
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        int err = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                    "cannot create output directory '%s': %s", dir, g_strerror(err));
        return FALSE;
    }
    /* one file at a time, each streamed, manifest.json last.  The optional files come after
     * the others are formatted: io.csv's quantiles sort the latencies device_latency.csv
     * samples, in that order since issue 13. */
    gboolean ok = write_text(dir, "resolved.yaml", scn_write_resolved(scn), error);
    static const struct { const char *name; OutWriteFn write; } tables[] = {
        { SIM_CSV_HOSTS, hosts_csv },           { SIM_CSV_VMS, vms_csv },
        { SIM_CSV_TIMESERIES, series_csv },     { SIM_CSV_MIGRATIONS, migrations_csv },
        { SIM_CSV_DEVICES, devices_csv },       { SIM_CSV_IO, io_csv },
        { SIM_CSV_ISOLATION, isolation_csv },   { SIM_CSV_FRAMES, frames_csv },
    };
    for (size_t i = 0; ok && i < G_N_ELEMENTS(tables); i++)
        ok = out_stream(dc, dir, tables[i].name, tables[i].write, error);
    char *summary = summary_json(dc);
    ok = ok && (!has_rows(sim_dc_request_rows(dc), FALSE) ||
                out_stream(dc, dir, SIM_CSV_ELASTICITY, elasticity_csv, error));
    ok = ok && (!has_rows(sim_dc_latency_rows(dc), FALSE) ||
                out_stream(dc, dir, SIM_CSV_DEVICE_LATENCY, device_latency_csv, error));
    ok = ok && (!has_rows(sim_dc_migration_rows(dc), TRUE) ||
                out_stream(dc, dir, SIM_CSV_ROUNDS, rounds_csv, error));
    ok = ok ? write_text(dir, "summary.json", summary, error) : (g_free(summary), FALSE);
    return ok && write_text(dir, "manifest.json", manifest_json(dc, info), error); /* complete */
}

static double headline_value(const GArray *h, const char *name)
{
    for (guint i = 0; i < h->len; i++)
        if (strcmp(g_array_index(h, SimHeadline, i).name, name) == 0)
            return g_array_index(h, SimHeadline, i).value;
    return NAN;
}

gboolean sim_output_write_compare(const char *dir, SimDc *const *runs, const char *const *names,
                                  guint n, GError **error)
{
    g_return_val_if_fail(n >= 1, FALSE);
    GString *s = g_string_new(SIM_CSV_COMPARE_HEADER);
    for (guint r = 1; r < n; r++) {
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, names[r]);
    }
    g_string_append_c(s, '\n');
    GArray **h = g_new0(GArray *, n);
    for (guint r = 0; r < n; r++)
        h[r] = sim_dc_headline(runs[r]);
    for (guint i = 0; i < h[0]->len; i++) {       /* base's metrics, matched by name */
        const SimHeadline *x = &g_array_index(h[0], SimHeadline, i);
        sim_fmt_csv_string(s, x->name);
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, x->unit);
        for (guint r = 0; r < n; r++) {
            g_string_append_c(s, ',');
            sim_fmt_num(s, headline_value(h[r], x->name), FALSE);
        }
        g_string_append_c(s, '\n');
    }
    for (guint r = 0; r < n; r++)
        g_array_unref(h[r]);
    g_free(h);
    gboolean ok = sim_output_write_file(dir, SIM_CSV_COMPARE, s->str, error);
    g_string_free(s, TRUE);
    return ok;
}

/* ---- terminal --------------------------------------------------------------------- */

static void print_row(FILE *out, int w, const char *name, const char *unit, double v)
{
    if (!isfinite(v))
        fprintf(out, "  %-*s %14s\n", w, name, "-");
    else if (strcmp(unit, "%") == 0)
        fprintf(out, "  %-*s %13.1f%%\n", w, name, 100 * v);
    else if (v == floor(v) && fabs(v) < 1e15)
        fprintf(out, "  %-*s %14.0f%s%s\n", w, name, v, *unit ? " " : "", unit);
    else
        fprintf(out, "  %-*s %14.3f%s%s\n", w, name, v, *unit ? " " : "", unit);
}

void sim_output_print_summary(SimDc *dc, FILE *out)
{
    const Scenario *scn = sim_dc_scenario(dc);
    g_autoptr(GArray) h = sim_dc_headline(dc);
    int w = 22;                                  /* the name column fits the longest name */
    for (guint i = 0; i < h->len; i++)
        w = MAX(w, (int)strlen(g_array_index(h, SimHeadline, i).name));
    g_autofree char *rule = g_strnfill((gsize)w, '-');
    fprintf(out, "%s (seed %" G_GUINT64_FORMAT ")\n", scn->name, scn->seed);
    fprintf(out, "  %-*s %14s\n", w, "metric", "value");
    fprintf(out, "  %s %14s\n", rule, "--------------");
    g_autoptr(GArray) mig = sim_dc_migration_rows(dc);
    gboolean migrations = mig->len > 0;
    for (guint i = 0; i < h->len; i++) {
        const SimHeadline *x = &g_array_index(h, SimHeadline, i);
        /* a run without migrations keeps its table short; summary.json has every row */
        if (!migrations && (g_str_has_prefix(x->name, "migration") ||
                            g_str_has_prefix(x->name, "downtime")))
            continue;
        print_row(out, w, x->name, x->unit, x->value);
    }
}
