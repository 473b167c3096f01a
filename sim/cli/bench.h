/* sim/cli/bench.h — `vdcsim bench`: the engine's events/s on the hold model, and the whole
 * simulator's wall time and peak memory at 10^3..10^5 hosts.  Benchmarks measure; they
 * are not tests and assert nothing about speed. */
#ifndef SIM_BENCH_H
#define SIM_BENCH_H

#include <glib.h>
#include <stdio.h>

int sim_bench_engine(FILE *out);
/* The issue-24 targets as whole `self run` / `self plot` child processes (CPU from wait4,
 * peak RSS): 10^4 hosts with 10^3 migrations, 10^5 hosts, plotting the 10^5-host run, memory
 * per host and per VM against docs/models.md, and with full 2.5x10^5 hosts / 10^6 VMs.
 * Each figure is printed beside its target with "met" or "MISSED".  Scenarios and outputs
 * go to build/bench/. */
int sim_bench_targets(const char *self, gboolean full, FILE *out);
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

/* Sweeps scale: the shipped scenarios/planning/consolidation-sweep.yaml with -j 1 and -j 2,
 * wall seconds (best of 3, interleaved) beside the target (-j 2 at least 1.7x faster). */
int sim_bench_sweep(const char *self, FILE *out);

#endif
