/* sim/core/share.c — weighted max-min fair sharing by progressive filling; see share.h.
 *
 * Changes only mark consumers and resources dirty; one zero-delay "share.solve" event per
 * instant re-solves the connected components that hold dirty elements.  Between two solves
 * every consumer's rate is constant, so progress is settled lazily from (rate, last_ns).
 */
#include "sim/core/share.h"

#include <math.h>
#include <string.h>

struct SimResource {
    char          *name;
    double         capacity_per_s;
    double         used_per_s;
    GPtrArray     *consumers;          /* SimConsumer *, attached (running or not) */
    SimResourceFn  watch;
    void          *watch_user;
    guint          epoch;              /* component-search mark */
    double         left_per_s;         /* solver scratch: capacity not yet given out */
    double         weight_left;        /* solver scratch: Σ weight of unfrozen consumers */
    guint          unfrozen;           /* solver scratch: how many unfrozen consumers */
    gboolean       dirty;
};

struct SimConsumer {
    double          weight, cap_per_s, efficiency;
    double          remaining, consumed, rate_per_s;
    double          progress;          /* Σ rate × efficiency × dt: useful work done */
    SimTimeNs       last_ns;
    gboolean        running, dirty, frozen;
    guint           epoch;
    /* The resources it uses: res_one (no allocation, no hop through a GPtrArray: the
     * solver's walks touch the consumer's own cache line) until more are attached. */
    SimResource   **res;
    guint           n_res, cap_res;
    SimResource    *res_one[2];
    SimShareDoneFn  done;
    void           *owner;
    SimEventId      done_event;
    SimConsumerFn   watch;             /* rate may have changed, or NULL */
    void           *watch_user;
    guint           slot;              /* its place in SimShare.consumers */
    guint           listed;            /* its entries in SimShare.dirty (until the flush) */
};

struct SimShare {
    SimEngine      *eng;
    SimEventTypeId  ev_solve, ev_done;
    SimEventId      solve_event;
    GPtrArray      *resources, *consumers;   /* owned, creation order */
    GPtrArray      *dirty;                   /* SimConsumer * or NULL-free resource seeds */
    GPtrArray      *dirty_resources;
    guint           epoch;
    uint64_t        solves;
    GPtrArray      *comp_c, *comp_r;         /* scratch: the component being solved */
    GPtrArray      *now_frozen;              /* scratch: consumers freezing at one level */
    GArray         *order;                   /* scratch: FillKey, one resource's consumers */
};

/* A consumer of a one-resource component, for fill_one_resource: its cap / weight and its
 * place in comp_c. */
typedef struct { double ratio; guint at; } FillKey;

static void share_on_solve(SimEngine *eng, void *target, const void *payload);
static void share_on_done(SimEngine *eng, void *target, const void *payload);

static const SimEventType share_solve_type = {
    .name = "share.solve", .handle = share_on_solve, .payload_bytes = 0,
};
static const SimEventType share_done_type = {
    .name = "share.done", .handle = share_on_done, .payload_bytes = sizeof(SimShare *),
};

SimShare *sim_share_new(SimEngine *eng)
{
    SimShare *s = g_new0(SimShare, 1);
    s->eng = eng;
    s->ev_solve = sim_engine_register(eng, &share_solve_type);
    s->ev_done = sim_engine_register(eng, &share_done_type);
    s->resources = g_ptr_array_new();
    s->consumers = g_ptr_array_new();
    s->dirty = g_ptr_array_new();
    s->dirty_resources = g_ptr_array_new();
    s->comp_c = g_ptr_array_new();
    s->comp_r = g_ptr_array_new();
    s->now_frozen = g_ptr_array_new();
    s->order = g_array_new(FALSE, FALSE, sizeof(FillKey));
    return s;
}

static void consumer_destroy(SimConsumer *c)
{
    if (c->res != c->res_one)
        g_free(c->res);
    g_free(c);
}

void sim_share_free(SimShare *s)
{
    if (!s)
        return;
    for (guint i = 0; i < s->consumers->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->consumers, i);
        sim_engine_cancel(s->eng, c->done_event);
        consumer_destroy(c);
    }
    for (guint i = 0; i < s->resources->len; i++) {
        SimResource *r = g_ptr_array_index(s->resources, i);
        g_ptr_array_free(r->consumers, TRUE);
        g_free(r->name);
        g_free(r);
    }
    sim_engine_cancel(s->eng, s->solve_event);
    g_ptr_array_free(s->resources, TRUE);
    g_ptr_array_free(s->consumers, TRUE);
    g_ptr_array_free(s->dirty, TRUE);
    g_ptr_array_free(s->dirty_resources, TRUE);
    g_ptr_array_free(s->comp_c, TRUE);
    g_ptr_array_free(s->comp_r, TRUE);
    g_ptr_array_free(s->now_frozen, TRUE);
    g_array_free(s->order, TRUE);
    g_free(s);
}

/* ---- dirty marking ---------------------------------------------------------------- */

static void request_solve(SimShare *s)
{
    if (!sim_engine_is_pending(s->eng, s->solve_event))
        s->solve_event = sim_engine_schedule(s->eng, 0, s->ev_solve, s, NULL);
}

static void mark_consumer(SimShare *s, SimConsumer *c)
{
    if (!c->dirty) {
        c->dirty = TRUE;
        c->listed++;
        g_ptr_array_add(s->dirty, c);
    }
    request_solve(s);
}

static void mark_resource(SimShare *s, SimResource *r)
{
    if (!r->dirty) {
        r->dirty = TRUE;
        g_ptr_array_add(s->dirty_resources, r);
    }
    request_solve(s);
}

/* ---- resources -------------------------------------------------------------------- */

SimResource *sim_share_resource_new(SimShare *s, const char *name, double capacity_per_s)
{
    g_return_val_if_fail(capacity_per_s >= 0, NULL);
    SimResource *r = g_new0(SimResource, 1);
    r->name = g_strdup(name);
    r->capacity_per_s = capacity_per_s;
    r->consumers = g_ptr_array_new();
    g_ptr_array_add(s->resources, r);
    return r;
}

void sim_share_resource_set_capacity(SimShare *s, SimResource *r, double capacity_per_s)
{
    g_return_if_fail(capacity_per_s >= 0);
    r->capacity_per_s = capacity_per_s;
    mark_resource(s, r);
}

double sim_share_resource_capacity(const SimResource *r) { return r->capacity_per_s; }
double sim_share_resource_used(const SimResource *r) { return r->used_per_s; }
const char *sim_share_resource_name(const SimResource *r) { return r->name; }

void sim_share_resource_watch(SimResource *r, SimResourceFn fn, void *user)
{
    r->watch = fn;
    r->watch_user = user;
}

/* ---- consumers -------------------------------------------------------------------- */

SimConsumer *sim_share_consumer_new(SimShare *s, double weight, double cap_per_s,
                                    SimShareDoneFn done, void *owner)
{
    g_return_val_if_fail(weight > 0, NULL);
    SimConsumer *c = g_new0(SimConsumer, 1);
    c->weight = weight;
    c->cap_per_s = cap_per_s > 0 ? cap_per_s : INFINITY;
    c->efficiency = 1.0;
    c->res = c->res_one;
    c->cap_res = G_N_ELEMENTS(c->res_one);
    c->done = done;
    c->owner = owner;
    c->last_ns = sim_engine_now_ns(s->eng);
    c->slot = s->consumers->len;
    g_ptr_array_add(s->consumers, c);
    return c;
}

void sim_share_consumer_attach(SimShare *s, SimConsumer *c, SimResource *r)
{
    g_return_if_fail(!c->running);
    if (c->n_res == c->cap_res) {
        SimResource **res = g_new(SimResource *, 2 * c->cap_res);
        memcpy(res, c->res, c->n_res * sizeof *res);
        if (c->res != c->res_one)
            g_free(c->res);
        c->res = res;
        c->cap_res *= 2;
    }
    c->res[c->n_res++] = r;
    g_ptr_array_add(r->consumers, c);
}

void sim_share_consumer_detach_all(SimShare *s, SimConsumer *c)
{
    g_return_if_fail(!c->running);
    for (guint i = 0; i < c->n_res; i++) {
        SimResource *r = c->res[i];
        g_ptr_array_remove(r->consumers, c);
        mark_resource(s, r);
    }
    c->n_res = 0;
}

/* Brings remaining/consumed up to now at the current rate. */
static void settle(SimShare *s, SimConsumer *c)
{
    SimTimeNs now = sim_engine_now_ns(s->eng);
    if (c->running && c->rate_per_s > 0 && now > c->last_ns) {
        double dt_s = sim_s_from_ns(now - c->last_ns);
        c->consumed += c->rate_per_s * dt_s;
        c->progress += c->rate_per_s * c->efficiency * dt_s;
        if (isfinite(c->remaining))
            c->remaining = MAX(0.0, c->remaining - c->rate_per_s * c->efficiency * dt_s);
    }
    c->last_ns = now;
}

void sim_share_consumer_start(SimShare *s, SimConsumer *c, double work)
{
    g_return_if_fail(!c->running && work >= 0);
    g_return_if_fail(c->n_res > 0 || isfinite(c->cap_per_s));
    settle(s, c);
    c->remaining = work;
    c->running = TRUE;
    c->rate_per_s = 0;
    if (c->watch)
        c->watch(c, c->watch_user);
    mark_consumer(s, c);
}

/* Stopping gives the consumer's share back: its resources must be re-solved. */
void sim_share_consumer_stop(SimShare *s, SimConsumer *c)
{
    if (!c->running)
        return;
    settle(s, c);
    c->running = FALSE;
    c->rate_per_s = 0;
    if (c->watch)
        c->watch(c, c->watch_user);
    sim_engine_cancel(s->eng, c->done_event);
    c->done_event = 0;
    for (guint i = 0; i < c->n_res; i++)
        mark_resource(s, c->res[i]);
}

void sim_share_consumer_watch(SimConsumer *c, SimConsumerFn fn, void *user)
{
    c->watch = fn;
    c->watch_user = user;
}

void sim_share_consumer_free(SimShare *s, SimConsumer *c)
{
    if (!c)
        return;
    sim_share_consumer_stop(s, c);
    sim_share_consumer_detach_all(s, c);
    for (guint i = 0; c->listed > 0 && i < s->dirty->len; i++)   /* rare: freed while listed */
        if (g_ptr_array_index(s->dirty, i) == c) {
            g_ptr_array_index(s->dirty, i) = NULL;        /* the flush skips it */
            c->listed--;
        }
    /* O(1): the last consumer takes its place (the list only serves sim_share_free) */
    SimConsumer *last = g_ptr_array_index(s->consumers, s->consumers->len - 1);
    g_assert(g_ptr_array_index(s->consumers, c->slot) == c);
    g_ptr_array_index(s->consumers, c->slot) = last;
    last->slot = c->slot;
    g_ptr_array_set_size(s->consumers, s->consumers->len - 1);
    consumer_destroy(c);
}

void sim_share_consumer_set_weight(SimShare *s, SimConsumer *c, double weight)
{
    g_return_if_fail(weight > 0);
    settle(s, c);
    c->weight = weight;
    mark_consumer(s, c);
}

void sim_share_consumer_set_cap(SimShare *s, SimConsumer *c, double cap_per_s)
{
    settle(s, c);
    c->cap_per_s = cap_per_s > 0 ? cap_per_s : INFINITY;
    mark_consumer(s, c);
}

void sim_share_consumer_set_efficiency(SimShare *s, SimConsumer *c, double eff)
{
    /* above 1 only where the consumer does its work faster than the unit it is counted in
     * (a VM whose VMM emulates a slow instruction faster than native); at most 10 */
    g_return_if_fail(eff > 0 && eff <= 10.0);
    settle(s, c);
    c->efficiency = eff;
    mark_consumer(s, c);     /* the rate is unchanged, but the completion time moves */
}

gboolean sim_share_consumer_running(const SimConsumer *c) { return c->running; }
double sim_share_consumer_rate(const SimConsumer *c) { return c->running ? c->rate_per_s : 0; }
void *sim_share_consumer_owner(const SimConsumer *c) { return c->owner; }

double sim_share_consumer_remaining(SimShare *s, SimConsumer *c)
{
    settle(s, c);
    return c->remaining;
}

double sim_share_consumer_consumed(SimShare *s, SimConsumer *c)
{
    settle(s, c);
    return c->consumed;
}

double sim_share_consumer_progress(SimShare *s, SimConsumer *c)
{
    settle(s, c);
    return c->progress;
}

uint64_t sim_share_solves(const SimShare *s) { return s->solves; }

/* ---- solving ---------------------------------------------------------------------- */

/* Collects the component reachable from a seed (resources and running consumers). */
static void component_add_resource(SimShare *s, SimResource *r);

static void component_add_consumer(SimShare *s, SimConsumer *c)
{
    if (c->epoch == s->epoch)
        return;
    c->epoch = s->epoch;
    if (!c->running)
        return;
    g_ptr_array_add(s->comp_c, c);
    for (guint i = 0; i < c->n_res; i++)
        component_add_resource(s, c->res[i]);
}

static void component_add_resource(SimShare *s, SimResource *r)
{
    if (r->epoch == s->epoch)
        return;
    r->epoch = s->epoch;
    g_ptr_array_add(s->comp_r, r);
    for (guint i = 0; i < r->consumers->len; i++)     /* the misses overlap, not in turn */
        __builtin_prefetch(g_ptr_array_index(r->consumers, i));
    for (guint i = 0; i < r->consumers->len; i++)
        component_add_consumer(s, g_ptr_array_index(r->consumers, i));
}

/* The fill level at which the next consumer freezes: the smallest of every resource's
 * left/Σweight and every unfrozen consumer's cap/weight. */
static double next_level(SimShare *s)
{
    double level = INFINITY;
    for (guint i = 0; i < s->comp_r->len; i++) {
        SimResource *r = g_ptr_array_index(s->comp_r, i);
        if (r->unfrozen > 0)
            level = MIN(level, r->left_per_s / r->weight_left);
    }
    for (guint i = 0; i < s->comp_c->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->comp_c, i);
        if (!c->frozen)
            level = MIN(level, c->cap_per_s / c->weight);
    }
    return level;
}

static void freeze(SimConsumer *c, double rate_per_s)
{
    c->frozen = TRUE;
    c->rate_per_s = rate_per_s;
    for (guint i = 0; i < c->n_res; i++) {
        SimResource *r = c->res[i];
        r->left_per_s = MAX(0.0, r->left_per_s - rate_per_s);
        r->weight_left -= c->weight;
        r->unfrozen--;
    }
}

/* A consumer freezes at `level` if it reached its cap or crosses a saturated resource. */
static gboolean freezes_at(const SimConsumer *c, double level)
{
    const double tol = 1e-12;
    if (c->cap_per_s / c->weight <= level * (1 + tol))
        return TRUE;
    for (guint i = 0; i < c->n_res; i++) {
        const SimResource *r = c->res[i];
        if (r->left_per_s / r->weight_left <= level * (1 + tol))
            return TRUE;
    }
    return FALSE;
}

static void progressive_fill(SimShare *s)
{
    guint unfrozen = s->comp_c->len;
    GPtrArray *now_frozen = s->now_frozen;
    while (unfrozen > 0) {
        double level = next_level(s);
        g_assert(isfinite(level));          /* an uncapped consumer crosses no resource */
        g_ptr_array_set_size(now_frozen, 0);
        for (guint i = 0; i < s->comp_c->len; i++) {
            SimConsumer *c = g_ptr_array_index(s->comp_c, i);
            if (!c->frozen && freezes_at(c, level))
                g_ptr_array_add(now_frozen, c);
        }
        g_assert(now_frozen->len > 0);
        for (guint i = 0; i < now_frozen->len; i++) {
            SimConsumer *c = g_ptr_array_index(now_frozen, i);
            freeze(c, MIN(c->cap_per_s, c->weight * level));
        }
        unfrozen -= now_frozen->len;
    }
}

/* x goes before y: by cap / weight, ties by place in comp_c (by_ratio); or by place. */
static inline gboolean key_before(FillKey x, FillKey y, gboolean by_ratio)
{
    if (by_ratio && x.ratio != y.ratio)
        return x.ratio < y.ratio;
    return x.at < y.at;
}

static void insertion_sort(FillKey *k, guint n, gboolean by_ratio)
{
    for (guint i = 1; i < n; i++) {
        FillKey x = k[i];
        guint j = i;
        for (; j > 0 && key_before(x, k[j - 1], by_ratio); j--)
            k[j] = k[j - 1];
        k[j] = x;
    }
}

/* Sorts n keys (a total order: places are distinct): runs of 16 by insertion, merged
 * through tmp (room for n), with the comparison inline rather than a call per pair. */
static void fill_sort(FillKey *k, FillKey *tmp, guint n, gboolean by_ratio)
{
    const guint run = 16;
    for (guint i = 0; i < n; i += run)
        insertion_sort(k + i, MIN(run, n - i), by_ratio);
    for (guint w = run; w < n; w *= 2) {
        for (guint lo = 0; lo < n; lo += 2 * w) {
            guint mid = MIN(lo + w, n), hi = MIN(lo + 2 * w, n), x = lo, y = mid, o = lo;
            while (x < mid && y < hi)
                tmp[o++] = key_before(k[y], k[x], by_ratio) ? k[y++] : k[x++];
            while (x < mid)
                tmp[o++] = k[x++];
            while (y < hi)
                tmp[o++] = k[y++];
        }
        memcpy(k, tmp, n * sizeof *k);
    }
}

/* progressive_fill for a component of one resource whose consumers use only it (a host's
 * CPU and its VMs: the common case), step for step: the same levels, the same consumers
 * freezing at each, frozen in the same (comp_c) order, so the same doubles.  The smallest
 * cap / weight left comes from the consumers sorted once instead of a scan per level, so a
 * fill of n consumers takes n divisions, not about 3n per level. */
static void fill_one_resource(SimShare *s)
{
    const double tol = 1e-12;
    SimResource *r = g_ptr_array_index(s->comp_r, 0);
    guint n = s->comp_c->len, p = 0;
    g_array_set_size(s->order, 2 * n);
    FillKey *k = (FillKey *)(void *)s->order->data, *tmp = k + n;
    for (guint i = 0; i < n; i++) {
        const SimConsumer *c = g_ptr_array_index(s->comp_c, i);
        k[i] = (FillKey){ c->cap_per_s / c->weight, i };
    }
    fill_sort(k, tmp, n, TRUE);
    while (p < n) {
        double fair = r->left_per_s / r->weight_left, level = MIN(INFINITY, fair);
        level = MIN(level, k[p].ratio);
        g_assert(isfinite(level));
        if (fair <= level * (1 + tol)) {    /* saturated: every consumer left freezes */
            for (guint i = 0; i < n; i++) {
                SimConsumer *c = g_ptr_array_index(s->comp_c, i);
                if (!c->frozen)
                    freeze(c, MIN(c->cap_per_s, c->weight * level));
            }
            return;
        }
        guint q = p + 1;                    /* those at their cap: a prefix of the rest */
        while (q < n && k[q].ratio <= level * (1 + tol))
            q++;
        fill_sort(k + p, tmp, q - p, FALSE);
        for (; p < q; p++) {
            SimConsumer *c = g_ptr_array_index(s->comp_c, k[p].at);
            freeze(c, MIN(c->cap_per_s, c->weight * level));
        }
    }
}

/* One resource, and no consumer of the component uses another. */
static gboolean one_resource(const SimShare *s)
{
    if (s->comp_r->len != 1)
        return FALSE;
    for (guint i = 0; i < s->comp_c->len; i++)
        if (((const SimConsumer *)g_ptr_array_index(s->comp_c, i))->n_res != 1)
            return FALSE;
    return TRUE;
}

static void schedule_done(SimShare *s, SimConsumer *c)
{
    sim_engine_cancel(s->eng, c->done_event);
    c->done_event = 0;
    double speed = c->rate_per_s * c->efficiency;
    if (!isfinite(c->remaining) || speed <= 0)
        return;
    double delay_ns = ceil(c->remaining / speed * 1e9);
    if (delay_ns > (double)(INT64_MAX / 2))
        return;
    c->done_event = sim_engine_schedule(s->eng, (SimTimeNs)delay_ns, s->ev_done, c, &s);
}

static void solve_component(SimShare *s)
{
    for (guint i = 0; i < s->comp_c->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->comp_c, i);
        settle(s, c);
        c->frozen = FALSE;
        c->dirty = FALSE;
    }
    for (guint i = 0; i < s->comp_r->len; i++) {
        SimResource *r = g_ptr_array_index(s->comp_r, i);
        r->left_per_s = r->capacity_per_s;
        r->weight_left = 0;
        r->unfrozen = 0;
        r->dirty = FALSE;
    }
    for (guint i = 0; i < s->comp_c->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->comp_c, i);
        for (guint j = 0; j < c->n_res; j++) {
            SimResource *r = c->res[j];
            r->weight_left += c->weight;
            r->unfrozen++;
        }
    }
    if (s->comp_c->len > 1 && one_resource(s))
        fill_one_resource(s);
    else
        progressive_fill(s);
    for (guint i = 0; i < s->comp_c->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->comp_c, i);
        schedule_done(s, c);
        if (c->watch)
            c->watch(c, c->watch_user);
    }
    for (guint i = 0; i < s->comp_r->len; i++) {
        SimResource *r = g_ptr_array_index(s->comp_r, i);
        double used = 0;
        for (guint j = 0; j < r->consumers->len; j++)
            used += sim_share_consumer_rate(g_ptr_array_index(r->consumers, j));
        r->used_per_s = used;
        if (r->watch)
            r->watch(r, used, r->watch_user);
    }
    s->solves++;
}

static void solve_from(SimShare *s, SimConsumer *c, SimResource *r)
{
    s->epoch++;
    g_ptr_array_set_size(s->comp_c, 0);
    g_ptr_array_set_size(s->comp_r, 0);
    if (c)
        component_add_consumer(s, c);
    if (r)
        component_add_resource(s, r);
    solve_component(s);
}

/* Solves every component with a dirty element; a component is solved once even if it
 * holds several (solving clears the flags of everything in it). */
void sim_share_flush(SimShare *s)
{
    for (guint i = 0; i < s->dirty->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->dirty, i);
        if (c && c->dirty)
            solve_from(s, c, NULL);
        if (c)
            c->dirty = FALSE;
    }
    for (guint i = 0; i < s->dirty->len; i++) {
        SimConsumer *c = g_ptr_array_index(s->dirty, i);
        if (c)
            c->listed = 0;
    }
    for (guint i = 0; i < s->dirty_resources->len; i++) {
        SimResource *r = g_ptr_array_index(s->dirty_resources, i);
        if (r->dirty)
            solve_from(s, NULL, r);
    }
    g_ptr_array_set_size(s->dirty, 0);
    g_ptr_array_set_size(s->dirty_resources, 0);
    sim_engine_cancel(s->eng, s->solve_event);
    s->solve_event = 0;
}

static void share_on_solve(SimEngine *eng, void *target, const void *payload)
{
    SimShare *s = target;
    s->solve_event = 0;
    sim_share_flush(s);
}

static void share_on_done(SimEngine *eng, void *target, const void *payload)
{
    SimConsumer *c = target;
    SimShare *s = *(SimShare *const *)payload;
    c->done_event = 0;
    settle(s, c);
    c->remaining = 0;
    sim_share_consumer_stop(s, c);
    if (c->done)
        c->done(s, c, c->owner);
}
