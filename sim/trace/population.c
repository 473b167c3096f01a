/* sim/trace/population.c — selection, phases, windows and arrivals; see population.h. */
#include "sim/trace/population.h"

#include <math.h>
#include <string.h>

#include "sim/core/rng.h"

#define GOLDEN 0.6180339887498949

/* The series' life in trace time: vmtable's, else its samples' (last + one step). */
static void life(const TraceSeries *se, SimTimeNs *from, SimTimeNs *to)
{
    *from = se->created_ns != SIM_TIME_NEVER ? se->created_ns : se->t0_ns;
    if (se->deleted_ns != SIM_TIME_NEVER)
        *to = se->deleted_ns;
    else
        *to = se->t0_ns + trace_series_period_ns(se);
}

static gboolean eligible(const TraceSeries *se, const TracePopOptions *o)
{
    SimTimeNs a, b;
    life(se, &a, &b);
    return b > o->from_ns && (o->to_ns == 0 || a < o->to_ns);
}

/* Phase in samples for copy j of a series with n samples (u: the series' seeded draw). */
static uint32_t phase_samples(uint32_t n, double u, int64_t j, TracePhase phase)
{
    if (phase == TRACE_PHASE_NONE || n < 2)
        return 0;
    if (phase == TRACE_PHASE_RANDOM)
        j++;
    if (j == 0)
        return 0;
    double x = fmod(u + (double)j * GOLDEN, 1.0);
    return 1 + (uint32_t)(x * (n - 1));
}

static TraceMember member(const TraceSeries *se, const TracePopOptions *o, uint32_t ph)
{
    TraceMember m = { .view = { se, o->interp, o->from_ns, FALSE }, .start_ns = 0,
                      .end_ns = SIM_TIME_NEVER, .vcpus = se->vcpus,
                      .memory_bytes = se->memory_bytes };
    if (ph > 0) {
        m.view.phase_ns += trace_series_time_ns(se, ph) - se->t0_ns;
        m.view.wrap = TRUE;
    }
    if (o->arrivals && (se->created_ns != SIM_TIME_NEVER || !o->vm)) {
        SimTimeNs a, b;
        life(se, &a, &b);
        m.start_ns = MAX(a - o->from_ns, 0);
        if (o->to_ns == 0 || b < o->to_ns)
            m.end_ns = MAX(b - o->from_ns, m.start_ns);
    }
    return m;
}

static GArray *eligible_series(const TraceSet *set, const TracePopOptions *o, const char **why)
{
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
    if (o->vm) {
        int i = trace_set_find(set, o->vm);
        if (i >= 0)
            g_array_append_val(idx, i);
        else
            *why = "unknown VM id: no series of the trace has it";
        return idx;
    }
    for (guint i = 0; i < trace_set_len(set); i++)
        if (eligible(trace_set_get(set, i), o))
            g_array_append_val(idx, i);
    if (idx->len == 0)
        *why = "no VM of the trace lives in the window (expected a window that overlaps "
               "the trace)";
    return idx;
}

GArray *trace_population(const TraceSet *set, const TracePopOptions *o, const char **why)
{
    g_autoptr(GArray) idx = eligible_series(set, o, why);
    if (idx->len == 0)
        return NULL;
    SimRng *rng = sim_rng_new(o->seed, o->stream);
    guint M = idx->len;
    if (o->select == TRACE_SELECT_RANDOM)
        for (guint i = M - 1; i > 0; i--) {              /* Fisher-Yates */
            guint k = (guint)sim_rng_below(rng, i + 1);
            guint t = g_array_index(idx, guint, i);
            g_array_index(idx, guint, i) = g_array_index(idx, guint, k);
            g_array_index(idx, guint, k) = t;
        }
    double *u = g_new(double, M);
    for (guint i = 0; i < M; i++)
        u[i] = sim_rng_uniform(rng);
    int64_t n = o->count > 0 ? o->count : M;
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(TraceMember), (guint)n);
    for (int64_t k = 0; k < n; k++) {
        const TraceSeries *se = trace_set_get(set, g_array_index(idx, guint, k % M));
        TraceMember m = member(se, o, phase_samples(se->n, u[k % M], k / M, o->phase));
        g_array_append_val(out, m);
    }
    g_free(u);
    sim_rng_free(rng);
    return out;
}
