/* sim/memory/partition.h — static partitioning of a host's RAM among domains (VMs).
 *
 * Host memory is an array of 4 KiB frames [0, total_pages).  Each domain gets its configured
 * size at creation (DESIGN.md "Memory"); the map records which frames it owns as sorted,
 * coalesced ranges [first, first + n), never a per-frame array, so a 1 TiB host costs a few
 * ranges, not 2^28 entries.  Frames are handed out first-fit from a sorted free list.
 *
 * Invariants (mem_map_check verifies them): every frame is either free or owned by exactly
 * one domain; free + sum(owned) = total; for each domain owned = configured - balloon.
 * Admission: a domain is refused (MEM_ERROR_NO_MEMORY) unless committed + configured <=
 * floor(overcommit_ratio x total); with ratio 1 (the default) memory is never overcommitted.
 * When overcommit admits a domain that free frames cannot back, the shortfall starts inside
 * its balloon (Waldspurger, OSDI 2002, §3.2: the balloon holds guest-physical pages that the
 * hypervisor does not back); the model may then inflate other domains' balloons and deflate
 * this one.  Balloon timing and the squeeze slowdown are in balloon.h.
 * Complexity: add/balloon are O(R) in the number of free ranges; owner lookup is
 * O(D log R) over D domains.
 */
#ifndef MEM_PARTITION_H
#define MEM_PARTITION_H

#include "sim/memory/memory.h"

typedef struct {
    uint64_t first_page;               /* host frame number */
    uint64_t n_pages;
} MemRange;

typedef struct MemHostMap MemHostMap;

/* memory_bytes is rounded down to whole 4 KiB frames; overcommit_ratio >= 1. */
MemHostMap *mem_map_new(const char *host_name, uint64_t memory_bytes, double overcommit_ratio);
void        mem_map_free(MemHostMap *map);                   /* NULL is a no-op */

/* Creates domain `name` with memory_bytes (rounded up to frames).  Returns its id (>= 0),
 * or -1 with MEM_ERROR_NO_MEMORY (does not fit) / MEM_ERROR_DUPLICATE (name in use). */
int         mem_map_add_domain(MemHostMap *map, const char *name, uint64_t memory_bytes,
                               GError **error);
/* Returns the domain's frames to the free list; the id is not reused. */
void        mem_map_remove_domain(MemHostMap *map, int id);
/* Inflates (more) or deflates (fewer) the balloon to balloon_pages <= configured pages;
 * inflating frees frames, deflating takes free frames.  FALSE with MEM_ERROR_NO_MEMORY
 * when there are not enough free frames to deflate. */
gboolean    mem_map_set_balloon(MemHostMap *map, int id, uint64_t balloon_pages,
                                GError **error);

uint64_t    mem_map_total_pages(const MemHostMap *map);
uint64_t    mem_map_free_pages(const MemHostMap *map);
uint64_t    mem_map_committed_pages(const MemHostMap *map);   /* sum of configured sizes */
uint64_t    mem_map_commit_limit_pages(const MemHostMap *map);
guint       mem_map_n_domains(const MemHostMap *map);         /* live domains */
int         mem_map_find_domain(const MemHostMap *map, const char *name);   /* -1 if none */
const char *mem_map_domain_name(const MemHostMap *map, int id);
/* Ids run 0 .. mem_map_domain_slots() - 1; a removed domain's id is not live. */
int         mem_map_domain_slots(const MemHostMap *map);
gboolean    mem_map_domain_live(const MemHostMap *map, int id);
uint64_t    mem_map_domain_pages(const MemHostMap *map, int id);          /* configured */
uint64_t    mem_map_domain_owned_pages(const MemHostMap *map, int id);    /* backed */
uint64_t    mem_map_domain_balloon_pages(const MemHostMap *map, int id);
guint       mem_map_domain_n_ranges(const MemHostMap *map, int id);
MemRange    mem_map_domain_range(const MemHostMap *map, int id, guint i);  /* sorted */
/* The domain owning host frame `page`, or -1 if it is free. */
int         mem_map_owner(const MemHostMap *map, uint64_t page);
/* Verifies the invariants above; for tests and debug builds. */
gboolean    mem_map_check(const MemHostMap *map);

#endif
