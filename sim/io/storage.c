/* sim/io/storage.c — disk capacity and the images on it; see storage.h. */
#include "sim/io/storage.h"

uint64_t io_storage_slice_bytes(const IoDeviceSpec *spec)
{
    if (spec->klass == IO_CLASS_PARTITIONED && spec->partitions > 1)
        return spec->capacity_bytes / spec->partitions;
    return spec->capacity_bytes;
}

uint64_t io_storage_charge_bytes(const IoDeviceSpec *spec, uint64_t image_bytes)
{
    return spec->klass == IO_CLASS_PARTITIONED ? io_storage_slice_bytes(spec) : image_bytes;
}

gboolean io_storage_can_hold(const IoDeviceSpec *spec, uint64_t image_bytes)
{
    return spec->kind == IO_KIND_DISK && spec->capacity_bytes > 0 &&
           image_bytes <= io_storage_slice_bytes(spec);
}

gboolean io_storage_fits(const IoDeviceSpec *spec, const IoStorageUse *use,
                         uint64_t image_bytes)
{
    if (!io_storage_can_hold(spec, image_bytes))
        return FALSE;
    return use->used_bytes + io_storage_charge_bytes(spec, image_bytes) <= spec->capacity_bytes;
}

void io_storage_claim(const IoDeviceSpec *spec, IoStorageUse *use, uint64_t image_bytes,
                      int sign)
{
    uint64_t charge = io_storage_charge_bytes(spec, image_bytes);
    if (sign > 0) {
        g_assert(io_storage_fits(spec, use, image_bytes));
        use->used_bytes += charge;
        use->image_bytes += image_bytes;
        use->images++;
        use->peak_bytes = MAX(use->peak_bytes, use->used_bytes);
    } else {
        g_assert(use->used_bytes >= charge && use->image_bytes >= image_bytes && use->images);
        use->used_bytes -= charge;
        use->image_bytes -= image_bytes;
        use->images--;
    }
}
