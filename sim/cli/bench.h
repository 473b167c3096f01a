/* sim/cli/bench.h — `vdcsim bench`: the engine's events/s on the hold model, and the whole
 * simulator's wall time and peak memory at 10^3..10^5 hosts.  Benchmarks measure; they
 * are not tests and assert nothing about speed. */
#ifndef SIM_BENCH_H
#define SIM_BENCH_H

#include <stdio.h>

int sim_bench_engine(FILE *out);
/* Runs `self bench scale-one N` for each size in a child process, so each size's peak
 * memory is its own. */
int sim_bench_scale(const char *self, FILE *out);
int sim_bench_scale_one(int hosts, FILE *out);

#endif
