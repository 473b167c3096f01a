/* sim/migration/codec.h — compression on the migration wire: what a batch of pages costs
 * in bytes on the network and in CPU on the source.
 *
 * Two encoders, both off by default (MigCodecParams, in MigParams.codec):
 *   XBZRLE   a page sent before and still in the source's cache of sent pages
 *            (xbzrle_cache_bytes, QEMU's default 64 MiB) is sent as a delta of
 *            xbzrle_ratio × page bytes (Svärd et al., VEE 2011; QEMU `xbzrle` capability);
 *   general  every other page is compressed to compress_ratio × page bytes (QEMU's
 *            compress / multifd-zlib; zlib -1 gives 1/2.743 on the Silesia corpus).
 * Each costs cycles per page on the source: charged as CPU work on the source host (it
 * competes with the VMs there), and the encoders (compress_threads of them, one core each)
 * bound the send rate to wire bytes / (cycles / (threads × core Hz)).  So compression wins
 * when the link is the bottleneck and loses when the CPU is.
 * Units: pages, bytes, cycles, bytes/s.
 */
#ifndef MIG_CODEC_H
#define MIG_CODEC_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    double   compress_ratio_frac;        /* wire bytes / page bytes of the general compressor;
                                            1 = off */
    double   compress_cycles_per_page;   /* source CPU per page it encodes */
    uint32_t compress_threads;           /* encoders in parallel; 8 (QEMU compress-threads) */
    gboolean xbzrle;                     /* delta-encode re-sent pages held in the cache */
    uint64_t xbzrle_cache_bytes;         /* 64 MiB (QEMU xbzrle-cache-size) */
    double   xbzrle_ratio_frac;          /* wire bytes / page bytes of a delta */
    double   xbzrle_cycles_per_page;     /* source CPU per page it delta-encodes */
} MigCodecParams;

typedef struct {
    uint64_t wire_bytes;          /* on the network */
    uint64_t saved_bytes;         /* pages × page_bytes − wire_bytes */
    double   cycles;              /* source CPU spent encoding */
    double   cap_bytes_per_s;     /* the encoders' rate bound; 0 = none */
} MigWire;

/* The cost of sending pages of page_bytes, resent_pages of them sent before; core_hz <= 0:
 * no rate bound. */
MigWire  mig_codec_encode(const MigCodecParams *p, uint64_t pages, uint64_t resent_pages,
                          uint64_t page_bytes, double core_hz);
gboolean mig_codec_active(const MigCodecParams *p);

#endif
