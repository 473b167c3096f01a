/* sim/cli/tracegen.h — `vdcsim tracegen`: synthetic trace files in the public formats' exact
 * layouts (we can neither ship nor download the datasets), for tests, the shipped samples and
 * the bench.
 *
 * Every VM follows a diurnal CPU curve (its own mean, amplitude and phase) plus seeded noise;
 * values are what the format stores (Azure: min/max/avg percent; Bitbrains: MHz and percent,
 * memory, disk, network; Google: normalized cores; Alibaba: percent).  Azure VMs also get
 * vmtable rows: a third live through the whole window, the rest are created uniformly in it
 * and live an exponential time (mean a quarter of the window); sizes from the v2 buckets.
 * Layouts: docs/traces.md.  Same arguments and seed, same bytes.
 */
#ifndef SIM_CLI_TRACEGEN_H
#define SIM_CLI_TRACEGEN_H

#include <glib.h>
#include <stdint.h>

typedef struct {
    const char *format;       /* azure, bitbrains, google, alibaba */
    const char *dir;          /* created if missing */
    int64_t     vms;
    double      days;
    int64_t     step_s;       /* sample spacing */
    int         shards;       /* azure: readings files (split by time) */
    gboolean    gzip;
    gboolean    churn;        /* azure: vmtable lifetimes as above; FALSE: all live throughout */
    uint64_t    seed;
} SimTraceGen;

/* Writes the files; FALSE + error (an I/O problem) otherwise.  Progress on stderr when
 * `progress`. */
gboolean sim_tracegen(const SimTraceGen *g, gboolean progress, GError **error);

#endif
