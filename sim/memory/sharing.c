/* sim/memory/sharing.c — KSM/TPS scanner and copy-on-write costs; see sharing.h. */
#include "sim/memory/sharing.h"

#include <stddef.h>

#include "sim/memory/memory.h"

const char *const mem_sharing_mode_names[] = { "off", "ksm", "tps", NULL };
const char *const mem_sharing_migration_names[] = { "resend", "dedup", NULL };

/* KSM: pages_to_scan 100 every sleep_millisecs 20 = 5000 pages/s (the kernel's defaults,
 * Documentation/admin-guide/mm/ksm.rst).  TPS: ESX scans each VM's memory once per
 * Mem.ShareScanTime = 60 min (assumption: taken here as 1 GiB/min ~ 4370 pages/s). */
double mem_sharing_scan_pages_per_s(const MemSharingHost *h)
{
    if (h->mode == MEM_SHARING_OFF)
        return 0;
    if (h->scan_pages_per_s > 0)
        return h->scan_pages_per_s;
    return h->mode == MEM_SHARING_KSM ? 5000.0 : 4370.0;
}

double mem_sharing_scan_cycles_per_s(const MemSharingHost *h)
{
    return mem_sharing_scan_pages_per_s(h) * h->scan_cycles_per_page;
}

double mem_sharing_converge_s(const MemSharingHost *h, uint64_t mergeable_bytes)
{
    double rate = mem_sharing_scan_pages_per_s(h);
    return rate > 0 ? (double)mergeable_bytes / MEM_BASE_PAGE_BYTES / rate : 0;
}

double mem_sharing_cow_cycles_per_s(const MemSharingHost *h, double dirty_pages_per_s,
                                    double merged_frac)
{
    if (h->mode == MEM_SHARING_OFF)
        return 0;
    return dirty_pages_per_s * merged_frac * h->cow_cycles;
}
