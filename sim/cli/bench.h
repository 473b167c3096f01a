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

/* An Azure-format population (vm_cpu_readings shards + vmtable written by tracegen into
 * build/bench-traces-DISK/ when missing): VMS VMs × 7 days × 5-minute samples, every VM alive
 * all week, loaded and run for the week on VMS/8 64-core hosts.  disk_vms (0: VMS) distinct
 * VMs are written (about 110 MB per 10^4), the population takes VMS of them, copies at
 * phase offsets (docs/traces.md), so 10^5 VMs need not write 11 GB.  Prints load and run
 * wall and CPU time, peak RSS, and bytes per VM and per sample held, beside the target for
 * 10^5 VMs (< 60 s, < 2 GiB). */
int sim_bench_traces(int vms, int disk_vms, FILE *out);

/* Post-copy at rack scale: scenarios/planning/maintenance-window.yaml (from the source tree's
 * root) with pre-copy and post-copy, and 250, 500, 1,000 concurrent post-copy migrations over
 * one link; CPU seconds beside the targets (post-copy <= 2x pre-copy; linear in n). */
int sim_bench_migrations(const char *self, FILE *out);

#endif
