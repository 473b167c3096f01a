/* sim/core/progress.c — the progress line; see progress.h. */
#include "sim/core/progress.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define LINE_COLUMNS 79

typedef struct {
    FILE  *out;
    char   phase[48];
    gint64 phase_start_us;
    gint64 drawn_us;              /* last redraw; 0: the phase is not drawn yet */
} Progress;

static _Thread_local Progress *current;

gboolean sim_progress_wanted(gboolean quiet)
{
    return !quiet && isatty(STDERR_FILENO);
}

void sim_progress_begin(FILE *out)
{
    if (current)
        return;
    current = g_new0(Progress, 1);
    current->out = out;
}

void sim_progress_end(void)
{
    if (!current)
        return;
    fprintf(current->out, "\r%*s\r", LINE_COLUMNS, "");
    fflush(current->out);
    g_clear_pointer(&current, g_free);
}

void sim_progress_print(FILE *out, const char *fmt, ...)
{
    if (current) {
        fprintf(current->out, "\r%*s\r", LINE_COLUMNS, "");
        current->drawn_us = 0;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    fflush(out);
}

gboolean sim_progress_active(void)
{
    return current != NULL;
}

void sim_progress_phase(const char *name)
{
    if (!current || strcmp(current->phase, name) == 0)
        return;
    g_strlcpy(current->phase, name, sizeof current->phase);
    current->phase_start_us = g_get_monotonic_time();
    current->drawn_us = 0;
    sim_progress_step(0, 1, NULL);
}

/* "ETA 3 s", "ETA 2 min 5 s", or "ETA -" before anything is done. */
static char *eta_text(double elapsed_s, uint64_t done, uint64_t total)
{
    if (done == 0 || done > total)
        return g_strdup("ETA -");
    double left_s = elapsed_s * (double)(total - done) / (double)done;
    if (left_s < 60)
        return g_strdup_printf("ETA %.0f s", left_s);
    int64_t whole_s = (int64_t)left_s;
    return g_strdup_printf("ETA %" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s", whole_s / 60,
                           whole_s % 60);
}

void sim_progress_step(uint64_t done, uint64_t total, const char *detail)
{
    if (!current)
        return;
    gint64 now = g_get_monotonic_time();
    if (current->drawn_us && now - current->drawn_us < SIM_PROGRESS_REDRAW_US && done < total)
        return;
    current->drawn_us = now;
    double frac = total ? MIN(1.0, (double)done / (double)total) : 0;
    g_autofree char *eta = eta_text((double)(now - current->phase_start_us) / 1e6, done, total);
    g_autofree char *line = g_strdup_printf("  %-22s %5.1f %%  %s%s%s", current->phase,
                                            100 * frac, eta, detail ? "  " : "",
                                            detail ? detail : "");
    fprintf(current->out, "\r%-*.*s", LINE_COLUMNS, LINE_COLUMNS, line);
    fflush(current->out);
}
