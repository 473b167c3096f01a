/* sim/memory/memory.c — page sizes, conversions, error domain; see memory.h. */
#include "sim/memory/memory.h"

static const struct {
    const char *name;
    const char *alias;
    uint64_t    bytes;
    unsigned    levels_saved;
} mem_page_sizes[MEM_PAGE_N] = {
    [MEM_PAGE_4K] = { "4k", "4KiB", UINT64_C(4) << 10, 0 },
    [MEM_PAGE_2M] = { "2m", "2MiB", UINT64_C(2) << 20, 1 },
    [MEM_PAGE_1G] = { "1g", "1GiB", UINT64_C(1) << 30, 2 },
};

G_DEFINE_QUARK(mem-error-quark, mem_error)

uint64_t mem_page_bytes(MemPageSize size)
{
    g_assert(size < MEM_PAGE_N);
    return mem_page_sizes[size].bytes;
}

unsigned mem_page_levels_saved(MemPageSize size)
{
    g_assert(size < MEM_PAGE_N);
    return mem_page_sizes[size].levels_saved;
}

const char *mem_page_size_name(MemPageSize size)
{
    g_assert(size < MEM_PAGE_N);
    return mem_page_sizes[size].name;
}

gboolean mem_page_size_from_name(const char *name, MemPageSize *out)
{
    for (int i = 0; i < MEM_PAGE_N; i++) {
        if (g_ascii_strcasecmp(name, mem_page_sizes[i].name) == 0 ||
            g_ascii_strcasecmp(name, mem_page_sizes[i].alias) == 0) {
            *out = (MemPageSize)i;
            return TRUE;
        }
    }
    return FALSE;
}

MemPageSize mem_page_size_min(MemPageSize a, MemPageSize b)
{
    return a < b ? a : b;
}

uint64_t mem_pages_from_bytes(uint64_t size_bytes, uint64_t page_bytes)
{
    g_assert(page_bytes >= 1);
    return size_bytes / page_bytes + (size_bytes % page_bytes != 0);
}

uint64_t mem_bytes_from_pages(uint64_t pages, uint64_t page_bytes)
{
    g_assert(page_bytes == 0 || pages <= UINT64_MAX / page_bytes);
    return pages * page_bytes;
}

char *mem_format_bytes(uint64_t bytes)
{
    static const struct { uint64_t unit; const char *name; } units[] = {
        { UINT64_C(1) << 40, "TiB" }, { UINT64_C(1) << 30, "GiB" },
        { UINT64_C(1) << 20, "MiB" }, { UINT64_C(1) << 10, "KiB" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        if (bytes >= units[i].unit) {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            g_ascii_formatd(buf, sizeof buf, "%.2f", (double)bytes / (double)units[i].unit);
            return g_strdup_printf("%s %s", buf, units[i].name);
        }
    }
    return g_strdup_printf("%" G_GUINT64_FORMAT " bytes", bytes);
}
