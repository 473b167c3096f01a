/* sim/memory/balloon.c — balloon timing and squeeze slowdown; the model is in balloon.h. */
#include "sim/memory/balloon.h"

#include <math.h>

void mem_balloon_config_init_default(MemBalloonConfig *cfg)
{
    cfg->rate_bytes_per_s = (double)MEM_GIB_BYTES;
    cfg->fault_ns = 100.0 * SIM_NS_PER_US;
}

SimTimeNs mem_balloon_duration_ns(uint64_t delta_bytes, double rate_bytes_per_s)
{
    g_assert(rate_bytes_per_s > 0.0);
    return (SimTimeNs)ceil((double)delta_bytes / rate_bytes_per_s * (double)SIM_NS_PER_S);
}

double mem_balloon_missing_frac(uint64_t resident_pages, uint64_t ws_pages)
{
    if (ws_pages == 0 || resident_pages >= ws_pages)
        return 0.0;
    return (double)(ws_pages - resident_pages) / (double)ws_pages;
}

double mem_balloon_extra_ns_per_s(double missing_frac, double touches_per_s, double fault_ns)
{
    g_assert(missing_frac >= 0.0 && missing_frac <= 1.0);
    return missing_frac * touches_per_s * fault_ns;
}

double mem_balloon_speed_frac(double extra_ns_per_s)
{
    g_assert(extra_ns_per_s >= 0.0);
    return (double)SIM_NS_PER_S / ((double)SIM_NS_PER_S + extra_ns_per_s);
}
