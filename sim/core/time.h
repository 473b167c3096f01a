/* sim/core/time.h — simulated time: SimTimeNs and its conversions.
 *
 * Time is a signed 64-bit count of nanoseconds since t = 0 (integer, so event ordering is
 * exact).  Seconds appear only at output, through sim_s_from_ns().  This header is plain
 * data: the scenario uses it without knowing the engine.
 */
#ifndef SIM_TIME_H
#define SIM_TIME_H

#include <stdint.h>

typedef int64_t  SimTimeNs;         /* simulated nanoseconds since t = 0 */

#define SIM_NS_PER_US  INT64_C(1000)
#define SIM_NS_PER_MS  INT64_C(1000000)
#define SIM_NS_PER_S   INT64_C(1000000000)
#define SIM_TIME_NEVER INT64_MAX

static inline double sim_s_from_ns(SimTimeNs t) { return (double)t / 1e9; }

#endif
