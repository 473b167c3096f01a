/* sim/io/storage.h — what a disk holds: its capacity in bytes, and the VM images and
 * partitions that consume it.
 *
 * A disk device (kind: disk) with capacity C > 0 stores the virtual disks of VMs:
 *   partitioned (P slices)  each VM holding an image gets a whole slice of C / P bytes
 *                           (static partitioning: the slice is spent even when the image is
 *                           smaller, so P images fill the disk); an image above C / P fits
 *                           no slice;
 *   any other class         one pool: images consume their own size, and they fit while
 *                           their sum stays <= C.
 * A disk without capacity (C = 0) keeps no images (its capacity is not modelled).  A VM that
 * needs an image on a host whose disks are full is not placed there (placement and
 * migration refuse the host).  Units: bytes.
 */
#ifndef IO_STORAGE_H
#define IO_STORAGE_H

#include <glib.h>
#include <stdint.h>

#include "sim/io/device.h"

typedef struct {                  /* one disk's contents now */
    uint64_t used_bytes;          /* images (shared pool) or whole slices (partitioned) */
    uint64_t peak_bytes;          /* the largest used_bytes so far */
    uint64_t image_bytes;         /* the images' own sizes (below used_bytes on slices) */
    uint32_t images;              /* VM images it holds */
} IoStorageUse;

/* The bytes one slice offers: C / P on a partitioned disk, else C. */
uint64_t io_storage_slice_bytes(const IoDeviceSpec *spec);
/* The bytes an image of image_bytes takes from the disk: its slice, or its own size. */
uint64_t io_storage_charge_bytes(const IoDeviceSpec *spec, uint64_t image_bytes);
/* TRUE if the disk could ever hold the image (it is a disk with capacity and the image fits
 * a slice), whatever it holds now. */
gboolean io_storage_can_hold(const IoDeviceSpec *spec, uint64_t image_bytes);
/* TRUE if it can hold the image next to what it holds now. */
gboolean io_storage_fits(const IoDeviceSpec *spec, const IoStorageUse *use,
                         uint64_t image_bytes);
/* Adds (sign +1) or removes (-1) an image; a claim must fit (a bug otherwise). */
void     io_storage_claim(const IoDeviceSpec *spec, IoStorageUse *use, uint64_t image_bytes,
                          int sign);

#endif
