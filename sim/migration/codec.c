/* sim/migration/codec.c — compression on the migration wire; see codec.h. */
#include "sim/migration/codec.h"

#include <math.h>

gboolean mig_codec_active(const MigCodecParams *p)
{
    return p->xbzrle || (p->compress_ratio_frac > 0 && p->compress_ratio_frac < 1);
}

/* Re-sent pages the XBZRLE cache still holds (it keeps the last cache_bytes sent). */
static uint64_t xbzrle_hits(const MigCodecParams *p, uint64_t resent_pages, uint64_t page_bytes)
{
    if (!p->xbzrle)
        return 0;
    return MIN(resent_pages, p->xbzrle_cache_bytes / page_bytes);
}

MigWire mig_codec_encode(const MigCodecParams *p, uint64_t pages, uint64_t resent_pages,
                         uint64_t page_bytes, double core_hz)
{
    MigWire w = { .wire_bytes = pages * page_bytes };
    if (!mig_codec_active(p) || pages == 0)
        return w;
    uint64_t delta = xbzrle_hits(p, MIN(resent_pages, pages), page_bytes);
    uint64_t other = pages - delta;
    double wire = (double)delta * (double)page_bytes * p->xbzrle_ratio_frac;
    w.cycles = (double)delta * p->xbzrle_cycles_per_page;
    if (p->compress_ratio_frac > 0 && p->compress_ratio_frac < 1) {
        wire += (double)other * (double)page_bytes * p->compress_ratio_frac;
        w.cycles += (double)other * p->compress_cycles_per_page;
    } else {
        wire += (double)(other * page_bytes);
    }
    w.wire_bytes = (uint64_t)ceil(wire);
    w.saved_bytes = pages * page_bytes - w.wire_bytes;
    if (w.cycles > 0 && core_hz > 0) {
        double encode_s = w.cycles / ((double)MAX(p->compress_threads, 1u) * core_hz);
        w.cap_bytes_per_s = (double)MAX(w.wire_bytes, UINT64_C(1)) / encode_s;
    }
    return w;
}
