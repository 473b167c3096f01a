/* sim/memory/interference.h — co-location interference in the shared last-level cache and
 * memory bandwidth, in the sensitivity/pressure style of Bubble-Up (Mars et al., MICRO 2011).
 *
 * Each workload has a pressure p in 0..1 (the share of the memory subsystem it occupies:
 * Bubble-Up's bubble size, normalised to the largest bubble) and a sensitivity s in 0..1
 * (its slowdown under the largest bubble).  Bubble-Up measures a sensitivity curve per
 * application and predicts a co-location from the co-runners' summed pressure; the curve is
 * taken linear here:
 *     degradation_i = s_i x min(1, sum_{j != i on the host} p_j x busy_j)
 *     speed_frac_i  = 1 - degradation_i
 * busy_j is the co-runner's demand (an idle co-runner presses on nothing).  Pure.
 */
#ifndef MEM_INTERFERENCE_H
#define MEM_INTERFERENCE_H

typedef struct {                    /* a VM's `interference:` keys */
    double sensitivity_frac;        /* slowdown under a saturating co-runner */
    double pressure_frac;           /* pressure it puts on the LLC and memory bandwidth */
} MemInterference;

/* others_pressure: sum of the co-runners' pressure x busy share. */
double mem_interference_degradation_frac(const MemInterference *self, double others_pressure);

#endif
