/* sim/memory/memory.h — vocabulary shared by the memory-virtualization model: x86-64 page
 * sizes, page-count conversions and the error domain for bad memory configurations.
 *
 * Page sizes are the three x86-64 translation granules (Intel SDM vol. 3A §4.5): 4 KiB
 * (walk ends at level 1), 2 MiB (ends at level 2, one level fewer) and 1 GiB (ends at
 * level 3, two fewer).  Page counts are uint64_t with a `_pages` suffix; byte sizes carry
 * `_bytes`.  Conversions round up (a partial page still needs a whole frame).
 */
#ifndef MEM_MEMORY_H
#define MEM_MEMORY_H

#include <glib.h>
#include <stdint.h>

#define MEM_KIB_BYTES  (UINT64_C(1) << 10)
#define MEM_MIB_BYTES  (UINT64_C(1) << 20)
#define MEM_GIB_BYTES  (UINT64_C(1) << 30)
#define MEM_BASE_PAGE_BYTES (UINT64_C(4) << 10)   /* host frames are 4 KiB */

typedef enum {
    MEM_PAGE_4K,
    MEM_PAGE_2M,
    MEM_PAGE_1G,
    MEM_PAGE_N
} MemPageSize;

uint64_t     mem_page_bytes(MemPageSize size);
/* Page-table levels a translation of this size skips: 0 (4 KiB), 1 (2 MiB), 2 (1 GiB). */
unsigned     mem_page_levels_saved(MemPageSize size);
const char  *mem_page_size_name(MemPageSize size);             /* "4k", "2m", "1g" */
/* Parses "4k", "2m", "1g" (also "4KiB", "2MiB", "1GiB"); FALSE if unknown. */
gboolean     mem_page_size_from_name(const char *name, MemPageSize *out);
MemPageSize  mem_page_size_min(MemPageSize a, MemPageSize b);

/* Pages of page_bytes needed to hold size_bytes, rounded up; page_bytes >= 1. */
uint64_t     mem_pages_from_bytes(uint64_t size_bytes, uint64_t page_bytes);
uint64_t     mem_bytes_from_pages(uint64_t pages, uint64_t page_bytes);
/* "4.00 GiB", "512.00 MiB", "12 bytes": binary units, ASCII, locale-independent; g_free. */
char        *mem_format_bytes(uint64_t bytes);

/* Errors for bad configurations (unsupported paging mode, a VM that does not fit).  The
 * messages follow the project style (lowercase, the bad value quoted, what was expected)
 * and carry no position: the scenario parser prefixes "file:line:col: error: ". */
#define MEM_ERROR (mem_error_quark())
GQuark mem_error_quark(void);

typedef enum {
    MEM_ERROR_INVALID,        /* a value out of range */
    MEM_ERROR_UNSUPPORTED,    /* a paging mode the host's hardware/technique cannot run */
    MEM_ERROR_NO_MEMORY,      /* a domain does not fit, even with the overcommit ratio */
    MEM_ERROR_DUPLICATE,      /* a domain name used twice on one host */
} MemErrorCode;

#endif
