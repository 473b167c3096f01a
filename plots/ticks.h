/* plots/ticks.h — "nice" axis ticks and unit-aware tick labels.
 *
 * plot_ticks() picks tick values in 1-2-5 steps (1, 2, 5, 10, 20, 50, ...) that cover a data
 * range, as in Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).  The covering
 * invariant: values[0] <= lo and values[n-1] >= hi, every step equal, n <= max_ticks, and a
 * value that should be zero is exactly 0.0 (no "-0" or "1e-17" labels).
 *
 * Units: data always arrives in SI base units (seconds, bytes, bytes per second, fractions
 * 0..1, plain counts).  plot_unit_scale() picks the display unit that fits a range — time in
 * us/ms/s/min/h/d, bytes in binary B/KiB/MiB/GiB/TiB, fractions as %, plain numbers with SI
 * suffixes k/M/G/T — and ticks are chosen in that display unit, so a 0..1e9 byte axis reads
 * 0, 200, ..., 1000 MiB rather than 0, 2e8, ...
 */
#ifndef PLOT_TICKS_H
#define PLOT_TICKS_H

#include <glib.h>

#define PLOT_TICKS_MAX 32

typedef enum {
    PLOT_UNIT_NONE,          /* plain numbers; ticks get SI suffixes (200k, 1.5M) */
    PLOT_UNIT_SECONDS,       /* data in s; shown in us, ms, s, min, h or d */
    PLOT_UNIT_BYTES,         /* data in bytes; shown in B, KiB, MiB, GiB or TiB */
    PLOT_UNIT_BYTES_PER_S,   /* data in bytes/s; shown in B/s .. TiB/s */
    PLOT_UNIT_FRAC,          /* data in 0..1; shown as % */
    PLOT_UNIT_COUNT_
} PlotUnit;

typedef struct {
    double lo, hi;                   /* covered range: values[0] and values[n-1] */
    double step;                     /* > 0 */
    int    n;                        /* 2 .. PLOT_TICKS_MAX */
    double values[PLOT_TICKS_MAX];
} PlotTicks;

/* Ticks covering [lo, hi] in 1-2-5 steps with at most max_ticks values (clamped to
 * 2..PLOT_TICKS_MAX).  lo > hi is swapped; a zero span (a single point) is widened to
 * [v - |v|/10, v + |v|/10], or [0, 1] for v = 0; NaN or infinite bounds give [0, 1].
 * Returns out->n. */
int plot_ticks(double lo, double hi, int max_ticks, PlotTicks *out);

typedef struct {
    double      factor;              /* display value = value / factor */
    const char *unit;                /* "MiB", "min", "%": goes into the axis title; "" if none */
    const char *tick_suffix;         /* "k", "M": appended to each tick label (PLOT_UNIT_NONE) */
} PlotScale;

/* The display unit for data spanning [lo, hi] (chosen by the larger magnitude). */
PlotScale plot_unit_scale(PlotUnit unit, double lo, double hi);

/* Ticks for [lo, hi] chosen in the display unit of scale; values are in data units. */
int plot_ticks_scaled(double lo, double hi, int max_ticks, PlotScale scale, PlotTicks *out);

/* The label of one tick: enough decimals to tell neighbours step apart ("0.5", "250k").
 * Returns a newly allocated string. */
char *plot_tick_label(PlotScale scale, double value, double step);

/* "Memory used (GiB)": label with the display unit in parentheses, if there is one. */
char *plot_axis_title(const char *label, PlotScale scale);

#endif
