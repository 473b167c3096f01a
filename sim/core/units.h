/* sim/core/units.h — quantities with units, as scenario files write them.
 *
 * Every value parses to its SI base: durations to nanoseconds, sizes to bytes, data rates to
 * bytes per second, frequencies to hertz, power to watts, work to cycles, event rates to
 * events per second, fractions to 0..1.  Binary prefixes are binary (GiB = 2^30 B), decimal
 * ones decimal (GB = 10^9 B, Gbit/s = 10^9 bit/s), as storage and network vendors use them.
 * A bare number is an error (it names the expected units) except 0, and except for
 * fractions and plain counts, where a bare number is the natural form (`low: 0.2`).
 */
#ifndef SIM_UNITS_H
#define SIM_UNITS_H

#include <glib.h>

typedef enum {
    SCN_UNIT_DURATION,      /* -> ns: ns, us, ms, s, min, h, d */
    SCN_UNIT_SIZE,          /* -> bytes: B, KB..TB, KiB..TiB */
    SCN_UNIT_DATA_RATE,     /* -> bytes/s: bit/s, kbit/s..Tbit/s, bps..Gbps, B/s..GiB/s */
    SCN_UNIT_FREQ,          /* -> Hz: Hz, kHz, MHz, GHz */
    SCN_UNIT_POWER,         /* -> W: mW, W, kW */
    SCN_UNIT_CYCLES,        /* -> cycles: cycles, kcycles..Tcycles */
    SCN_UNIT_EVENT_RATE,    /* -> 1/s: "/s", "WORD/s", "/min", "/h" */
    SCN_UNIT_FRAC,          /* -> 0..1: "70%", or a bare number */
    SCN_UNIT_RATIO,         /* -> a bare number >= 0, or "x" suffix ("2x") */
    SCN_UNIT_COUNT          /* bookkeeping: number of kinds */
} ScnUnitKind;

/* Parses text as kind; on failure returns FALSE and sets *why to a message in git style
 * ("duration '300' needs a unit (ns, us, ms, s, min, h)"), to be prefixed with a
 * position by the caller.  *why is g_free'd by the caller. */
gboolean    scn_unit_parse(const char *text, ScnUnitKind kind, double *out, char **why);
const char *scn_unit_kind_name(ScnUnitKind kind);    /* "duration", "size", ... */
const char *scn_unit_expected(ScnUnitKind kind);     /* "ns, us, ms, s, min, h" */
/* A regular expression (ECMA, for JSON Schema) matching the texts scn_unit_parse accepts
 * for kind, bare numbers included where the kind allows them; g_free it. */
char       *scn_unit_pattern(ScnUnitKind kind);
/* TRUE when a bare number is the kind's natural form (fraction, ratio). */
gboolean    scn_unit_bare_ok(ScnUnitKind kind);

/* Formats an SI value back with the unit that parses to exactly the same number:
 * "1500000000 ns", "4294967296 B", "125000000 B/s", "2500000000 Hz". */
char       *scn_unit_format_exact(double value, ScnUnitKind kind);

#endif
