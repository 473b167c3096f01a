/* sim/dc/results.c — a run's results as plain rows and headline metrics; see datacenter.h
 * and rows.h.  Everything here reads the datacenter after (or without) a run and decides
 * nothing: the values are the recorders' (gauges, tallies, the share's counters). */
#include "sim/dc/datacenter.h"
#include "sim/dc/dc-priv.h"

#include "sim/migration/rules.h"

#include <math.h>

#include "sim/dc/control.h"
#include "sim/dc/devices.h"
#include "sim/dc/elastic.h"

/* ---- accessors ---------------------------------------------------------------------- */

void sim_dc_set_progress(SimDc *dc, uint64_t every, SimProgressFn fn, void *user)
{
    sim_engine_set_progress(dc->eng, every, fn, user);
}

const Scenario *sim_dc_scenario(const SimDc *dc)
{
    return dc->scn;
}

const SimSeries *sim_dc_series(const SimDc *dc)
{
    return &dc->series;
}

uint64_t sim_dc_vms_placed(const SimDc *dc)
{
    return dc->placed;
}

uint64_t sim_dc_events(const SimDc *dc)
{
    return sim_engine_dispatched(dc->eng);
}

uint64_t sim_dc_fingerprint(const SimDc *dc)
{
    return sim_engine_fingerprint(dc->eng);
}

/* ---- rows --------------------------------------------------------------------------- */

static SimDcHostRow host_row(const SimDc *m, const SimHost *h)
{
    const SimLevelHist *u = &h->util_hist;
    return (SimDcHostRow){
        .name = h->cfg->name, .group = h->cfg->group, .cores = h->cfg->cores,
        .freq_hz = h->cfg->freq_hz, .memory_bytes = h->cfg->memory_bytes,
        .util_mean_frac = sim_gauge_mean(&h->util, m->end_ns), .util_max_frac = h->util.max,
        .util_p50_frac = sim_level_hist_quantile(u, m->end_ns, 0.50),
        .util_p95_frac = sim_level_hist_quantile(u, m->end_ns, 0.95),
        .util_p99_frac = sim_level_hist_quantile(u, m->end_ns, 0.99),
        .util_pctl_frac = sim_level_hist_quantile(u, m->end_ns, m->scn->planning.percentile / 100),
        .energy_j = sched_host_power_energy_j(h->power),
        .on_s = sim_s_from_ns(sched_host_power_time_in_ns(h->power, SCHED_POWER_ON)),
        .gpus = h->cfg->gpus.count,
        .gpu_memory_bytes = (uint64_t)h->cfg->gpus.count * h->cfg->gpus.memory_bytes,
        .gpus_used_peak = h->gpus_used_peak,
        .shared_saved_peak_bytes = h->shared_saved_peak_bytes,
        .dd_util_frac = h->dd_cpu ? sim_gauge_mean(&h->dd_util, m->end_ns) : NAN,
        .dd_served_frac = h->dd_cpu ? sim_gauge_mean(&h->dd_served, m->end_ns) : NAN,
    };
}

GArray *sim_dc_host_rows(SimDc *dc)
{
    GArray *rows = g_array_sized_new(FALSE, FALSE, sizeof(SimDcHostRow), dc->hosts->len);
    for (guint i = 0; i < dc->hosts->len; i++) {
        SimDcHostRow row = host_row(dc, g_ptr_array_index(dc->hosts, i));
        g_array_append_val(rows, row);
    }
    return rows;
}

/* The walk a TLB miss of vm takes on its host: levels after large pages, references. */
static void vm_row_walk(const SimVm *vm, SimDcVmRow *row)
{
    const MemHostMmu *mmu = &vm->host->cfg->virt.mmu;
    const MemVmMemory *mem = &vm->workload->virt.mem;
    const MemPagingOps *ops = mem_paging_ops(mmu->mode);
    gboolean nested = mmu->mode == MEM_PAGING_NESTED;
    MemPageSize guest_page = nested ? mem->guest_page : ops->tlb_page(mmu, mem);
    row->paging = ops->name;
    row->walk_guest_levels = (int)mmu->walk.guest_levels - (int)mem_page_levels_saved(guest_page);
    row->walk_host_levels = nested ? (int)mmu->walk.host_levels -
                                     (int)mem_page_levels_saved(mmu->host_page) : 0;
    row->walk_refs = ops->walk_refs(mmu, mem);
}

static double vm_speed_vs_native(const SimDcVmRow *row)
{
    double lost = 0;
    for (int k = 0; k < HV_MECH_COUNT; k++)
        lost += isfinite(row->overhead_frac[k]) ? row->overhead_frac[k] : 0;
    return row->ran ? 1.0 / (1.0 + lost) : NAN;
}

static SimDcVmRow vm_row(SimVm *vm)
{
    gboolean ran = vm->host != NULL;
    SimDcVmRow row = {
        .name = vm->cfg->name, .group = vm->cfg->group,
        .host = ran ? vm->host->cfg->name : "", .state = sim_vm_state_name(vm->state),
        .workload = vm->cfg->workload, .vcpus = vm->cfg->vcpus,
        .memory_bytes = vm->cfg->memory_bytes, .ran = ran,
        .start_s = ran ? sim_s_from_ns(vm->start_ns) : NAN,
        .end_s = ran && vm->state != SIM_VM_RUNNING ? sim_s_from_ns(vm->end_ns) : NAN,
        .cpu_s = sim_vm_cpu_seconds(vm), .slowdown = sim_vm_slowdown(vm),
        .steal_s = sim_vm_steal_s(vm),
        .reject_reason = vm->reject_reason ? vm->reject_reason : "",
        .speed_frac = ran ? vm->speed_frac : NAN,
        .balloon_speed_frac = ran ? vm->balloon_speed_frac : NAN,
        .cores = vm->cores, .sched_delay_mean_s = NAN, .sched_delay_p99_s = NAN,
        .unmet_demand_frac = sim_vm_unmet_frac(vm),
        .nest_level = vm->cfg->nested.level, .pod_parent = vm->cfg->in_vm ? vm->cfg->in_vm : "",
        .numa_remote_frac = ran ? vm->numa_remote_frac : NAN,
        .interference_frac = ran ? vm->interference_frac : NAN,
        .gpu_rate_frac = ran ? vm->gpu_rate_frac : NAN, .shared_bytes = vm->shared_bytes,
    };
    row.unmet_s = isfinite(row.unmet_demand_frac) ? sim_s_from_ns(sim_vm_unmet_ns(vm)) : NAN;
    sim_vm_sched_delays(vm, &row.sched_delay_mean_s, &row.sched_delay_p99_s);
    for (int k = 0; k < HV_MECH_COUNT; k++)
        row.overhead_frac[k] = sim_vm_overhead_frac(vm, k);
    row.speed_vs_native = vm_speed_vs_native(&row);
    row.hypervisor = ran ? vm->host->cfg->virt.hypervisor : "";
    row.paging = "";
    row.walk_refs = NAN;
    if (ran)
        vm_row_walk(vm, &row);
    sim_elastic_run_vm_means(vm->model->elastic, vm, vm->model->end_ns, row.trace_means);
    return row;
}

guint sim_dc_vm_count(const SimDc *dc)
{
    return dc->vms->len;
}

SimDcVmRow sim_dc_vm_row(SimDc *dc, guint i)
{
    return vm_row(g_ptr_array_index(dc->vms, i));
}

gboolean sim_dc_vms_have_trace_means(SimDc *dc)
{
    for (guint i = 0; i < dc->vms->len; i++) {
        double means[3];
        sim_elastic_run_vm_means(dc->elastic, g_ptr_array_index(dc->vms, i), dc->end_ns, means);
        for (int c = 0; c < 3; c++)
            if (isfinite(means[c]))
                return TRUE;
    }
    return FALSE;
}

GArray *sim_dc_vm_rows(SimDc *dc)
{
    GArray *rows = g_array_sized_new(FALSE, FALSE, sizeof(SimDcVmRow), dc->vms->len);
    for (guint i = 0; i < dc->vms->len; i++) {
        SimDcVmRow row = vm_row(g_ptr_array_index(dc->vms, i));
        g_array_append_val(rows, row);
    }
    return rows;
}

static SimDcMigrationRow migration_row(const SimDc *m, const MigResult *r, const char *status,
                                       const char *stop_rules)
{
    gboolean ok = r->finished;
    return (SimDcMigrationRow){
        .vm = r->vm ? r->vm : "", .strategy = r->strategy ? r->strategy : "",
        .trigger = r->trigger ? r->trigger : "migrate",
        .src = ((const SimHost *)g_ptr_array_index(m->hosts, r->src_host))->cfg->name,
        .dst = ((const SimHost *)g_ptr_array_index(m->hosts, r->dst_host))->cfg->name,
        .reason = r->reason ? r->reason : "", .finished = ok, .refused = r->refused,
        .start_s = sim_s_from_ns(r->start_ns), .end_s = sim_s_from_ns(r->end_ns),
        .total_s = ok ? sim_s_from_ns(r->total_ns) : NAN,
        .downtime_s = ok ? sim_s_from_ns(r->downtime_ns) : NAN,
        .bytes_sent = r->bytes_sent, .pages_sent = r->pages_sent, .rounds = r->rounds,
        .faults = r->faults, .stall_s = sim_s_from_ns(r->stall_ns),
        .degradation_frac = ok ? r->degradation_frac : NAN,
        .status = status, .energy_j = r->energy_j, .stop_rules = stop_rules,
        .saved_bytes = r->saved_bytes, .codec_cycles = r->codec_cycles,
    };
}

static const char *dc_stop_rules(const SimDc *dc)
{
    return mig_stop_rules_nth((guint)dc->scn->migration.stop_rules)->name;
}

GArray *sim_dc_migration_rows(SimDc *dc)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcMigrationRow));
    for (guint i = 0; i < dc->migrations->len; i++) {
        const SimMigRecord *rec = g_ptr_array_index(dc->migrations, i);
        SimDcMigrationRow row = migration_row(dc, &rec->r, rec->status, rec->stop_rules);
        row.pods = rec->pods;
        g_array_append_val(rows, row);
    }
    for (guint i = 0; i < dc->vms->len; i++) {      /* still migrating when the run ended */
        SimVm *vm = g_ptr_array_index(dc->vms, i);
        if (!vm->mig)
            continue;
        MigResult r = mig_job_snapshot(vm->mig);
        SimDcMigrationRow row = migration_row(dc, &r, "running", dc_stop_rules(dc));
        row.reason = "the run ended during the migration";
        g_array_append_val(rows, row);
    }
    return rows;
}

static const char *const phase_names[] = { "live", "stop", "pull" };

static void append_rounds(GArray *out, guint migration, const MigResult *r,
                          const MigRound *rounds, guint n)
{
    for (guint k = 0; k < n; k++) {
        const MigRound *x = &rounds[k];
        SimDcRoundRow row = {
            .migration = migration, .vm = r->vm ? r->vm : "",
            .strategy = r->strategy ? r->strategy : "", .phase = phase_names[x->phase],
            .round = x->round, .start_s = sim_s_from_ns(x->start_ns),
            .duration_s = sim_s_from_ns(x->duration_ns), .bytes_sent = x->bytes_sent,
            .pages_sent = x->pages_sent, .dirtied_pages = x->dirtied_pages,
            .dirty_left_pages = x->dirty_left_pages, .faults = x->faults,
            .rate_limit_bytes_per_s = x->rate_limit_bytes_per_s,
        };
        g_array_append_val(out, row);
    }
}

GArray *sim_dc_round_rows(SimDc *dc)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(SimDcRoundRow));
    guint migration = 0;
    for (guint i = 0; i < dc->migrations->len; i++) {
        const SimMigRecord *rec = g_ptr_array_index(dc->migrations, i);
        append_rounds(rows, ++migration, &rec->r, (const MigRound *)(void *)rec->rounds->data,
                      rec->rounds->len);
    }
    for (guint i = 0; i < dc->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(dc->vms, i);
        if (!vm->mig)
            continue;
        guint n = 0;
        const MigRound *rounds = mig_job_rounds(vm->mig, &n);
        append_rounds(rows, ++migration, mig_job_result(vm->mig), rounds, n);
    }
    return rows;
}

GArray *sim_dc_device_rows(SimDc *dc)
{
    return sim_io_device_rows(dc->io, dc->end_ns);
}

GArray *sim_dc_stream_rows(SimDc *dc)
{
    return sim_io_stream_rows(dc->io, dc->end_ns);
}

GArray *sim_dc_latency_rows(SimDc *dc)
{
    return sim_io_latency_rows(dc->io);
}

GArray *sim_dc_request_rows(SimDc *dc)
{
    return sim_elastic_run_rows(dc->elastic);
}

/* ---- headline ----------------------------------------------------------------------- */

void sim_dc_slowdowns_add(SimTally *t, const SimDcVmRow *row)
{
    if (isfinite(row->slowdown))
        sim_tally_add(t, row->slowdown);
}

SimStats sim_dc_slowdowns(const GArray *vm_rows)
{
    SimTally t;
    sim_tally_init(&t);
    for (guint i = 0; i < vm_rows->len; i++)
        sim_dc_slowdowns_add(&t, &g_array_index(vm_rows, SimDcVmRow, i));
    SimStats st = sim_tally_stats(&t);
    sim_tally_clear(&t);
    return st;
}

static double makespan_s(const SimDc *m)
{
    SimTimeNs last = 0;
    for (guint i = 0; i < m->vms->len; i++) {
        const SimVm *vm = g_ptr_array_index(m->vms, i);
        if (vm->state == SIM_VM_DONE)
            last = MAX(last, vm->end_ns);
    }
    return m->completed ? sim_s_from_ns(last) : NAN;
}

/* Mean over VMs that ran of their total overhead (fraction of native time). */
/* What the headline takes from the VM rows, summed in VM order one row at a time. */
typedef struct {
    SimTally slowdowns;
    double   steal_s;
    double   asked, missed, short_s, n_short;   /* unmet demand */
    double   overhead_sum;                      /* Σ over VMs that ran of Σ_k overhead */
    guint    overhead_n;
} VmTotals;

static void vm_totals_add(VmTotals *t, const SimVm *vm, const SimDcVmRow *r)
{
    sim_dc_slowdowns_add(&t->slowdowns, r);
    t->steal_s += isfinite(r->steal_s) ? r->steal_s : 0;
    if (isfinite(r->unmet_demand_frac)) {
        t->asked += vm->demanded_cycles;
        t->missed += vm->demanded_cycles * r->unmet_demand_frac;
        t->short_s += r->unmet_s;
        t->n_short += r->unmet_s > 0;
    }
    if (r->ran) {
        for (int k = 0; k < HV_MECH_COUNT; k++)
            t->overhead_sum += r->overhead_frac[k];
        t->overhead_n++;
    }
}

static void vm_totals_collect(SimDc *m, VmTotals *t)
{
    memset(t, 0, sizeof *t);
    sim_tally_init(&t->slowdowns);
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *vm = g_ptr_array_index(m->vms, i);
        SimDcVmRow r = vm_row(vm);
        vm_totals_add(t, vm, &r);
    }
}

static void headline_add(GArray *a, const char *name, const char *unit, double value)
{
    SimHeadline h = { name, unit, value };
    g_array_append_val(a, h);
}

/* With GPUs: the datacenter's GPUs and GPU memory, the most in use at once; with page
 * sharing on a host: the largest saving at once. */
static void modern_headline(SimDc *m, GArray *a)
{
    double gpus = 0, gpu_memory = 0;
    gboolean sharing = FALSE;
    for (guint i = 0; i < m->hosts->len; i++) {
        const ScnHost *h = ((const SimHost *)g_ptr_array_index(m->hosts, i))->cfg;
        gpus += h->gpus.count;
        gpu_memory += (double)h->gpus.count * (double)h->gpus.memory_bytes;
        sharing = sharing || h->sharing.mode != MEM_SHARING_OFF;
    }
    if (gpus > 0) {
        headline_add(a, "gpus", "", gpus);
        headline_add(a, "gpu_memory_bytes", "B", gpu_memory);
        headline_add(a, "gpus_used_peak", "", m->gpus_used_peak);
    }
    if (sharing)
        headline_add(a, "shared_saved_peak_bytes", "B", m->shared_saved_peak_bytes);
}

/* Finished migrations: count, mean total time and downtime; every migration's bytes and
 * energy (unfinished ones too: what they put on the wire is spent). */
static void migration_headline(SimDc *m, GArray *a)
{
    g_autoptr(GArray) rows = sim_dc_migration_rows(m);
    double n = 0, refused = 0, total = 0, down = 0, bytes = 0, energy_j = 0, open = 0;
    for (guint i = 0; i < rows->len; i++) {
        const SimDcMigrationRow *r = &g_array_index(rows, SimDcMigrationRow, i);
        refused += r->refused;
        bytes += (double)r->bytes_sent;
        energy_j += r->energy_j;
        open += !r->finished && !r->refused;
        if (!r->finished)
            continue;
        n++;
        total += r->total_s;
        down += r->downtime_s;
    }
    headline_add(a, "migrations", "", n);
    headline_add(a, "migrations_refused", "", refused);
    headline_add(a, "migration_time_mean_s", "s", n ? total / n : NAN);
    headline_add(a, "downtime_mean_s", "s", n ? down / n : NAN);
    headline_add(a, "migration_bytes", "B", bytes);
    headline_add(a, "migration_energy_j", "J", energy_j);
    headline_add(a, "migrations_unfinished", "", open);
}

/* Guest work not delivered over all demand-level VMs (Σ asked − Σ got) / Σ asked, the VMs
 * that went short at some sample, and their time short (VM-seconds). */
static void unmet_headline(const VmTotals *t, GArray *a)
{
    headline_add(a, "unmet_demand_frac", "%", t->asked > 0 ? t->missed / t->asked : 0);
    headline_add(a, "vms_short", "", t->n_short);
    headline_add(a, "short_vm_s", "s", t->short_s);
}

/* The hottest host's utilization percentiles over time, the hosts above planning's target
 * at its percentile, and the hosts powered on that carried no load at all. */
static void host_headline(SimDc *m, GArray *a)
{
    g_autoptr(GArray) rows = sim_dc_host_rows(m);
    double p95 = 0, p99 = 0, pctl = 0, over = 0, idle = 0;
    for (guint i = 0; i < rows->len; i++) {
        const SimDcHostRow *r = &g_array_index(rows, SimDcHostRow, i);
        p95 = MAX(p95, r->util_p95_frac);
        p99 = MAX(p99, r->util_p99_frac);
        pctl = MAX(pctl, r->util_pctl_frac);
        over += r->util_pctl_frac > m->scn->planning.target_util_frac + 1e-9;
        idle += r->on_s > 0 && r->util_max_frac <= 0;
    }
    headline_add(a, "host_util_p95_max_frac", "%", p95);
    headline_add(a, "host_util_p99_max_frac", "%", p99);
    headline_add(a, "host_util_pctl_max_frac", "%", pctl);
    headline_add(a, "hosts_over_target", "", over);
    headline_add(a, "hosts_idle_powered", "", idle);
}

/* Energy is integrated on every change of utilization or power state (sim/scheduler's
 * power model), so it does not depend on the sampling interval. */
static void power_headline(SimDc *m, GArray *a)
{
    g_autoptr(GArray) rows = sim_dc_host_rows(m);
    double energy_j = 0, on_s = 0;
    for (guint i = 0; i < rows->len; i++) {
        energy_j += g_array_index(rows, SimDcHostRow, i).energy_j;
        on_s += g_array_index(rows, SimDcHostRow, i).on_s;
    }
    double run_s = sim_s_from_ns(m->end_ns);
    headline_add(a, "energy_kwh", "kWh", energy_j / 3.6e6);
    headline_add(a, "hosts_on_mean", "", run_s > 0 ? on_s / run_s : (double)m->hosts->len);
    headline_add(a, "host_power_offs", "", (double)sim_dcctl_power_offs(m->ctl));
    headline_add(a, "vms_lost", "", (double)m->lost);
}

GArray *sim_dc_headline(SimDc *dc)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(SimHeadline));
    VmTotals vt;
    vm_totals_collect(dc, &vt);
    SimStats sd = sim_tally_stats(&vt.slowdowns);
    sim_tally_clear(&vt.slowdowns);
    headline_add(a, "sim_time_s", "s", sim_s_from_ns(dc->end_ns));
    headline_add(a, "hosts", "", dc->hosts->len);
    headline_add(a, "vms", "", dc->vms->len);
    headline_add(a, "vms_placed", "", (double)dc->placed);
    headline_add(a, "vms_rejected", "", (double)dc->rejected);
    headline_add(a, "vms_completed", "", (double)dc->completed);
    headline_add(a, "vms_stopped", "", (double)dc->stopped);
    headline_add(a, "vms_departed", "", (double)dc->departed);
    headline_add(a, "dc_util_mean_frac", "%", sim_gauge_mean(&dc->dc_util, dc->end_ns));
    headline_add(a, "dc_util_max_frac", "%", dc->dc_util.max);
    host_headline(dc, a);
    headline_add(a, "vms_running_mean", "", sim_gauge_mean(&dc->vms_running, dc->end_ns));
    headline_add(a, "makespan_s", "s", makespan_s(dc));
    headline_add(a, "slowdown_mean", "x", sd.n ? sd.mean : NAN);
    headline_add(a, "slowdown_p99", "x", sd.n ? sd.p99 : NAN);
    headline_add(a, "slowdown_max", "x", sd.n ? sd.max : NAN);
    headline_add(a, "steal_s", "s", vt.steal_s);
    unmet_headline(&vt, a);
    headline_add(a, "overhead_mean_frac", "%",
                 vt.overhead_n ? vt.overhead_sum / vt.overhead_n : NAN);
    power_headline(dc, a);
    migration_headline(dc, a);
    modern_headline(dc, a);
    sim_elastic_run_headline(dc->elastic, a);
    headline_add(a, "events", "", (double)sim_engine_dispatched(dc->eng));
    return a;
}
