/* sim/memory/partition.c — host frame ownership by ranges; the model is in partition.h. */
#include "sim/memory/partition.h"

#include <math.h>

typedef struct {
    char    *name;
    uint64_t configured_pages;
    uint64_t balloon_pages;
    uint64_t owned_pages;
    GArray  *ranges;                   /* MemRange, sorted by first_page, coalesced */
} MemDomain;

struct MemHostMap {
    char      *host_name;
    uint64_t   total_pages;
    uint64_t   free_pages;
    uint64_t   committed_pages;
    double     overcommit_ratio;
    GArray    *free_ranges;            /* MemRange, sorted, coalesced */
    GPtrArray *domains;                /* MemDomain *, index = id; NULL once removed */
};

/* ---- sorted range lists ------------------------------------------------------------ */

static guint mem_ranges_lower_bound(const GArray *ranges, uint64_t page)
{
    guint lo = 0, hi = ranges->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(ranges, MemRange, mid).first_page < page)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Inserts r (disjoint from every range in the list) and merges it with its neighbours. */
static void mem_ranges_insert(GArray *ranges, MemRange r)
{
    guint i = mem_ranges_lower_bound(ranges, r.first_page);
    g_array_insert_val(ranges, i, r);
    if (i + 1 < ranges->len) {
        MemRange *cur = &g_array_index(ranges, MemRange, i);
        MemRange *next = cur + 1;
        if (cur->first_page + cur->n_pages == next->first_page) {
            cur->n_pages += next->n_pages;
            g_array_remove_index(ranges, i + 1);
        }
    }
    if (i > 0) {
        MemRange *prev = &g_array_index(ranges, MemRange, i - 1);
        MemRange *cur = prev + 1;
        if (prev->first_page + prev->n_pages == cur->first_page) {
            prev->n_pages += cur->n_pages;
            g_array_remove_index(ranges, i);
        }
    }
}

/* Moves up to `pages` frames from the front of `from` into `to`; returns frames moved. */
static uint64_t mem_ranges_take_front(GArray *from, GArray *to, uint64_t pages)
{
    uint64_t moved = 0;
    while (moved < pages && from->len > 0) {
        MemRange *r = &g_array_index(from, MemRange, 0);
        uint64_t n = MIN(r->n_pages, pages - moved);
        mem_ranges_insert(to, (MemRange){ r->first_page, n });
        r->first_page += n;
        r->n_pages -= n;
        if (r->n_pages == 0)
            g_array_remove_index(from, 0);
        moved += n;
    }
    return moved;
}

/* Moves `pages` frames from the back (highest addresses) of `from` into `to`. */
static void mem_ranges_give_back(GArray *from, GArray *to, uint64_t pages)
{
    while (pages > 0) {
        g_assert(from->len > 0);
        MemRange *r = &g_array_index(from, MemRange, from->len - 1);
        uint64_t n = MIN(r->n_pages, pages);
        r->n_pages -= n;
        mem_ranges_insert(to, (MemRange){ r->first_page + r->n_pages, n });
        if (r->n_pages == 0)
            g_array_remove_index(from, from->len - 1);
        pages -= n;
    }
}

/* ---- lifecycle ----------------------------------------------------------------------- */

static void mem_domain_free(gpointer p)
{
    MemDomain *d = p;
    if (!d)
        return;
    g_array_free(d->ranges, TRUE);
    g_free(d->name);
    g_free(d);
}

MemHostMap *mem_map_new(const char *host_name, uint64_t memory_bytes, double overcommit_ratio)
{
    g_return_val_if_fail(overcommit_ratio >= 1.0, NULL);
    MemHostMap *map = g_new0(MemHostMap, 1);
    map->host_name = g_strdup(host_name);
    map->total_pages = memory_bytes / MEM_BASE_PAGE_BYTES;
    map->free_pages = map->total_pages;
    map->overcommit_ratio = overcommit_ratio;
    map->free_ranges = g_array_new(FALSE, FALSE, sizeof(MemRange));
    map->domains = g_ptr_array_new_with_free_func(mem_domain_free);
    if (map->total_pages > 0)
        g_array_append_val(map->free_ranges, ((MemRange){ 0, map->total_pages }));
    return map;
}

void mem_map_free(MemHostMap *map)
{
    if (!map)
        return;
    g_ptr_array_free(map->domains, TRUE);
    g_array_free(map->free_ranges, TRUE);
    g_free(map->host_name);
    g_free(map);
}

static MemDomain *mem_map_domain(const MemHostMap *map, int id)
{
    g_assert(id >= 0 && (guint)id < map->domains->len);
    MemDomain *d = g_ptr_array_index(map->domains, id);
    g_assert(d != NULL);
    return d;
}

uint64_t mem_map_commit_limit_pages(const MemHostMap *map)
{
    return (uint64_t)floor(map->overcommit_ratio * (double)map->total_pages);
}

static void mem_map_refuse(const MemHostMap *map, const char *name, uint64_t pages,
                               GError **error)
{
    uint64_t limit = mem_map_commit_limit_pages(map);
    g_autofree char *need = mem_format_bytes(pages * MEM_BASE_PAGE_BYTES);
    g_autofree char *left = mem_format_bytes((limit - map->committed_pages) *
                                             MEM_BASE_PAGE_BYTES);
    g_autofree char *total = mem_format_bytes(map->total_pages * MEM_BASE_PAGE_BYTES);
    char ratio[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(ratio, sizeof ratio, "%.2f", map->overcommit_ratio);
    g_set_error(error, MEM_ERROR, MEM_ERROR_NO_MEMORY,
                "domain '%s' needs %s but host '%s' can commit only %s more "
                "(%s of memory, overcommit ratio %s; expected a smaller domain, another "
                "host or a higher overcommit.memory)",
                name, need, map->host_name, left, total, ratio);
}

int mem_map_add_domain(MemHostMap *map, const char *name, uint64_t memory_bytes,
                       GError **error)
{
    uint64_t pages = mem_pages_from_bytes(memory_bytes, MEM_BASE_PAGE_BYTES);
    if (mem_map_find_domain(map, name) >= 0) {
        g_set_error(error, MEM_ERROR, MEM_ERROR_DUPLICATE,
                    "domain '%s' already exists on host '%s' (expected a unique name)", name,
                    map->host_name);
        return -1;
    }
    if (map->committed_pages + pages > mem_map_commit_limit_pages(map)) {
        mem_map_refuse(map, name, pages, error);
        return -1;
    }
    MemDomain *d = g_new0(MemDomain, 1);
    d->name = g_strdup(name);
    d->configured_pages = pages;
    d->ranges = g_array_new(FALSE, FALSE, sizeof(MemRange));
    d->owned_pages = mem_ranges_take_front(map->free_ranges, d->ranges, pages);
    d->balloon_pages = pages - d->owned_pages;
    map->free_pages -= d->owned_pages;
    map->committed_pages += pages;
    g_ptr_array_add(map->domains, d);
    return (int)map->domains->len - 1;
}

void mem_map_remove_domain(MemHostMap *map, int id)
{
    MemDomain *d = mem_map_domain(map, id);
    mem_ranges_give_back(d->ranges, map->free_ranges, d->owned_pages);
    map->free_pages += d->owned_pages;
    map->committed_pages -= d->configured_pages;
    mem_domain_free(d);
    g_ptr_array_index(map->domains, id) = NULL;
}

gboolean mem_map_set_balloon(MemHostMap *map, int id, uint64_t balloon_pages, GError **error)
{
    MemDomain *d = mem_map_domain(map, id);
    g_return_val_if_fail(balloon_pages <= d->configured_pages, FALSE);
    if (balloon_pages >= d->balloon_pages) {
        uint64_t release = balloon_pages - d->balloon_pages;
        mem_ranges_give_back(d->ranges, map->free_ranges, release);
        d->owned_pages -= release;
        map->free_pages += release;
    } else {
        uint64_t need = d->balloon_pages - balloon_pages;
        if (need > map->free_pages) {
            g_set_error(error, MEM_ERROR, MEM_ERROR_NO_MEMORY,
                        "cannot deflate the balloon of domain '%s' by %" G_GUINT64_FORMAT
                        " pages: host '%s' has only %" G_GUINT64_FORMAT " free pages "
                        "(expected other balloons to inflate first)",
                        d->name, need, map->host_name, map->free_pages);
            return FALSE;
        }
        mem_ranges_take_front(map->free_ranges, d->ranges, need);
        d->owned_pages += need;
        map->free_pages -= need;
    }
    d->balloon_pages = balloon_pages;
    return TRUE;
}

/* ---- queries ------------------------------------------------------------------------- */

uint64_t mem_map_total_pages(const MemHostMap *map) { return map->total_pages; }
uint64_t mem_map_free_pages(const MemHostMap *map) { return map->free_pages; }
uint64_t mem_map_committed_pages(const MemHostMap *map) { return map->committed_pages; }

guint mem_map_n_domains(const MemHostMap *map)
{
    guint n = 0;
    for (guint i = 0; i < map->domains->len; i++)
        n += g_ptr_array_index(map->domains, i) != NULL;
    return n;
}

int mem_map_find_domain(const MemHostMap *map, const char *name)
{
    for (guint i = 0; i < map->domains->len; i++) {
        const MemDomain *d = g_ptr_array_index(map->domains, i);
        if (d && g_strcmp0(d->name, name) == 0)
            return (int)i;
    }
    return -1;
}

int mem_map_domain_slots(const MemHostMap *map)
{
    return (int)map->domains->len;
}

gboolean mem_map_domain_live(const MemHostMap *map, int id)
{
    return id >= 0 && (guint)id < map->domains->len && g_ptr_array_index(map->domains, id);
}

const char *mem_map_domain_name(const MemHostMap *map, int id)
{
    return mem_map_domain(map, id)->name;
}

uint64_t mem_map_domain_pages(const MemHostMap *map, int id)
{
    return mem_map_domain(map, id)->configured_pages;
}

uint64_t mem_map_domain_owned_pages(const MemHostMap *map, int id)
{
    return mem_map_domain(map, id)->owned_pages;
}

uint64_t mem_map_domain_balloon_pages(const MemHostMap *map, int id)
{
    return mem_map_domain(map, id)->balloon_pages;
}

guint mem_map_domain_n_ranges(const MemHostMap *map, int id)
{
    return mem_map_domain(map, id)->ranges->len;
}

MemRange mem_map_domain_range(const MemHostMap *map, int id, guint i)
{
    const MemDomain *d = mem_map_domain(map, id);
    g_assert(i < d->ranges->len);
    return g_array_index(d->ranges, MemRange, i);
}

static gboolean mem_ranges_contain(const GArray *ranges, uint64_t page)
{
    guint i = mem_ranges_lower_bound(ranges, page + 1);   /* first range starting > page */
    if (i == 0)
        return FALSE;
    const MemRange *r = &g_array_index(ranges, MemRange, i - 1);
    return page < r->first_page + r->n_pages;
}

int mem_map_owner(const MemHostMap *map, uint64_t page)
{
    for (guint i = 0; i < map->domains->len; i++) {
        const MemDomain *d = g_ptr_array_index(map->domains, i);
        if (d && mem_ranges_contain(d->ranges, page))
            return (int)i;
    }
    return -1;
}

/* ---- invariants ---------------------------------------------------------------------- */

static gint mem_range_cmp(gconstpointer a, gconstpointer b)
{
    const MemRange *x = a, *y = b;
    return x->first_page < y->first_page ? -1 : x->first_page > y->first_page;
}

static void mem_ranges_append_all(GArray *all, const GArray *ranges, uint64_t *sum)
{
    for (guint i = 0; i < ranges->len; i++) {
        MemRange r = g_array_index(ranges, MemRange, i);
        g_array_append_val(all, r);
        *sum += r.n_pages;
    }
}

static gboolean mem_ranges_tile(GArray *all, uint64_t total_pages)
{
    g_array_sort(all, mem_range_cmp);
    uint64_t next = 0;
    for (guint i = 0; i < all->len; i++) {
        MemRange r = g_array_index(all, MemRange, i);
        if (r.first_page != next || r.n_pages == 0)
            return FALSE;                        /* overlap, gap or empty range */
        next = r.first_page + r.n_pages;
    }
    return next == total_pages;
}

gboolean mem_map_check(const MemHostMap *map)
{
    GArray *all = g_array_new(FALSE, FALSE, sizeof(MemRange));
    uint64_t free_sum = 0, committed = 0;
    gboolean ok = TRUE;
    mem_ranges_append_all(all, map->free_ranges, &free_sum);
    ok = ok && free_sum == map->free_pages;
    for (guint i = 0; i < map->domains->len; i++) {
        const MemDomain *d = g_ptr_array_index(map->domains, i);
        if (!d)
            continue;
        uint64_t owned = 0;
        mem_ranges_append_all(all, d->ranges, &owned);
        ok = ok && owned == d->owned_pages &&
             d->owned_pages + d->balloon_pages == d->configured_pages;
        committed += d->configured_pages;
    }
    ok = ok && committed == map->committed_pages && mem_ranges_tile(all, map->total_pages);
    g_array_free(all, TRUE);
    return ok;
}
