/* sim/dc/concepts.c — rows that show the course's structural concepts of a finished run:
 * isolation.csv (per VM: guest OS, trusted base, drivers, failure domain, what it shares)
 * and frames.csv (per host: which domain owns which ranges of physical frames, static and
 * not necessarily contiguous, as Xen's physical memory is).  Reads only; decides nothing. */
#include "sim/dc/datacenter.h"
#include "sim/dc/dc-priv.h"

#include "sim/memory/partition.h"

static const ScnHost *vm_host_cfg(const SimDc *m, const SimVm *vm)
{
    if (vm->host)
        return vm->host->cfg;
    return vm->cfg->host ? scn_host_lookup(m->scn, vm->cfg->host) : NULL;
}

/* Containers share one kernel with every other container of the scenario on their host. */
static guint kernel_sharers(const SimDc *m, const SimVm *vm, const ScnHost *h)
{
    guint n = 0;
    if (!h || h->virt.profile->hv.kind != HV_KIND_CONTAINER)
        return 0;
    for (guint i = 0; i < m->vms->len; i++) {
        const SimVm *o = g_ptr_array_index(m->vms, i);
        n += o != vm && vm_host_cfg(m, o) == h;
    }
    return n;
}

GArray *sim_dc_isolation_rows(SimDc *dc)
{
    GArray *rows = g_array_sized_new(FALSE, FALSE, sizeof(SimDcIsolationRow), dc->vms->len);
    for (guint i = 0; i < dc->vms->len; i++) {
        const SimVm *vm = g_ptr_array_index(dc->vms, i);
        const ScnHost *h = vm_host_cfg(dc, vm);
        SimDcIsolationRow row = {
            .vm = vm->cfg->name, .host = h ? h->name : "",
            .hypervisor = h ? h->virt.profile->name : "", .profile = h ? &h->virt.profile->hv : NULL,
            .guest = &vm->cfg->guest, .kernel_sharers = kernel_sharers(dc, vm, h),
        };
        g_array_append_val(rows, row);
    }
    return rows;
}

static void host_frames(const SimHost *h, GArray *rows)
{
    for (int id = 0; id < mem_map_domain_slots(h->memory); id++) {
        if (!mem_map_domain_live(h->memory, id))
            continue;
        const char *name = mem_map_domain_name(h->memory, id);
        for (guint r = 0; r < mem_map_domain_n_ranges(h->memory, id); r++) {
            MemRange range = mem_map_domain_range(h->memory, id, r);
            SimDcFrameRow row = { h->cfg->name, name, range.first_page, range.n_pages };
            g_array_append_val(rows, row);
        }
    }
}

GArray *sim_dc_frame_rows(SimDc *dc)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcFrameRow));
    for (guint i = 0; i < dc->hosts->len; i++)
        host_frames(g_ptr_array_index(dc->hosts, i), rows);
    return rows;
}
