/* sim/scheduler/consolidate.c — the double-threshold consolidation decision; see
 * consolidate.h.  Works on a private copy of the hosts' state, moving VMs on paper. */
#include "sim/scheduler/consolidate.h"

#include <string.h>

#include "sim/scheduler/placeindex.h"

#define SCHED_UTIL_EPS 1e-12

typedef struct {
    SchedHostView view;          /* working copy; view.groups = groups->pdata */
    GPtrArray    *groups;        /* const char *, NULL-terminated */
    gboolean      off_planned, on_planned, received;
} WorkHost;

typedef struct {
    WorkHost                     *h;
    guint                         n;
    const SchedVmLoad            *vms;
    guint                         n_vms;
    guint                        *vm_host;    /* working position of each VM's host */
    GArray                      **on;         /* guint VM positions on each host, any order */
    guint                        *on_pos;     /* each VM's place in its host's `on` */
    const SchedConsolidateParams *p;
    SchedHostView                *cand;       /* scratch for sched_place */
    SchedPlaceIndex              *ix;         /* the working views, for best/worst-fit, balanced */
    SchedPlan                    *plan;
} Ctx;

void sched_plan_init(SchedPlan *plan)
{
    plan->moves = g_array_new(FALSE, FALSE, sizeof(SchedMove));
    plan->power_off = g_array_new(FALSE, FALSE, sizeof(int));
    plan->power_on = g_array_new(FALSE, FALSE, sizeof(int));
    plan->unplaced = 0;
}

void sched_plan_clear(SchedPlan *plan)
{
    g_array_free(plan->moves, TRUE);
    g_array_free(plan->power_off, TRUE);
    g_array_free(plan->power_on, TRUE);
}

/* ---- working state ---------------------------------------------------------------- */

static void groups_add(WorkHost *wh, const char *g)
{
    g_ptr_array_remove_index(wh->groups, wh->groups->len - 1);      /* the NULL */
    g_ptr_array_add(wh->groups, (gpointer)g);
    g_ptr_array_add(wh->groups, NULL);
    wh->view.groups = (const char *const *)wh->groups->pdata;
}

static void groups_remove(WorkHost *wh, const char *g)
{
    for (guint i = 0; i + 1 < wh->groups->len; i++)
        if (strcmp(g_ptr_array_index(wh->groups, i), g) == 0) {
            g_ptr_array_remove_index(wh->groups, i);
            break;
        }
    wh->view.groups = (const char *const *)wh->groups->pdata;
}

static void host_add(WorkHost *wh, const SchedVmLoad *v, int sign)
{
    wh->view.vcpus_used += sign * v->vcpus;
    if (sign > 0)
        wh->view.memory_used_bytes += v->memory_bytes;
    else
        wh->view.memory_used_bytes -= MIN(v->memory_bytes, wh->view.memory_used_bytes);
    if (wh->view.capacity_cycles_per_s > 0)
        wh->view.util_frac += sign * v->load_cycles_per_s / wh->view.capacity_cycles_per_s;
    wh->view.util_frac = MAX(wh->view.util_frac, 0.0);
    if (v->anti_affinity)
        (sign > 0 ? groups_add : groups_remove)(wh, v->anti_affinity);
}

/* Keeps host i's leaf in the index in step with its working view; a host planned off
 * takes no VM. */
static void ix_sync(Ctx *c, guint i)
{
    if (!c->ix)
        return;
    SchedHostView v = c->h[i].view;
    v.powered_on = v.powered_on && !c->h[i].off_planned;
    sched_place_index_set(c->ix, i, &v);
}

static void vm_move(Ctx *c, guint v, guint to)
{
    guint from = c->vm_host[v];
    host_add(&c->h[from], &c->vms[v], -1);
    host_add(&c->h[to], &c->vms[v], +1);
    c->vm_host[v] = to;
    GArray *old = c->on[from];                 /* O(1): the last VM there takes its place */
    guint last = g_array_index(old, guint, old->len - 1);
    g_array_index(old, guint, c->on_pos[v]) = last;
    c->on_pos[last] = c->on_pos[v];
    g_array_set_size(old, old->len - 1);
    c->on_pos[v] = c->on[to]->len;
    g_array_append_val(c->on[to], v);
    ix_sync(c, from);
    ix_sync(c, to);
}

static void ctx_init(Ctx *c, const SchedHostView *hosts, guint n, const SchedVmLoad *vms,
                     guint n_vms, const SchedConsolidateParams *p, SchedPlan *plan)
{
    *c = (Ctx){ .n = n, .vms = vms, .n_vms = n_vms, .p = p, .plan = plan };
    c->h = g_new0(WorkHost, n);
    c->cand = g_new0(SchedHostView, MAX(n, 1));
    c->vm_host = g_new0(guint, MAX(n_vms, 1));
    for (guint i = 0; i < n; i++) {
        c->h[i].view = hosts[i];
        c->h[i].groups = g_ptr_array_new();
        for (const char *const *g = hosts[i].groups; g && *g; g++)
            g_ptr_array_add(c->h[i].groups, (gpointer)*g);
        g_ptr_array_add(c->h[i].groups, NULL);
        c->h[i].view.groups = (const char *const *)c->h[i].groups->pdata;
    }
    c->on = g_new(GArray *, MAX(n, 1));
    c->on_pos = g_new0(guint, MAX(n_vms, 1));
    for (guint i = 0; i < n; i++)
        c->on[i] = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint v = 0; v < n_vms; v++) {
        g_assert(vms[v].host < n);
        c->vm_host[v] = vms[v].host;
        c->on_pos[v] = c->on[vms[v].host]->len;
        g_array_append_val(c->on[vms[v].host], v);
    }
    c->ix = sched_place_index_new(n, p->placement ? p->placement : &sched_best_fit_ops,
                                  &p->overcommit);
    for (guint i = 0; i < n; i++)
        ix_sync(c, i);
}

static void ctx_clear(Ctx *c)
{
    for (guint i = 0; i < c->n; i++)
        g_ptr_array_free(c->h[i].groups, TRUE);
    g_free(c->h);
    g_free(c->cand);
    g_free(c->vm_host);
    for (guint i = 0; i < c->n; i++)
        g_array_free(c->on[i], TRUE);
    g_free(c->on);
    g_free(c->on_pos);
    sched_place_index_free(c->ix);
}

/* ---- choosing a destination ------------------------------------------------------- */

static gboolean dest_open(const Ctx *c, guint i, guint v)
{
    const WorkHost *wh = &c->h[i];
    double after = wh->view.util_frac;
    if (wh->view.capacity_cycles_per_s > 0)
        after += c->vms[v].load_cycles_per_s / wh->view.capacity_cycles_per_s;
    return i != c->vm_host[v] && wh->view.powered_on && !wh->off_planned &&
           after <= c->p->high_frac + SCHED_UTIL_EPS;
}

typedef struct {
    const Ctx *c;
    guint      v;
} DestAdmit;

/* What dest_choose's scan checks beyond the index: the destination's utilization after the
 * move, and the VM's anti-affinity group. */
static gboolean dest_admit(guint i, void *user)
{
    const DestAdmit *a = user;
    const char *g = a->c->vms[a->v].anti_affinity;
    if (!dest_open(a->c, i, a->v))
        return FALSE;
    for (const char *const *x = a->c->h[i].view.groups; g && x && *x; x++)
        if (strcmp(*x, g) == 0)
            return FALSE;
    return TRUE;
}

/* Position of the host the placement policy picks for VM v, or -1: through the index when
 * the policy has one (the same host as the scan), else by the scan. */
static int dest_choose(Ctx *c, guint v)
{
    if (c->ix) {
        const SchedVmLoad *vm = &c->vms[v];
        SchedRequest req = { .vcpus = vm->vcpus, .memory_bytes = vm->memory_bytes };
        return sched_place_index_choose(c->ix, &req, (int)c->vm_host[v], dest_admit,
                                        &(DestAdmit){ c, v });
    }
    guint k = 0;
    for (guint i = 0; i < c->n; i++) {
        if (!dest_open(c, i, v))
            continue;
        c->cand[k] = c->h[i].view;
        c->cand[k++].index = (int)i;
    }
    const SchedVmLoad *vm = &c->vms[v];
    SchedRequest req = { .vcpus = vm->vcpus, .memory_bytes = vm->memory_bytes,
                         .anti_affinity = vm->anti_affinity };
    const SchedPlacementOps *ops = c->p->placement ? c->p->placement : &sched_best_fit_ops;
    return sched_place(ops, c->cand, k, &req, &c->p->overcommit).host_index;
}

static void plan_move(Ctx *c, guint v, guint to)
{
    SchedMove mv = { .vm_index = c->vms[v].vm_index,
                     .from_host = c->h[c->vm_host[v]].view.index, .to_host = c->h[to].view.index };
    g_array_append_val(c->plan->moves, mv);
    vm_move(c, v, to);
    c->h[to].received = TRUE;
}

/* Powers on the first host that is off; FALSE if none is. */
static gboolean power_on_one(Ctx *c)
{
    for (guint i = 0; i < c->n; i++) {
        WorkHost *wh = &c->h[i];
        if (!wh->view.powered_on && !wh->off_planned) {
            wh->view.powered_on = wh->on_planned = TRUE;
            ix_sync(c, i);
            g_array_append_val(c->plan->power_on, wh->view.index);
            return TRUE;
        }
    }
    return FALSE;
}

/* ---- VM lists --------------------------------------------------------------------- */

static gint by_load_desc(gconstpointer a, gconstpointer b, gpointer user)
{
    const SchedVmLoad *vms = user;
    guint x = *(const guint *)a, y = *(const guint *)b;
    if (vms[x].load_cycles_per_s != vms[y].load_cycles_per_s)
        return vms[x].load_cycles_per_s > vms[y].load_cycles_per_s ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* VMs now on host i, largest load first (ties by position: the order does not depend on
 * c->on's); *all_movable says whether every one may move. */
static GArray *vms_on(const Ctx *c, guint i, gboolean *all_movable)
{
    GArray *list = g_array_new(FALSE, FALSE, sizeof(guint));
    *all_movable = TRUE;
    for (guint k = 0; k < c->on[i]->len; k++) {
        guint v = g_array_index(c->on[i], guint, k);
        if (c->vms[v].movable)
            g_array_append_val(list, v);
        else
            *all_movable = FALSE;
    }
    g_array_sort_with_data(list, by_load_desc, (gpointer)c->vms);
    return list;
}

/* Minimization of Migrations: the smallest VM whose load covers the excess, else the
 * largest (list is sorted by load, largest first).  Returns its position in list. */
static guint mm_pick(const Ctx *c, const GArray *list, double excess_cycles_per_s)
{
    guint pick = 0;
    for (guint k = 0; k < list->len; k++)
        if (c->vms[g_array_index(list, guint, k)].load_cycles_per_s >= excess_cycles_per_s)
            pick = k;
    return pick;
}

/* ---- the two steps ---------------------------------------------------------------- */

static void relieve(Ctx *c, guint i)
{
    WorkHost *wh = &c->h[i];
    gboolean all;
    GArray *list = vms_on(c, i, &all);
    while (wh->view.util_frac > c->p->high_frac + SCHED_UTIL_EPS && list->len > 0) {
        double excess = (wh->view.util_frac - c->p->high_frac) * wh->view.capacity_cycles_per_s;
        guint k = mm_pick(c, list, excess);
        guint v = g_array_index(list, guint, k);
        g_array_remove_index(list, k);
        int to = dest_choose(c, v);
        if (to < 0 && power_on_one(c))
            to = dest_choose(c, v);
        if (to < 0)
            c->plan->unplaced++;
        else
            plan_move(c, v, (guint)to);
    }
    g_array_free(list, TRUE);
}

static guint hosts_staying_on(const Ctx *c)
{
    guint n = 0;
    for (guint i = 0; i < c->n; i++)
        n += c->h[i].view.powered_on && !c->h[i].off_planned;
    return n;
}

/* Moves every VM off host i, or none; TRUE if the host was emptied. */
static gboolean empty_host(Ctx *c, guint i)
{
    gboolean all;
    GArray *list = vms_on(c, i, &all);
    guint k = 0;
    int *to = g_new(int, MAX(list->len, 1));
    for (; all && k < list->len; k++) {
        guint v = g_array_index(list, guint, k);
        to[k] = dest_choose(c, v);
        if (to[k] < 0)
            break;
        vm_move(c, v, (guint)to[k]);
    }
    gboolean ok = all && k == list->len;
    for (guint j = k; j-- > 0;)          /* back to the start, then replay if it worked */
        vm_move(c, g_array_index(list, guint, j), i);
    for (guint j = 0; ok && j < list->len; j++)
        plan_move(c, g_array_index(list, guint, j), (guint)to[j]);
    g_free(to);
    g_array_free(list, TRUE);
    return ok;
}

static gint by_util_asc(gconstpointer a, gconstpointer b, gpointer user)
{
    const WorkHost *h = user;
    guint x = *(const guint *)a, y = *(const guint *)b;
    if (h[x].view.util_frac != h[y].view.util_frac)
        return h[x].view.util_frac < h[y].view.util_frac ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void consolidate_low(Ctx *c)
{
    GArray *low = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < c->n; i++) {
        const WorkHost *wh = &c->h[i];
        if (wh->view.powered_on && !wh->on_planned && wh->view.util_frac < c->p->low_frac)
            g_array_append_val(low, i);
    }
    g_array_sort_with_data(low, by_util_asc, c->h);
    guint min_on = MAX(c->p->min_hosts_on, 1);
    for (guint k = 0; k < low->len; k++) {
        guint i = g_array_index(low, guint, k);
        WorkHost *wh = &c->h[i];
        if (wh->received || hosts_staying_on(c) <= min_on || !empty_host(c, i))
            continue;
        wh->off_planned = TRUE;
        ix_sync(c, i);
        g_array_append_val(c->plan->power_off, wh->view.index);
    }
    g_array_free(low, TRUE);
}

void sched_consolidate(const SchedHostView *hosts, guint n_hosts, const SchedVmLoad *vms,
                       guint n_vms, const SchedConsolidateParams *params, SchedPlan *plan)
{
    g_return_if_fail(params && plan && params->low_frac < params->high_frac);
    g_array_set_size(plan->moves, 0);
    g_array_set_size(plan->power_off, 0);
    g_array_set_size(plan->power_on, 0);
    plan->unplaced = 0;
    Ctx c;
    ctx_init(&c, hosts, n_hosts, vms, n_vms, params, plan);
    for (guint i = 0; i < n_hosts; i++)
        if (c.h[i].view.powered_on && c.h[i].view.util_frac > params->high_frac + SCHED_UTIL_EPS)
            relieve(&c, i);
    consolidate_low(&c);
    ctx_clear(&c);
}
