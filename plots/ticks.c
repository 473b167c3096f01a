/* plots/ticks.c — see ticks.h.  Pure functions, no cairo. */
#include "plots/ticks.h"

#include <math.h>

static void plot_ticks_fill(double first, double step, int n, PlotTicks *out)
{
    out->step = step;
    out->n = n;
    for (int i = 0; i < n; i++) {
        double v = first + i * step;
        out->values[i] = fabs(v) < step * 1e-9 ? 0.0 : v;
    }
    out->lo = out->values[0];
    out->hi = out->values[n - 1];
}

/* Widens degenerate input to a span plot_ticks can split. */
static void plot_ticks_sanitize(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi)) {
        *lo = 0.0;
        *hi = 1.0;
    }
    if (*lo > *hi) {
        double t = *lo;
        *lo = *hi;
        *hi = t;
    }
    double mag = fmax(fabs(*lo), fabs(*hi));
    if (*hi - *lo <= mag * 1e-12) {
        double pad = mag > 0.0 ? mag / 10.0 : 0.5;
        *lo = mag > 0.0 ? *lo - pad : 0.0;
        *hi = mag > 0.0 ? *hi + pad : 1.0;
    }
    if (!isfinite(*hi - *lo) || *hi - *lo < 1e-290) {   /* beyond what doubles can split */
        *lo = 0.0;
        *hi = 1.0;
    }
}

int plot_ticks(double lo, double hi, int max_ticks, PlotTicks *out)
{
    static const double mantissas[] = { 1.0, 2.0, 5.0, 10.0 };
    max_ticks = CLAMP(max_ticks, 2, PLOT_TICKS_MAX);
    plot_ticks_sanitize(&lo, &hi);
    double mag = pow(10.0, floor(log10((hi - lo) / (max_ticks - 1))));
    for (;; mag *= 10.0) {
        for (size_t i = 0; i < G_N_ELEMENTS(mantissas); i++) {
            double step = mantissas[i] * mag;
            double first = floor(lo / step + 1e-9), last = ceil(hi / step - 1e-9);
            int n = (int)lround(last - first) + 1;
            if (n <= max_ticks) {
                plot_ticks_fill(first * step, step, MAX(n, 2), out);
                return out->n;
            }
        }
    }
}

typedef struct { double limit, factor; const char *unit; } PlotScaleStep;

static const PlotScaleStep plot_time_steps[] = {
    { 1e-3, 1e-6, "\u00b5s" }, { 1.0, 1e-3, "ms" }, { 120.0, 1.0, "s" },
    { 7200.0, 60.0, "min" }, { 96 * 3600.0, 3600.0, "h" }, { INFINITY, 86400.0, "d" },
};
static const PlotScaleStep plot_byte_steps[] = {
    { 0x1p10, 1.0, "B" }, { 0x1p20, 0x1p10, "KiB" }, { 0x1p30, 0x1p20, "MiB" },
    { 0x1p40, 0x1p30, "GiB" }, { INFINITY, 0x1p40, "TiB" },
};
static const PlotScaleStep plot_rate_steps[] = {
    { 0x1p10, 1.0, "B/s" }, { 0x1p20, 0x1p10, "KiB/s" }, { 0x1p30, 0x1p20, "MiB/s" },
    { 0x1p40, 0x1p30, "GiB/s" }, { INFINITY, 0x1p40, "TiB/s" },
};
static const PlotScaleStep plot_si_steps[] = {
    { 1e3, 1.0, "" }, { 1e6, 1e3, "k" }, { 1e9, 1e6, "M" }, { 1e12, 1e9, "G" },
    { INFINITY, 1e12, "T" },
};

static const PlotScaleStep *plot_scale_pick(const PlotScaleStep *steps, double mag)
{
    while (mag >= steps->limit)
        steps++;
    return steps;
}

PlotScale plot_unit_scale(PlotUnit unit, double lo, double hi)
{
    double mag = fmax(fabs(lo), fabs(hi));
    if (!isfinite(mag))
        mag = 0.0;
    const PlotScaleStep *s;
    switch (unit) {
    case PLOT_UNIT_SECONDS:
        s = plot_scale_pick(plot_time_steps, mag == 0.0 ? 1.0 : mag);
        return (PlotScale){ s->factor, s->unit, "" };
    case PLOT_UNIT_BYTES:
        s = plot_scale_pick(plot_byte_steps, mag);
        return (PlotScale){ s->factor, s->unit, "" };
    case PLOT_UNIT_BYTES_PER_S:
        s = plot_scale_pick(plot_rate_steps, mag);
        return (PlotScale){ s->factor, s->unit, "" };
    case PLOT_UNIT_FRAC:
        return (PlotScale){ 0.01, "%", "" };
    case PLOT_UNIT_NONE:
    case PLOT_UNIT_COUNT_:
        break;
    }
    s = plot_scale_pick(plot_si_steps, mag);
    return (PlotScale){ s->factor, "", s->unit };
}

int plot_ticks_scaled(double lo, double hi, int max_ticks, PlotScale scale, PlotTicks *out)
{
    plot_ticks(lo / scale.factor, hi / scale.factor, max_ticks, out);
    out->step *= scale.factor;
    for (int i = 0; i < out->n; i++)
        out->values[i] *= scale.factor;
    out->lo = out->values[0];
    out->hi = out->values[out->n - 1];
    return out->n;
}

char *plot_tick_label(PlotScale scale, double value, double step)
{
    double v = value / scale.factor, s = fabs(step / scale.factor);
    int decimals = s > 0.0 && s < 1.0 ? (int)ceil(-log10(s) - 1e-9) : 0;
    decimals = CLAMP(decimals, 0, 9);
    if (fabs(v) < s * 1e-6)
        return g_strdup_printf("%.*f", decimals, 0.0);     /* "0", never "0k" */
    return g_strdup_printf("%.*f%s", decimals, v, scale.tick_suffix);
}

char *plot_axis_title(const char *label, PlotScale scale)
{
    const char *l = label ? label : "";
    if (!*scale.unit)
        return g_strdup(l);
    return *l ? g_strdup_printf("%s (%s)", l, scale.unit) : g_strdup_printf("(%s)", scale.unit);
}
