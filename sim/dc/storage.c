/* sim/dc/storage.c — VM images on the disks of a running host: which disk holds a VM's
 * image, whether a host has room for it, and the claim and release as the VM arrives,
 * leaves or moves.  The model (capacity, slices, the pool) is sim/io/storage.h. */
#include "sim/dc/dc-priv.h"

#include <string.h>

#include "sim/io/storage.h"

/* The host disk that would take v's image now: its named device, else the first with room;
 * -1 if none. */
static int pick_disk(const SimHost *h, const ScnVm *v)
{
    for (guint i = 0; i < h->cfg->devices->len; i++) {
        const ScnDevice *dev = g_ptr_array_index(h->cfg->devices, i);
        if (v->disk_device && strcmp(v->disk_device, dev->name) != 0)
            continue;
        if (io_storage_fits(&dev->spec, &h->disk_use[i], v->disk_bytes))
            return (int)i;
    }
    return -1;
}

gboolean sim_storage_fits(const SimHost *h, const ScnVm *v)
{
    return v->disk_bytes == 0 || pick_disk(h, v) >= 0;
}

int sim_storage_claim(SimHost *h, const SimVm *vm)
{
    if (vm->cfg->disk_bytes == 0)
        return -1;
    int i = pick_disk(h, vm->cfg);
    if (i < 0)
        g_error("disks of %s out of step with placement: no room for %s", h->cfg->name,
                vm->cfg->name);
    const ScnDevice *dev = g_ptr_array_index(h->cfg->devices, (guint)i);
    io_storage_claim(&dev->spec, &h->disk_use[i], vm->cfg->disk_bytes, +1);
    return i;
}

void sim_storage_release(SimHost *h, const SimVm *vm, int *disk)
{
    if (*disk >= 0) {
        const ScnDevice *dev = g_ptr_array_index(h->cfg->devices, (guint)*disk);
        io_storage_claim(&dev->spec, &h->disk_use[*disk], vm->cfg->disk_bytes, -1);
    }
    *disk = -1;
}
