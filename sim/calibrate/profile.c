/* sim/calibrate/profile.c — the fitted profile as scenario YAML, and `--check`.
 *
 * The file is a top-level `profiles:` mapping (one hypervisor, one workload) whose comments
 * carry the provenance: every input's SHA-256, the date, the host clock, and per key the model
 * equation, standard error, 95 % confidence interval and residuals.  It loads as part of any
 * scenario (cat profile.yaml plan.yaml > scenario.yaml).  --check evaluates the simulator's own
 * model on a scenario made of the profile and one host, next to each measured quantity.
 */
#include "sim/calibrate/calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/dc/virtcost.h"
#include "sim/hypervisor/workload.h"
#include "sim/yaml/doc.h"

static void append_value(GString *s, const CalParam *c)
{
    if (strcmp(c->unit, "B") == 0)
        g_string_append_printf(s, "%.0f B", c->value);
    else if (strcmp(c->unit, "/s") == 0)
        g_string_append_printf(s, "%.6g/s", c->value);
    else
        g_string_append_printf(s, "%.6g %s", c->value, c->unit);
}

static void append_uncertainty(GString *s, const CalParam *c)
{
    if (isnan(c->se)) {
        g_string_append(s, "   # no standard error (a single measurement or a derived value)");
        return;
    }
    g_string_append_printf(s, "   # +- %.3g %s standard error; 95 %% confidence interval "
                           "[%.6g, %.6g]", c->se, c->unit, c->value - c->ci95,
                           c->value + c->ci95);
}

static void append_param(GString *s, const CalParam *c, const char *indent)
{
    g_string_append_printf(s, "%s# %s\n", indent, c->how ? c->how : "");
    if (c->residuals)
        g_string_append_printf(s, "%s# %s\n", indent, c->residuals);
    g_string_append_printf(s, "%s%s: ", indent, c->key);
    append_value(s, c);
    append_uncertainty(s, c);
    g_string_append_c(s, '\n');
}

static void append_section(GString *s, const CalResult *r, CalTarget t)
{
    for (guint i = 0; i < r->params->len; i++) {
        const CalParam *c = g_ptr_array_index(r->params, i);
        if (c->target == t)
            append_param(s, c, "      ");
    }
}

static void append_header(GString *s, const CalResult *r, const CalSet *set, const char *date)
{
    g_string_append_printf(s, "# Fitted by `vdcsim calibrate` on %s from measurements (a "
                           "generated file: re-run it rather than edit).\n", date);
    g_string_append_printf(s, "# Use: cat this-file plan.yaml > scenario.yaml; hosts take "
                           "`hypervisor: %s` and `freq: %.6g GHz`, VMs `workload: %s`.\n",
                           r->opt.hv_name, r->opt.freq_hz / 1e9, r->opt.wl_name);
    g_string_append_printf(s, "# host clock: %.6g GHz (%s)\n", r->opt.freq_hz / 1e9,
                           r->freq_source);
    g_string_append(s, "# inputs (SHA-256, file, format):\n");
    for (guint i = 0; i < set->inputs->len; i++) {
        const CalInput *in = g_ptr_array_index(set->inputs, i);
        g_string_append_printf(s, "#   %s  %s  (%s)\n", in->sha256, in->path, in->format);
    }
    for (guint i = 0; i < r->params->len; i++) {
        const CalParam *c = g_ptr_array_index(r->params, i);
        if (c->target != CAL_TO_NOTE)
            continue;
        g_string_append_printf(s, "# measured %s = %.6g %s", c->key, c->value, c->unit);
        if (!isnan(c->se))
            g_string_append_printf(s, " +- %.3g (standard error)", c->se);
        g_string_append_printf(s, "; %s\n", c->how);
        if (c->residuals)
            g_string_append_printf(s, "#   %s\n", c->residuals);
    }
    if (r->notes->len)
        g_string_append(s, "# notes (measured, no scenario key takes them directly):\n");
    for (guint i = 0; i < r->notes->len; i++)
        g_string_append_printf(s, "#   %s\n", (const char *)g_ptr_array_index(r->notes, i));
}

char *cal_profile_text(const CalResult *r, const CalSet *set, const char *date)
{
    GString *s = g_string_new(NULL);
    append_header(s, r, set, date);
    g_string_append_printf(s, "profiles:\n  hypervisors:\n    %s:\n      base: %s\n",
                           r->opt.hv_name, r->opt.hv_base);
    append_section(s, r, CAL_TO_HYPERVISOR);
    g_string_append_printf(s, "  workloads:\n    %s:\n      base: %s\n", r->opt.wl_name,
                           r->opt.wl_base);
    append_section(s, r, CAL_TO_WORKLOAD);
    return g_string_free(s, FALSE);
}

gboolean cal_profile_write(const CalResult *r, const CalSet *set, const char *path,
                           GError **error)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *date = g_date_time_format(now, "%Y-%m-%d");
    g_autofree char *text = cal_profile_text(r, set, date);
    g_autofree char *tmp = g_strdup_printf("%s.tmp", path);
    GError *io = NULL;
    if (!g_file_set_contents(tmp, text, -1, &io) || rename(tmp, path) != 0) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s:1:1: error: cannot write the profile: "
                    "%s (expected a writable path)", path, io ? io->message : g_strerror(errno));
        g_clear_error(&io);
        remove(tmp);
        return FALSE;
    }
    return TRUE;
}

static Scenario *load_with_host(const char *profile_text, const char *hv, const char *wl,
                                double freq_hz, const char *display, GError **error)
{
    g_autofree char *text = g_strdup_printf("%s\nname: calibrate-check\nduration: 1 s\nhosts:\n  - { name: "
                                            "measured-host, hypervisor: %s, freq: %.9g GHz }\n"
                                            "vms:\n  - { name: bench, workload: %s, host: "
                                            "measured-host }\n", profile_text, hv,
                                            freq_hz / 1e9, wl);
    return scn_load_string(text, display, NULL, error);
}

static void overhead_of(const Scenario *s, const char *wl, HvOverhead *o);

static double slowdown_of(const Scenario *s, const char *wl)
{
    HvOverhead o;
    overhead_of(s, wl, &o);
    return hv_overhead_slowdown(&o);
}

static void overhead_of(const Scenario *s, const char *wl, HvOverhead *o)
{
    HvInputs in;
    sim_virt_overhead(scn_host_lookup(s, "measured-host"), scn_workload_lookup(s, wl), NULL, 0,
                      &in, o);
}

gboolean cal_scenario_slowdown(const char *profile_text, const char *hv, const char *wl,
                               double freq_hz, double *slowdown, GError **error)
{
    Scenario *s = load_with_host(profile_text, hv, wl, freq_hz, "(fitted profile)", error);
    if (!s)
        return FALSE;
    *slowdown = slowdown_of(s, wl);
    scn_scenario_free(s);
    return TRUE;
}

gboolean cal_scenario_exits(const char *profile_text, const char *hv, const char *wl,
                            double freq_hz, double *exits_per_s, double *slowdown,
                            GError **error)
{
    Scenario *s = load_with_host(profile_text, hv, wl, freq_hz, "(fitted profile)", error);
    if (!s)
        return FALSE;
    HvOverhead o;
    overhead_of(s, wl, &o);
    *exits_per_s = o.events_per_s[HV_MECH_VM_EXIT];
    *slowdown = hv_overhead_slowdown(&o);
    scn_scenario_free(s);
    return TRUE;
}

/* ---- --check ------------------------------------------------------------------------------ */

/* The first profile name under profiles.<section>, and its base. */
static gboolean first_profile(ScnDoc *d, const char *section, const char **name,
                              const char **base, GError **error)
{
    ScnNode *root = scn_doc_root(d);
    ScnNode *p = root && scn_is_map(root) ? scn_map_get(d, root, "profiles") : NULL;
    ScnNode *sec = p && scn_is_map(p) ? scn_map_get(d, p, section) : NULL;
    if (!sec || !scn_is_map(sec) || scn_map_len(sec) == 0)
        return scn_fail(error, d, sec ? sec : p ? p : root, SCN_ERROR_MISSING, "no profile under "
                        "profiles.%s (expected a file written by vdcsim calibrate -o)", section);
    *name = scn_scalar(scn_map_key(d, sec, 0));
    ScnNode *b = scn_map_get(d, scn_map_value(d, sec, 0), "base");
    *base = b && scn_scalar(b) ? scn_scalar(b) : "kvm";
    return *name != NULL;
}

static double profile_freq_hz(const char *text)
{
    const char *c = strstr(text, "# host clock: ");
    double ghz = c ? g_ascii_strtod(c + 14, NULL) : 0;
    return ghz > 0 ? ghz * 1e9 : 2.5e9;
}

/* The simulated counterpart of a measured quantity, in the measurement's unit. */
static double simulated(const CalParam *c, const Scenario *s, const char *wl, double f_hz)
{
    const ScnHost *h = scn_host_lookup(s, "measured-host");
    const HvProfile *hv = &h->virt.profile->hv;
    const HvWorkload *w = &scn_workload_lookup(s, wl)->virt.hv;
    if (strcmp(c->key, "boot") == 0)
        return (double)hv->boot_ns / 1e9;
    if (strcmp(c->key, "dirty_rate") == 0)
        return w->dirty_pages_per_s;
    if (strcmp(c->key, "wws") == 0)
        return (double)w->wws_bytes;
    if (strcmp(c->key, "exit_handler") == 0)
        return hv->exit_handler_cycles / f_hz * 1e6;
    if (strcmp(c->key, "tlb_misses") == 0)
        return w->tlb_misses_per_s * f_hz / HV_WORKLOAD_REF_HZ;
    if (strcmp(c->key, "slowdown") == 0)
        return slowdown_of(s, wl);
    if (strcmp(c->key, "walk_extra") == 0)
        return hv->walk_extra_cycles;
    if (strcmp(c->key, "exits") == 0) {      /* per second of the guest's own (wall) time */
        HvOverhead o;
        overhead_of(s, wl, &o);
        return o.events_per_s[HV_MECH_VM_EXIT] / hv_overhead_slowdown(&o);
    }
    return NAN;
}

static void check_rows(const CalResult *r, const Scenario *s, const char *wl, FILE *out)
{
    fprintf(out, "%-26s %16s %16s %10s\n", "quantity", "measured", "simulated", "difference");
    for (guint i = 0; i < r->params->len; i++) {
        const CalParam *c = g_ptr_array_index(r->params, i);
        if (isnan(c->measured))
            continue;
        double sim = simulated(c, s, wl, r->opt.freq_hz);
        g_autofree char *q = g_strdup_printf("%s (%s)", c->key, c->measured_unit);
        fprintf(out, "%-26s %16.6g %16.6g %+9.2f%%\n", q, c->measured, sim,
                100 * (sim - c->measured) / c->measured);
    }
}

static gboolean replay_check(const char *text, const CalOptions *o, const CalSet *set,
                             const char *profile_path, FILE *out, GError **error)
{
    g_autofree char *replay = cal_replay_text(text, o->hv_name, o->wl_name, o->freq_hz, set);
    CalReplay rr;
    if (!replay)
        return TRUE;
    if (!cal_replay(replay, profile_path, &rr, error))
        return FALSE;
    cal_replay_print(&rr, set, o->freq_hz, out);
    return TRUE;
}

int cal_check(const char *profile_path, const CalSet *set, double duration_s, FILE *out,
              GError **error)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(profile_path, &text, NULL, NULL)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_IO, "%s:1:1: error: cannot read the profile "
                    "(expected a file written by vdcsim calibrate -o)", profile_path);
        return 2;
    }
    ScnDoc *d = scn_doc_load_string(text, profile_path, error);
    CalOptions o = { .freq_hz = profile_freq_hz(text), .duration_s = duration_s };
    if (!d || !first_profile(d, "hypervisors", &o.hv_name, &o.hv_base, error) ||
        !first_profile(d, "workloads", &o.wl_name, &o.wl_base, error)) {
        scn_doc_free(d);
        return 2;
    }
    Scenario *s = load_with_host(text, o.hv_name, o.wl_name, o.freq_hz, profile_path, error);
    CalResult *r = s ? cal_fit_set(set, &o, error) : NULL;
    int status = 2;
    if (s && r) {
        fprintf(out, "%s: measured vs simulated (hypervisor %s, workload %s, %.6g GHz)\n",
                profile_path, o.hv_name, o.wl_name, o.freq_hz / 1e9);
        check_rows(r, s, o.wl_name, out);
        status = replay_check(text, &o, set, profile_path, out, error) ? 0 : 2;
    }
    cal_result_free(r);
    scn_scenario_free(s);
    scn_doc_free(d);
    return status;
}
