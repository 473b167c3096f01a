/* sim/hypervisor/config.c — hypervisor and workload profiles, host paging; see scnvirt.h. */
#include "sim/hypervisor/config.h"

#include <math.h>
#include <string.h>

#include "sim/hypervisor/isa.h"

static const char *const hv_name_keys[] = { "kind", "technique", "paging", "isa", "isolation",
                                            NULL };
static const char *const mem_workload_keys[] = { "access", "zipf_s", "stride", "mem_accesses",
                                                 "page_size", NULL };

void scn_override_free(gpointer p)
{
    ScnOverride *o = p;
    g_free(o->key);
    g_free(o->text);
    g_free(o);
}

static void add_override(GPtrArray **list, const char *key, char *text)
{
    if (!*list)
        *list = g_ptr_array_new_with_free_func(scn_override_free);
    ScnOverride *o = g_new(ScnOverride, 1);
    o->key = g_strdup(key);
    o->text = text;
    g_ptr_array_add(*list, o);
}

void scn_hypervisor_free(gpointer p)
{
    ScnHypervisor *h = p;
    g_free(h->name);
    g_free(h->base);
    if (h->overrides)
        g_ptr_array_free(h->overrides, TRUE);
    g_free(h);
}

GPtrArray *scn_hypervisors_builtin(void)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(scn_hypervisor_free);
    size_t n = 0;
    const HvProfile *b = hv_profile_builtins(&n);
    for (size_t i = 0; i < n; i++) {
        ScnHypervisor *h = g_new0(ScnHypervisor, 1);
        h->name = g_strdup(b[i].name);
        h->hv = b[i];
        g_ptr_array_add(list, h);
    }
    return list;
}

ScnHypervisor *scn_hypervisor_find(GPtrArray *list, const char *name)
{
    for (guint i = 0; i < list->len; i++) {
        ScnHypervisor *h = g_ptr_array_index(list, i);
        if (strcmp(h->name, name) == 0)
            return h;
    }
    return NULL;
}

/* ---- values in sim/hypervisor's units --------------------------------------------- */

static ScnUnitKind unit_kind(const char *unit)
{
    if (strcmp(unit, "per_s") == 0 || strcmp(unit, "pages_per_s") == 0)
        return SCN_UNIT_EVENT_RATE;
    if (strcmp(unit, "bytes_per_s") == 0)
        return SCN_UNIT_DATA_RATE;
    if (strcmp(unit, "frac") == 0)
        return SCN_UNIT_FRAC;
    if (strcmp(unit, "bytes") == 0)
        return SCN_UNIT_SIZE;
    if (strcmp(unit, "cycles") == 0)
        return SCN_UNIT_CYCLES;
    if (strcmp(unit, "ns") == 0)
        return SCN_UNIT_DURATION;
    return SCN_UNIT_RATIO;                 /* count, cores */
}

/* Reads value in `unit`; *text gets its resolved form for resolved.yaml. */
static gboolean read_unit_value(ScnDoc *d, ScnNode *v, const char *unit, double *out,
                                char **text, GError **error)
{
    if (strcmp(unit, "bool") == 0) {
        gboolean b;
        if (!scn_get_bool(d, v, &b, error))
            return FALSE;
        *out = b;
        *text = g_strdup(b ? "true" : "false");
        return TRUE;
    }
    ScnUnitKind kind = unit_kind(unit);
    if (!scn_get_quantity(d, v, kind, 0, INFINITY, out, error))
        return FALSE;
    *text = scn_unit_format_exact(*out, kind);
    return TRUE;
}

/* A GError from a model module, re-raised at the value's position. */
static gboolean refail(GError **error, ScnDoc *d, ScnNode *n, GError *inner)
{
    scn_fail(error, d, n, SCN_ERROR_RANGE, "%s", inner->message);
    g_error_free(inner);
    return FALSE;
}

static gboolean unknown_key(GError **error, ScnDoc *d, ScnNode *key, const char *what,
                            const char *const *a, const char *const *b)
{
    GPtrArray *all = g_ptr_array_new();
    for (; a && *a; a++)
        g_ptr_array_add(all, (gpointer)*a);
    for (; b && *b; b++)
        g_ptr_array_add(all, (gpointer)*b);
    g_ptr_array_add(all, NULL);
    const char *near = scn_did_you_mean(scn_scalar(key), (const char *const *)all->pdata);
    g_ptr_array_free(all, TRUE);
    if (near)
        return scn_fail(error, d, key, SCN_ERROR_UNKNOWN, "unknown key '%s' in %s (did you mean '%s'?)",
                        scn_scalar(key), what, near);
    return scn_fail(error, d, key, SCN_ERROR_UNKNOWN, "unknown key '%s' in %s (see docs/scenario.md)",
                    scn_scalar(key), what);
}

/* ---- hypervisor profiles ---------------------------------------------------------- */

static gboolean read_hv_key(ScnHypervisor *h, ScnDoc *d, ScnNode *key, ScnNode *v,
                            GError **error)
{
    const char *k = scn_scalar(key);
    GError *inner = NULL;
    if (g_strv_contains(hv_name_keys, k)) {
        const char *s = NULL;
        if (!scn_get_string(d, v, &s, error))
            return FALSE;
        if (!hv_profile_set_name(&h->hv, k, g_intern_string(s), &inner))
            return refail(error, d, v, inner);
        add_override(&h->overrides, k, g_strdup(s));
        return TRUE;
    }
    const char *unit = hv_profile_key_unit(k);
    if (!unit)
        return unknown_key(error, d, key, "a hypervisor profile", hv_name_keys, hv_profile_keys());
    double value;
    char *text = NULL;
    if (!read_unit_value(d, v, unit, &value, &text, error))
        return FALSE;
    if (!hv_profile_set(&h->hv, k, value, &inner)) {
        g_free(text);
        return refail(error, d, v, inner);
    }
    add_override(&h->overrides, k, text);
    return TRUE;
}

/* Whole-profile checks: consistency, and Popek-Goldberg for the technique on its ISA. */
static gboolean check_hv(ScnHypervisor *h, ScnDoc *d, ScnNode *at, GError **error)
{
    GError *inner = NULL;
    if (!hv_profile_validate(&h->hv, &inner))
        return refail(error, d, at, inner);
    const HvIsa *isa = hv_isa_lookup(h->hv.isa);
    if (!isa)
        return scn_fail(error, d, at, SCN_ERROR_UNKNOWN,
                        "hypervisor '%s' names unknown ISA '%s' (expected x86-classic, x86-vt or "
                        "trap-and-emulate)", h->name, h->hv.isa);
    if (!hv_popek_goldberg_check(isa, h->hv.technique, &inner))
        return refail(error, d, at, inner);
    return TRUE;
}

static gboolean read_hypervisor(GPtrArray *list, ScnDoc *d, ScnNode *key, ScnNode *n,
                                GError **error)
{
    const char *name = scn_scalar(key);
    if (scn_hypervisor_find(list, name))
        return scn_fail(error, d, key, SCN_ERROR_CONFLICT,
                        "hypervisor profile '%s' is already defined (pick another name)", name);
    if (!scn_expect_map(d, n, "a hypervisor profile", error))
        return FALSE;
    ScnNode *base_node = scn_map_get(d, n, "base");
    const char *bname = NULL;
    if (!base_node)
        return scn_fail(error, d, n, SCN_ERROR_MISSING,
                        "hypervisor profile '%s' needs 'base' (a built-in such as kvm, or an "
                        "earlier profile)", name);
    if (!scn_get_string(d, base_node, &bname, error))
        return FALSE;
    ScnHypervisor *base = scn_hypervisor_find(list, bname);
    if (!base)
        return scn_fail(error, d, base_node, SCN_ERROR_UNKNOWN,
                        "unknown hypervisor '%s' (see `vdcsim list`)", bname);
    ScnHypervisor *h = g_new0(ScnHypervisor, 1);
    h->name = g_strdup(name);
    h->base = g_strdup(bname);
    h->hv = base->hv;
    h->hv.name = g_intern_string(name);
    g_ptr_array_add(list, h);
    for (size_t i = 0; i < scn_map_len(n); i++) {
        ScnNode *k = scn_map_key(d, n, i);
        if (g_strcmp0(scn_scalar(k), "base") != 0 &&
            !read_hv_key(h, d, k, scn_map_value(d, n, i), error))
            return FALSE;
    }
    return check_hv(h, d, n, error);
}

gboolean scn_read_hypervisors(GPtrArray *list, ScnDoc *d, ScnNode *map, GError **error)
{
    if (!scn_expect_map(d, map, "profiles.hypervisors", error))
        return FALSE;
    for (size_t i = 0; i < scn_map_len(map); i++)
        if (!read_hypervisor(list, d, scn_map_key(d, map, i), scn_map_value(d, map, i), error))
            return FALSE;
    return TRUE;
}

/* ---- workload profiles ------------------------------------------------------------ */

const char *const *scn_workload_virt_keys(void)
{
    static const char **keys;
    if (g_once_init_enter(&keys)) {
        GPtrArray *a = g_ptr_array_new();
        for (const char *const *k = hv_workload_keys(); *k; k++)
            g_ptr_array_add(a, (gpointer)*k);
        for (const char *const *k = mem_workload_keys; *k; k++)
            g_ptr_array_add(a, (gpointer)*k);
        g_ptr_array_add(a, NULL);
        g_once_init_leave(&keys, (const char **)g_ptr_array_free(a, FALSE));
    }
    return keys;
}

void scn_workload_virt_init(ScnWorkloadVirt *w, const HvWorkload *base)
{
    memset(w, 0, sizeof *w);
    w->hv = *base;
    mem_vm_memory_init_default(&w->mem);
}

void scn_workload_virt_copy(ScnWorkloadVirt *dst, const ScnWorkloadVirt *src)
{
    *dst = *src;
    dst->overrides = NULL;
}

void scn_workload_virt_clear(ScnWorkloadVirt *w)
{
    if (w->overrides)
        g_ptr_array_free(w->overrides, TRUE);
    w->overrides = NULL;
}

void scn_workload_virt_finish(ScnWorkloadVirt *w)
{
    w->mem.access.working_set_bytes = w->hv.working_set_bytes;
    w->mem.pt_updates_per_s = w->hv.pt_updates_per_s;
    w->mem.tlb_misses_per_s = w->derive_tlb ? -1.0 : w->hv.tlb_misses_per_s;
}

static gboolean read_mem_key(ScnWorkloadVirt *w, ScnDoc *d, const char *k, ScnNode *v,
                             GError **error)
{
    static const char *const access[] = { "uniform", "sequential", "zipf", NULL };
    static const char *const pages[] = { "4k", "2m", "1g", NULL };
    int e;
    double x;
    if (strcmp(k, "access") == 0) {
        if (!scn_get_enum(d, v, access, "access pattern", &e, error))
            return FALSE;
        w->mem.access.access = (MemAccessPattern)e;
        add_override(&w->overrides, k, g_strdup(access[e]));
    } else if (strcmp(k, "page_size") == 0) {
        if (!scn_get_enum(d, v, pages, "page size", &e, error))
            return FALSE;
        w->mem.guest_page = (MemPageSize)e;
        add_override(&w->overrides, k, g_strdup(pages[e]));
    } else if (strcmp(k, "zipf_s") == 0) {
        if (!scn_get_quantity(d, v, SCN_UNIT_RATIO, 0.01, 10, &x, error))
            return FALSE;
        w->mem.access.zipf_s = x;
        add_override(&w->overrides, k, scn_unit_format_exact(x, SCN_UNIT_RATIO));
    } else if (strcmp(k, "stride") == 0) {
        uint64_t b;
        if (!scn_get_size_bytes(d, v, &b, error))
            return FALSE;
        w->mem.access.stride_bytes = (uint32_t)MAX(1, MIN(b, UINT32_MAX));
        add_override(&w->overrides, k, scn_unit_format_exact((double)b, SCN_UNIT_SIZE));
    } else {
        if (!scn_get_quantity(d, v, SCN_UNIT_EVENT_RATE, 0, 1e13, &x, error))
            return FALSE;
        w->mem.access.accesses_per_s = x;
        w->derive_tlb = TRUE;
        add_override(&w->overrides, k, scn_unit_format_exact(x, SCN_UNIT_EVENT_RATE));
    }
    return TRUE;
}

gboolean scn_read_workload_key(ScnWorkloadVirt *w, ScnDoc *d, ScnNode *key, ScnNode *v,
                               GError **error)
{
    const char *k = scn_scalar(key);
    if (g_strv_contains(mem_workload_keys, k))
        return read_mem_key(w, d, k, v, error);
    const char *unit = hv_workload_key_unit(k);
    if (!unit) {
        static const char *const own[] = { "base", "work", "demand", NULL };
        return unknown_key(error, d, key, "a workload profile", own, scn_workload_virt_keys());
    }
    double value;
    char *text = NULL;
    GError *inner = NULL;
    if (!read_unit_value(d, v, unit, &value, &text, error))
        return FALSE;
    if (!hv_workload_set(&w->hv, k, value, &inner)) {
        g_free(text);
        return refail(error, d, v, inner);
    }
    add_override(&w->overrides, k, text);
    return TRUE;
}

/* ---- hosts ------------------------------------------------------------------------ */

const char *const scn_host_virt_keys[] = { "hypervisor", "paging", "tlb", "page_walk",
                                           "large_pages", NULL };

/* Read by read_tlb and read_walk below, on top of the paging mode's defaults (the `def`
 * texts document the usual ones); the entry counts are uint32_t read as INT (in range). */
const ScnKey scn_tlb_keys[] = {
    { .key = "entries", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_4K]),
      .def = "1536", .doc = "0 .. 16777216: 4 KiB-page entries" },
    { .key = "entries_2m", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_2M]),
      .def = "1536", .doc = "0 .. 16777216: 2 MiB-page entries" },
    { .key = "entries_1g", .type = SCN_KEY_INT, .lo = 0, .hi = 1 << 24,
      .offset = offsetof(ScnHostVirt, mmu.tlb.entries[MEM_PAGE_1G]),
      .def = "16", .doc = "0 .. 16777216: 1 GiB-page entries" },
    { .key = "tagged", .type = SCN_KEY_BOOL, .offset = offsetof(ScnHostVirt, mmu.tlb.tagged),
      .def_doc = "depends on the hypervisor (below)",
      .doc = "entries tagged by VPID/ASID survive a world switch" },
    { NULL },
};

/* levels are unsigned fields read as INT (4 or 5). */
const ScnKey scn_page_walk_keys[] = {
    { .key = "levels", .type = SCN_KEY_INT, .lo = 4, .hi = 5,
      .offset = offsetof(ScnHostVirt, mmu.walk.guest_levels),
      .def = "4", .doc = "4 or 5: guest page-table levels" },
    { .key = "nested_levels", .type = SCN_KEY_INT, .lo = 4, .hi = 5,
      .offset = offsetof(ScnHostVirt, mmu.walk.host_levels),
      .def = "4", .doc = "4 or 5: host (nested) page-table levels" },
    { .key = "pwc_hit", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnHostVirt, mmu.walk.pwc_hit_frac), .def = "95%",
      .doc = "page-walk-cache hit ratio for upper levels" },
    { .key = "ntlb_hit", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC, .lo = 0, .hi = 1,
      .offset = offsetof(ScnHostVirt, mmu.walk.ntlb_hit_frac), .def = "80%",
      .doc = "nested-TLB hit ratio (guest-physical → host-physical)" },
    { NULL },
};

static gboolean read_tlb(ScnHostVirt *hv, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read_keys(scn_tlb_keys, "tlb", hv, d, n, error);
}

static gboolean read_walk(ScnHostVirt *hv, ScnDoc *d, ScnNode *n, GError **error)
{
    return scn_schema_read_keys(scn_page_walk_keys, "page_walk", hv, d, n, error);
}

/* `tlb: { ... }` or `page_walk: { ... }` for resolved.yaml: every key of the table. */
void scn_write_host_virt_map(ScnWriter *w, const char *key, const ScnKey *keys,
                             const ScnHostVirt *hv)
{
    scn_yaml_scalar(w, key);
    scn_yaml_map_begin(w, TRUE);
    scn_schema_write_keys(w, keys, hv);
    scn_yaml_map_end(w);
}

static MemPagingMode default_paging(const HvProfile *p)
{
    static const MemPagingMode by_hint[HV_PAGING_COUNT] = {
        [HV_PAGING_NATIVE] = MEM_PAGING_NATIVE, [HV_PAGING_SHADOW] = MEM_PAGING_SHADOW,
        [HV_PAGING_DIRECT] = MEM_PAGING_DIRECT, [HV_PAGING_NESTED] = MEM_PAGING_NESTED,
    };
    return by_hint[p->paging];
}

static gboolean bare_metal(const HvProfile *p)
{
    return p->kind == HV_KIND_NATIVE || p->kind == HV_KIND_CONTAINER;
}

/* Tagged TLBs (VPID/ASID) came with hardware assist generation 2; without world switches
 * (native, containers) tagging does not matter. */
static gboolean default_tagged(const HvProfile *p)
{
    return bare_metal(p) || (p->technique == HV_TECH_HW && p->hw_gen >= 2);
}

static gboolean read_paging(ScnHostVirt *hv, ScnDoc *d, ScnNode *host, GError **error)
{
    const HvProfile *p = &hv->profile->hv;
    MemPagingMode mode = default_paging(p);
    ScnNode *n = scn_map_get(d, host, "paging");
    if (n) {
        const char *s = NULL;
        if (!scn_get_string(d, n, &s, error))
            return FALSE;
        if (!mem_paging_ops_lookup(s, &mode))
            return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown paging mode '%s' (expected %s)",
                            s, mem_paging_mode_names());
    }
    GError *inner = NULL;
    if (!mem_paging_check(mode, p->technique == HV_TECH_HW ? p->hw_gen : 0,
                          p->technique == HV_TECH_PV, bare_metal(p), &inner))
        return refail(error, d, n ? n : scn_map_get(d, host, "hypervisor"), inner);
    mem_host_mmu_init_default(&hv->mmu, mode);
    hv->mmu.tlb.tagged = default_tagged(p);
    return TRUE;
}

gboolean scn_read_host_virt(ScnHostVirt *hv, GPtrArray *hypervisors, ScnDoc *d, ScnNode *host,
                            GError **error)
{
    static const char *const pages[] = { "4k", "2m", "1g", NULL };
    ScnNode *hn = scn_map_get(d, host, "hypervisor");
    const char *name = "kvm";
    if (hn && !scn_get_string(d, hn, &name, error))
        return FALSE;
    hv->profile = scn_hypervisor_find(hypervisors, name);
    if (!hv->profile) {
        g_autofree const char **names = g_new0(const char *, hypervisors->len + 1);
        for (guint i = 0; i < hypervisors->len; i++)
            names[i] = ((ScnHypervisor *)g_ptr_array_index(hypervisors, i))->name;
        const char *near = scn_did_you_mean(name, names);
        if (near)
            return scn_fail(error, d, hn, SCN_ERROR_UNKNOWN,
                            "unknown hypervisor '%s' (did you mean '%s'?)", name, near);
        return scn_fail(error, d, hn, SCN_ERROR_UNKNOWN,
                        "unknown hypervisor '%s' (see `vdcsim list`, or define it under "
                        "profiles.hypervisors)", name);
    }
    hv->hypervisor = g_strdup(name);
    if (!read_paging(hv, d, host, error))
        return FALSE;
    ScnNode *tlb = scn_map_get(d, host, "tlb"), *walk = scn_map_get(d, host, "page_walk");
    int page = hv->mmu.host_page;
    GError *inner = NULL;
    if ((tlb && !read_tlb(hv, d, tlb, error)) || (walk && !read_walk(hv, d, walk, error)) ||
        !scn_opt_enum(d, host, "large_pages", pages, &page, error))
        return FALSE;
    hv->mmu.host_page = (MemPageSize)page;
    if (!mem_host_mmu_check(&hv->mmu, &inner))
        return refail(error, d, tlb ? tlb : walk ? walk : host, inner);
    return TRUE;
}

void scn_host_virt_copy(ScnHostVirt *dst, const ScnHostVirt *src)
{
    *dst = *src;
    dst->hypervisor = g_strdup(src->hypervisor);
}

void scn_host_virt_clear(ScnHostVirt *hv)
{
    g_free(hv->hypervisor);
    hv->hypervisor = NULL;
}
