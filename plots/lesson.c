/* plots/lesson.c — the teaching charts and their findings; see lesson.h.  This file has the
 * helpers (lesson-priv.h), the VM, migration and page-walk charts and the registry; the
 * elasticity charts are in lesson-elastic.c, the compare: charts in lesson-compare.c.
 * Entities are taken in file order, groups in order of first appearance, so the output is
 * deterministic. */
#include "plots/lesson.h"
#include "plots/lesson-priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/out/columns.h"

/* ---- reading ---------------------------------------------------------------------- */

static const char **lesson_file_columns(const char *file);

/* A run's file; of vms.csv and migrations.csv only the columns the charts declare. */
PlotCsv *lesson_load(Lesson *l, const char *dir, const char *file)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    if (l->error || !g_file_test(path, G_FILE_TEST_EXISTS))
        return NULL;
    gboolean big = strcmp(file, SIM_CSV_VMS) == 0 || strcmp(file, SIM_CSV_MIGRATIONS) == 0;
    g_autofree const char **keep = big ? lesson_file_columns(file) : NULL;
    PlotCsv *csv = keep ? plot_csv_load_columns(path, keep, &l->error)
                        : plot_csv_load(path, &l->error);
    if (csv && plot_csv_n_rows(csv) == 0)
        g_clear_pointer(&csv, plot_csv_free);
    return csv;
}

const double *lesson_nums(Lesson *l, PlotCsv *csv, const char *col)
{
    if (!csv || l->error || plot_csv_col_index(csv, col) < 0)
        return NULL;
    return plot_csv_doubles(csv, col, &l->error);
}

const char *const *lesson_strs(PlotCsv *csv, const char *col)
{
    return csv && plot_csv_col_index(csv, col) >= 0 ? plot_csv_strings(csv, col, NULL) : NULL;
}

/* Index of s in names, appended if new. */
guint lesson_intern(GPtrArray *names, const char *s)
{
    for (guint i = 0; i < names->len; i++)
        if (strcmp(names->pdata[i], s) == 0)
            return i;
    g_ptr_array_add(names, (gpointer)s);
    return names->len - 1;
}

PlotRunChart *lesson_chart_new(const char *name, PlotKind kind, const char *title,
                               char *caption)
{
    PlotRunChart *rc = g_new0(PlotRunChart, 1);
    rc->name = name;
    rc->title = g_strdup(title);
    rc->caption = caption;
    rc->chart = plot_chart_new(kind, title);
    return rc;
}

/* ---- percent of native ------------------------------------------------------------ */

/* What a mechanism is, for a student; page-table upkeep depends on the paging mode. */
static const char *mech_label(const char *mech, const char *paging)
{
    static const char *const labels[][2] = {
        { "bt", "binary translation" }, { "vm_exit", "VM exits (HW assist)" },
        { "hypercall", "hypercalls (PV)" }, { "trap", "traps (trap-and-emulate)" },
        { "page_walk", "2-D page-walk refs" },
        { "tlb_flush", "TLB flushes" }, { "io", "I/O virtualization" },
        { "host_path", "Type 2 host-OS I/O" },
        { "container", "container (no I/O virt.)" },
        { "runtime", "managed runtime (JVM, WASM)" },
    };
    if (strcmp(mech, "pt_maint") == 0)
        return strcmp(paging, "direct") == 0 ? "PV page-table hypercalls"
                                             : "shadow page-table upkeep";
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
        if (strcmp(labels[i][0], mech) == 0)
            return labels[i][1];
    return mech;
}

typedef struct {
    GPtrArray *cats;          /* category labels (owned strings in owned) */
    GPtrArray *owned;
    guint     *cat_of;        /* row -> category */
    double    *count;         /* rows per category */
} Cats;

static void cats_clear(Cats *c)
{
    g_ptr_array_unref(c->cats);
    g_ptr_array_unref(c->owned);
    g_free(c->cat_of);
    g_free(c->count);
}

/* One category per VM ("name · hypervisor", or the name alone when it names the
 * hypervisor), or per group beyond the category limit. */
static void speed_cats(Lesson *l, Cats *c, size_t n)
{
    const char *const *name = lesson_strs(l->vms, SIM_COL_VM_NAME);
    const char *const *group = lesson_strs(l->vms, SIM_COL_VM_GROUP);
    const char *const *hv = lesson_strs(l->vms, SIM_COL_VM_HYPERVISOR);
    gboolean per_vm = n <= LESSON_MAX_CATEGORIES || !group;
    c->cats = g_ptr_array_new();
    c->owned = g_ptr_array_new_with_free_func(g_free);
    c->cat_of = g_new0(guint, MAX(n, 1));
    c->count = g_new0(double, MAX(n, 1));
    for (size_t i = 0; i < n; i++) {
        const char *who = per_vm ? name[i] : group[i];
        const char *what = hv && *hv[i] ? hv[i] : "never ran";
        /* "workstation-io · workstation" says the hypervisor twice and gets cut. */
        char *label = strstr(who, what) ? g_strdup(who)
                                        : g_strdup_printf("%s · %s", who, what);
        g_ptr_array_add(c->owned, label);
        c->cat_of[i] = lesson_intern(c->cats, label);
        c->count[c->cat_of[i]] += 1;
    }
}

/* Adds one stacked series (mean per category) unless it is zero everywhere. */
static void add_stack(PlotChart *ch, const char *label, const double *sum, const Cats *c)
{
    g_autofree double *v = g_new0(double, MAX(c->cats->len, 1));
    gboolean any = FALSE;
    for (guint k = 0; k < c->cats->len; k++) {
        v[k] = sum[k] / c->count[k];
        any |= v[k] > 5e-4;
    }
    if (any)
        plot_chart_add_bars(ch, label, v, c->cats->len);
}

static char *speed_finding(Lesson *l, const double *speed, size_t n)
{
    const char *const *name = lesson_strs(l->vms, SIM_COL_VM_NAME);
    const char *const *hv = lesson_strs(l->vms, SIM_COL_VM_HYPERVISOR);
    gssize lo = -1, hi = -1;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(speed[i]) || strcmp(hv[i], "native") == 0)
            continue;
        if (lo < 0 || speed[i] < speed[lo])
            lo = (gssize)i;
        if (hi < 0 || speed[i] > speed[hi])
            hi = (gssize)i;
    }
    if (lo < 0)
        return NULL;
    if (speed[hi] - speed[lo] < 5e-4)
        return g_strdup_printf("Every virtualized VM ran at %.4g %% of native speed (100 %% = "
                               "the same work on bare metal, contention left out).",
                               100 * speed[lo]);
    return g_strdup_printf("%s on %s ran at %.3g %% of native speed, the slowest; %s on %s at "
                           "%.4g %%, the fastest virtualized VM (100 %% = the same work on bare "
                           "metal, contention left out).", name[lo], hv[lo], 100 * speed[lo],
                           name[hi], hv[hi], 100 * speed[hi]);
}

/* Per category: useful work (speed) and each mechanism's share of the time, summing to 1. */
static void speed_stacks(Lesson *l, PlotChart *ch, const Cats *c, const double *speed, size_t n)
{
    const char *const *paging = lesson_strs(l->vms, SIM_COL_VM_PAGING);
    g_autofree double *sum = g_new0(double, MAX(c->cats->len, 1));
    for (size_t i = 0; i < n; i++)
        sum[c->cat_of[i]] += isfinite(speed[i]) ? speed[i] : 0;
    add_stack(ch, "useful work (% of native)", sum, c);
    size_t pre = strlen(SIM_COL_VM_OVH_PREFIX), suf = strlen(SIM_COL_VM_OVH_SUFFIX);
    g_autoptr(GPtrArray) labels = g_ptr_array_new();
    for (size_t col = 0; col < plot_csv_n_cols(l->vms); col++) {
        const char *cn = plot_csv_col_name(l->vms, col);
        if (!g_str_has_prefix(cn, SIM_COL_VM_OVH_PREFIX) ||
            !g_str_has_suffix(cn, SIM_COL_VM_OVH_SUFFIX) ||
            strlen(cn) <= pre + suf)
            continue;
        g_autofree char *mech = g_strndup(cn + pre, strlen(cn) - pre - suf);
        const double *v = lesson_nums(l, l->vms, cn);
        for (int pass = 0; v && pass < 2; pass++) {      /* pt_maint: shadow, then PV */
            memset(sum, 0, sizeof *sum * c->cats->len);
            const char *label = mech_label(mech, pass ? "direct" : "shadow");
            if (pass && strcmp(mech, "pt_maint") != 0)
                break;
            for (size_t i = 0; i < n; i++) {
                gboolean pv = paging && strcmp(paging[i], "direct") == 0;
                if (isfinite(v[i]) && isfinite(speed[i]) &&
                    (strcmp(mech, "pt_maint") != 0 || pv == pass))
                    sum[c->cat_of[i]] += fmax(0.0, v[i] * speed[i]);   /* time saved: not drawn */
            }
            add_stack(ch, label, sum, c);
        }
    }
}

static PlotRunChart *build_speed(Lesson *l)
{
    const double *speed = lesson_nums(l, l->vms, SIM_COL_VM_SPEED_VS_NATIVE);
    if (!speed || !lesson_strs(l->vms, SIM_COL_VM_HYPERVISOR))
        return NULL;
    size_t n = plot_csv_n_rows(l->vms);
    double min = 1, max = 1;
    for (size_t i = 0; i < n; i++) {
        min = isfinite(speed[i]) ? fmin(min, speed[i]) : min;
        max = isfinite(speed[i]) ? fmax(max, speed[i]) : max;
    }
    if (min > 0.995)
        return NULL;
    Cats c;
    speed_cats(l, &c, n);
    PlotRunChart *rc = lesson_chart_new("speed-vs-native", PLOT_KIND_STACKED_BAR,
        "How close to native speed does each VM run, and where does the rest go?",
        g_strdup_printf("Each bar is 100 %% of a VM's time: the bottom part is useful work, i.e. "
                        "its speed against the same work on bare metal (speed_vs_native in "
                        "vms.csv); the parts above are the time each virtualization mechanism "
                        "takes. Contention between VMs is not in it (that is slowdown).%s",
                        max > 1 ? " A bar above 100 % is a VM faster than native (binary "
                                  "translation emulating a slow instruction inline)." : ""));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "VM · hypervisor", PLOT_UNIT_NONE);
    plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, "Share of the VM's time", PLOT_UNIT_FRAC);
    plot_chart_set_axis_range(rc->chart, PLOT_AXIS_Y, 0.0, ceil(max * 20) / 20);
    plot_chart_set_categories(rc->chart, (const char *const *)c.cats->pdata, c.cats->len);
    speed_stacks(l, rc->chart, &c, speed, n);
    rc->finding = speed_finding(l, speed, n);
    cats_clear(&c);
    return rc;
}

/* ---- migration strategies by dirty rate --------------------------------------------- */

typedef struct {
    GPtrArray *rates, *strategies;    /* workloads (dirty rates) and strategies, borrowed */
    double    *total, *down;          /* [rate * n_strategies + strategy], NAN: none */
} MigGrid;

static void mig_grid_clear(MigGrid *g)
{
    g_ptr_array_unref(g->rates);
    g_ptr_array_unref(g->strategies);
    g_free(g->total);
    g_free(g->down);
}

static const char *vm_workload(Lesson *l, const char *vm)
{
    const char *const *name = lesson_strs(l->vms, SIM_COL_VM_NAME);
    const char *const *wl = lesson_strs(l->vms, SIM_COL_VM_WORKLOAD);
    for (size_t i = 0; name && wl && i < plot_csv_n_rows(l->vms); i++)
        if (strcmp(name[i], vm) == 0)
            return wl[i];
    return NULL;
}

/* The mean of each (workload, strategy) cell over its finished migrations. */
static gboolean mig_grid(Lesson *l, MigGrid *g)
{
    const char *const *vm = lesson_strs(l->migs, SIM_COL_MIG_VM);
    const char *const *st = lesson_strs(l->migs, SIM_COL_MIG_STRATEGY);
    const char *const *refused = lesson_strs(l->migs, SIM_COL_MIG_REFUSED);
    const double *total = lesson_nums(l, l->migs, SIM_COL_MIG_TOTAL_S);
    const double *down = lesson_nums(l, l->migs, SIM_COL_MIG_DOWNTIME_S);
    if (!vm || !st || !total || !down || !l->vms)
        return FALSE;
    size_t n = plot_csv_n_rows(l->migs);
    g->rates = g_ptr_array_new();
    g->strategies = g_ptr_array_new();
    g_autofree guint *ri = g_new0(guint, n), *si = g_new0(guint, n);
    g_autofree gboolean *use = g_new0(gboolean, n);
    for (size_t i = 0; i < n; i++) {
        const char *wl = vm_workload(l, vm[i]);
        use[i] = wl && isfinite(total[i]) && !(refused && strcmp(refused[i], "true") == 0);
        if (use[i]) {
            ri[i] = lesson_intern(g->rates, wl);
            si[i] = lesson_intern(g->strategies, st[i]);
        }
    }
    size_t cells = MAX(g->rates->len * g->strategies->len, 1);
    g->total = g_new0(double, cells);
    g->down = g_new0(double, cells);
    g_autofree double *cnt = g_new0(double, cells);
    for (size_t i = 0; i < n; i++) {
        if (!use[i])
            continue;
        size_t k = ri[i] * g->strategies->len + si[i];
        g->total[k] += total[i];
        g->down[k] += isfinite(down[i]) ? down[i] : 0;
        cnt[k] += 1;
    }
    for (size_t k = 0; k < cells; k++) {
        g->total[k] = cnt[k] ? g->total[k] / cnt[k] : NAN;
        g->down[k] = cnt[k] ? g->down[k] / cnt[k] : NAN;
    }
    return g->rates->len >= 2 && g->strategies->len >= 2;
}

/* "at dirty rate low: least downtime post-copy (0.01 s), shortest total stop-and-copy (34 s)" */
static char *mig_finding(const MigGrid *g)
{
    GString *s = g_string_new(NULL);
    guint ns = g->strategies->len;
    for (guint r = 0; r < g->rates->len; r++) {
        guint bd = 0, bt = 0;
        for (guint k = 1; k < ns; k++) {
            if (!(g->down[r * ns + k] >= g->down[r * ns + bd]))
                bd = isfinite(g->down[r * ns + k]) ? k : bd;
            if (!(g->total[r * ns + k] >= g->total[r * ns + bt]))
                bt = isfinite(g->total[r * ns + k]) ? k : bt;
        }
        g_string_append_printf(s, "%sat the %s dirty rate the least downtime is %s's (%.3g s) "
                               "and the shortest migration %s's (%.3g s)", r ? "; " : "",
                               (const char *)g->rates->pdata[r],
                               (const char *)g->strategies->pdata[bd], g->down[r * ns + bd],
                               (const char *)g->strategies->pdata[bt], g->total[r * ns + bt]);
    }
    guint grow = 0, last = g->rates->len - 1;
    for (guint k = 1; k < ns; k++)
        if (g->total[last * ns + k] / g->total[k] > g->total[last * ns + grow] / g->total[grow])
            grow = k;
    g_string_append_printf(s, ". From the %s to the %s dirty rate %s's total time goes from "
                           "%.3g s to %.3g s", (const char *)g->rates->pdata[0],
                           (const char *)g->rates->pdata[last],
                           (const char *)g->strategies->pdata[grow], g->total[grow],
                           g->total[last * ns + grow]);
    g_string_append_c(s, '.');
    s->str[0] = g_ascii_toupper(s->str[0]);
    return g_string_free(s, FALSE);
}

static PlotRunChart *mig_chart(const MigGrid *g, gboolean downtime)
{
    PlotRunChart *rc = lesson_chart_new(
        downtime ? "migration-dirty-downtime" : "migration-dirty-total",
        PLOT_KIND_GROUPED_BAR, downtime ? "How long is the VM stopped under each strategy as the dirty rate grows?"
                                        : "How long does each strategy take as the dirty rate grows?",
        g_strdup_printf("One group per page-dirtying rate (the migrated VM's workload), one bar "
                        "per strategy: the %s (migrations.csv, the mean if several). Compare "
                        "strategies within a group; nothing is averaged over dirty rates.",
                        downtime ? "time the VM was stopped (downtime_s)"
                                 : "time from start to end of the migration (total_s)"));
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
    for (guint r = 0; r < g->rates->len; r++)
        g_ptr_array_add(labels, g_strdup_printf("dirty rate: %s",
                                                (const char *)g->rates->pdata[r]));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Page-dirtying rate of the VM (its workload)",
                        PLOT_UNIT_NONE);
    plot_chart_set_axis(rc->chart, PLOT_AXIS_Y, downtime ? "Downtime" : "Total migration time",
                        PLOT_UNIT_SECONDS);
    plot_chart_set_categories(rc->chart, (const char *const *)labels->pdata, labels->len);
    guint ns = g->strategies->len;
    double lo = INFINITY, hi = 0;
    for (size_t k = 0; k < (size_t)g->rates->len * ns; k++) {
        double x = (downtime ? g->down : g->total)[k];
        lo = x > 0 ? fmin(lo, x) : lo;
        hi = isfinite(x) ? fmax(hi, x) : hi;
    }
    if (hi > 100 * lo)                      /* 0.01 s and 30 s both readable */
        plot_chart_set_axis_log(rc->chart, PLOT_AXIS_Y, TRUE);
    g_autofree double *v = g_new0(double, MAX(g->rates->len, 1));
    for (guint k = 0; k < ns; k++) {
        for (guint r = 0; r < g->rates->len; r++)
            v[r] = (downtime ? g->down : g->total)[r * ns + k];
        plot_chart_add_bars(rc->chart, g->strategies->pdata[k], v, g->rates->len);
    }
    rc->finding = mig_finding(g);
    return rc;
}

static void add_migration(Lesson *l, GPtrArray *out)
{
    MigGrid g = { 0 };
    if (mig_grid(l, &g)) {
        g_ptr_array_add(out, mig_chart(&g, FALSE));
        g_ptr_array_add(out, mig_chart(&g, TRUE));
    }
    if (g.rates)
        mig_grid_clear(&g);
}

/* ---- the 2-D page walk ------------------------------------------------------------ */

enum { WALK_GUEST, WALK_HOST, WALK_LARGE, WALK_ONE_D, WALK_KINDS };

typedef struct {
    const char *paging;
    int         gl, hl;
    double      refs;
} WalkSetup;

/* The distinct (paging, levels) setups of the VMs, in order. */
static GArray *walk_setups(Lesson *l)
{
    const char *const *paging = lesson_strs(l->vms, SIM_COL_VM_PAGING);
    const double *gl = lesson_nums(l, l->vms, SIM_COL_VM_WALK_GUEST_LEVELS);
    const double *hl = lesson_nums(l, l->vms, SIM_COL_VM_WALK_HOST_LEVELS);
    const double *refs = lesson_nums(l, l->vms, SIM_COL_VM_WALK_REFS);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(WalkSetup));
    for (size_t i = 0; paging && gl && hl && refs && i < plot_csv_n_rows(l->vms); i++) {
        if (!*paging[i] || !isfinite(gl[i]))
            continue;
        WalkSetup w = { paging[i], (int)gl[i], (int)hl[i], refs[i] };
        gboolean seen = FALSE;
        for (guint k = 0; k < a->len && !seen; k++) {
            WalkSetup *o = &g_array_index(a, WalkSetup, k);
            seen = strcmp(o->paging, w.paging) == 0 && o->gl == w.gl && o->hl == w.hl;
        }
        if (!seen)
            g_array_append_val(a, w);
    }
    return a;
}

static char *walk_name(const WalkSetup *w)
{
    return w->hl > 0 ? g_strdup_printf("%s %d×%d", w->paging, w->gl, w->hl)
                     : g_strdup_printf("%s (1-D, %d levels)", w->paging, w->gl);
}

/* One row per guest step (table levels 4..1, then the data address); host levels across,
 * then the guest entry itself.  N = 4 levels nominal (5 if any setup has 5). */
static void walk_rows(PlotChart *c, const WalkSetup *w, int nominal)
{
    g_autofree char *name = walk_name(w);
    for (int r = 0; r <= nominal; r++) {
        g_autofree char *row = r < nominal ? g_strdup_printf("%s: %s L%d", name,
                                                             w->hl ? "guest" : "table", nominal - r)
                                           : g_strdup_printf("%s: data page", name);
        size_t ri = plot_chart_add_row(c, row);
        gboolean guest_cut = r >= w->gl && r < nominal;        /* levels a large page skips */
        for (int h = 0; h <= nominal; h++) {
            gboolean entry = h == nominal;                     /* the guest entry read */
            if (entry && r == nominal)
                continue;                                      /* the data itself: no ref */
            if (w->hl == 0 && !(entry && r < w->gl))
                continue;                                      /* 1-D: no host dimension */
            size_t kind = w->hl == 0 ? WALK_GUEST
                        : guest_cut || (!entry && h >= w->hl) ? WALK_LARGE
                        : entry ? WALK_GUEST : WALK_HOST;
            plot_chart_add_interval(c, ri, kind, h, h + 0.92);
        }
    }
}

static char *walk_finding(const GArray *a)
{
    GString *s = g_string_new("A TLB miss costs ");
    for (guint k = 0; k < a->len; k++) {
        const WalkSetup *w = &g_array_index(a, WalkSetup, k);
        g_autofree char *name = walk_name(w);
        int full = w->hl > 0 ? (w->gl + 1) * (w->hl + 1) - 1 : w->gl;
        g_string_append_printf(s, "%s%d memory references under %s (%.2f expected with the "
                               "walk caches)", k ? (k + 1 == a->len ? " and " : ", ") : "",
                               full, name, w->refs);
    }
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

static PlotRunChart *build_walk(Lesson *l)
{
    g_autoptr(GArray) a = walk_setups(l);
    gboolean nested = FALSE;            /* drawn to compare: two setups, one of them nested */
    int nominal = 4;
    for (guint k = 0; k < a->len; k++) {
        nested |= g_array_index(a, WalkSetup, k).hl > 0;
        nominal = MAX(nominal, MAX(g_array_index(a, WalkSetup, k).gl,
                                   g_array_index(a, WalkSetup, k).hl));
    }
    if (!nested || a->len < 2)
        return NULL;
    PlotRunChart *rc = lesson_chart_new("page-walk", PLOT_KIND_GANTT,
        "The page walk of one TLB miss: guest levels down, host levels across",
        g_strdup_printf("Each square is one memory reference. Under nested paging every guest "
                        "table entry and the data address are guest-physical, so each needs a "
                        "host walk first (the %d squares to the left) before the guest entry is "
                        "read (the right column): (n+1)(m+1)-1 = 24 references for 4x4 levels. "
                        "Large pages remove a level in their dimension; shadow and native "
                        "paging walk one dimension only. Expected references with the walk "
                        "caches: walk_refs in vms.csv.", nominal));
    plot_chart_set_axis(rc->chart, PLOT_AXIS_X, "Host (nested) table levels L4..L1, then the "
                        "guest entry", PLOT_UNIT_NONE);
    static const char *const kinds[] = {
        "guest page-table read", "host (nested) page-table read", "cut by large pages" };
    for (int k = 0; k < WALK_ONE_D; k++)
        plot_chart_add_interval_kind(rc->chart, kinds[k], k >= WALK_LARGE);
    for (guint k = 0; k < a->len; k++)
        walk_rows(rc->chart, &g_array_index(a, WalkSetup, k), nominal);
    rc->finding = walk_finding(a);
    return rc;
}

/* ---- the registry ----------------------------------------------------------------- */

#define VM(col)  { SIM_CSV_VMS, col }
#define MIG(col) { SIM_CSV_MIGRATIONS, col }
static const PlotRunColumn reads_speed[] = {
    VM(SIM_COL_VM_NAME), VM(SIM_COL_VM_GROUP), VM(SIM_COL_VM_HYPERVISOR), VM(SIM_COL_VM_PAGING),
    VM(SIM_COL_VM_SPEED_VS_NATIVE), VM(SIM_COL_VM_OVH_PREFIX "*" SIM_COL_VM_OVH_SUFFIX),
    { NULL, NULL } };
static const PlotRunColumn reads_mig[] = {
    MIG(SIM_COL_MIG_VM), MIG(SIM_COL_MIG_STRATEGY), MIG(SIM_COL_MIG_TOTAL_S),
    MIG(SIM_COL_MIG_DOWNTIME_S), MIG(SIM_COL_MIG_REFUSED), VM(SIM_COL_VM_NAME),
    VM(SIM_COL_VM_WORKLOAD), { NULL, NULL } };
static const PlotRunColumn reads_walk[] = {
    VM(SIM_COL_VM_PAGING), VM(SIM_COL_VM_WALK_GUEST_LEVELS), VM(SIM_COL_VM_WALK_HOST_LEVELS),
    VM(SIM_COL_VM_WALK_REFS), { NULL, NULL } };
static const PlotRunColumn reads_ready[] = {
    { SIM_CSV_ELASTICITY, SIM_COL_ELA_SERVICE }, { SIM_CSV_ELASTICITY, SIM_COL_ELA_SUBMITTED_S },
    { SIM_CSV_ELASTICITY, SIM_COL_ELA_READY_S }, { NULL, NULL } };
static const PlotRunColumn reads_services[] = {
    { SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S },
    { SIM_CSV_TIMESERIES, SIM_COL_TS_DEMAND_REQ_PER_S ":*" },
    { SIM_CSV_TIMESERIES, SIM_COL_TS_CAPACITY_REQ_PER_S ":*" }, { NULL, NULL } };
static const PlotRunColumn reads_sla[] = {
    { SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S },
    { SIM_CSV_TIMESERIES, SIM_COL_TS_SLA_VIOLATION_S ":*" }, { NULL, NULL } };
static const PlotRunColumn reads_cmp_util[] = {
    { SIM_CSV_COMPARE, SIM_COL_CMP_METRIC }, { SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S },
    { SIM_CSV_TIMESERIES, SIM_COL_TS_DC_UTIL_FRAC }, { NULL, NULL } };
static const PlotRunColumn reads_cmp_latency[] = {
    { SIM_CSV_COMPARE, SIM_COL_CMP_METRIC }, { SIM_CSV_IO, SIM_COL_IO_VM },
    { SIM_CSV_IO, SIM_COL_IO_DEVICE }, { SIM_CSV_IO, SIM_COL_IO_LATENCY_P99_S }, { NULL, NULL } };
static const PlotRunColumn reads_cmp_power[] = {
    { SIM_CSV_COMPARE, SIM_COL_CMP_METRIC }, { SIM_CSV_TIMESERIES, SIM_COL_TS_TIME_S },
    { SIM_CSV_TIMESERIES, SIM_COL_TS_POWER_W }, { NULL, NULL } };
#undef VM
#undef MIG

static const struct {
    const char          *name;
    const PlotRunColumn *reads;
} lesson_charts[PLOT_LESSON_N_CHARTS] = {
    { "speed-vs-native", reads_speed }, { "migration-dirty-total", reads_mig },
    { "migration-dirty-downtime", reads_mig }, { "page-walk", reads_walk },
    { "time-to-ready", reads_ready }, { "elasticity-services", reads_services },
    { "sla-violation", reads_sla }, { "compare-utilization", reads_cmp_util },
    { "compare-power", reads_cmp_power }, { "compare-latency", reads_cmp_latency },
};

/* The columns of file the charts declare (NULL-terminated; free the array only). */
static const char **lesson_file_columns(const char *file)
{
    GPtrArray *cols = g_ptr_array_new();
    for (size_t i = 0; i < PLOT_LESSON_N_CHARTS; i++)
        for (const PlotRunColumn *r = lesson_charts[i].reads; r->file; r++)
            if (strcmp(r->file, file) == 0)
                g_ptr_array_add(cols, (gpointer)r->column);
    g_ptr_array_add(cols, NULL);
    return (const char **)g_ptr_array_free(cols, FALSE);
}

const char *const *plot_lesson_chart_names(void)
{
    static const char *names[PLOT_LESSON_N_CHARTS + 1];
    for (size_t i = 0; i < PLOT_LESSON_N_CHARTS; i++)
        names[i] = lesson_charts[i].name;
    return names;
}

const PlotRunColumn *plot_lesson_chart_columns(const char *name)
{
    for (size_t i = 0; i < PLOT_LESSON_N_CHARTS; i++)
        if (strcmp(lesson_charts[i].name, name) == 0)
            return lesson_charts[i].reads;
    return NULL;
}

void lesson_add_if(GPtrArray *out, PlotRunChart *rc)
{
    if (rc)
        g_ptr_array_add(out, rc);
}

gboolean plot_lesson_add_charts(const char *outdir, GPtrArray *out, GError **error)
{
    Lesson l = { .outdir = outdir };
    l.vms = lesson_load(&l, outdir, SIM_CSV_VMS);
    l.migs = lesson_load(&l, outdir, SIM_CSV_MIGRATIONS);
    l.ela = lesson_load(&l, outdir, SIM_CSV_ELASTICITY);
    l.cmp = lesson_load(&l, outdir, SIM_CSV_COMPARE);
    g_autofree char *ela_path = g_build_filename(outdir, SIM_CSV_ELASTICITY, NULL);
    if (g_file_test(ela_path, G_FILE_TEST_EXISTS))    /* its per-service columns */
        l.ts = lesson_load(&l, outdir, SIM_CSV_TIMESERIES);
    if (!l.error)
        lesson_add_if(out, build_speed(&l));
    if (!l.error)
        add_migration(&l, out);
    if (!l.error)
        lesson_add_if(out, build_walk(&l));
    lesson_add_elastic(&l, out);
    if (!l.error)
        lesson_add_compare(&l, out);
    plot_csv_free(l.vms);
    plot_csv_free(l.migs);
    plot_csv_free(l.ela);
    plot_csv_free(l.cmp);
    plot_csv_free(l.ts);
    if (l.error) {
        g_propagate_error(error, l.error);
        return FALSE;
    }
    return TRUE;
}

PlotRunChart *plot_lesson_answer(GPtrArray *charts, const char *wanted)
{
    static const char *const order[] = { "speed-vs-native", "migration-dirty-total",
                                         "sla-violation", "time-to-ready", "page-walk",
                                         "compare-utilization" };
    for (guint i = 0; wanted && i < charts->len; i++)
        if (strcmp(((PlotRunChart *)charts->pdata[i])->name, wanted) == 0)
            return charts->pdata[i];
    for (size_t k = 0; k < G_N_ELEMENTS(order); k++)
        for (guint i = 0; i < charts->len; i++)
            if (strcmp(((PlotRunChart *)charts->pdata[i])->name, order[k]) == 0)
                return charts->pdata[i];
    return charts->len ? charts->pdata[0] : NULL;
}
