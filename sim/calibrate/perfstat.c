/* sim/calibrate/perfstat.c — `perf stat -x,` output: one counter per line.
 *
 * The fields (tools/perf/Documentation/perf-stat.txt, "CSV FORMAT"): counter value, unit of
 * the value or empty, event name, run time of the counter, percentage of the measurement time
 * it ran, with -r the variance, then the optional metric value and metric unit.  Lines that
 * start with '#' (the "# started on" header) and blank lines are skipped; a metric-only line
 * has empty value and event.  A value of "<not counted>" or "<not supported>" leaves that
 * counter out.  Interval (-I) and per-CPU (-A, --per-core) layouts prefix extra fields and are
 * refused with a hint, since a sum over them is what the fit needs.
 */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <string.h>

typedef enum { EV_NONE, EV_CYCLES, EV_INSTR, EV_TLB_LOAD, EV_TLB_STORE, EV_WALK_LOAD,
               EV_WALK_STORE, EV_TASK_CLOCK } PerfEvent;

typedef struct {
    const char *name;
    PerfEvent   ev;
} PerfName;

/* The events the fit reads; the first of each kind in the file counts.  Intel's
 * walk_active counts cycles with a walk in progress (walk_duration on older cores). */
static const PerfName perf_names[] = {
    { "cycles", EV_CYCLES }, { "cpu-cycles", EV_CYCLES },
    { "instructions", EV_INSTR },
    { "dTLB-load-misses", EV_TLB_LOAD }, { "dtlb_load_misses.miss_causes_a_walk", EV_TLB_LOAD },
    { "dtlb_load_misses.walk_completed", EV_TLB_LOAD },
    { "dTLB-store-misses", EV_TLB_STORE },
    { "dtlb_store_misses.miss_causes_a_walk", EV_TLB_STORE },
    { "dtlb_store_misses.walk_completed", EV_TLB_STORE },
    { "dtlb_load_misses.walk_active", EV_WALK_LOAD },
    { "dtlb_load_misses.walk_duration", EV_WALK_LOAD },
    { "dtlb_store_misses.walk_active", EV_WALK_STORE },
    { "dtlb_store_misses.walk_duration", EV_WALK_STORE },
    { "task-clock", EV_TASK_CLOCK }, { "cpu-clock", EV_TASK_CLOCK },
    { NULL, EV_NONE },
};

/* "cpu_core/cycles/u" -> "cycles", "cycles:u" -> "cycles". */
static char *perf_base_name(const char *event)
{
    const char *s = event, *slash = strchr(event, '/');
    if (slash && strchr(slash + 1, '/'))
        s = slash + 1;
    size_t n = strcspn(s, ":/");
    return g_strndup(s, n);
}

static PerfEvent perf_event_of(const char *event)
{
    g_autofree char *base = perf_base_name(event);
    for (const PerfName *n = perf_names; n->name; n++)
        if (g_ascii_strcasecmp(n->name, base) == 0)
            return n->ev;
    return EV_NONE;
}

static gboolean perf_number(const char *s, double *out)
{
    char *end = NULL;
    if (!*s || g_ascii_isspace(*s))
        return FALSE;
    *out = g_ascii_strtod(s, &end);
    return end && *end == '\0' && isfinite(*out) && *out >= 0;
}

/* The column where field i starts in line. */
static int field_col(char **f, int i)
{
    int col = 1;
    for (int k = 0; k < i; k++)
        col += (int)g_utf8_strlen(f[k], -1) + 1;
    return col;
}

typedef struct {
    double value[EV_TASK_CLOCK + 1];
    gboolean seen[EV_TASK_CLOCK + 1];
    int line[EV_TASK_CLOCK + 1];
    int counted;
} PerfAcc;

static gboolean perf_line(const CalInput *in, int line, char *text, PerfAcc *acc, GError **error)
{
    g_auto(GStrv) f = g_strsplit(text, ",", -1);
    guint n = g_strv_length(f);
    if (n < 3)
        return cal_fail(error, in->path, line, 1, "%u field%s where perf stat -x, prints at "
                        "least 3 (expected value,unit,event,run time,percentage,...)", n,
                        n == 1 ? "" : "s");
    g_strstrip(f[0]);
    if (!*f[0] && !*f[2])
        return TRUE;                               /* an extra metric line */
    double v = 0;
    gboolean missing = g_str_has_prefix(f[0], "<not ");
    if (!missing && !perf_number(f[0], &v))
        return cal_fail(error, in->path, line, 1, "counter value '%s' is not a count (expected "
                        "a number, <not counted> or <not supported>)", f[0]);
    if (!*f[2] || perf_number(f[2], &(double){ 0 }))
        return cal_fail(error, in->path, line, field_col(f, 2), "field 3 is '%s', not an event "
                        "name (expected value,unit,event,...; interval (-I) and per-CPU (-A) "
                        "output are not read: run perf stat -x, without them)", f[2]);
    PerfEvent ev = perf_event_of(f[2]);
    if (missing || ev == EV_NONE || acc->seen[ev])
        return TRUE;
    if (ev == EV_TASK_CLOCK && strcmp(g_strstrip(f[1]), "msec") != 0)
        return cal_fail(error, in->path, line, field_col(f, 1), "%s in unit '%s' (expected "
                        "msec)", f[2], f[1]);
    acc->value[ev] = v;
    acc->seen[ev] = TRUE;
    acc->line[ev] = line;
    acc->counted++;
    return TRUE;
}

static void perf_store(CalSet *set, const CalInput *in, CalSide side, const PerfAcc *a)
{
    CalPerfRun *r = g_new0(CalPerfRun, 1);
    r->input = in;
    r->side = side;
    r->cycles = a->seen[EV_CYCLES] ? a->value[EV_CYCLES] : NAN;
    r->cycles_line = a->line[EV_CYCLES];
    r->instructions = a->seen[EV_INSTR] ? a->value[EV_INSTR] : NAN;
    gboolean tlb = a->seen[EV_TLB_LOAD] || a->seen[EV_TLB_STORE];
    r->tlb_misses = tlb ? a->value[EV_TLB_LOAD] + a->value[EV_TLB_STORE] : NAN;
    gboolean walk = a->seen[EV_WALK_LOAD] || a->seen[EV_WALK_STORE];
    r->walk_cycles = walk ? a->value[EV_WALK_LOAD] + a->value[EV_WALK_STORE] : NAN;
    r->task_clock_ms = a->seen[EV_TASK_CLOCK] ? a->value[EV_TASK_CLOCK] : NAN;
    g_ptr_array_add(set->perf, r);
}

gboolean cal_read_perfstat(CalSet *set, const CalInput *in, const char *text, GError **error)
{
    CalSide side;
    if (!cal_side_from_path(in->path, "perf stat", &side, error))
        return FALSE;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    PerfAcc acc = { 0 };
    for (int i = 0; lines[i]; i++) {
        g_strchomp(lines[i]);
        if (!*lines[i] || lines[i][0] == '#')
            continue;
        if (!perf_line(in, i + 1, lines[i], &acc, error))
            return FALSE;
    }
    if (!acc.counted)
        return cal_fail(error, in->path, 1, 1, "no counter this fit reads was counted (expected "
                        "cycles, instructions, dTLB-load-misses, dtlb_load_misses.walk_active or "
                        "task-clock: perf stat -x, -e cycles,instructions,dTLB-load-misses,...)");
    perf_store(set, in, side, &acc);
    return TRUE;
}
