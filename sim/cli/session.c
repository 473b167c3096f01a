/* sim/cli/session.c — one run from file to outputs; see run.h. */
#include "sim/cli/session.h"

#include <string.h>

#include "plots/report.h"
#include "plots/catalog.h"
#include "sim/cli/options.h"
#include "sim/hypervisor/isa.h"
#include "sim/migration/strategy.h"
#include "sim/scheduler/placement.h"
#include "sim/dc/datacenter.h"
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
} Progress;

/* "\r  t=12.0 s / 600.0 s   2.0 %   3.1 M events/s   ETA 5 s" */
static void show_progress(const SimEngine *eng, void *user)
{
    Progress *p = user;
    double wall_s = (double)(g_get_monotonic_time() - p->wall_start_us) / 1e6;
    double sim_s = sim_s_from_ns(sim_engine_now_ns(eng));
    double evps = wall_s > 0 ? (double)sim_engine_dispatched(eng) / wall_s : 0;
    if (p->duration_ns > 0) {
        double frac = sim_s / sim_s_from_ns(p->duration_ns);
        double eta = frac > 0 ? wall_s * (1 - frac) / frac : 0;
        fprintf(stderr, "\r  t=%.1f s / %.1f s  %5.1f %%  %6.2f M events/s  ETA %.0f s   ", sim_s,
                sim_s_from_ns(p->duration_ns), 100 * frac, evps / 1e6, eta);
    } else {
        fprintf(stderr, "\r  t=%.1f s  %6.2f M events/s   ", sim_s, evps / 1e6);
    }
}

int sim_run_file(const char *path, const SimRunOptions *o, FILE *summary_out, GError **error)
{
    Scenario *s = scn_load_file(path, o->sets, error);
    if (!s)
        return 2;
    sim_run_apply_options(s, o);
    g_autofree char *sha = sim_output_sha256_file(path);
    SimDc *m = sim_dc_new(s);
    Progress prog = { g_get_monotonic_time(), s->duration_ns };
    if (o->progress)
        sim_dc_set_progress(m, 200000, show_progress, &prog);
    sim_dc_run(m);
    if (o->progress)
        fprintf(stderr, "\r%*s\r", 78, "");
    SimRunInfo info = { o->command_line, sha,
                        (double)(g_get_monotonic_time() - prog.wall_start_us) / 1e6, NULL };
    int status = 0;
    if (!sim_output_write(m, &info, error) ||
        !plot_run_render(s->out_dir, (const char *const *)s->charts, error) ||
        !plot_report_write(s->out_dir, error))
        status = 1;
    else if (!o->quiet && summary_out) {
        sim_output_print_summary(m, summary_out);
        fprintf(summary_out, "results in %s/\n", s->out_dir);
    }
    sim_dc_free(m);
    scn_scenario_free(s);
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

void sim_run_print_list(FILE *out)
{
    list_hypervisors(out);
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
