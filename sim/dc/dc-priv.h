/* sim/dc/dc-priv.h — what sim/dc/datacenter.c and sim/dc/migrate.c share: a VM's and a host's room and
 * speed bookkeeping, and the migration glue.  Private to those two files; models and
 * outputs use sim/dc/datacenter.h. */
#ifndef SIM_MODEL_PRIV_H
#define SIM_MODEL_PRIV_H

#include "sim/dc/datacenter.h"

/* room and placement (model.c) */
gboolean    sim_host_fits(const SimModel *m, const SimHost *h, const ScnVm *v);
const char *sim_host_no_fit_reason(const SimModel *m, const SimHost *h, const ScnVm *v);
int         sim_host_memory_claim(SimHost *h, const SimVm *vm);    /* its frame domain */
void        sim_host_memory_release(SimHost *h, int *id);
int        *sim_host_cores_claim(SimHost *h, const SimVm *vm);     /* NULL unless pinned */
void        sim_host_cores_release(SimHost *h, int **cores, int vcpus);

/* speed (model.c) */
double      sim_vm_cap_cycles_per_s(const SimVm *vm);
void        sim_vm_settle_demand(SimVm *vm);
void        sim_vm_settle_overhead(SimVm *vm);
void        sim_vm_apply_cpu(SimModel *m, SimVm *vm);
void        sim_host_update_speeds(SimModel *m, SimHost *h);
void        sim_vm_quantum_join(SimHost *h, SimVm *vm);
void        sim_vm_quantum_leave(SimVm *vm);

/* live migration (vmmig.c) */
void        sim_vm_migrate(SimModel *m, SimVm *vm, SimHost *dst, const char *strategy,
                           const char *trigger);
void        sim_mig_abandon(SimModel *m, SimVm *vm, const char *why);
void        sim_mig_record_free(gpointer record);

#endif
