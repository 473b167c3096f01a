/* sim/memory/sharing.h — memory sharing (Linux KSM, VMware TPS): identical pages of guests
 * on one host are merged into one copy-on-write page.
 *
 * Potential: each VM declares the share of its memory identical to other guests of the
 * same image (`shareable`, per cited measurements, docs/models.md).  Among the n running VMs
 * of one workload on a host, one copy of the shareable part is kept:
 *     saved = sum_i shareable_i - max_i shareable_i              (bytes)
 * reached after one full scan of the mergeable memory at the scanner's rate
 *     converge_s = mergeable pages / scan_pages_per_s.
 * Costs: the scanner burns scan_pages_per_s x scan_cycles_per_page on the host (taken
 * from every VM there in proportion: speed x (1 - scan share of the host)); a write to a
 * merged page breaks it (copy-on-write fault + 4 KiB copy): a VM pays
 *     dirty_pages_per_s x its merged share x cow_cycles.
 * TPS is the same mechanism with ESX's scanner defaults; `off` saves and costs nothing.
 * Migration (the destination's `migration` key): `resend` (QEMU/KVM's default: merged pages
 * are sent like any other and the destination's scanner merges them again) or `dedup`
 * (content-based deduplication on the wire, as in gang migration with cluster-wide
 * deduplication, Deshpande et al., CCGrid 2013: the shareable pages a VM of the same workload
 * already holds on the destination are not sent).
 */
#ifndef MEM_SHARING_H
#define MEM_SHARING_H

#include <stdint.h>

typedef enum { MEM_SHARING_OFF, MEM_SHARING_KSM, MEM_SHARING_TPS, MEM_SHARING_MODE_COUNT } MemSharingMode;
extern const char *const mem_sharing_mode_names[];   /* NULL-terminated */
typedef enum { MEM_SHARING_MIG_RESEND, MEM_SHARING_MIG_DEDUP } MemSharingMigration;
extern const char *const mem_sharing_migration_names[];   /* NULL-terminated */

typedef struct {                      /* a host's `page_sharing:` keys */
    int    mode;                      /* MemSharingMode */
    double scan_pages_per_s;          /* 0: the mode's default */
    double scan_cycles_per_page;      /* hash + compare per scanned page */
    double cow_cycles;                /* one copy-on-write break: fault + 4 KiB copy */
    int    migration;                 /* MemSharingMigration, as a destination */
} MemSharingHost;

double mem_sharing_scan_pages_per_s(const MemSharingHost *h);
/* Host cycles per second the scanner takes (0 when off). */
double mem_sharing_scan_cycles_per_s(const MemSharingHost *h);
/* Seconds for one full scan of mergeable_bytes. */
double mem_sharing_converge_s(const MemSharingHost *h, uint64_t mergeable_bytes);
/* Copy-on-write cycles per native second of a VM dirtying dirty_pages_per_s, merged_frac of
 * whose memory is merged. */
double mem_sharing_cow_cycles_per_s(const MemSharingHost *h, double dirty_pages_per_s,
                                    double merged_frac);

#endif
