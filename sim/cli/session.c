/* sim/cli/session.c — one run from file to outputs; see run.h. */
#include "sim/cli/session.h"

#include "sim/hypervisor/runtime.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "plots/report.h"
#include "plots/catalog.h"
#include "sim/cli/options.h"
#include "sim/core/interrupt.h"
#include "sim/core/progress.h"
#include "sim/yaml/limits.h"
#include "sim/hypervisor/isa.h"
#include "sim/migration/strategy.h"
#include "sim/scheduler/placement.h"
#include "sim/dc/datacenter.h"
#include "sim/out/columns.h"
#include "sim/out/output.h"

gboolean sim_run_parse_charts(const char *list, int column, char ***out, GError **error)
{
    static const char *const formats[] = { "png", "svg", "pdf", NULL };
    g_auto(GStrv) parts = g_strsplit(list, ",", -1);
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    for (char **p = parts; *p; p++) {
        g_strstrip(*p);
        if (strcmp(*p, "none") == 0 || **p == '\0')
            continue;
        if (!g_strv_contains(formats, *p)) {
            g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE,
                        "command line:1:%d: error: unknown chart format '%s' in --charts "
                        "(expected png, svg, pdf or none)", column, *p);
            g_ptr_array_free(a, TRUE);
            return FALSE;
        }
        g_ptr_array_add(a, g_strdup(*p));
    }
    g_ptr_array_set_free_func(a, NULL);
    g_ptr_array_add(a, NULL);
    *out = (char **)g_ptr_array_free(a, FALSE);
    return TRUE;
}

void sim_run_apply_options(Scenario *s, const SimRunOptions *o)
{
    if (o->out_dir) {
        g_free(s->out_dir);
        s->out_dir = g_strdup(o->out_dir);
    }
    if (o->has_seed)
        s->seed = o->seed;
    if (o->charts) {
        g_strfreev(s->charts);
        s->charts = g_strdupv(o->charts);
    }
}

typedef struct {
    gint64    wall_start_us;
    SimTimeNs duration_ns;
    SimDc    *dc;
    uint64_t  vms;
} Progress;

/* The run's progress: "placing VMs" while the first arrivals at t = 0 are placed, then
 * "simulating  42.0 %  ETA 5 s  3.10 M events/s  t=252.0 s". */
static void show_progress(const SimEngine *eng, void *user)
{
    Progress *p = user;
    SimTimeNs now_ns = sim_engine_now_ns(eng);
    uint64_t placed = sim_dc_vms_placed(p->dc);
    if (now_ns == 0 && placed < p->vms) {
        sim_progress_phase("placing VMs");
        sim_progress_step(placed, p->vms, NULL);
        return;
    }
    double wall_s = (double)(g_get_monotonic_time() - p->wall_start_us) / 1e6;
    double evps = wall_s > 0 ? (double)sim_engine_dispatched(eng) / wall_s : 0;
    g_autofree char *detail = g_strdup_printf("%.2f M events/s  t=%.1f s", evps / 1e6,
                                              sim_s_from_ns(now_ns));
    sim_progress_phase("simulating");
    sim_progress_step((uint64_t)MAX(now_ns, 0), (uint64_t)MAX(p->duration_ns, 1), detail);
}

/* Sets a one-line error (control characters escaped) and returns FALSE. */
static gboolean G_GNUC_PRINTF(3, 4)
run_fail(GError **error, ScnErrorCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *line = scn_text_one_line(msg);
    g_set_error_literal(error, SCN_ERROR, code, line);
    return FALSE;
}

gboolean sim_run_prepare_out_dir(const char *dir, const char *where, GError **error)
{
    const char *why = NULL;
    int err = 0;
    if (!*dir)
        why = "it is empty";
    else if (g_mkdir_with_parents(dir, 0755) != 0)
        err = errno;
    else if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        why = "it is not a directory";
    if (!why && !err) {
        g_autofree char *probe = g_build_filename(dir, ".vdcsim-probe-XXXXXX", NULL);
        int fd = g_mkstemp(probe);
        if (fd < 0)
            err = errno;
        else {
            close(fd);
            g_unlink(probe);
        }
    }
    if (!why && !err)
        return TRUE;
    return run_fail(error, SCN_ERROR_IO, "%s: error: cannot write results to '%s': %s "
                    "(expected a writable directory)", where, dir, why ? why : g_strerror(err));
}

/* Per-object memory costs of a running simulation (docs/scenario.md, "Limits"), from the
 * peak RSS of `vdcsim bench scale`, rounded up. */
#define HOST_BYTES    (16u << 10)
#define VM_BYTES      (8u << 10)
#define DEVICE_BYTES  (4u << 10)
#define EVENT_BYTES   512u
#define SAMPLE_BYTES  8u          /* one column of one timeseries row */
#define SAMPLE_COLUMNS 10u        /* timeseries columns besides the per-host ones */
#define BASE_BYTES    (64u << 20)

uint64_t sim_run_memory_bytes(const Scenario *s)
{
    uint64_t devices = 0, rows = 0;
    for (guint i = 0; i < s->hosts->len; i++)
        devices += ((const ScnHost *)g_ptr_array_index(s->hosts, i))->devices->len;
    if (s->duration_ns > 0 && s->sample_interval_ns > 0)
        rows = (uint64_t)(s->duration_ns / s->sample_interval_ns) + 1;
    guint columns = SAMPLE_COLUMNS + (s->hosts->len <= SIM_SERIES_MAX_HOSTS ? s->hosts->len : 0);
    double series = (double)rows * columns * SAMPLE_BYTES;
    double total = BASE_BYTES + (double)s->hosts->len * HOST_BYTES +
                   (double)s->vms->len * VM_BYTES + (double)devices * DEVICE_BYTES +
                   (double)s->events->len * EVENT_BYTES + series;
    return total >= 1.8e19 ? G_MAXUINT64 : (uint64_t)total;
}

static uint64_t physical_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
}

/* "76.0 MiB", "23.4 GiB" */
static char *human_bytes(uint64_t bytes)
{
    double mib = (double)bytes / (double)(1u << 20);
    return mib < 1024 ? g_strdup_printf("%.1f MiB", mib) : g_strdup_printf("%.1f GiB", mib / 1024);
}

gboolean sim_run_check_memory(const Scenario *s, GError **error)
{
    const ScnLimits *l = scn_limits();
    uint64_t need = sim_run_memory_bytes(s);
    uint64_t have = l->memory_bytes ? l->memory_bytes : physical_bytes();
    if (l->force || have == 0 || need <= have)
        return TRUE;
    g_autofree char *need_s = human_bytes(need), *have_s = human_bytes(have);
    return run_fail(error, SCN_ERROR_RANGE, "%s:1:1: error: the run would need about %s of "
                    "memory for %u hosts and %u VMs (limit %s%s; raise with --max-memory, or "
                    "run anyway with --force)", s->path, need_s, s->hosts->len, s->vms->len,
                    have_s, l->memory_bytes ? "" : ", this machine's memory");
}

/* The note of a run a signal cut short. */
static int interrupted(const Scenario *s, SimTimeNs at_ns, const char *stage, GError **error)
{
    int sig = sim_interrupt_pending();
    run_fail(error, SCN_ERROR_USAGE, "vdcsim: interrupted by %s %s t=%.3f s; %s",
             sim_interrupt_name(sig), at_ns >= 0 ? "at" : "after the run,",
             at_ns >= 0 ? sim_s_from_ns(at_ns) : sim_s_from_ns(s->duration_ns), stage);
    return 128 + sig;
}

/* The run's charts (formats; none: nothing drawn) and report.html, from its files only;
 * stops between them on a signal (duration_ns for the note). */
static int run_publish(const char *out_dir, const char *const *formats, SimTimeNs duration_ns,
                       GError **error)
{
    const Scenario at_end = { .duration_ns = duration_ns };
    if (sim_interrupt_pending())
        return interrupted(&at_end, -1, "results written, charts and report.html not", error);
    g_autoptr(GPtrArray) charts = NULL;           /* charts and report: one reading */
    if (formats && formats[0]) {
        sim_progress_phase("drawing charts");
        charts = plot_run_charts(out_dir, error);
        if (!charts || !plot_run_render_charts(out_dir, charts, formats, error))
            return 1;
    }
    if (sim_interrupt_pending())
        return interrupted(&at_end, -1, "results and charts written, report.html not", error);
    sim_progress_phase("writing report");
    return plot_report_write_charts(out_dir, charts, error) ? 0 : 1;
}

/* The terminal summary of a finished run, as text (printed after the charts). */
static char *summary_text(SimDc *m, const char *out_dir)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    sim_output_print_summary(m, f);
    fprintf(f, "results in %s/\n", out_dir);
    fclose(f);
    return text;
}

/* Writes the files; then frees the datacenter and the scenario, since the charts and the
 * report read the files only (so the peak memory is the larger of the two phases, not their
 * sum); then draws the charts and the report. */
static int run_write(SimDc *m, Scenario *s, const SimRunInfo *info, char **summary,
                     GError **error)
{
    sim_progress_phase("writing outputs");
    gboolean ok = sim_output_write(m, info, error);
    if (ok && summary)
        *summary = summary_text(m, s->out_dir);
    g_autofree char *out_dir = g_strdup(s->out_dir);
    g_auto(GStrv) formats = g_strdupv(s->charts);
    SimTimeNs duration_ns = s->duration_ns;
    sim_dc_free(m);
    scn_scenario_free(s);
    return ok ? run_publish(out_dir, (const char *const *)formats, duration_ns, error) : 1;
}

static int run_file(const char *path, const SimRunOptions *o, FILE *summary_out,
                    GError **error);

/* ---- variants (`compare:`): loaded first, run in parallel, drawn in order ----------- */

typedef struct {
    Scenario  *s;
    SimDc     *m;
    const char *name;               /* "base" or the variant's */
    double     wall_s;
    const SimRunOptions *o;
    const char *sha;
    GError    *error;
    gboolean   ok;
} RunSlot;

/* The command line's --set list followed by the variant's. */
static char **variant_sets(const SimRunOptions *o, const ScnVariant *v, int *n_cli)
{
    GPtrArray *a = g_ptr_array_new();
    for (int i = 0; o->sets && o->sets[i]; i++)
        g_ptr_array_add(a, g_strdup(o->sets[i]));
    *n_cli = (int)a->len;
    for (guint i = 0; i < v->sets->len; i++)
        g_ptr_array_add(a, g_strdup(v->sets->pdata[i]));
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

/* Loads a variant into OUT/variants/NAME; FALSE with a one-line error at its compare entry. */
static gboolean variant_load(const char *path, const SimRunOptions *o, const Scenario *base,
                             const ScnVariant *v, RunSlot *slot, GError **error)
{
    int n_cli = 0;
    g_auto(GStrv) sets = variant_sets(o, v, &n_cli);
    GError *e = NULL;
    slot->s = scn_load_file(path, (const char *const *)sets, &e);
    slot->name = v->name;
    if (!slot->s) {
        g_autofree char *msg = scn_variant_error(v, n_cli, e->message);
        g_error_free(e);
        return run_fail(error, SCN_ERROR_USAGE, "%s", msg);
    }
    sim_run_apply_options(slot->s, o);
    g_free(slot->s->out_dir);
    slot->s->out_dir = g_build_filename(base->out_dir, SIM_DIR_VARIANTS, v->name, NULL);
    return sim_run_check_memory(slot->s, error) &&
           sim_run_prepare_out_dir(slot->s->out_dir, base->out_dir_where, error);
}

static void slot_run(gpointer data, gpointer user)
{
    RunSlot *slot = data;
    gint64 t0 = g_get_monotonic_time();
    slot->m = sim_dc_new(slot->s);
    sim_dc_run(slot->m);
    slot->wall_s = (double)(g_get_monotonic_time() - t0) / 1e6;
    if (sim_interrupt_pending())
        return;
    SimRunInfo info = { slot->o->command_line, slot->sha, slot->wall_s, NULL };
    slot->ok = sim_output_write(slot->m, &info, &slot->error);
}

/* Runs every slot on a pool of threads: each is a whole run with its own scenario, model
 * and directory, so the files do not depend on the number of threads or their timing. */
static void slots_run(RunSlot *slots, guint n)
{
    int threads = MAX(1, MIN((int)n, (int)g_get_num_processors()));
    GThreadPool *pool = g_thread_pool_new(slot_run, NULL, threads, TRUE, NULL);
    for (guint i = 0; i < n; i++)
        g_thread_pool_push(pool, &slots[i], NULL);
    g_thread_pool_free(pool, FALSE, TRUE);
}

/* Variants' charts and reports, then compare.csv, then the base's (which reads it). */
static int slots_write(RunSlot *slots, guint n, GError **error)
{
    for (guint i = 0; i < n; i++)
        if (!slots[i].ok) {
            g_propagate_error(error, g_steal_pointer(&slots[i].error));
            return 1;
        }
    for (guint i = 1; i < n; i++)
        if (!plot_run_publish(slots[i].s->out_dir, (const char *const *)slots[i].s->charts,
                              error))
            return 1;
    g_autofree SimDc **dcs = g_new0(SimDc *, n);
    g_autofree const char **names = g_new0(const char *, n);
    for (guint i = 0; i < n; i++) {
        dcs[i] = slots[i].m;
        names[i] = slots[i].name;
    }
    if (!sim_output_write_compare(slots[0].s->out_dir, dcs, names, n, error))
        return 1;
    const Scenario *s = slots[0].s;
    return plot_run_publish(s->out_dir, (const char *const *)s->charts, error) ? 0 : 1;
}

static void slots_free(RunSlot *slots, guint n)
{
    for (guint i = 0; i < n; i++) {
        sim_dc_free(slots[i].m);
        if (i > 0)
            scn_scenario_free(slots[i].s);
        g_clear_error(&slots[i].error);
    }
    g_free(slots);
}

static int run_compare(const char *path, Scenario *s, const SimRunOptions *o, const char *sha,
                       FILE *summary_out, GError **error)
{
    guint n = s->variants->len + 1;
    RunSlot *slots = g_new0(RunSlot, n);
    slots[0] = (RunSlot){ .s = s, .name = SIM_COL_CMP_BASE };
    int status = 0;
    for (guint i = 1; i < n && status == 0; i++)
        if (!variant_load(path, o, s, s->variants->pdata[i - 1], &slots[i], error))
            status = 2;
    for (guint i = 0; i < n; i++) {
        slots[i].o = o;
        slots[i].sha = sha;
    }
    if (status == 0)
        slots_run(slots, n);
    if (status == 0 && sim_interrupt_pending())
        status = interrupted(s, -1, "no results written", error);
    if (status == 0)
        status = slots_write(slots, n, error);
    if (status == 0 && !o->quiet && summary_out) {
        sim_output_print_summary(slots[0].m, summary_out);
        fprintf(summary_out, "results in %s/, variants in %s/%s/, side by side in %s/%s\n",
                s->out_dir, s->out_dir, SIM_DIR_VARIANTS, s->out_dir, SIM_CSV_COMPARE);
    }
    slots_free(slots, n);
    return status;
}

int sim_run_file(const char *path, const SimRunOptions *o, FILE *summary_out, GError **error)
{
    if (o->progress)
        sim_progress_begin(stderr);
    int status = run_file(path, o, summary_out, error);
    sim_progress_end();
    return status;
}

/* sim_run_file's phases: load, check, build, run, write, summary. */
static int run_file(const char *path, const SimRunOptions *o, FILE *summary_out, GError **error)
{
    sim_progress_phase("loading scenario");
    Scenario *s = scn_load_file(path, o->sets, error);
    if (!s)
        return 2;
    sim_run_apply_options(s, o);
    g_autofree char *flag_where = g_strdup_printf("command line:1:%d", MAX(o->out_column, 1));
    if (!sim_run_check_memory(s, error) ||
        !sim_run_prepare_out_dir(s->out_dir, o->out_dir ? flag_where : s->out_dir_where,
                                 error)) {
        scn_scenario_free(s);
        return 2;
    }
    g_autofree char *sha = sim_output_sha256_file(path);
    if (s->variants->len > 0) {
        int status = run_compare(path, s, o, sha, summary_out, error);
        scn_scenario_free(s);
        return status;
    }
    sim_progress_phase("building datacenter");
    SimDc *m = sim_dc_new(s);
    Progress prog = { g_get_monotonic_time(), s->duration_ns, m, s->vms->len };
    if (sim_progress_active())
        sim_dc_set_progress(m, 4096, show_progress, &prog);
    sim_progress_phase(s->vms->len ? "placing VMs" : "simulating");
    sim_dc_run(m);
    sim_progress_phase("simulating");
    sim_progress_step((uint64_t)MAX(sim_dc_now_ns(m), 0), (uint64_t)MAX(s->duration_ns, 1), NULL);
    SimRunInfo info = { o->command_line, sha,
                        (double)(g_get_monotonic_time() - prog.wall_start_us) / 1e6, NULL };
    if (sim_interrupt_pending()) {
        int status = interrupted(s, sim_dc_now_ns(m), "no results written", error);
        sim_dc_free(m);
        scn_scenario_free(s);
        return status;
    }
    g_autofree char *summary = NULL;
    int status = run_write(m, s, &info, !o->quiet && summary_out ? &summary : NULL, error);
    sim_progress_end();
    if (status == 0 && summary)
        fputs(summary, summary_out);
    return status;
}

static void list_hypervisors(FILE *out)
{
    size_t n = 0;
    const HvProfile *p = hv_profile_builtins(&n);
    fprintf(out, "hypervisors (host `hypervisor:`), by level of virtualization\n");
    for (int level = 0; level < HV_LEVEL_COUNT; level++) {
        gboolean any = FALSE;
        for (size_t i = 0; i < n; i++) {
            if ((int)hv_profile_level(&p[i]) != level)
                continue;
            if (!any)
                fprintf(out, "  %s\n", hv_level_name((HvLevel)level));
            any = TRUE;
            fprintf(out, "    %-20s %-9s %-20s", p[i].name, hv_kind_name(p[i].kind),
                    hv_technique_name(p[i].technique));
            if (p[i].technique == HV_TECH_HW)
                fprintf(out, " gen %d", p[i].hw_gen);
            fprintf(out, "\n");
        }
    }
}

/* The taxonomy's third level: process-level virtualization (managed runtimes). */
static void list_runtimes(FILE *out)
{
    size_t n = 0;
    const HvRuntime *r = hv_runtime_builtins(&n);
    fprintf(out, "  process-level (managed runtimes: a VM's `managed_runtime:`)\n");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "    %-20s %.2fx native: %s (%s)\n", r[i].name, r[i].slowdown, r[i].what,
                r[i].source);
}

void sim_run_print_list(FILE *out)
{
    list_hypervisors(out);
    list_runtimes(out);
    Scenario *s = scn_scenario_builtins();
    fprintf(out, "workloads (profiles.workloads may inherit from these with base:)\n");
    for (guint i = 0; i < s->workloads->len; i++) {
        const ScnWorkload *w = g_ptr_array_index(s->workloads, i);
        fprintf(out, "  %-20s demand %3.0f %%\n", w->name, 100 * w->demand_frac);
    }
    fprintf(out, "paging modes (host `paging:`)\n  %s\n", mem_paging_mode_names());
    fprintf(out, "ISAs (profile `isa:`)\n");
    size_t n = 0;
    const HvIsa *isa = hv_isa_builtins(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %s\n", isa[i].name);
    fprintf(out, "migration strategies (`migration.strategy`)\n");
    for (size_t i = 0; mig_strategy_nth(i); i++)
        fprintf(out, "  %-20s %s\n", mig_strategy_nth(i)->name, mig_strategy_nth(i)->description);
    fprintf(out, "placement policies (`scheduler.placement`)\n");
    for (guint i = 0; sched_placement_nth(i); i++)
        fprintf(out, "  %-20s %s\n", sched_placement_nth(i)->name,
                sched_placement_nth(i)->description);
    fprintf(out, "vCPU scheduling (`scheduler.vcpu`, host `vcpu`)\n");
    for (int i = 0; scn_vcpu_mode_names[i]; i++)
        fprintf(out, "  %s\n", scn_vcpu_mode_names[i]);
    scn_scenario_free(s);
}
