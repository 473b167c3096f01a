/* sim/core/rng.c — named GSL streams seeded from (master seed, name); see rng.h. */
#include "sim/core/rng.h"

#include <glib.h>
#include <gsl/gsl_randist.h>

struct SimRng {
    char    *name;
    gsl_rng *rng;
};

uint64_t sim_rng_splitmix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

uint64_t sim_rng_fnv1a64(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
    return h;
}

uint64_t sim_rng_stream_seed(uint64_t master_seed, const char *stream_name)
{
    return sim_rng_splitmix64(sim_rng_splitmix64(master_seed) ^ sim_rng_fnv1a64(stream_name));
}

SimRng *sim_rng_new(uint64_t master_seed, const char *stream_name)
{
    SimRng *r = g_new0(SimRng, 1);
    r->name = g_strdup(stream_name);
    r->rng = gsl_rng_alloc(gsl_rng_mt19937);
    /* MT19937 takes an unsigned long seed; fold 64 bits into 32 so every platform agrees. */
    uint64_t s64 = sim_rng_stream_seed(master_seed, stream_name);
    unsigned long seed = (unsigned long)((s64 ^ (s64 >> 32)) & 0xffffffffu);
    gsl_rng_set(r->rng, seed ? seed : 1);     /* GSL treats 0 as "default seed" */
    return r;
}

void sim_rng_free(SimRng *r)
{
    if (!r)
        return;
    gsl_rng_free(r->rng);
    g_free(r->name);
    g_free(r);
}

const char *sim_rng_name(const SimRng *r)
{
    return r->name;
}

gsl_rng *sim_rng_gsl(SimRng *r)
{
    return r->rng;
}

double sim_rng_uniform(SimRng *r)
{
    return gsl_rng_uniform(r->rng);
}

double sim_rng_exponential(SimRng *r, double mean)
{
    return gsl_ran_exponential(r->rng, mean);
}

uint64_t sim_rng_below(SimRng *r, uint64_t n)
{
    g_assert(n >= 1);
    if (n <= UINT32_MAX)
        return gsl_rng_uniform_int(r->rng, (unsigned long)n);
    return (uint64_t)(gsl_rng_uniform(r->rng) * (double)n) % n;
}
