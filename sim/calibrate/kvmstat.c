/* sim/calibrate/kvmstat.c — `perf kvm stat report` (the VM-EXIT analysis), as printed text.
 *
 * Layout (tools/perf/builtin-kvm.c, print_result): a line "Analyze events for ...", a header
 * naming the event class ("VM-EXIT"), then one row per exit reason:
 *   REASON  Samples  Samples%  Time%  Min Time  Max Time  Avg time ( +- stddev% )
 * times in microseconds with a "us" suffix (older perf prints no Min/Max columns), and a
 * closing "Total Samples:N, Total events handled time:Tus."  The +- column is the relative
 * standard deviation of the mean, in percent.  Other event classes (ioport, mmio, msr) are
 * refused: their rows are not exits.  The report has no duration, so exit rates need one: a
 * line "# duration: 30 s" before the header (docs/calibrate.md shows the command that writes
 * it) or vdcsim calibrate --duration.
 */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <string.h>

#include "sim/core/units.h"

typedef struct {
    char *text;
    int   col;          /* 1-based */
} Tok;

static GArray *tokenize(const char *line)
{
    GArray *t = g_array_new(FALSE, FALSE, sizeof(Tok));
    const char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        Tok k = { g_strndup(s, (gsize)(p - s)), (int)(s - line) + 1 };
        g_array_append_val(t, k);
    }
    return t;
}

static void tokens_free(GArray *t)
{
    for (guint i = 0; i < t->len; i++)
        g_free(g_array_index(t, Tok, i).text);
    g_array_unref(t);
}

static gboolean number_with(const char *s, const char *suffix, double *out)
{
    if (!g_str_has_suffix(s, suffix))
        return FALSE;
    g_autofree char *num = g_strndup(s, strlen(s) - strlen(suffix));
    char *end = NULL;
    *out = g_ascii_strtod(num, &end);
    return *num && end && *end == '\0' && isfinite(*out) && *out >= 0;
}

/* A time token: "0.86us" (also "ns" and "ms", converted to microseconds). */
static gboolean time_us(const char *s, double *out)
{
    if (number_with(s, "us", out))
        return TRUE;
    if (number_with(s, "ns", out)) {
        *out /= 1e3;
        return TRUE;
    }
    if (number_with(s, "ms", out)) {
        *out *= 1e3;
        return TRUE;
    }
    return FALSE;
}

static gboolean kvm_bad(const CalInput *in, int line, const Tok *t, const char *expected,
                        GError **error)
{
    return cal_fail(error, in->path, line, t->col, "'%s' in an exit row (expected %s)", t->text,
                    expected);
}

/* One row: 11 tokens (with Min and Max Time) or 9 (without). */
static gboolean kvm_row(const CalInput *in, int line, GArray *t, CalKvmReport *r, GError **error)
{
    Tok *k = (Tok *)t->data;
    gboolean wide = t->len == 11;
    if (t->len != 11 && t->len != 9)
        return cal_fail(error, in->path, line, 1, "an exit row of %u fields (expected REASON "
                        "Samples Samples%% Time%% Min Max Avg ( +- x%% ))", t->len);
    CalKvmExit e = { .min_us = NAN, .max_us = NAN };
    double pct = 0;
    char *end = NULL;
    e.samples = g_ascii_strtod(k[1].text, &end);
    if (!end || *end || !g_ascii_isdigit(k[1].text[0]))
        return kvm_bad(in, line, &k[1], "a sample count", error);
    if (!number_with(k[2].text, "%", &pct) || !number_with(k[3].text, "%", &pct))
        return kvm_bad(in, line, &k[number_with(k[2].text, "%", &pct) ? 3 : 2],
                       "a percentage such as 43.59%", error);
    int a = wide ? 6 : 4;
    if (wide && !time_us(k[4].text, &e.min_us))
        return kvm_bad(in, line, &k[4], "a time such as 0.45us", error);
    if (wide && !time_us(k[5].text, &e.max_us))
        return kvm_bad(in, line, &k[5], "a time such as 66.27us", error);
    if (!time_us(k[a].text, &e.avg_us))
        return kvm_bad(in, line, &k[a], "a time such as 0.86us", error);
    if (strcmp(k[a + 1].text, "(") || strcmp(k[a + 2].text, "+-") ||
        !number_with(k[a + 3].text, "%", &pct) || strcmp(k[a + 4].text, ")"))
        return kvm_bad(in, line, &k[a + 1], "'( +- x% )' after the mean", error);
    e.rel_stderr_frac = pct / 100;
    e.reason = g_strdup(k[0].text);
    g_array_append_val(r->exits, e);
    return TRUE;
}

/* "Total Samples:268510, Total events handled time:42291233.49us." */
static gboolean kvm_total(const CalInput *in, int line, const char *text, CalKvmReport *r,
                          GError **error)
{
    const char *s = strstr(text, "Total Samples:"), *t = strstr(text, "handled time:");
    char *end = NULL;
    if (s)
        r->total_samples = g_ascii_strtod(s + 14, &end);
    if (!s || !t || end == s + 14) {
        return cal_fail(error, in->path, line, 1, "malformed total line (expected 'Total "
                        "Samples:N, Total events handled time:Tus.')");
    }
    g_autofree char *tt = g_strdup(t + 13);
    g_strchomp(tt);
    if (g_str_has_suffix(tt, "."))
        tt[strlen(tt) - 1] = '\0';
    if (!time_us(tt, &r->total_us))
        return cal_fail(error, in->path, line, (int)(t - text) + 14, "handled time '%s' is "
                        "not a time (expected a number with us)", tt);
    return TRUE;
}

/* "# duration: 30 s": the recording's length, which perf kvm stat report does not print. */
static gboolean kvm_duration(const CalInput *in, int line, const char *text, CalKvmReport *r,
                             GError **error)
{
    const char *v = text + strlen("# duration:");
    while (*v == ' ')
        v++;
    double ns = 0;
    g_autofree char *why = NULL;
    if (!scn_unit_parse(v, SCN_UNIT_DURATION, &ns, &why) || !(ns > 0))
        return cal_fail(error, in->path, line, (int)(v - text) + 1, "duration '%s' (expected "
                        "the recording's length with a unit, such as '# duration: 30 s')", v);
    r->duration_s = ns / 1e9;
    return TRUE;
}

typedef enum { KVM_BEFORE, KVM_ROWS, KVM_DONE } KvmState;

static gboolean kvm_line(const CalInput *in, int line, char *text, KvmState *st,
                         CalKvmReport *r, GError **error)
{
    if (strstr(text, "Total Samples:")) {
        if (*st != KVM_ROWS)
            return cal_fail(error, in->path, line, 1, "total line before the VM-EXIT header "
                            "(expected the header first)");
        *st = KVM_DONE;
        return kvm_total(in, line, text, r, error);
    }
    if (*st == KVM_BEFORE && g_str_has_prefix(text, "# duration:"))
        return kvm_duration(in, line, text, r, error);
    GArray *t = tokenize(text);
    gboolean ok = TRUE;
    if (t->len == 0 || *st == KVM_DONE || strstr(text, "Analyze events for")) {
        ok = TRUE;
    } else if (*st == KVM_BEFORE && strstr(text, "Samples%")) {
        if (strcmp(g_array_index(t, Tok, 0).text, "VM-EXIT") != 0)
            ok = cal_fail(error, in->path, line, g_array_index(t, Tok, 0).col, "this report "
                          "analyzes '%s' events (expected the VM-EXIT report: perf kvm stat "
                          "report --event=vmexit)", g_array_index(t, Tok, 0).text);
        *st = KVM_ROWS;
    } else if (*st == KVM_ROWS) {
        ok = kvm_row(in, line, t, r, error);
    } else {
        ok = cal_fail(error, in->path, line, g_array_index(t, Tok, 0).col, "unexpected text "
                      "before the VM-EXIT header (expected perf kvm stat report output)");
    }
    tokens_free(t);
    return ok;
}

gboolean cal_read_kvmstat(CalSet *set, const CalInput *in, const char *text, GError **error)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    CalKvmReport *r = g_new0(CalKvmReport, 1);
    r->input = in;
    r->exits = g_array_new(FALSE, TRUE, sizeof(CalKvmExit));
    r->duration_s = NAN;
    g_ptr_array_add(set->kvm, r);
    KvmState st = KVM_BEFORE;
    int last = 1;
    for (int i = 0; lines[i]; i++) {
        g_strchomp(lines[i]);
        if (*lines[i])
            last = i + 1;
        if (!kvm_line(in, i + 1, lines[i], &st, r, error))
            return FALSE;
    }
    if (st != KVM_DONE)
        return cal_fail(error, in->path, last, 1, "the report ends without its 'Total Samples:' "
                        "line (expected the whole output of perf kvm stat report)");
    if (r->exits->len == 0)
        return cal_fail(error, in->path, last, 1, "no exit rows (expected at least one exit "
                        "reason; was the guest running while perf kvm stat record ran?)");
    return TRUE;
}
