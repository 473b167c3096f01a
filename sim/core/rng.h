/* sim/core/rng.h — named random streams.
 *
 * One gsl_rng (MT19937, fixed type, never gsl_rng_env_setup()) per named stream.  A stream's
 * seed depends only on (master seed, stream name), so adding a consumer never shifts the
 * numbers another one draws, and the order in which streams are created does not matter.
 * Names read "vm:db-1/dirty", "host:h-3/failure".
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

typedef struct SimRng SimRng;

SimRng       *sim_rng_new(uint64_t master_seed, const char *stream_name);
void          sim_rng_free(SimRng *r);                  /* NULL is a no-op */
const char   *sim_rng_name(const SimRng *r);
gsl_rng      *sim_rng_gsl(SimRng *r);                   /* for gsl_ran_* samplers */
double        sim_rng_uniform(SimRng *r);               /* [0, 1) */
double        sim_rng_exponential(SimRng *r, double mean);
uint64_t      sim_rng_below(SimRng *r, uint64_t n);     /* uniform integer in [0, n), n >= 1 */

/* The 64-bit seed a stream gets; exposed for tests and for sweeps that derive run seeds. */
uint64_t      sim_rng_stream_seed(uint64_t master_seed, const char *stream_name);
uint64_t      sim_rng_splitmix64(uint64_t x);
uint64_t      sim_rng_fnv1a64(const char *s);

#endif
