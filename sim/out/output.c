/* sim/out/output.c — CSV, JSON, resolved scenario, manifest and the terminal table; see output.h. */
#include "sim/out/output.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sim/dc/control.h"
#include "sim/core/fmt.h"
#include "sim/dc/devices.h"
#include "sim/dc/elastic.h"
#include "sim/out/columns.h"
#include "version.h"

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

/* ---- headline --------------------------------------------------------------------- */

static SimStats vm_slowdowns(SimModel *m)
{
    SimTally t;
    sim_tally_init(&t);
    for (guint i = 0; i < m->vms->len; i++) {
        double s = sim_vm_slowdown(g_ptr_array_index(m->vms, i));
        if (isfinite(s))
            sim_tally_add(&t, s);
    }
    SimStats st = sim_tally_stats(&t);
    sim_tally_clear(&t);
    return st;
}

static double makespan_s(SimModel *m)
{
    SimTimeNs last = 0;
    for (guint i = 0; i < m->vms->len; i++) {
        const SimVm *vm = g_ptr_array_index(m->vms, i);
        if (vm->state == SIM_VM_DONE)
            last = MAX(last, vm->end_ns);
    }
    return m->completed ? sim_s_from_ns(last) : NAN;
}

/* Mean over VMs that ran of their total overhead (fraction of native time). */
static double mean_overhead(SimModel *m)
{
    double sum = 0;
    guint n = 0;
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        if (!vm->host)
            continue;
        for (int k = 0; k < HV_MECH_COUNT; k++)
            sum += sim_vm_overhead_frac(vm, k);
        n++;
    }
    return n ? sum / n : NAN;
}

static double total_steal(SimModel *m)
{
    double sum = 0;
    for (guint i = 0; i < m->vms->len; i++) {
        double st = sim_vm_steal_s(g_ptr_array_index(m->vms, i));
        sum += isfinite(st) ? st : 0;
    }
    return sum;
}

static void headline_add(GArray *a, const char *name, const char *unit, double value)
{
    SimHeadline h = { name, unit, value };
    g_array_append_val(a, h);
}

/* Finished migrations: count, mean total time and downtime, bytes sent. */
static void migration_headline(SimModel *m, GArray *a)
{
    double n = 0, refused = 0, total = 0, down = 0, bytes = 0;
    for (guint i = 0; i < m->migrations->len; i++) {
        const MigResult *r = &((SimMigRecord *)g_ptr_array_index(m->migrations, i))->r;
        refused += r->refused;
        if (!r->finished)
            continue;
        n++;
        total += sim_s_from_ns(r->total_ns);
        down += sim_s_from_ns(r->downtime_ns);
        bytes += (double)r->bytes_sent;
    }
    headline_add(a, "migrations", "", n);
    headline_add(a, "migrations_refused", "", refused);
    headline_add(a, "migration_time_mean_s", "s", n ? total / n : NAN);
    headline_add(a, "downtime_mean_s", "s", n ? down / n : NAN);
    headline_add(a, "migration_bytes", "B", bytes);
}

/* Energy is integrated on every change of utilization or power state (sim/scheduler's
 * power model), so it does not depend on the sampling interval. */
static void power_headline(SimModel *m, GArray *a)
{
    double energy_j = 0, on_s = 0;
    for (guint i = 0; i < m->hosts->len; i++) {
        const SimHost *h = g_ptr_array_index(m->hosts, i);
        energy_j += sched_host_power_energy_j(h->power);
        on_s += sim_s_from_ns(sched_host_power_time_in_ns(h->power, SCHED_POWER_ON));
    }
    double run_s = sim_s_from_ns(m->end_ns);
    headline_add(a, "energy_kwh", "kWh", energy_j / 3.6e6);
    headline_add(a, "hosts_on_mean", "", run_s > 0 ? on_s / run_s : (double)m->hosts->len);
    headline_add(a, "host_power_offs", "", (double)sim_dcctl_power_offs(m->ctl));
    headline_add(a, "vms_lost", "", (double)m->lost);
}

GArray *sim_output_headline(SimModel *m)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(SimHeadline));
    SimStats sd = vm_slowdowns(m);
    headline_add(a, "sim_time_s", "s", sim_s_from_ns(m->end_ns));
    headline_add(a, "hosts", "", m->hosts->len);
    headline_add(a, "vms", "", m->vms->len);
    headline_add(a, "vms_placed", "", (double)m->placed);
    headline_add(a, "vms_rejected", "", (double)m->rejected);
    headline_add(a, "vms_completed", "", (double)m->completed);
    headline_add(a, "vms_stopped", "", (double)m->stopped);
    headline_add(a, "dc_util_mean_frac", "%", sim_gauge_mean(&m->dc_util, m->end_ns));
    headline_add(a, "dc_util_max_frac", "%", m->dc_util.max);
    headline_add(a, "vms_running_mean", "", sim_gauge_mean(&m->vms_running, m->end_ns));
    headline_add(a, "makespan_s", "s", makespan_s(m));
    headline_add(a, "slowdown_mean", "x", sd.n ? sd.mean : NAN);
    headline_add(a, "slowdown_p99", "x", sd.n ? sd.p99 : NAN);
    headline_add(a, "slowdown_max", "x", sd.n ? sd.max : NAN);
    headline_add(a, "steal_s", "s", total_steal(m));
    headline_add(a, "overhead_mean_frac", "%", mean_overhead(m));
    power_headline(m, a);
    migration_headline(m, a);
    sim_elastic_run_headline(m->elastic, a);
    headline_add(a, "events", "", (double)sim_engine_dispatched(m->eng));
    return a;
}

/* ---- files ------------------------------------------------------------------------ */

static char *summary_json(SimModel *m)
{
    GString *s = g_string_new("{\n  \"scenario\": ");
    sim_fmt_json_string(s, m->scn->name);
    g_string_append_printf(s, ",\n  \"seed\": %" G_GUINT64_FORMAT ",\n  \"fingerprint\": \"%016"
                           G_GINT64_MODIFIER "x\",\n  \"headline\": {",
                           m->scn->seed, sim_engine_fingerprint(m->eng));
    g_autoptr(GArray) h = sim_output_headline(m);
    for (guint i = 0; i < h->len; i++) {
        const SimHeadline *x = &g_array_index(h, SimHeadline, i);
        g_string_append_printf(s, "%s\n    \"%s\": ", i ? "," : "", x->name);
        sim_fmt_num(s, x->value, TRUE);
    }
    g_string_append(s, "\n  },\n  \"overhead_mean_frac\": {");
    for (int k = 0; k < HV_MECH_COUNT; k++) {            /* the breakdown, mean over VMs */
        double sum = 0;
        guint n = 0;
        for (guint i = 0; i < m->vms->len; i++) {
            double f = sim_vm_overhead_frac(g_ptr_array_index(m->vms, i), k);
            if (isfinite(f)) {
                sum += f;
                n++;
            }
        }
        g_string_append_printf(s, "%s\"%s\": ", k ? ", " : "", hv_mech_name((HvMech)k));
        sim_fmt_num(s, n ? sum / n : NAN, TRUE);
    }
    SimStats sd = vm_slowdowns(m);
    g_string_append(s, "},\n  \"slowdown\": {");
    g_string_append_printf(s, "\"n\": %zu, \"mean\": ", sd.n);
    double vals[] = { sd.mean, sd.sd, sd.min, sd.max, sd.p50, sd.p90, sd.p99 };
    const char *names[] = { "mean", "sd", "min", "max", "p50", "p90", "p99" };
    sim_fmt_num(s, vals[0], TRUE);
    for (int i = 1; i < 7; i++) {
        g_string_append_printf(s, ", \"%s\": ", names[i]);
        sim_fmt_num(s, sd.n ? vals[i] : NAN, TRUE);
    }
    g_string_append(s, "}\n}\n");
    return g_string_free(s, FALSE);
}

static char *hosts_csv(SimModel *m)
{
    GString *s = g_string_new(SIM_CSV_HOSTS_HEADER "\n");
    for (guint i = 0; i < m->hosts->len; i++) {
        SimHost *h = g_ptr_array_index(m->hosts, i);
        sim_fmt_csv_string(s, h->cfg->name);
        g_string_append_c(s, ',');
        sim_fmt_csv_string(s, h->cfg->group);
        g_string_append_printf(s, ",%d,", h->cfg->cores);
        sim_fmt_num(s, h->cfg->freq_hz, FALSE);
        g_string_append_printf(s, ",%" G_GUINT64_FORMAT ",", h->cfg->memory_bytes);
        sim_fmt_num(s, sim_gauge_mean(&h->util, m->end_ns), FALSE);
        g_string_append_c(s, ',');
        sim_fmt_num(s, h->util.max, FALSE);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

static void vm_row(GString *s, SimModel *m, SimVm *vm)
{
    sim_fmt_csv_string(s, vm->cfg->name);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->cfg->group);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->host ? vm->host->cfg->name : "");
    g_string_append_printf(s, ",%s,", sim_vm_state_name(vm->state));
    sim_fmt_csv_string(s, vm->cfg->workload);
    g_string_append_printf(s, ",%d,%" G_GUINT64_FORMAT ",", vm->cfg->vcpus, vm->cfg->memory_bytes);
    gboolean ran = vm->host != NULL;
    sim_fmt_num(s, ran ? sim_s_from_ns(vm->start_ns) : NAN, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, ran && vm->state != SIM_VM_RUNNING ? sim_s_from_ns(vm->end_ns) : NAN, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, sim_vm_cpu_seconds(vm), FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, sim_vm_slowdown(vm), FALSE);
    g_string_append_c(s, ',');
    sim_fmt_csv_string(s, vm->reject_reason ? vm->reject_reason : "");
    g_string_append_c(s, ',');
    sim_fmt_num(s, ran ? vm->speed_frac : NAN, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, sim_vm_steal_s(vm), FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, ran ? vm->balloon_speed_frac : NAN, FALSE);
    g_string_append_c(s, ',');
    for (int k = 0; vm->cores && k < vm->cfg->vcpus; k++)   /* pinned cores, space-separated */
        g_string_append_printf(s, "%s%d", k ? " " : "", vm->cores[k]);
    double delay_mean = NAN, delay_p99 = NAN;
    sim_vm_sched_delays(vm, &delay_mean, &delay_p99);
    g_string_append_c(s, ',');
    sim_fmt_num(s, delay_mean, FALSE);
    g_string_append_c(s, ',');
    sim_fmt_num(s, delay_p99, FALSE);
    for (int k = 0; k < HV_MECH_COUNT; k++) {
        g_string_append_c(s, ',');
        sim_fmt_num(s, sim_vm_overhead_frac(vm, k), FALSE);
    }
    g_string_append_c(s, '\n');
}

static char *vms_csv(SimModel *m)
{
    GString *s = g_string_new(SIM_CSV_VMS_HEADER);
    for (int k = 0; k < HV_MECH_COUNT; k++)
        g_string_append_printf(s, "," SIM_COL_VM_OVH_PREFIX "%s" SIM_COL_VM_OVH_SUFFIX,
                               hv_mech_name((HvMech)k));
    g_string_append_c(s, '\n');
    for (guint i = 0; i < m->vms->len; i++)
        vm_row(s, m, g_ptr_array_index(m->vms, i));
    return g_string_free(s, FALSE);
}

static char *series_csv(const SimSeries *ts)
{
    GString *s = g_string_new(NULL);
    guint ncol = ts->columns->len;
    for (guint c = 0; c < ncol; c++) {
        if (c)
            g_string_append_c(s, ',');
        sim_fmt_csv_string(s, g_ptr_array_index(ts->columns, c));
    }
    g_string_append_c(s, '\n');
    for (guint r = 0; r < sim_series_rows(ts); r++) {
        for (guint c = 0; c < ncol; c++) {
            if (c)
                g_string_append_c(s, ',');
            sim_fmt_num(s, g_array_index(ts->values, double, r * ncol + c), FALSE);
        }
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}


static char *migrations_csv(SimModel *m)
{
    GString *s = g_string_new(SIM_CSV_MIGRATIONS_HEADER "\n");
    for (guint i = 0; i < m->migrations->len; i++) {
        const SimMigRecord *rec = g_ptr_array_index(m->migrations, i);
        const MigResult *r = &rec->r;
        const SimHost *src = g_ptr_array_index(m->hosts, r->src_host);
        const SimHost *dst = g_ptr_array_index(m->hosts, r->dst_host);
        const char *fields[] = { r->vm, r->strategy, r->trigger ? r->trigger : "migrate",
                                 src->cfg->name, dst->cfg->name };
        for (size_t k = 0; k < G_N_ELEMENTS(fields); k++) {
            sim_fmt_csv_string(s, fields[k] ? fields[k] : "");
            g_string_append_c(s, ',');
        }
        gboolean ok = r->finished;
        double nums[] = { sim_s_from_ns(r->start_ns), sim_s_from_ns(r->end_ns),
                          ok ? sim_s_from_ns(r->total_ns) : NAN,
                          ok ? sim_s_from_ns(r->downtime_ns) : NAN };
        for (size_t k = 0; k < G_N_ELEMENTS(nums); k++) {
            sim_fmt_num(s, nums[k], FALSE);
            g_string_append_c(s, ',');
        }
        g_string_append_printf(s, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%u,%"
                               G_GUINT64_FORMAT ",", r->bytes_sent, r->pages_sent, r->rounds,
                               r->faults);
        sim_fmt_num(s, sim_s_from_ns(r->stall_ns), FALSE);
        g_string_append_c(s, ',');
        sim_fmt_num(s, ok ? r->degradation_frac : NAN, FALSE);
        g_string_append_printf(s, ",%s,", r->refused ? "true" : "false");
        sim_fmt_csv_string(s, r->reason ? r->reason : "");
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

static char *manifest_json(SimModel *m, const SimRunInfo *info)
{
    GString *s = g_string_new("{\n  \"vdcsim_version\": ");
    sim_fmt_json_string(s, VDC_VERSION);
    g_string_append(s, ",\n  \"git_revision\": ");
    sim_fmt_json_string(s, VDC_GIT_REV);
    g_string_append(s, ",\n  \"scenario\": ");
    sim_fmt_json_string(s, m->scn->path);
    g_string_append(s, ",\n  \"scenario_sha256\": ");
    sim_fmt_json_string(s, info->scenario_sha256 ? info->scenario_sha256 : "");
    g_string_append_printf(s, ",\n  \"seed\": %" G_GUINT64_FORMAT, m->scn->seed);
    g_string_append(s, ",\n  \"command_line\": ");
    sim_fmt_json_string(s, info->command_line ? info->command_line : "");
    g_string_append_printf(s, ",\n  \"events_dispatched\": %" G_GUINT64_FORMAT
                           ",\n  \"fingerprint\": \"%016" G_GINT64_MODIFIER "x\""
                           ",\n  \"wall_time_s\": ",
                           sim_engine_dispatched(m->eng), sim_engine_fingerprint(m->eng));
    sim_fmt_num(s, info->wall_s, TRUE);
    g_string_append(s, "\n}\n");
    return g_string_free(s, FALSE);
}

gboolean sim_output_write(SimModel *m, const SimRunInfo *info, GError **error)
{
    const char *dir = m->scn->out_dir;
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        int err = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                    "cannot create output directory '%s': %s", dir, g_strerror(err));
        return FALSE;
    }
    struct { const char *name; char *text; } files[] = {
        { "resolved.yaml", scn_write_resolved(m->scn) },
        { SIM_CSV_HOSTS, hosts_csv(m) },
        { SIM_CSV_VMS, vms_csv(m) },
        { SIM_CSV_TIMESERIES, series_csv(&m->series) },
        { SIM_CSV_MIGRATIONS, migrations_csv(m) },
        { SIM_CSV_DEVICES, sim_io_devices_csv(m->io, m->end_ns) },
        { SIM_CSV_IO, sim_io_streams_csv(m->io, m->end_ns) },
        { "summary.json", summary_json(m) },
        { "manifest.json", manifest_json(m, info) },    /* last: marks the run complete */
    };
    gboolean ok = sim_elastic_run_write(m->elastic, dir, error);    /* before the manifest */
    g_autofree char *latency = sim_io_latency_csv(m->io);
    if (ok && latency)
        ok = sim_output_write_file(dir, SIM_CSV_DEVICE_LATENCY, latency, error);
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        ok = ok && sim_output_write_file(dir, files[i].name, files[i].text, error);
        g_free(files[i].text);
    }
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

void sim_output_print_summary(SimModel *m, FILE *out)
{
    g_autoptr(GArray) h = sim_output_headline(m);
    int w = 22;                                  /* the name column fits the longest name */
    for (guint i = 0; i < h->len; i++)
        w = MAX(w, (int)strlen(g_array_index(h, SimHeadline, i).name));
    g_autofree char *rule = g_strnfill((gsize)w, '-');
    fprintf(out, "%s (seed %" G_GUINT64_FORMAT ")\n", m->scn->name, m->scn->seed);
    fprintf(out, "  %-*s %14s\n", w, "metric", "value");
    fprintf(out, "  %s %14s\n", rule, "--------------");
    gboolean migrations = m->migrations->len > 0;
    for (guint i = 0; i < h->len; i++) {
        const SimHeadline *x = &g_array_index(h, SimHeadline, i);
        /* a run without migrations keeps its table short; summary.json has every row */
        if (!migrations && (g_str_has_prefix(x->name, "migration") ||
                            g_str_has_prefix(x->name, "downtime")))
            continue;
        print_row(out, w, x->name, x->unit, x->value);
    }
}
