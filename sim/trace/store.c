/* sim/trace/store.c — the compact series store and the value rule; see store.h. */
#include "sim/trace/store.h"

#include <math.h>
#include <string.h>

struct TraceSet {
    GPtrArray  *series;     /* TraceSeries *, first-seen order */
    GHashTable *by_id;      /* id -> index + 1 (lookups only, never iterated) */
};

static void series_free(gpointer p)
{
    TraceSeries *se = p;
    g_free(se->id);
    g_free(se->value_q);
    g_free(se->t_ns);
    for (int c = 0; se->ch && c < TRACE_CH_COUNT; c++) {
        g_free(se->ch->q[c]);
        g_free(se->ch->raw[c]);
    }
    g_free(se->ch);
    g_free(se);
}

TraceSet *trace_set_new(void)
{
    TraceSet *s = g_new0(TraceSet, 1);
    s->series = g_ptr_array_new_with_free_func(series_free);
    s->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    return s;
}

void trace_set_free(TraceSet *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->by_id);
    g_ptr_array_free(s->series, TRUE);
    g_free(s);
}

guint trace_set_len(const TraceSet *s) { return s->series->len; }
TraceSeries *trace_set_series(TraceSet *s, guint i) { return g_ptr_array_index(s->series, i); }
const TraceSeries *trace_set_get(const TraceSet *s, guint i)
{
    return g_ptr_array_index(s->series, i);
}

int trace_set_find(const TraceSet *s, const char *id)
{
    return (int)GPOINTER_TO_UINT(g_hash_table_lookup(s->by_id, id)) - 1;
}

guint trace_set_intern(TraceSet *s, const char *id, guint line)
{
    int i = trace_set_find(s, id);
    if (i >= 0)
        return (guint)i;
    TraceSeries *se = g_new0(TraceSeries, 1);
    se->id = g_strdup(id);
    se->created_ns = se->deleted_ns = SIM_TIME_NEVER;
    se->line = line;
    g_ptr_array_add(s->series, se);
    g_hash_table_insert(s->by_id, se->id, GUINT_TO_POINTER(s->series->len));
    return s->series->len - 1;
}

/* The first uneven gap: from now on every time is kept. */
static void series_go_uneven(TraceSeries *se)
{
    se->t_ns = g_new(SimTimeNs, se->cap);
    for (uint32_t i = 0; i < se->n; i++)
        se->t_ns[i] = se->t0_ns + (SimTimeNs)i * se->step_ns;
    se->step_ns = 0;
}

gboolean trace_series_push(TraceSeries *se, SimTimeNs t_ns, double frac)
{
    if (se->n > 0 && t_ns <= se->last_ns)
        return FALSE;
    if (se->n == se->cap) {
        se->cap = se->cap ? se->cap * 2 : 8;
        se->value_q = g_renew(uint16_t, se->value_q, se->cap);
        if (se->t_ns)
            se->t_ns = g_renew(SimTimeNs, se->t_ns, se->cap);
        for (int c = 0; se->ch && c < TRACE_CH_COUNT; c++)
            if (se->ch->raw[c])
                se->ch->raw[c] = g_renew(float, se->ch->raw[c], se->cap);
    }
    if (se->n == 0)
        se->t0_ns = t_ns;
    else if (se->n == 1)
        se->step_ns = t_ns - se->t0_ns;
    else if (!se->t_ns && t_ns - se->last_ns != se->step_ns)
        series_go_uneven(se);
    if (se->t_ns)
        se->t_ns[se->n] = t_ns;
    /* x + 0.5 truncated: lround for x >= 0, without the libm call */
    se->value_q[se->n++] = (uint16_t)(CLAMP(frac, 0.0, 1.0) * TRACE_Q_MAX + 0.5);
    se->last_ns = t_ns;
    return TRUE;
}

void trace_series_set_channel(TraceSeries *se, TraceChannel c, double v)
{
    g_assert(se->n > 0 && c < TRACE_CH_COUNT);
    if (!se->ch)
        se->ch = g_new0(TraceChannels, 1);
    if (!se->ch->raw[c]) {
        g_assert(se->n == 1);             /* every sample or none */
        se->ch->raw[c] = g_new(float, se->cap);
    }
    se->ch->raw[c][se->n - 1] = (float)MAX(v, 0.0);
}

double trace_series_channel_prev(const TraceSeries *se, TraceChannel c, double dflt)
{
    return se->n > 1 && se->ch && se->ch->raw[c] ? se->ch->raw[c][se->n - 2] : dflt;
}

/* The samples as read -> uint16 against the channel's full scale. */
static void series_quantize(TraceSeries *se, TraceChannel c)
{
    float *raw = se->ch->raw[c];
    double full = 1.0;
    if (c != TRACE_CH_MEMORY) {
        full = 0;
        for (uint32_t k = 0; k < se->n; k++)
            full = MAX(full, raw[k]);
    }
    se->ch->full[c] = full > 0 ? full : 1.0;
    se->ch->q[c] = g_new(uint16_t, MAX(se->n, 1u));
    for (uint32_t k = 0; k < se->n; k++)
        se->ch->q[c][k] = (uint16_t)(CLAMP(raw[k] / se->ch->full[c], 0.0, 1.0) * TRACE_Q_MAX + 0.5);
    g_free(raw);
    se->ch->raw[c] = NULL;
}

void trace_set_finish(TraceSet *s)
{
    for (guint i = 0; i < s->series->len; i++) {
        TraceSeries *se = g_ptr_array_index(s->series, i);
        for (int c = 0; se->ch && c < TRACE_CH_COUNT; c++)
            if (se->ch->raw[c])
                series_quantize(se, (TraceChannel)c);
        se->value_q = g_renew(uint16_t, se->value_q, MAX(se->n, 1u));
        if (se->t_ns)
            se->t_ns = g_renew(SimTimeNs, se->t_ns, MAX(se->n, 1u));
        se->cap = se->n;
    }
}

uint64_t trace_set_samples(const TraceSet *s)
{
    uint64_t n = 0;
    for (guint i = 0; i < s->series->len; i++)
        n += ((const TraceSeries *)g_ptr_array_index(s->series, i))->n;
    return n;
}

uint64_t trace_set_bytes(const TraceSet *s)
{
    uint64_t b = 0;
    for (guint i = 0; i < s->series->len; i++) {
        const TraceSeries *se = g_ptr_array_index(s->series, i);
        b += sizeof *se + strlen(se->id) + 1 + se->n * sizeof(uint16_t) +
             (se->t_ns ? se->n * sizeof(SimTimeNs) : 0);
        for (int c = 0; se->ch && c < TRACE_CH_COUNT; c++)
            b += (c == 0 ? sizeof *se->ch : 0) + (se->ch->q[c] ? se->n * sizeof(uint16_t) : 0);
    }
    return b;
}

/* ---- reading a series ----------------------------------------------------------------- */

SimTimeNs trace_series_time_ns(const TraceSeries *se, uint32_t i)
{
    g_assert(i < se->n);
    return se->t_ns ? se->t_ns[i] : se->t0_ns + (SimTimeNs)i * se->step_ns;
}

double trace_series_value_frac(const TraceSeries *se, uint32_t i)
{
    g_assert(i < se->n);
    return se->value_q[i] / (double)TRACE_Q_MAX;
}

gboolean trace_series_has(const TraceSeries *se, TraceChannel c)
{
    return se->ch && se->ch->q[c];
}

double trace_series_channel(const TraceSeries *se, TraceChannel c, uint32_t i)
{
    g_assert(i < se->n && trace_series_has(se, c));
    return se->ch->q[c][i] * se->ch->full[c] / TRACE_Q_MAX;
}

long trace_series_index_at(const TraceSeries *se, SimTimeNs t_ns)
{
    if (t_ns < se->t0_ns)
        return -1;
    if (!se->t_ns) {
        if (se->n == 1)
            return 0;
        return (long)MIN((uint64_t)((t_ns - se->t0_ns) / se->step_ns), (uint64_t)se->n - 1);
    }
    long lo = 0, hi = (long)se->n;            /* answer in [lo - 1, hi - 1] */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (se->t_ns[mid] <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

SimTimeNs trace_series_period_ns(const TraceSeries *se)
{
    if (se->n < 2)
        return SIM_NS_PER_S;
    SimTimeNs last_gap = trace_series_time_ns(se, se->n - 1) - trace_series_time_ns(se, se->n - 2);
    return se->last_ns - se->t0_ns + last_gap;
}

/* ---- views ---------------------------------------------------------------------------- */

/* Simulated time -> series time. */
static SimTimeNs view_time(const TraceView *v, SimTimeNs t_ns)
{
    const TraceSeries *se = v->series;
    if (!v->wrap)
        return t_ns + v->phase_ns;
    SimTimeNs p = trace_series_period_ns(se);
    SimTimeNs u = (t_ns + v->phase_ns) % p;
    return se->t0_ns + (u < 0 ? u + p : u);
}

static double series_at(const TraceSeries *se, TraceInterp interp, SimTimeNs u)
{
    long i = trace_series_index_at(se, u);
    if (i < 0)
        return trace_series_value_frac(se, 0);
    if (interp == TRACE_STEP || (uint32_t)i + 1 >= se->n)
        return trace_series_value_frac(se, (uint32_t)i);
    SimTimeNs t0 = trace_series_time_ns(se, (uint32_t)i), t1 = trace_series_time_ns(se, (uint32_t)i + 1);
    double v0 = trace_series_value_frac(se, (uint32_t)i), v1 = trace_series_value_frac(se, (uint32_t)i + 1);
    return v0 + (v1 - v0) * (double)(u - t0) / (double)(t1 - t0);
}

double trace_view_at(const TraceView *v, SimTimeNs t_ns)
{
    return series_at(v->series, v->interp, view_time(v, t_ns));
}

long trace_view_index_at(const TraceView *v, SimTimeNs t_ns)
{
    return trace_series_index_at(v->series, view_time(v, t_ns));
}

double trace_view_channel_at(const TraceView *v, TraceChannel c, SimTimeNs t_ns)
{
    long i = trace_series_index_at(v->series, view_time(v, t_ns));
    return trace_series_channel(v->series, c, (uint32_t)MAX(i, 0));
}

SimTimeNs trace_view_next_change_ns(const TraceView *v, SimTimeNs t_ns)
{
    const TraceSeries *se = v->series;
    SimTimeNs u = view_time(v, t_ns);
    long i = trace_series_index_at(se, u);
    SimTimeNs next;
    if ((uint32_t)(i + 1) < se->n)
        next = trace_series_time_ns(se, (uint32_t)(i + 1));
    else if (v->wrap)
        next = se->t0_ns + trace_series_period_ns(se);     /* back to sample 0 */
    else
        return SIM_TIME_NEVER;
    return t_ns + (next - u);
}

gboolean trace_view_grid(const TraceView *v, SimTimeNs *step_ns, SimTimeNs *offset_ns,
                         SimTimeNs *last_ns)
{
    const TraceSeries *se = v->series;
    if (v->interp != TRACE_STEP || se->t_ns || se->n < 2 || se->step_ns <= 0)
        return FALSE;
    /* view_time: unwrapped, sample i changes at t0 + i·step - phase; wrapped, whenever
     * t + phase is a whole number of steps (the period is n steps). */
    SimTimeNs base = v->wrap ? -v->phase_ns : se->t0_ns - v->phase_ns;
    *step_ns = se->step_ns;
    *offset_ns = ((base % se->step_ns) + se->step_ns) % se->step_ns;
    *last_ns = v->wrap ? SIM_TIME_NEVER : se->last_ns - v->phase_ns;
    return TRUE;
}

void trace_view_prefetch(const TraceView *v, SimTimeNs t_ns)
{
    const TraceSeries *se = v->series;
    long i = trace_series_index_at(se, view_time(v, t_ns));
    __builtin_prefetch(&se->value_q[MAX(i, 0)]);
}
