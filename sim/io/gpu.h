/* sim/io/gpu.h — GPUs with the device classes of sim/io: dedicated (whole-GPU passthrough),
 * partitioned (MIG: fixed slices with their own SMs, L2 and memory: isolated) and shared
 * (time-sliced vGPU: every tenant gets the whole GPU in turn, pays a context switch per
 * slice, and is not isolated).
 *
 * A VM runs a share g of its native time on the GPU.  With a GPU rate R (1 = one whole GPU)
 *     speed_frac = 1 / ((1 - g) + g / R)
 *     passthrough  R = 1                    (assumption: passthrough at native speed)
 *     mig          R = slices / slices_per_gpu
 *     vgpu         R = (1 / n) x slice / (slice + switch), n tenants on that GPU
 * Capacity: whole GPUs (passthrough), slices (MIG) and GPU memory (all three) are counted
 * per host; a VM that does not fit is not placed there.  Units in names.
 */
#ifndef IO_GPU_H
#define IO_GPU_H

#include <stdint.h>

typedef enum { IO_GPU_PASSTHROUGH, IO_GPU_MIG, IO_GPU_VGPU, IO_GPU_MODE_COUNT } IoGpuMode;
extern const char *const io_gpu_mode_names[];   /* NULL-terminated */

typedef struct {                  /* a host's `gpus:` keys */
    int      count;               /* 0: no GPUs */
    int      mode;                /* IoGpuMode */
    uint64_t memory_bytes;        /* per GPU */
    int      mig_slices;          /* compute slices per GPU (A100: 7) */
    double   vgpu_slice_ns;       /* time slice of a tenant, ns */
    double   vgpu_switch_ns;       /* context switch between tenants */
} IoGpuHost;

typedef struct {                  /* a VM's `gpu:` keys */
    double   work_frac;           /* g: share of its native time on the GPU; 0: no GPU */
    int      slices;              /* MIG slices it asks for */
    uint64_t memory_bytes;        /* GPU memory it needs */
} IoGpuVm;

typedef struct {                  /* a host's GPUs in use */
    int      whole_used;          /* passthrough GPUs taken */
    int      slices_used;         /* MIG slices taken */
    uint64_t memory_used_bytes;
    int      tenants;             /* vGPU tenants */
} IoGpuUse;

int    io_gpu_fits(const IoGpuHost *h, const IoGpuUse *u, const IoGpuVm *v);
void   io_gpu_claim(const IoGpuHost *h, IoGpuUse *u, const IoGpuVm *v, int sign);
/* R for one tenant given the use (vGPU: tenants share each GPU round-robin). */
double io_gpu_rate(const IoGpuHost *h, const IoGpuUse *u, const IoGpuVm *v);
double io_gpu_speed_frac(const IoGpuVm *v, double rate);

#endif
