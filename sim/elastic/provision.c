/* sim/elastic/provision.c — approval, placement, image transfer, boot.  Model: provision.h. */
#include "sim/elastic/provision.h"

#include <string.h>

struct SchedProv {
    SimEngine      *eng;
    SimShare       *share;
    SchedProvConfig cfg;
    SchedProvHooks  hooks;
    void           *user;
    SimResource    *store;
    GPtrArray      *requests;      /* SchedProvRequest *, owned, submission order */
    GHashTable     *cache;         /* "host/image" -> 1; looked up only, never iterated */
    guint           in_flight, rejected;
    SimEventTypeId  ev_approved, ev_booted, ev_host_up;
    SimTally        total, approval, transfer, boot;
};

static const char *const kind_names[SCHED_UNIT_COUNT] = { "vm", "container" };

const char *sched_unit_kind_name(SchedUnitKind k)
{
    g_return_val_if_fail(k < SCHED_UNIT_COUNT, "?");
    return kind_names[k];
}

gboolean sched_unit_kind_from_name(const char *name, SchedUnitKind *out)
{
    for (int i = 0; i < SCHED_UNIT_COUNT; i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (SchedUnitKind)i;
            return TRUE;
        }
    return FALSE;
}

void sched_prov_config_init(SchedProvConfig *cfg)
{
    *cfg = (SchedProvConfig){ .approval_delay_ns = 0, .store_bytes_per_s = 1.25e8,
                              .cache_images = TRUE };
}

void sched_prov_template_from_profile(SchedProvTemplate *tpl, const HvProfile *p)
{
    *tpl = (SchedProvTemplate){
        .name = p->name, .image_bytes = p->image_bytes, .boot_ns = p->boot_ns,
        .kind = p->kind == HV_KIND_CONTAINER ? SCHED_UNIT_CONTAINER : SCHED_UNIT_VM,
    };
}

/* ---- cache ---- */

static char *cache_key(uint32_t host, const SchedProvTemplate *tpl)
{
    return g_strdup_printf("%u/%s", host, tpl->name ? tpl->name : "");
}

void sched_prov_set_cached(SchedProv *p, uint32_t host, const SchedProvTemplate *tpl)
{
    g_hash_table_add(p->cache, cache_key(host, tpl));
}

gboolean sched_prov_is_cached(const SchedProv *p, uint32_t host, const SchedProvTemplate *tpl)
{
    g_autofree char *k = cache_key(host, tpl);
    return g_hash_table_contains(p->cache, k);
}

/* ---- pipeline ---- */

static void prov_finish(SchedProv *p, SchedProvRequest *r, SchedProvState state)
{
    r->state = state;
    g_assert(p->in_flight > 0);
    p->in_flight--;
    if (state == SCHED_PROV_REJECTED)
        p->rejected++;
    if (p->hooks.done)
        p->hooks.done(p->user, r);
}

static void prov_on_booted(SimEngine *eng, void *target, const void *payload)
{
    SchedProvRequest *r = target;
    SchedProv *p = r->prov;
    r->ev = 0;
    r->ready_ns = sim_engine_now_ns(eng);
    sim_tally_add(&p->total, (double)(r->ready_ns - r->submit_ns));
    sim_tally_add(&p->boot, (double)(r->ready_ns - r->transferred_ns));
    prov_finish(p, r, SCHED_PROV_READY);
}

static void prov_boot(SchedProv *p, SchedProvRequest *r)
{
    r->transferred_ns = sim_engine_now_ns(p->eng);
    sim_tally_add(&p->transfer, (double)(r->transferred_ns - r->host_up_ns));
    if (p->cfg.cache_images)
        sched_prov_set_cached(p, r->host, r->tpl);
    r->state = SCHED_PROV_BOOT;
    r->ev = sim_engine_schedule(p->eng, r->tpl->boot_ns, p->ev_booted, r, NULL);
}

static void prov_on_transferred(SimShare *share, SimConsumer *c, void *owner)
{
    SchedProvRequest *r = owner;
    sim_share_consumer_free(share, c);
    r->xfer = NULL;
    prov_boot(r->prov, r);
}

static void prov_transfer(SchedProv *p, SchedProvRequest *r)
{
    r->state = SCHED_PROV_TRANSFER;
    r->cached = sched_prov_is_cached(p, r->host, r->tpl);
    if (r->cached || r->tpl->image_bytes == 0) {
        prov_boot(p, r);
        return;
    }
    r->xfer = sim_share_consumer_new(p->share, 1.0, 0, prov_on_transferred, r);
    sim_share_consumer_attach(p->share, r->xfer, p->store);
    sim_share_consumer_start(p->share, r->xfer, (double)r->tpl->image_bytes);
}

static void prov_on_host_up(SimEngine *eng, void *target, const void *payload)
{
    SchedProvRequest *r = target;
    r->ev = 0;
    r->host_up_ns = sim_engine_now_ns(eng);
    prov_transfer(r->prov, r);
}

static void prov_place(SchedProv *p, SchedProvRequest *r)
{
    r->placed_ns = sim_engine_now_ns(p->eng);
    sim_tally_add(&p->approval, (double)(r->placed_ns - r->submit_ns));
    if (!p->hooks.place(p->user, r->tpl, &r->host)) {
        prov_finish(p, r, SCHED_PROV_REJECTED);
        return;
    }
    SimTimeNs up = p->hooks.host_ready_ns ? p->hooks.host_ready_ns(p->user, r->host) : 0;
    if (up > r->placed_ns) {
        r->state = SCHED_PROV_NODE;
        r->ev = sim_engine_schedule_at(p->eng, up, p->ev_host_up, r, NULL);
        return;
    }
    r->host_up_ns = r->placed_ns;
    prov_transfer(p, r);
}

static void prov_on_approved(SimEngine *eng, void *target, const void *payload)
{
    SchedProvRequest *r = target;
    r->ev = 0;
    prov_place(r->prov, r);
}

SchedProvRequest *sched_prov_submit(SchedProv *p, const SchedProvTemplate *tpl, void *tag)
{
    SchedProvRequest *r = g_new0(SchedProvRequest, 1);
    *r = (SchedProvRequest){
        .id = p->requests->len + 1, .tpl = tpl, .tag = tag, .state = SCHED_PROV_APPROVAL,
        .submit_ns = sim_engine_now_ns(p->eng), .placed_ns = SIM_TIME_NEVER,
        .transferred_ns = SIM_TIME_NEVER, .ready_ns = SIM_TIME_NEVER,
        .host_up_ns = SIM_TIME_NEVER, .prov = p,
    };
    g_ptr_array_add(p->requests, r);
    p->in_flight++;
    if (p->cfg.approval_delay_ns > 0)
        r->ev = sim_engine_schedule(p->eng, p->cfg.approval_delay_ns, p->ev_approved, r, NULL);
    else
        prov_place(p, r);
    return r;
}

/* ---- lifetime ---- */

SchedProv *sched_prov_new(SimEngine *eng, SimShare *share, const SchedProvConfig *cfg,
                          const SchedProvHooks *hooks, void *user)
{
    g_return_val_if_fail(cfg->store_bytes_per_s > 0 && cfg->approval_delay_ns >= 0, NULL);
    g_return_val_if_fail(hooks && hooks->place, NULL);
    static const SimEventType approved = { .name = "prov.approved",
                                           .handle = prov_on_approved };
    static const SimEventType booted = { .name = "prov.booted", .handle = prov_on_booted };
    static const SimEventType host_up = { .name = "prov.host_up", .handle = prov_on_host_up };
    SchedProv *p = g_new0(SchedProv, 1);
    p->eng = eng;
    p->share = share;
    p->cfg = *cfg;
    p->hooks = *hooks;
    p->user = user;
    p->store = sim_share_resource_new(share, "image-store", cfg->store_bytes_per_s);
    p->requests = g_ptr_array_new();
    p->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->ev_approved = sim_engine_register(eng, &approved);
    p->ev_booted = sim_engine_register(eng, &booted);
    p->ev_host_up = sim_engine_register(eng, &host_up);
    sim_tally_init(&p->total);
    sim_tally_init(&p->approval);
    sim_tally_init(&p->transfer);
    sim_tally_init(&p->boot);
    return p;
}

void sched_prov_free(SchedProv *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->requests->len; i++) {
        SchedProvRequest *r = g_ptr_array_index(p->requests, i);
        if (r->ev)
            sim_engine_cancel(p->eng, r->ev);
        if (r->xfer)
            sim_share_consumer_free(p->share, r->xfer);
        g_free(r);
    }
    g_ptr_array_free(p->requests, TRUE);
    g_hash_table_destroy(p->cache);
    sim_tally_clear(&p->total);
    sim_tally_clear(&p->approval);
    sim_tally_clear(&p->transfer);
    sim_tally_clear(&p->boot);
    g_free(p);
}

SimTimeNs sched_prov_nominal_ns(const SchedProv *p, const SchedProvTemplate *tpl)
{
    double xfer_s = (double)tpl->image_bytes / p->cfg.store_bytes_per_s;
    return p->cfg.approval_delay_ns + (SimTimeNs)(xfer_s * (double)SIM_NS_PER_S) + tpl->boot_ns;
}

guint sched_prov_in_flight(const SchedProv *p) { return p->in_flight; }
guint sched_prov_rejected(const SchedProv *p) { return p->rejected; }
guint sched_prov_requests(const SchedProv *p) { return p->requests->len; }
SimResource *sched_prov_store(const SchedProv *p) { return p->store; }
SimTally *sched_prov_time_to_ready(SchedProv *p) { return &p->total; }
SimTally *sched_prov_approval_time(SchedProv *p) { return &p->approval; }
SimTally *sched_prov_transfer_time(SchedProv *p) { return &p->transfer; }
SimTally *sched_prov_boot_time(SchedProv *p) { return &p->boot; }

SchedProvRequest *sched_prov_request(const SchedProv *p, guint i)
{
    g_assert(i < p->requests->len);
    return g_ptr_array_index(p->requests, i);
}
