/* sim/io/gpu.c — GPU capacity and speed per device class; see gpu.h. */
#include "sim/io/gpu.h"

#include <math.h>
#include <stddef.h>

const char *const io_gpu_mode_names[] = { "passthrough", "mig", "vgpu", NULL };

static uint64_t mem_total(const IoGpuHost *h)
{
    return (uint64_t)h->count * h->memory_bytes;
}

int io_gpu_fits(const IoGpuHost *h, const IoGpuUse *u, const IoGpuVm *v)
{
    if (v->work_frac <= 0)
        return 1;
    if (h->count <= 0)
        return 0;
    switch (h->mode) {
    case IO_GPU_PASSTHROUGH: return u->whole_used < h->count && v->memory_bytes <= h->memory_bytes;
    case IO_GPU_MIG:
        return u->slices_used + v->slices <= h->count * h->mig_slices &&
               v->memory_bytes <= h->memory_bytes * (uint64_t)v->slices / (uint64_t)h->mig_slices + 1;
    default: return u->memory_used_bytes + v->memory_bytes <= mem_total(h);
    }
}

void io_gpu_claim(const IoGpuHost *h, IoGpuUse *u, const IoGpuVm *v, int sign)
{
    if (v->work_frac <= 0 || h->count <= 0)
        return;
    u->whole_used += sign * (h->mode == IO_GPU_PASSTHROUGH);
    u->slices_used += sign * (h->mode == IO_GPU_MIG ? v->slices : 0);
    u->memory_used_bytes += (uint64_t)(sign * (int64_t)v->memory_bytes);
    u->tenants += sign * (h->mode == IO_GPU_VGPU);
}

double io_gpu_rate(const IoGpuHost *h, const IoGpuUse *u, const IoGpuVm *v)
{
    switch (h->mode) {
    case IO_GPU_PASSTHROUGH: return 1.0;
    case IO_GPU_MIG:         return (double)v->slices / h->mig_slices;
    default: {
        double per_gpu = ceil((double)(u->tenants > 0 ? u->tenants : 1) / h->count);
        if (per_gpu <= 1)                   /* alone on its GPU: no switching */
            return 1.0;
        return (1.0 / per_gpu) * h->vgpu_slice_ns / (h->vgpu_slice_ns + h->vgpu_switch_ns);
    }
    }
}

double io_gpu_speed_frac(const IoGpuVm *v, double rate)
{
    if (v->work_frac <= 0 || rate <= 0)
        return 1.0;
    return 1.0 / ((1 - v->work_frac) + v->work_frac / rate);
}
