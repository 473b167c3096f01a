/* sim/scenario/events.c — events: their key tables, the hooks that check what an action
 * names, and the resolved.yaml writer of an action (scenario.h declares them).
 *
 * An event is `at` (read through scn_event_keys) and exactly one action, whose body is read
 * through that action's table; the names it refers to (a VM or group, a host or group) are
 * checked against the hosts and VMs read before it. */
#include "sim/scenario/scenario.h"

#include <string.h>

#include "sim/hypervisor/trust.h"

/* An event while it is read: the event first, so the tables' offsets (into ScnEvent) hold
 * for the reading context too. */
typedef struct {
    ScnEvent  e;
    Scenario *s;
} EventRead;

static gboolean read_vm(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_to(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_strategy(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static gboolean read_host(void *obj, ScnDoc *d, ScnNode *v, GError **error);
static void write_action(ScnWriter *w, const ScnKey *k, const void *obj);

#define REQUIRED .required = TRUE, .def_doc = "— (required)"
#define VM_ROW(what, text) \
    { .key = "vm", .type = SCN_KEY_STRING, .offset = offsetof(ScnEvent, vm), .read = read_vm, \
      REQUIRED, .missing = what " needs 'vm' (a VM or group name)", .type_doc = "VM or group", \
      .doc = text }
#define HOST_ROW(what, text) \
    { .key = "host", .type = SCN_KEY_STRING, .offset = offsetof(ScnEvent, host), \
      .read = read_host, REQUIRED, .missing = what " needs 'host' (a host or group)", \
      .type_doc = "host or group", .doc = text }

/* The actions' bodies, each read in its table's order. */
static const ScnKey stop_keys[] = {
    VM_ROW("a 'stop' event", "stops this running VM for good; a group name stops all of its VMs"),
    { NULL },
};
static const ScnKey load_keys[] = {
    VM_ROW("a 'load' event", "the VM, or every VM of the group, whose demand changes"),
    { .key = "demand", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnEvent, demand_frac), REQUIRED,
      .missing = "a 'load' event needs 'demand' (e.g. 80%)", .doc = "0 .. 1: the new demand level" },
    { NULL },
};
static const ScnKey migrate_keys[] = {
    VM_ROW("a 'migrate' event", "live-migrates this running VM (or every VM of a group); a VM on "
           "a passthrough device cannot be named"),
    { .key = "to", .type = SCN_KEY_STRING, .offset = offsetof(ScnEvent, to), .read = read_to,
      REQUIRED, .missing = "a 'migrate' event needs 'to' (a host)", .type_doc = "host name",
      .doc = "the destination host" },
    { .key = "strategy", .type = SCN_KEY_STRING, .offset = offsetof(ScnEvent, strategy),
      .read = read_strategy, .names_fn = scn_strategy_names, .type_doc = "name",
      .def_doc = "[`migration.strategy`](#migration)", .doc = "the strategy of this migration" },
    { NULL },
};
static const ScnKey maintenance_keys[] = {
    HOST_ROW("a 'maintenance' event", "the host (or every host of a group, all at once) stops "
             "taking VMs, its VMs live-migrate to where placement puts them (trigger "
             "`maintenance`), it powers off once empty"),
    { .key = "duration", .type = SCN_KEY_DURATION, .offset = offsetof(ScnEvent, duration_ns),
      .def = "10 min", .doc = "it boots again after this down time" },
    { NULL },
};
static const ScnKey fail_keys[] = {
    HOST_ROW("a 'fail' event", "the host (or group) dies: its VMs are lost (`vms_lost`) and start "
             "again elsewhere after their boot time"),
    { .key = "component", .type = SCN_KEY_ENUM, .names = hv_failure_names,
      .offset = offsetof(ScnEvent, component), .def = "host",
      .doc = "what crashes: `host` (the machine), `hypervisor` (Type 1 or 2) or `host_os` "
             "(Type 2, containers) take every VM; `driver_domain` (Xen's dom0) stops the I/O "
             "of every guest through it (not passthrough) until `repair`, the guests keep "
             "running. `check` refuses a component the host's hypervisor does not have" },
    { .key = "repair", .type = SCN_KEY_DURATION, .offset = offsetof(ScnEvent, duration_ns),
      .def_doc = "never", .doc = "it boots again after this repair time" },
    { .key = "warning", .type = SCN_KEY_DURATION, .offset = offsetof(ScnEvent, warning_ns),
      .def = "0", .def_doc = "`0` (none)",
      .doc = "the failure is predicted this long before (at most `at`): its VMs evacuate then" },
    { NULL },
};

/* `at` and exactly one action, in ScnEventKind order after `at`. */
const ScnKey scn_event_keys[] = {
    { .key = "at", .type = SCN_KEY_DURATION, .offset = offsetof(ScnEvent, at_ns), REQUIRED,
      .missing = "an event needs 'at' (a time, e.g. 60 s)",
      .doc = "when; events at the same time run in file order" },
    { .key = "stop", .type = SCN_KEY_CUSTOM, .sub = stop_keys, .write = write_action,
      .doc = "stops a running VM (or a group) for good" },
    { .key = "load", .type = SCN_KEY_CUSTOM, .sub = load_keys, .write = write_action,
      .doc = "sets the demand level of a VM or group" },
    { .key = "end", .type = SCN_KEY_CUSTOM, .json = "\"type\": [\"object\", \"null\"]",
      .write = write_action, .type_doc = "`{}`", .doc = "ends the run (its value is not read)" },
    { .key = "migrate", .type = SCN_KEY_CUSTOM, .sub = migrate_keys, .write = write_action,
      .doc = "live-migrates a running VM (or every VM of a group)" },
    { .key = "maintenance", .type = SCN_KEY_CUSTOM, .sub = maintenance_keys,
      .write = write_action,
      .doc = "evacuates a host (or group), powers it off, boots it after `duration`" },
    { .key = "fail", .type = SCN_KEY_CUSTOM, .sub = fail_keys, .write = write_action,
      .doc = "the host (or group) dies; its VMs start again elsewhere" },
    { NULL },
};

/* ---- the names an action refers to -------------------------------------------------- */

static gboolean vm_or_group_exists(const Scenario *s, const char *name)
{
    return g_hash_table_contains(s->vm_names, name) || g_hash_table_contains(s->vm_groups, name);
}

static gboolean host_or_group_exists(const Scenario *s, const char *name)
{
    return g_hash_table_contains(s->host_groups, name) || scn_host_lookup(s, name) != NULL;
}

/* Reads a name into the row's field when exists(name); else "unknown WHAT". */
static gboolean read_ref(EventRead *r, char **field, ScnDoc *d, ScnNode *v, const char *what,
                         gboolean (*exists)(const Scenario *, const char *), GPtrArray *items,
                         GError **error)
{
    const char *name = NULL;
    if (!scn_get_string(d, v, &name, error))
        return FALSE;
    if (!exists(r->s, name))
        return scn_unknown_ref(error, d, v, what, items);
    g_free(*field);
    *field = g_strdup(name);
    return TRUE;
}

static gboolean host_exists(const Scenario *s, const char *name)
{
    return scn_host_lookup(s, name) != NULL;
}

static gboolean read_vm(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    EventRead *r = obj;
    return read_ref(r, &r->e.vm, d, v, "VM", vm_or_group_exists, r->s->vms, error);
}

static gboolean read_to(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    EventRead *r = obj;
    return read_ref(r, &r->e.to, d, v, "host", host_exists, r->s->hosts, error);
}

static gboolean read_host(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    EventRead *r = obj;
    return read_ref(r, &r->e.host, d, v, "host", host_or_group_exists, r->s->hosts, error);
}

static gboolean read_strategy(void *obj, ScnDoc *d, ScnNode *v, GError **error)
{
    ScnEvent *e = obj;
    const char *name = NULL;
    if (!scn_read_strategy(d, v, &name, error))
        return FALSE;
    g_free(e->strategy);
    e->strategy = g_strdup(name);
    return TRUE;
}

/* `ACTION: { ... }` for the event's own action, through the action's table. */
static void write_action(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const ScnEvent *e = obj;
    if (k != &scn_event_keys[e->kind + 1])
        return;
    scn_yaml_scalar(w, k->key);
    scn_yaml_map_begin(w, TRUE);
    if (k->sub)
        scn_schema_write_keys(w, k->sub, e);
    scn_yaml_map_end(w);
}

/* ---- reading ------------------------------------------------------------------------ */

/* The row of the event's one action; NULL with *error unless there is exactly one. */
static const ScnKey *the_action(EventRead *r, ScnDoc *d, ScnNode *n, GError **error)
{
    const ScnKey *action = NULL;
    int actions = 0;
    for (ScnEventKind k = 0; k < SCN_EVENT_KIND_COUNT; k++)
        if (scn_map_get(d, n, scn_event_keys[k + 1].key)) {
            r->e.kind = k;
            action = &scn_event_keys[k + 1];
            actions++;
        }
    if (actions == 1)
        return action;
    scn_fail(error, d, n, SCN_ERROR_MISSING, "an event needs exactly one action (expected stop, "
             "load, migrate, maintenance, fail or end)");
    return NULL;
}

/* A failing component must exist on every host the event names (a host or a group). */
static gboolean check_component(EventRead *r, ScnDoc *d, ScnNode *body, GError **error)
{
    ScnNode *cn = scn_map_get(d, body, "component");
    if (r->e.component == HV_FAIL_DRIVER_DOMAIN && r->e.warning_ns > 0)
        return scn_fail(error, d, scn_map_get(d, body, "warning"), SCN_ERROR_CONFLICT,
                        "a driver-domain crash takes no VM: nothing to evacuate (expected no "
                        "'warning', or component: host, host_os or hypervisor)");
    for (guint i = 0; cn && i < r->s->hosts->len; i++) {
        const ScnHost *h = g_ptr_array_index(r->s->hosts, i);
        GError *inner = NULL;
        if (strcmp(h->name, r->e.host) != 0 && strcmp(h->group, r->e.host) != 0)
            continue;
        if (!hv_failure_applies(&h->virt.profile->hv, r->e.component, &inner)) {
            scn_fail(error, d, cn, SCN_ERROR_CONFLICT, "host '%s': %s", h->name, inner->message);
            g_error_free(inner);
            return FALSE;
        }
    }
    return TRUE;
}

/* The action's body; then a failure's warning must fit before its time. */
static gboolean read_body(EventRead *r, const ScnKey *action, ScnDoc *d, ScnNode *body,
                          GError **error)
{
    g_autofree char *what = g_strdup_printf("a '%s' event", action->key);
    scn_schema_defaults(action->sub, &r->e);
    if (!scn_schema_read_keys(action->sub, what, r, d, body, error))
        return FALSE;
    if (r->e.kind == SCN_EVENT_FAIL && !check_component(r, d, body, error))
        return FALSE;
    if (r->e.warning_ns > r->e.at_ns)
        return scn_fail(error, d, scn_map_get(d, body, "warning"), SCN_ERROR_RANGE,
                        "a failure predicted %g s ahead cannot happen at %g s (expected a "
                        "warning no longer than 'at')", sim_s_from_ns(r->e.warning_ns),
                        sim_s_from_ns(r->e.at_ns));
    return TRUE;
}

gboolean scn_read_event(Scenario *s, ScnDoc *d, ScnNode *entry, GError **error)
{
    EventRead r = { .s = s };
    scn_schema_defaults(scn_event_keys, &r.e);
    if (!scn_schema_read_keys(scn_event_keys, "an event", &r, d, entry, error))
        return FALSE;
    const ScnKey *action = the_action(&r, d, entry, error);
    if (!action)
        return FALSE;
    if (action->sub && !read_body(&r, action, d, scn_map_get(d, entry, action->key), error)) {
        scn_schema_clear(action->sub, &r.e);
        return FALSE;
    }
    g_ptr_array_add(s->events, g_memdup2(&r.e, sizeof r.e));
    return TRUE;
}
