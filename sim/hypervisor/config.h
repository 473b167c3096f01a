/* sim/hypervisor/config.h — the virtualization part of the scenario: hypervisor and workload profiles,
 * and each host's hypervisor, paging mode, TLB and page walk.
 *
 * Profiles are a built-in (sim/hypervisor's table) copied and overridden key by key.  The
 * overrides are kept as (key, value) pairs in the order written, so resolved.yaml can write
 * each user profile back as its base plus its overrides.  Every error points at the value.
 */
#ifndef SIM_SCNVIRT_H
#define SIM_SCNVIRT_H

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

/* profiles.hypervisors: { NAME: { base: kvm, vm_exit: 900 cycles, ... } } */
gboolean  scn_read_hypervisors(GPtrArray *list, ScnDoc *d, ScnNode *map, GError **error);
/* One key of a workload profile that is not base/work/demand; FALSE with *error if unknown
 * (callers list the keys for did-you-mean via scn_workload_virt_keys()). */
gboolean  scn_read_workload_key(ScnWorkloadVirt *w, ScnDoc *d, ScnNode *key, ScnNode *value,
                                 GError **error);
const char *const *scn_workload_virt_keys(void);
void      scn_workload_virt_init(ScnWorkloadVirt *w, const HvWorkload *base);
void      scn_workload_virt_copy(ScnWorkloadVirt *dst, const ScnWorkloadVirt *src);
void      scn_workload_virt_clear(ScnWorkloadVirt *w);
/* Finishes a workload after its keys: syncs sim/memory's view with the rates. */
void      scn_workload_virt_finish(ScnWorkloadVirt *w);

/* The host keys this module reads. */
extern const char *const scn_host_virt_keys[];
/* The key tables of a host's `tlb:` and `page_walk:` (schema.h). */
extern const ScnKey scn_tlb_keys[], scn_page_walk_keys[];
/* `key: { ... }` with every key of keys (scn_tlb_keys, scn_page_walk_keys), for resolved.yaml. */
void scn_write_host_virt_map(ScnWriter *w, const char *key, const ScnKey *keys,
                             const ScnHostVirt *hv);
gboolean  scn_read_host_virt(ScnHostVirt *hv, GPtrArray *hypervisors, ScnDoc *d, ScnNode *host,
                             GError **error);
void      scn_host_virt_copy(ScnHostVirt *dst, const ScnHostVirt *src);
void      scn_host_virt_clear(ScnHostVirt *hv);

#endif
