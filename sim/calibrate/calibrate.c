/* sim/calibrate/calibrate.c — the fits, one per kind of measurement; see calibrate.h.
 *
 *   boot        y_i = boot                                  (mean; systemd-analyze totals)
 *   dirty rate  y_i = dirty_rate                            (mean of dirty-pages-rate samples)
 *   bandwidth   transferred_i = a + B · t_i                 (note: the link's effective rate)
 *   wws         the plateau of `remaining` once it stops falling (within 10 % over the last
 *               third of the samples), else a note
 *   exits       exit_handler = Σ n_r t_r / Σ n_r · f over reasons but HLT/WFx (idle)
 *   perf        tlb_misses = M_native / t_native; walk cycles per miss w = W / M each side;
 *               slowdown S_i = C_guest,i / C_native,i (mean over pairs), reproduced by the
 *               workload's `privileged` exits: S(x) = S(0) + x · dS/dx in the simulator's
 *               own overhead model (sim_virt_overhead), solved for x
 *   fio         per pattern: latency added L_g - L_n, CPU cycles per op c = cpu · f / IOPS,
 *               Little's law IOPS = depth / latency as the closed-loop check (notes)
 */
#include "sim/calibrate/calibrate.h"

#include <math.h>
#include <string.h>

#include "sim/calibrate/fit.h"
#include "sim/hypervisor/workload.h"

#define CAL_DEFAULT_FREQ_HZ 2.5e9         /* the scenario's default host clock */

static void param_free(gpointer p)
{
    CalParam *c = p;
    g_free(c->key);
    g_free(c->how);
    g_free(c->residuals);
    g_free(c);
}

void cal_result_free(CalResult *r)
{
    if (!r)
        return;
    g_ptr_array_unref(r->params);
    g_ptr_array_unref(r->notes);
    g_free(r);
}

static CalParam *param_add(CalResult *r, CalTarget t, const char *key, double value,
                           const char *unit, const CalFit *fit, char *how)
{
    CalParam *c = g_new0(CalParam, 1);
    c->target = t;
    c->key = g_strdup(key);
    c->value = value;
    c->unit = unit;
    c->se = fit ? fit->se[0] : NAN;
    c->ci95 = fit ? fit->ci95[0] : NAN;
    c->how = how;
    c->measured = NAN;
    g_ptr_array_add(r->params, c);
    return c;
}

static void note_add(CalResult *r, char *line)
{
    g_ptr_array_add(r->notes, line);
}

/* "residuals: +0.05 -0.35 ... (rms 0.26 s)", at most 12 values. */
static char *residual_text(const CalFit *f, double scale, const char *unit)
{
    GString *s = g_string_new("residuals:");
    for (size_t i = 0; i < f->n && i < 12; i++)
        g_string_append_printf(s, " %+.4g", f->residual[i] * scale);
    if (f->n > 12)
        g_string_append_printf(s, " ... (%zu in all)", f->n);
    g_string_append_printf(s, " (rms %.4g %s)", f->rms * scale, unit);
    return g_string_free(s, FALSE);
}

static char *where1(const CalInput *in)
{
    return g_strdup_printf("%s:1:1", in->path);
}

/* ---- boot ------------------------------------------------------------------------------ */

static gboolean fit_boot(const CalSet *set, CalResult *r, GError **error)
{
    guint n = set->boots->len;
    if (n == 0)
        return TRUE;
    g_autofree double *y = g_new(double, n);
    for (guint i = 0; i < n; i++)
        y[i] = g_array_index(set->boots, CalBoot, i).boot_s;
    g_autofree char *where = where1(g_array_index(set->boots, CalBoot, 0).input);
    CalFit f;
    if (!cal_fit_mean(y, n, "the boot time", where, "a boot log", &f, error))
        return FALSE;
    CalParam *c = param_add(r, CAL_TO_HYPERVISOR, "boot", f.param[0], "s", n > 1 ? &f : NULL,
                            g_strdup_printf("boot_i = boot: mean of %u boot%s (systemd-analyze "
                                            "totals or ready_s - start_s)", n,
                                            n == 1 ? "" : "s"));
    c->residuals = n > 1 ? residual_text(&f, 1, "s") : NULL;
    c->measured = f.param[0];
    c->measured_unit = "s";
    cal_fit_clear(&f);
    return TRUE;
}

/* ---- QEMU migration -------------------------------------------------------------------- */

static gboolean fit_dirty(const CalMigration *m, CalResult *r, GError **error)
{
    GArray *s = m->samples;
    g_autofree double *y = g_new(double, s->len);
    size_t n = 0;
    for (guint i = 0; i < s->len; i++)
        if (!isnan(g_array_index(s, CalMigSample, i).dirty_pages_per_s))
            y[n++] = g_array_index(s, CalMigSample, i).dirty_pages_per_s;
    g_autofree char *where = where1(m->input);
    CalFit f;
    if (!cal_fit_mean(y, n, "the dirty rate", where, "query-migrate samples with "
                      "ram.dirty-pages-rate, taken after the first dirty sync", &f, error))
        return FALSE;
    CalParam *c = param_add(r, CAL_TO_WORKLOAD, "dirty_rate", f.param[0], "pages/s",
                            n > 1 ? &f : NULL,
                            g_strdup_printf("rate_i = dirty_rate: mean of %zu dirty-pages-rate "
                                            "samples of %s", n, m->input->path));
    c->residuals = n > 1 ? residual_text(&f, 1, "pages/s") : NULL;
    c->measured = f.param[0];
    c->measured_unit = "pages/s";
    cal_fit_clear(&f);
    return TRUE;
}

static void fit_bandwidth(const CalMigration *m, CalResult *r)
{
    GArray *s = m->samples;
    g_autofree double *X = g_new(double, 2 * s->len), *y = g_new(double, s->len);
    for (guint i = 0; i < s->len; i++) {
        const CalMigSample *x = &g_array_index(s, CalMigSample, i);
        X[2 * i] = 1;
        X[2 * i + 1] = x->t_ms / 1e3;
        y[i] = x->transferred_bytes;
    }
    CalFit f;
    GError *e = NULL;
    if (!cal_fit_linear(X, y, s->len, 2, "the link bandwidth", m->input->path, "two samples at "
                        "different times", &f, &e)) {
        note_add(r, g_strdup_printf("link bandwidth: not fitted (%s)", e->message));
        g_error_free(e);
        return;
    }
    note_add(r, g_strdup_printf("link effective bandwidth (transferred_i = a + B t_i, %zu "
                                "samples): B = %.4g MB/s +- %.2g (standard error), %.4g Gbit/s; "
                                "set it on the network link the migration crosses",
                                f.n, f.param[1] / 1e6, f.se[1] / 1e6, f.param[1] * 8 / 1e9));
    cal_fit_clear(&f);
}

/* The writable working set: remaining stops falling at the set pre-copy cannot shrink. */
static void fit_wws(const CalMigration *m, CalResult *r)
{
    GArray *s = m->samples;
    guint n = s->len, from = n - n / 3;
    double lo = INFINITY, hi = 0, sum = 0;
    for (guint i = from; i < n; i++) {
        double v = g_array_index(s, CalMigSample, i).remaining_bytes;
        lo = MIN(lo, v);
        hi = MAX(hi, v);
        sum += v;
    }
    if (n < 6 || hi > 1.1 * lo || lo <= 0) {
        note_add(r, g_strdup_printf("writable working set: not identified from %s (remaining "
                                    "still falling over the last third of the samples: the "
                                    "migration converged or needs more samples)",
                                    m->input->path));
        return;
    }
    CalParam *c = param_add(r, CAL_TO_WORKLOAD, "wws", sum / (n - from), "B", NULL,
                            g_strdup_printf("wws = mean remaining over the plateau of the last "
                                            "%u samples of %s (within 10 %%)", n - from,
                                            m->input->path));
    c->measured = c->value;
    c->measured_unit = "B";
}

static gboolean fit_migrations(const CalSet *set, CalResult *r, GError **error)
{
    for (guint i = 0; i < set->mig->len; i++) {
        const CalMigration *m = g_ptr_array_index(set->mig, i);
        if (!fit_dirty(m, r, error))
            return FALSE;
        fit_bandwidth(m, r);
        fit_wws(m, r);
        if (set->mig->len > 1)
            note_add(r, g_strdup("several migrations: the first one's fit is in the profile"));
    }
    return TRUE;
}

/* ---- perf kvm stat --------------------------------------------------------------------- */

static gboolean idle_exit(const char *reason)
{
    return strcmp(reason, "HLT") == 0 || strcmp(reason, "WFx") == 0;
}

static void fit_kvm(const CalSet *set, CalResult *r)
{
    if (set->kvm->len == 0)
        return;
    const CalKvmReport *k = g_ptr_array_index(set->kvm, 0);
    double n = 0, t = 0, var = 0;
    for (guint i = 0; i < k->exits->len; i++) {
        const CalKvmExit *e = &g_array_index(k->exits, CalKvmExit, i);
        note_add(r, g_strdup_printf("exit %-22s %10.0f exits (%5.2f %%), %.3g us mean +- %.2g "
                                    "%% = %.0f cycles%s", e->reason, e->samples,
                                    100 * e->samples / MAX(1, k->total_samples), e->avg_us,
                                    100 * e->rel_stderr_frac, e->avg_us * 1e-6 * r->opt.freq_hz,
                                    idle_exit(e->reason) ? " (idle: not overhead)" : ""));
        if (idle_exit(e->reason))
            continue;
        n += e->samples;
        t += e->samples * e->avg_us;
        var += pow(e->samples * e->avg_us * e->rel_stderr_frac, 2);
    }
    if (n <= 0)
        return;
    double us = t / n, cyc = us * 1e-6 * r->opt.freq_hz;
    CalFit f = { .n = 1, .p = 1 };
    f.se[0] = sqrt(var) / n * 1e-6 * r->opt.freq_hz;
    f.ci95[0] = 1.96 * f.se[0];
    CalParam *c = param_add(r, CAL_TO_HYPERVISOR, "exit_handler", cyc, "cycles", &f,
                            g_strdup_printf("exit_handler = sum(n_r t_r) / sum(n_r) x f over "
                                            "%.0f non-idle exits of %s (t_r: perf kvm stat's "
                                            "mean exit-to-entry time; f = %.4g GHz); standard "
                                            "error from the +- column", n, k->input->path,
                                            r->opt.freq_hz / 1e9));
    c->measured = us;
    c->measured_unit = "us";
    if (set->kvm->len > 1)
        note_add(r, g_strdup("several kvm stat reports: the first one's fit is in the profile"));
    double d = r->opt.duration_s > 0 ? r->opt.duration_s : k->duration_s;
    if (isnan(d)) {
        note_add(r, g_strdup_printf("exit rates: %s has no recording duration (add a '# "
                                    "duration: 30 s' line or give --duration): only the costs "
                                    "are fitted", k->input->path));
        return;
    }
    r->exits_per_s = n / d;
    r->exits_from = k->input;
}

/* The workload's `privileged` rate that makes the simulator's VM exits per second of guest
 * time the measured ones.  The model counts exits per native second, E(x), and a guest second
 * holds 1 / S(x) of them; E and S are linear in the rate (two evaluations give both lines), so
 * E(x) = R S(x) solves in closed form: x = (R S0 - E0) / (dE/dx - R dS/dx). */
static gboolean fit_kvm_rate(const CalSet *set, CalResult *r, GError **error)
{
    if (isnan(r->exits_per_s))
        return TRUE;
    CalParam *x = param_add(r, CAL_TO_WORKLOAD, "privileged", 0, "/s", NULL, NULL);
    const double probe = 1e5, rate = r->exits_per_s;
    double e0 = 0, e1 = 0, s0 = 1, s1 = 1;
    g_autofree char *t0 = cal_profile_text(r, set, "");
    x->value = probe;
    g_autofree char *t1 = cal_profile_text(r, set, "");
    if (!cal_scenario_exits(t0, r->opt.hv_name, r->opt.wl_name, r->opt.freq_hz, &e0, &s0,
                            error) ||
        !cal_scenario_exits(t1, r->opt.hv_name, r->opt.wl_name, r->opt.freq_hz, &e1, &s1,
                            error))
        return FALSE;
    double denom = (e1 - e0) / probe - rate * (s1 - s0) / probe;
    x->value = denom > 0 ? MAX(0, (rate * s0 - e0) / denom) : 0;
    x->how = g_strdup_printf("privileged: the rate that makes the simulated VM exits per second "
                             "of guest time E(x) / S(x) the measured %.6g/s (non-idle exits of "
                             "%s over its recording, the guest assumed busy throughout; at "
                             "x = 0: %.6g/s from the profile's other sources of exits)", rate,
                             r->exits_from->path, e0 / s0);
    CalParam *m = param_add(r, CAL_TO_NOTE, "exits", rate, "/s", NULL,
                            g_strdup_printf("non-idle VM exits per second of %s (samples / "
                                            "duration)", r->exits_from->path));
    m->measured = rate;
    m->measured_unit = "/s";
    return TRUE;
}

/* ---- perf stat ------------------------------------------------------------------------- */

static GPtrArray *runs_of(const GPtrArray *all, CalSide side, gboolean fio)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < all->len; i++) {
        gpointer p = g_ptr_array_index(all, i);
        CalSide s = fio ? ((const CalFioRun *)p)->side : ((const CalPerfRun *)p)->side;
        if (s == side)
            g_ptr_array_add(out, p);
    }
    return out;
}

static gboolean perf_need(const CalPerfRun *p, double v, const char *what, GError **error)
{
    if (!isnan(v) && v > 0)
        return TRUE;
    return cal_fail(error, p->input->path, 1, 1, "no %s counted (expected it in this perf stat "
                    "file: perf stat -x, -e %s ...; '<not supported>' means the CPU or the VM "
                    "does not expose it)", what, what);
}

/* Native seconds of a run: task-clock if present, else cycles at f. */
static double perf_seconds(const CalPerfRun *p, double freq_hz)
{
    return !isnan(p->task_clock_ms) && p->task_clock_ms > 0 ? p->task_clock_ms / 1e3
                                                            : p->cycles / freq_hz;
}

static gboolean perf_walks(const CalPerfRun *n, const CalPerfRun *g)
{
    return !isnan(n->walk_cycles) && !isnan(g->walk_cycles) && !isnan(n->tlb_misses) &&
           !isnan(g->tlb_misses) && n->tlb_misses > 0 && g->tlb_misses > 0;
}

/* Walk cycles per miss on each side; the guest's extra is the profile's walk_extra. */
static void perf_walk_notes(const CalPerfRun *n, const CalPerfRun *g, CalResult *r)
{
    if (!perf_walks(n, g)) {
        note_add(r, g_strdup_printf("page walks: not measured in %s / %s (needs dTLB-load-misses "
                                    "and dtlb_load_misses.walk_active on both sides)",
                                    n->input->path, g->input->path));
        return;
    }
    double wn = n->walk_cycles / n->tlb_misses, wg = g->walk_cycles / g->tlb_misses;
    double pw = g->tlb_misses * (wg - wn);
    note_add(r, g_strdup_printf("page walks: native %.1f cycles per dTLB miss, guest %.1f "
                                "(nested); M_guest (w_guest - w_native) = %.4g cycles = %.2f %% "
                                "of native time, the rest of the measured overhead %.2f %%",
                                wn, wg, pw, 100 * pw / n->cycles,
                                100 * ((g->cycles - n->cycles) - pw) / n->cycles));
}

/* walk_extra = mean over pairs of w_guest - w_native (cycles per miss). */
static gboolean fit_walk_extra(const GPtrArray *nat, const GPtrArray *gst, guint pairs,
                               CalResult *r, GError **error)
{
    g_autofree double *y = g_new(double, pairs);
    size_t n = 0;
    for (guint i = 0; i < pairs; i++) {
        const CalPerfRun *a = g_ptr_array_index(nat, i), *b = g_ptr_array_index(gst, i);
        if (perf_walks(a, b))
            y[n++] = b->walk_cycles / b->tlb_misses - a->walk_cycles / a->tlb_misses;
    }
    if (n == 0)
        return TRUE;
    const CalPerfRun *any = g_ptr_array_index(nat, 0);
    g_autofree char *where = where1(any->input);
    CalFit f;
    if (!cal_fit_mean(y, n, "the extra walk cycles", where, "a native and a guest run with "
                      "dtlb_load_misses.walk_active", &f, error))
        return FALSE;
    if (f.param[0] <= 0) {
        note_add(r, g_strdup_printf("walk_extra: a guest TLB miss measured no dearer than a "
                                    "native one (%.3g cycles): the host's page-walk model stays",
                                    f.param[0]));
        cal_fit_clear(&f);
        return TRUE;
    }
    CalParam *c = param_add(r, CAL_TO_HYPERVISOR, "walk_extra", f.param[0], "cycles",
                            n > 1 ? &f : NULL,
                            g_strdup_printf("walk_extra = w_guest - w_native, w = walk cycles / "
                                            "dTLB misses (dtlb_load_misses.walk_active / "
                                            "dTLB-load-misses): mean over %zu pair%s", n,
                                            n == 1 ? "" : "s"));
    c->residuals = n > 1 ? residual_text(&f, 1, "cycles") : NULL;
    c->measured = f.param[0];
    c->measured_unit = "cycles";
    cal_fit_clear(&f);
    return TRUE;
}

static gboolean perf_tlb(const CalPerfRun *n, CalResult *r, GError **error)
{
    if (isnan(n->tlb_misses)) {
        note_add(r, g_strdup_printf("tlb_misses: no dTLB counter in %s", n->input->path));
        return TRUE;
    }
    double t = perf_seconds(n, r->opt.freq_hz), rate = n->tlb_misses / t;
    CalParam *c = param_add(r, CAL_TO_WORKLOAD, "tlb_misses",
                            rate * HV_WORKLOAD_REF_HZ / r->opt.freq_hz, "/s", NULL,
                            g_strdup_printf("tlb_misses = M_native / t_native = %.4g/s at %.4g "
                                            "GHz (%s), written per second of the 3.8 GHz "
                                            "reference core", rate, r->opt.freq_hz / 1e9,
                                            n->input->path));
    c->measured = rate;
    c->measured_unit = "/s";
    return TRUE;
}

static gboolean fit_perf(const CalSet *set, CalResult *r, GError **error)
{
    if (set->perf->len == 0)
        return TRUE;
    g_autoptr(GPtrArray) nat = runs_of(set->perf, CAL_SIDE_NATIVE, FALSE);
    g_autoptr(GPtrArray) gst = runs_of(set->perf, CAL_SIDE_GUEST, FALSE);
    const CalPerfRun *any = g_ptr_array_index(set->perf, 0);
    if (nat->len == 0 || gst->len == 0)
        return cal_fail(error, any->input->path, 1, 1, "a %s perf stat run without its %s twin "
                        "(expected the same benchmark measured natively and in a guest: a file "
                        "with 'native' and one with 'guest' in its name)",
                        nat->len ? "native" : "guest", nat->len ? "guest" : "native");
    guint pairs = MIN(nat->len, gst->len);
    g_autofree double *y = g_new(double, pairs);
    for (guint i = 0; i < pairs; i++) {
        const CalPerfRun *n = g_ptr_array_index(nat, i), *g = g_ptr_array_index(gst, i);
        if (!perf_need(n, n->cycles, "cycles", error) || !perf_need(g, g->cycles, "cycles", error))
            return FALSE;
        y[i] = g->cycles / n->cycles;
        perf_walk_notes(n, g, r);
    }
    if (!perf_tlb(g_ptr_array_index(nat, 0), r, error) ||
        !fit_walk_extra(nat, gst, pairs, r, error))
        return FALSE;
    g_autofree char *where = where1(any->input);
    CalFit f;
    if (!cal_fit_mean(y, pairs, "the guest slowdown", where, "a native and a guest run", &f,
                      error))
        return FALSE;
    CalParam *c = param_add(r, CAL_TO_NOTE, "slowdown", f.param[0], "x", pairs > 1 ? &f : NULL,
                            g_strdup_printf("S_i = C_guest,i / C_native,i: mean over %u "
                                            "native/guest pair%s", pairs, pairs == 1 ? "" : "s"));
    c->residuals = pairs > 1 ? residual_text(&f, 1, "x") : NULL;
    c->measured = f.param[0];
    c->measured_unit = "x";
    cal_fit_clear(&f);
    return TRUE;
}

/* ---- fio ------------------------------------------------------------------------------- */

static const CalFioRun *fio_twin(const GPtrArray *runs, const char *pattern)
{
    for (guint i = 0; i < runs->len; i++) {
        const CalFioRun *f = g_ptr_array_index(runs, i);
        if (strcmp(f->pattern, pattern) == 0)
            return f;
    }
    return NULL;
}

static void fio_pair(const CalFioRun *n, const CalFioRun *g, CalResult *r)
{
    double f = r->opt.freq_hz;
    double dl = g->lat_mean_ns - n->lat_mean_ns;
    double se = sqrt(pow(g->lat_stddev_ns, 2) / MAX(1, g->lat_n) +
                     pow(n->lat_stddev_ns, 2) / MAX(1, n->lat_n));
    double cn = n->cpu_frac * f / MAX(1e-9, n->iops), cg = g->cpu_frac * f / MAX(1e-9, g->iops);
    note_add(r, g_strdup_printf("I/O %s: latency native %.4g us, guest %.4g us, path adds "
                                "%.4g us +- %.2g (standard error); CPU per op native %.0f "
                                "cycles, guest %.0f (+%.0f); IOPS native %.5g, guest %.5g",
                                n->pattern, n->lat_mean_ns / 1e3, g->lat_mean_ns / 1e3,
                                dl / 1e3, se / 1e3, cn, cg, cg - cn, n->iops, g->iops));
    for (int side = 0; side < 2; side++) {
        const CalFioRun *x = side ? g : n;
        double little = x->depth / (x->lat_mean_ns * 1e-9);
        note_add(r, g_strdup_printf("  closed loop %s: depth / latency = %.5g IOPS vs %.5g "
                                    "measured (residual %+.2f %%)", side ? "guest" : "native",
                                    little, x->iops, 100 * (x->iops - little) / little));
    }
}

/* pv_io_latency and pv_io_cycles: the mean over paired patterns of what the guest adds; one
 * pair takes its standard error from fio's latency stddev / sqrt(N). */
static gboolean fio_params(const GArray *dl, const GArray *dc, double se1, const char *where,
                           CalResult *r, GError **error)
{
    guint n = dl->len;
    CalFit f;
    if (!cal_fit_mean((const double *)(void *)dl->data, n, "the I/O path latency", where,
                      "a native and a guest fio run of the same job", &f, error))
        return FALSE;
    if (n == 1) {
        f.se[0] = se1;
        f.ci95[0] = 1.96 * se1;
    }
    if (f.param[0] > 0) {
        CalParam *c = param_add(r, CAL_TO_HYPERVISOR, "pv_io_latency", f.param[0], "ns", &f,
                                g_strdup_printf("pv_io_latency = L_guest - L_native (fio "
                                                "lat_ns mean): mean over %u paired pattern%s",
                                                n, n == 1 ? "" : "s"));
        c->residuals = n > 1 ? residual_text(&f, 1, "ns") : NULL;
    } else {
        note_add(r, g_strdup_printf("pv_io_latency: the guest measured no slower than native "
                                    "(%+.4g ns): the path model's latency stays", f.param[0]));
    }
    cal_fit_clear(&f);
    if (!cal_fit_mean((const double *)(void *)dc->data, n, "the I/O path CPU", where,
                      "a native and a guest fio run of the same job", &f, error))
        return FALSE;
    if (f.param[0] <= 0)
        note_add(r, g_strdup_printf("pv_io_cycles: the guest used no more CPU per operation "
                                    "than native (%+.4g cycles): the path model's stays",
                                    f.param[0]));
    else
        param_add(r, CAL_TO_HYPERVISOR, "pv_io_cycles", f.param[0], "cycles", n > 1 ? &f : NULL,
                  g_strdup_printf("pv_io_cycles = (usr+sys) f / IOPS, guest minus native: "
                                  "mean over %u paired pattern%s (the guest's own view of its "
                                  "CPU; the host's side of the path is not in fio's figures)",
                                  n, n == 1 ? "" : "s"));
    cal_fit_clear(&f);
    return TRUE;
}

static gboolean fit_fio(const CalSet *set, CalResult *r, GError **error)
{
    if (set->fio->len == 0)
        return TRUE;
    g_autoptr(GPtrArray) nat = runs_of(set->fio, CAL_SIDE_NATIVE, TRUE);
    g_autoptr(GPtrArray) gst = runs_of(set->fio, CAL_SIDE_GUEST, TRUE);
    g_autoptr(GArray) dl = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) dc = g_array_new(FALSE, FALSE, sizeof(double));
    double se1 = NAN, f = r->opt.freq_hz;
    for (guint i = 0; i < nat->len; i++) {
        const CalFioRun *n = g_ptr_array_index(nat, i), *g = fio_twin(gst, n->pattern);
        if (!g)
            continue;
        fio_pair(n, g, r);
        double l = g->lat_mean_ns - n->lat_mean_ns;
        double c = g->cpu_frac * f / MAX(1e-9, g->iops) - n->cpu_frac * f / MAX(1e-9, n->iops);
        g_array_append_val(dl, l);
        g_array_append_val(dc, c);
        se1 = sqrt(pow(g->lat_stddev_ns, 2) / MAX(1, g->lat_n) +
                   pow(n->lat_stddev_ns, 2) / MAX(1, n->lat_n));
    }
    const CalFioRun *any = g_ptr_array_index(set->fio, 0);
    if (dl->len == 0)
        return cal_fail(error, any->input->path, 1, 1, "fio pattern '%s' has no %s twin "
                        "(expected the same job file run natively and in a guest, files "
                        "named native-*.json and guest-*.json)", any->pattern,
                        any->side == CAL_SIDE_NATIVE ? "guest" : "native");
    g_autofree char *where = where1(any->input);
    return fio_params(dl, dc, se1, where, r, error);
}

/* ---- putting it together --------------------------------------------------------------- */

static void pick_freq(const CalSet *set, CalResult *r)
{
    r->freq_source = "--freq";
    if (r->opt.freq_hz > 0)
        return;
    for (guint i = 0; i < set->perf->len; i++) {
        const CalPerfRun *p = g_ptr_array_index(set->perf, i);
        if (p->side == CAL_SIDE_NATIVE && p->cycles > 0 && p->task_clock_ms > 0) {
            r->opt.freq_hz = p->cycles / (p->task_clock_ms / 1e3);
            r->freq_source = "native cycles / task-clock";
            return;
        }
    }
    r->opt.freq_hz = CAL_DEFAULT_FREQ_HZ;
    r->freq_source = "assumed: the scenario's default host clock (give --freq)";
}

static CalParam *find_param(const CalResult *r, const char *key)
{
    for (guint i = 0; i < r->params->len; i++) {
        CalParam *c = g_ptr_array_index(r->params, i);
        if (strcmp(c->key, key) == 0)
            return c;
    }
    return NULL;
}

/* The workload's VM exits that make the simulator's slowdown the measured one: the model is
 * linear in each rate, so two evaluations give the line to solve. */
static gboolean fit_exit_rate(const CalSet *set, CalResult *r, GError **error)
{
    CalParam *s = find_param(r, "slowdown");
    if (!s)
        return TRUE;
    if (find_param(r, "privileged")) {
        note_add(r, g_strdup_printf("slowdown %.4g: not fitted, the exits come from perf kvm "
                                    "stat; --check compares it with the simulated one",
                                    s->value));
        return TRUE;
    }
    const double probe = 1e5;
    CalParam *x = param_add(r, CAL_TO_WORKLOAD, "privileged", 0, "/s", NULL, NULL);
    double s0 = 0, s1 = 0;
    g_autofree char *t0 = cal_profile_text(r, set, "");
    if (!cal_scenario_slowdown(t0, r->opt.hv_name, r->opt.wl_name, r->opt.freq_hz, &s0, error))
        return FALSE;
    x->value = probe;
    g_autofree char *t1 = cal_profile_text(r, set, "");
    if (!cal_scenario_slowdown(t1, r->opt.hv_name, r->opt.wl_name, r->opt.freq_hz, &s1, error))
        return FALSE;
    double slope = (s1 - s0) / probe;
    if (slope <= 0) {
        g_ptr_array_remove(r->params, x);
        note_add(r, g_strdup_printf("slowdown %.4g not mapped: exits cost nothing under '%s'",
                                    s->value, r->opt.hv_base));
        return TRUE;
    }
    x->value = MAX(0, (s->value - s0) / slope);
    x->se = isnan(s->se) ? NAN : s->se / slope;
    x->ci95 = isnan(s->ci95) ? NAN : s->ci95 / slope;
    x->how = g_strdup_printf("privileged = (S - S(0)) / (dS/dx): the exits per reference second "
                             "that make the simulated slowdown S(x) the measured S = %.4f "
                             "(S(0) = %.4f with every other fitted key)%s", s->value, s0,
                             s->value < s0 ? "; the model already exceeds it: 0" : "");
    return TRUE;
}

CalResult *cal_fit_set(const CalSet *set, const CalOptions *o, GError **error)
{
    CalResult *r = g_new0(CalResult, 1);
    r->opt = *o;
    r->params = g_ptr_array_new_with_free_func(param_free);
    r->notes = g_ptr_array_new_with_free_func(g_free);
    r->exits_per_s = NAN;
    pick_freq(set, r);
    fit_kvm(set, r);
    if (!fit_boot(set, r, error) || !fit_migrations(set, r, error) ||
        !fit_perf(set, r, error) || !fit_fio(set, r, error) || !fit_kvm_rate(set, r, error) ||
        !fit_exit_rate(set, r, error)) {
        cal_result_free(r);
        return NULL;
    }
    return r;
}
