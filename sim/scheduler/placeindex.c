/* sim/scheduler/placeindex.c — a segment tree of placement score bounds; see placeindex.h. */
#include "sim/scheduler/placeindex.h"

#include <math.h>

typedef enum { PLACE_BEST, PLACE_WORST, PLACE_BALANCED } PlaceKind;

/* Bounds over a subtree's accepting hosts ("on"); a node with on == 0 holds the neutral
 * values (rooms -inf, minima +inf, maxima -inf).  uc/um: vCPUs and memory used as fractions
 * of the limits lc/lm; odd: some limit is too small or not finite for the fraction bounds. */
typedef struct {
    guint    on;
    gboolean uniform, odd;          /* uniform: every host has rep's used and limits */
    guint    rep;                   /* the leftmost accepting host */
    double   room_c, room_m;        /* largest free vCPU room, memory room */
    double   lm_max, util_min;
    double   uc_min, uc_max, um_min, um_max, lc_min, lc_max, lm_min;
} PlaceNode;

struct SchedPlaceIndex {
    guint                    n, size;
    PlaceKind                kind;
    const SchedPlacementOps *ops;
    SchedOvercommit          oc;
    SchedHostView           *view;  /* per host */
    PlaceNode               *node;  /* 2 x size; node 1 is the root */
};

static const PlaceNode place_empty = {
    .room_c = -INFINITY, .room_m = -INFINITY, .lm_max = -INFINITY, .util_min = INFINITY,
    .uc_min = INFINITY, .uc_max = -INFINITY, .um_min = INFINITY, .um_max = -INFINITY,
    .lc_min = INFINITY, .lc_max = -INFINITY, .lm_min = INFINITY,
};

SchedPlaceIndex *sched_place_index_new(guint n_hosts, const SchedPlacementOps *ops,
                                   const SchedOvercommit *oc)
{
    PlaceKind kind;
    if (ops == &sched_best_fit_ops)
        kind = PLACE_BEST;
    else if (ops == &sched_worst_fit_ops)
        kind = PLACE_WORST;
    else if (ops == &sched_balanced_ops)
        kind = PLACE_BALANCED;
    else
        return NULL;
    SchedPlaceIndex *ix = g_new0(SchedPlaceIndex, 1);
    ix->n = n_hosts;
    ix->kind = kind;
    ix->ops = ops;
    ix->oc = *oc;
    ix->size = 1;
    while (ix->size < MAX(n_hosts, 1u))
        ix->size *= 2;
    ix->view = g_new0(SchedHostView, MAX(n_hosts, 1u));
    ix->node = g_new(PlaceNode, 2 * ix->size);
    for (guint i = 0; i < 2 * ix->size; i++)
        ix->node[i] = place_empty;
    return ix;
}

void sched_place_index_free(SchedPlaceIndex *ix)
{
    if (!ix)
        return;
    g_free(ix->view);
    g_free(ix->node);
    g_free(ix);
}

gboolean sched_place_index_uses_util(const SchedPlaceIndex *ix)
{
    return ix && ix->kind == PLACE_BALANCED;
}

/* The limits exactly as sched_place() computes them. */
static double limit_c(const SchedPlaceIndex *ix, const SchedHostView *v)
{
    return v->cores * ix->oc.cpu;
}

static double limit_m(const SchedPlaceIndex *ix, const SchedHostView *v)
{
    return (double)v->memory_bytes * ix->oc.memory;
}

static PlaceNode leaf_node(const SchedPlaceIndex *ix, guint host)
{
    const SchedHostView *v = &ix->view[host];
    if (!v->powered_on)
        return place_empty;
    double lc = limit_c(ix, v), lm = limit_m(ix, v);
    double uc = v->vcpus_used / lc, um = (double)v->memory_used_bytes / lm;
    return (PlaceNode){
        .on = 1, .uniform = TRUE, .rep = host,
        .odd = !(lc >= 1e-3 && lm >= 1 && isfinite(lc) && isfinite(lm) && isfinite(uc) &&
                 isfinite(um) && isfinite(v->util_frac)),
        .room_c = lc - v->vcpus_used, .room_m = lm - (double)v->memory_used_bytes,
        .lm_max = lm, .util_min = v->util_frac,
        .uc_min = uc, .uc_max = uc, .um_min = um, .um_max = um,
        .lc_min = lc, .lc_max = lc, .lm_min = lm,
    };
}

/* The same used amounts and limits, hence bit-identical scores for any request. */
static gboolean alike(const SchedPlaceIndex *ix, guint a, guint b)
{
    const SchedHostView *x = &ix->view[a], *y = &ix->view[b];
    return x->cores == y->cores && x->vcpus_used == y->vcpus_used &&
           x->memory_bytes == y->memory_bytes && x->memory_used_bytes == y->memory_used_bytes;
}

static PlaceNode join(const SchedPlaceIndex *ix, const PlaceNode *l, const PlaceNode *r)
{
    if (l->on == 0)
        return *r;
    if (r->on == 0)
        return *l;
    return (PlaceNode){
        .on = l->on + r->on, .rep = l->rep, .odd = l->odd || r->odd,
        .uniform = l->uniform && r->uniform && alike(ix, l->rep, r->rep),
        .room_c = MAX(l->room_c, r->room_c), .room_m = MAX(l->room_m, r->room_m),
        .lm_max = MAX(l->lm_max, r->lm_max), .util_min = MIN(l->util_min, r->util_min),
        .uc_min = MIN(l->uc_min, r->uc_min), .uc_max = MAX(l->uc_max, r->uc_max),
        .um_min = MIN(l->um_min, r->um_min), .um_max = MAX(l->um_max, r->um_max),
        .lc_min = MIN(l->lc_min, r->lc_min), .lc_max = MAX(l->lc_max, r->lc_max),
        .lm_min = MIN(l->lm_min, r->lm_min),
    };
}

void sched_place_index_set(SchedPlaceIndex *ix, guint host, const SchedHostView *v)
{
    g_assert(host < ix->n);
    ix->view[host] = *v;
    ix->view[host].groups = NULL;
    ix->view[host].devices_free = NULL;
    guint i = ix->size + host;
    ix->node[i] = leaf_node(ix, host);
    for (i /= 2; i >= 1; i /= 2)
        ix->node[i] = join(ix, &ix->node[2 * i], &ix->node[2 * i + 1]);
}

typedef struct {
    const SchedPlaceIndex *ix;
    const SchedRequest  *req;
    int                  exclude;
    SchedPlaceAdmit        admit;
    void                *user;
    int                  found;
    double               best;
} PlaceQuery;

static double score_of(const SchedPlaceIndex *ix, guint host, const SchedRequest *req)
{
    const SchedHostView *v = &ix->view[host];
    return ix->ops->score(v, req, limit_c(ix, v), limit_m(ix, v));
}

/* Whether some host under node n may score strictly below q->best.  The fraction bounds
 * are widened by 1e-9 (scores are sums of two fractions; rounding is ~1e-16), so they
 * never prune a winner; hosts that are alike are compared exactly, so ties prune. */
static gboolean may_beat(const PlaceQuery *q, const PlaceNode *n)
{
    const SchedPlaceIndex *ix = q->ix;
    if (isnan(q->best))
        return FALSE;                       /* nothing compares below NaN */
    if (ix->kind == PLACE_BALANCED)
        return n->odd || n->util_min < q->best;
    if (n->uniform)
        return score_of(ix, n->rep, q->req) < q->best;
    if (n->odd)
        return TRUE;
    double rc = q->req->vcpus, rm = (double)q->req->memory_bytes, bound;
    if (ix->kind == PLACE_WORST)            /* -(room fractions after) */
        bound = n->uc_min + rc / n->lc_max + n->um_min + rm / n->lm_max - 2;
    else                                    /* room fractions after, >= 0 where it fits */
        bound = MAX(1 - n->uc_max - rc / n->lc_min, -1e-6) +
                MAX(1 - n->um_max - rm / n->lm_min, -1e-6);
    return bound - 1e-9 < q->best;
}

static void place_search(PlaceQuery *q, guint i)
{
    const SchedPlaceIndex *ix = q->ix;
    const PlaceNode *n = &ix->node[i];
    double rm = (double)q->req->memory_bytes;
    if (n->on == 0 || q->req->vcpus > n->room_c + 1e-6 || rm > n->room_m + 1e-9 * n->lm_max + 1)
        return;                             /* no host here has room (checks widened) */
    if (q->found >= 0 && !may_beat(q, n))
        return;
    if (i < ix->size) {
        place_search(q, 2 * i);
        place_search(q, 2 * i + 1);
        return;
    }
    guint host = i - ix->size;
    if ((int)host == q->exclude || sched_host_check(&ix->view[host], q->req, &ix->oc) != SCHED_SHORT_NONE)
        return;
    double score = score_of(ix, host, q->req);
    if (q->found >= 0 && !(score < q->best))
        return;
    if (q->admit && !q->admit(host, q->user))
        return;
    q->found = (int)host;
    q->best = score;
}

int sched_place_index_choose(const SchedPlaceIndex *ix, const SchedRequest *req, int exclude,
                           SchedPlaceAdmit admit, void *user)
{
    SchedRequest r = *req;
    r.anti_affinity = NULL;                 /* the leaves hold no groups: `admit` checks */
    PlaceQuery q = { ix, &r, exclude, admit, user, -1, INFINITY };
    place_search(&q, 1);
    return q.found;
}
