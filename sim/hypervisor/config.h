/* sim/hypervisor/config.h — the virtualization part of the scenario: hypervisor and workload profiles,
 * and each host's hypervisor, paging mode, TLB and page walk.
 *
 * Profiles are a built-in (sim/hypervisor's table) copied and overridden key by key.  The
 * overrides are kept as (key, value) pairs in the order written, so resolved.yaml can write
 * each user profile back as its base plus its overrides.  Every error points at the value.
 */
#ifndef SIM_SCNVIRT_H
#define SIM_SCNVIRT_H

#include "sim/hypervisor/guest.h"
#include "sim/hypervisor/profile.h"
#include "sim/hypervisor/workload.h"
#include "sim/memory/paging.h"
#include "sim/yaml/schema.h"

typedef struct {
    char  *key;
    char  *text;             /* the value as resolved text: "900 cycles", "kvm", "true" */
} ScnOverride;

typedef struct {
    char       *name;
    char       *base;        /* NULL for a built-in */
    HvProfile   hv;
    GPtrArray  *overrides;   /* ScnOverride *, NULL for a built-in */
} ScnHypervisor;

/* Workload keys beyond sim/hypervisor's rates: how sim/memory derives TLB misses. */
typedef struct {
    HvWorkload  hv;
    MemVmMemory mem;         /* access pattern, guest page size; rates synced from hv */
    gboolean    derive_tlb;  /* mem_accesses given: derive TLB misses from the pattern */
    GPtrArray  *overrides;   /* ScnOverride *, as written (NULL for a built-in) */
} ScnWorkloadVirt;

typedef struct {
    char         *hypervisor;    /* profile name */
    ScnHypervisor *profile;      /* borrowed from the scenario's list */
    MemHostMmu    mmu;
} ScnHostVirt;

void      scn_override_free(gpointer p);
void      scn_hypervisor_free(gpointer p);
/* The built-ins, in sim/hypervisor's table order. */
GPtrArray *scn_hypervisors_builtin(void);
ScnHypervisor *scn_hypervisor_find(GPtrArray *list, const char *name);

/* The key tables of a hypervisor profile and a workload profile (schema.h): every key
 * a profile may set, for did-you-mean, the JSON Schema and docs/scenario.md. */
extern const ScnKey scn_hv_profile_keys[], scn_workload_profile_keys[];

/* profiles.hypervisors: { NAME: { base: kvm, vm_exit: 900 cycles, ... } }; keys are applied
 * in the order written (and kept so for resolved.yaml). */
gboolean  scn_read_hypervisors(GPtrArray *list, ScnDoc *d, ScnNode *map, GError **error);
/* One key of a workload profile that is not base/work/demand; FALSE with *error if
 * scn_workload_profile_keys has no such key (with a did-you-mean over it). */
gboolean  scn_read_workload_key(ScnWorkloadVirt *w, ScnDoc *d, ScnNode *key, ScnNode *value,
                                 GError **error);
void      scn_workload_virt_init(ScnWorkloadVirt *w, const HvWorkload *base);
void      scn_workload_virt_copy(ScnWorkloadVirt *dst, const ScnWorkloadVirt *src);
void      scn_workload_virt_clear(ScnWorkloadVirt *w);
/* Finishes a workload after its keys: syncs sim/memory's view with the rates. */
void      scn_workload_virt_finish(ScnWorkloadVirt *w);

/* The key tables of a host's `tlb:` and `page_walk:` (schema.h). */
extern const ScnKey scn_tlb_keys[], scn_page_walk_keys[];
/* `key: { ... }` with every key of keys (scn_tlb_keys, scn_page_walk_keys), for resolved.yaml. */
void scn_write_host_virt_map(ScnWriter *w, const char *key, const ScnKey *keys,
                             const ScnHostVirt *hv);
/* A host's virtualization is read key by key, in the host table's order: init gives the
 * defaults (hv->hypervisor already names a profile of hypervisors: the paging mode the
 * profile hints at, that mode's MMU); `hypervisor:` and `paging:` reset the MMU to their
 * defaults, so `tlb:` and `page_walk:` (read with their tables) and `large_pages:` come on
 * top; check validates the whole (errors at the host's keys). */
void      scn_host_virt_init(ScnHostVirt *hv, GPtrArray *hypervisors);
gboolean  scn_host_virt_read_hypervisor(ScnHostVirt *hv, GPtrArray *hypervisors, ScnDoc *d,
                                        ScnNode *value, GError **error);
gboolean  scn_host_virt_read_paging(ScnHostVirt *hv, ScnDoc *d, ScnNode *value, GError **error);
gboolean  scn_host_virt_check(const ScnHostVirt *hv, ScnDoc *d, ScnNode *host, GError **error);
void      scn_host_virt_copy(ScnHostVirt *dst, const ScnHostVirt *src);
void      scn_host_virt_clear(ScnHostVirt *hv);

/* A VM's `guest:` ({ kernel, modified, version }; guest.h), its key table, and its writer for
 * resolved.yaml.  Absent keys take hv_guest_init()'s defaults; `modified` defaults to whether
 * the kernel's source is open. */
extern const ScnKey scn_guest_keys[];
gboolean  scn_read_guest(HvGuest *g, ScnDoc *d, ScnNode *n, GError **error);
void      scn_write_guest(ScnWriter *w, const char *key, const HvGuest *g);

#endif
