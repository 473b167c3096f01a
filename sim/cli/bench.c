/* sim/cli/bench.c — the hold model and the scale runs; see bench.h.
 *
 * Hold model (Vaucher & Duval 1975; the classic priority-queue benchmark): fill the queue
 * with n events, then each dispatched event schedules one more at now + an exponential
 * delay, so the queue holds n events throughout.  Delays come from a precomputed table so
 * that the engine, not the random number generator, is measured.
 */
#include "sim/cli/bench.h"

#include <math.h>
#include <sys/resource.h>

#include "sim/core/engine.h"
#include "sim/dc/datacenter.h"
#include "sim/core/rng.h"
#include "sim/cli/tracegen.h"

#define DELAY_TABLE 65536

typedef struct {
    SimEventTypeId type;
    SimTimeNs     *delays;
    uint32_t       next;
    uint64_t       left;      /* events still to dispatch */
} Hold;

static void hold_handle(SimEngine *eng, void *target, const void *payload)
{
    Hold *h = target;
    sim_engine_schedule(eng, h->delays[h->next++ & (DELAY_TABLE - 1)], h->type, h, NULL);
    if (--h->left == 0)
        sim_engine_stop(eng);
}

static const SimEventType hold_type = { .name = "bench.hold", .handle = hold_handle };

static double peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;      /* Linux: KiB */
}

static double hold_run(size_t pending, uint64_t events, SimTimeNs *delays)
{
    SimEngine *eng = sim_engine_new();
    Hold h = { sim_engine_register(eng, &hold_type), delays, 0, events };
    for (size_t i = 0; i < pending; i++)
        sim_engine_schedule(eng, delays[i & (DELAY_TABLE - 1)], h.type, &h, NULL);
    gint64 t0 = g_get_monotonic_time();
    uint64_t done = sim_engine_run(eng);
    double wall_s = (double)(g_get_monotonic_time() - t0) / 1e6;
    sim_engine_free(eng);
    return (double)done / wall_s;
}

int sim_bench_engine(FILE *out)
{
    SimRng *rng = sim_rng_new(1, "bench/hold");
    SimTimeNs *delays = g_new(SimTimeNs, DELAY_TABLE);
    for (int i = 0; i < DELAY_TABLE; i++)
        delays[i] = (SimTimeNs)llround(sim_rng_exponential(rng, 1e6)) + 1;
    fprintf(out, "engine: hold model, exponential delays (mean 1 ms), 4-ary indexed heap\n");
    fprintf(out, "  %12s %14s %14s\n", "pending", "events/s", "peak RSS MiB");
    for (size_t n = 1000; n <= 1000000; n *= 10) {
        uint64_t events = MAX(UINT64_C(5000000), 4 * (uint64_t)n);
        double rate = hold_run(n, events, delays);
        fprintf(out, "  %12zu %14.0f %14.1f\n", n, rate, peak_rss_mib());
        fflush(out);
    }
    g_free(delays);
    sim_rng_free(rng);
    return 0;
}

/* A datacenter of `hosts` 32-core hosts and 4 VMs per host, arriving over the first hour,
 * each with a fixed amount of work or a demand level, run for two simulated hours. */
static char *scale_scenario(int hosts)
{
    GString *y = g_string_new("name: bench-scale\nduration: 2 h\noutput: { sample_interval: 5 min }\n");
    g_string_append_printf(y, "hosts:\n  - { name: h, count: %d, cores: 32, freq: 2.5 GHz, "
                              "memory: 256 GiB }\nvms:\n", hosts);
    for (int i = 0; i < 4 * hosts; i++) {
        unsigned start_s = (unsigned)((uint64_t)i * 7919 % 3600);
        if (i % 2)
            g_string_append_printf(y, "  - { name: v%d, vcpus: %d, memory: 8 GiB, demand: %d%%, "
                                      "start: %u s }\n", i, 2 + i % 7, 20 + i % 70, start_s);
        else
            g_string_append_printf(y, "  - { name: v%d, vcpus: %d, memory: 8 GiB, work: %d Tcycles, "
                                      "start: %u s }\n", i, 2 + i % 7, 5 + i % 40, start_s);
    }
    return g_string_free(y, FALSE);
}

int sim_bench_scale_one(int hosts, FILE *out)
{
    gint64 t0 = g_get_monotonic_time();
    g_autofree char *text = scale_scenario(hosts);
    GError *error = NULL;
    Scenario *s = scn_load_string(text, "bench-scale.yaml", NULL, &error);
    if (!s)
        g_error("bench scenario: %s", error->message);
    double load_s = (double)(g_get_monotonic_time() - t0) / 1e6;
    SimDc *m = sim_dc_new(s);
    gint64 t1 = g_get_monotonic_time();
    uint64_t events = sim_dc_run(m);
    double run_s = (double)(g_get_monotonic_time() - t1) / 1e6;
    fprintf(out, "  %8d %8u %10.2f %10.2f %12" G_GUINT64_FORMAT " %12.0f %10.1f\n", hosts,
            s->vms->len, load_s, run_s, events, (double)events / run_s, peak_rss_mib());
    sim_dc_free(m);
    scn_scenario_free(s);
    return 0;
}

int sim_bench_scale(const char *self, FILE *out)
{
    fprintf(out, "scale: 32-core hosts, 4 VMs each arriving over 1 h, 2 h simulated\n");
    fprintf(out, "  %8s %8s %10s %10s %12s %12s %10s\n", "hosts", "vms", "load s", "run s",
            "events", "events/s", "peak MiB");
    fflush(out);
    for (int n = 1000; n <= 100000; n *= 10) {
        g_autofree char *arg = g_strdup_printf("%d", n);
        const char *argv[] = { self, "bench", "scale-one", arg, NULL };
        GError *error = NULL;
        int status = 0;
        if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                          NULL, NULL, &status, &error) ||
            !g_spawn_check_wait_status(status, &error)) {
            fprintf(stderr, "bench scale: %s\n", error->message);
            g_error_free(error);
            return 1;
        }
    }
    return 0;
}

/* ---- traces ------------------------------------------------------------------------- */

static uint64_t traces_bytes(const Scenario *s, uint64_t *samples)
{
    const ScnTrace *t = g_ptr_array_index(s->elastic->traces, 0);
    *samples = trace_set_samples(t->set);
    return trace_set_bytes(t->set);
}

int sim_bench_traces(int vms, FILE *out)
{
    g_autofree char *dir = g_strdup_printf("build/bench-traces-%d", vms);
    g_autofree char *vt = g_build_filename(dir, "vmtable.csv", NULL);
    if (!g_file_test(vt, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "bench traces: writing %s (once)\n", dir);
        SimTraceGen g = { .format = "azure", .dir = dir, .vms = vms, .days = 7, .step_s = 300,
                          .shards = 8, .seed = 1 };
        GError *error = NULL;
        if (!sim_tracegen(&g, TRUE, &error))
            g_error("bench traces: %s", error->message);
    }
    g_autofree char *text = g_strdup_printf(
        "name: bench-traces\nduration: 7 d\noutput: { sample_interval: 1 h }\n"
        "scheduler: { overcommit: { cpu: 4.0, memory: 2.0 } }\n"
        "hosts: [{ name: h, count: %d, cores: 64, freq: 2.5 GHz, memory: 1024 GiB }]\n"
        "vms: [{ name: az, workload: { trace: \"%s/vm_cpu_readings-file-*-of-8.csv\", "
        "format: azure } }]\n", MAX(1, vms / 8), dir);
    gint64 t0 = g_get_monotonic_time();
    GError *error = NULL;
    Scenario *s = scn_load_string(text, "bench-traces.yaml", NULL, &error);
    if (!s)
        g_error("bench traces: %s", error->message);
    double load_s = (double)(g_get_monotonic_time() - t0) / 1e6, load_mib = peak_rss_mib();
    uint64_t samples = 0, bytes = traces_bytes(s, &samples);
    SimDc *m = sim_dc_new(s);
    gint64 t1 = g_get_monotonic_time();
    uint64_t events = sim_dc_run(m);
    double run_s = (double)(g_get_monotonic_time() - t1) / 1e6;
    fprintf(out, "traces: Azure v2 layout, %d VMs x 7 d x 300 s, %.1f M samples\n", vms,
            samples / 1e6);
    fprintf(out, "  load %.1f s (%.1f M samples/s), peak %.0f MiB after load\n", load_s,
            samples / 1e6 / load_s, load_mib);
    fprintf(out, "  run  %.1f s (%" G_GUINT64_FORMAT " events), peak %.0f MiB\n", run_s, events,
            peak_rss_mib());
    fprintf(out, "  held %.2f bytes per sample, %.0f bytes per VM (series records and ids)\n",
            (double)bytes / samples, (double)(bytes - samples * 2) / vms);
    fprintf(out, "  total %.1f s, %.0f MiB    target (10^5 VMs): < 60 s, < 2048 MiB\n",
            load_s + run_s, peak_rss_mib());
    sim_dc_free(m);
    scn_scenario_free(s);
    return 0;
}
