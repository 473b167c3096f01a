/* tests/test-units.c — quantities with units (sim/core/units.h): every unit of every kind parses
 * to its SI base exactly, every bad form fails with the message a user sees, the bare-zero
 * rule, and scn_unit_format_exact() round trips (parse(format(x)) == x, bit for bit).
 *
 * Expected values are written as exact decimal literals (4 GiB = 4294967296 B, 1 Gbit/s =
 * 125000000 B/s), so a factor table that drifts from the standard prefixes fails here. */
#include "sim/core/units.h"

#include <math.h>
#include <string.h>

typedef struct {
    const char *text;
    double      expected;
} Case;

/* Parses text as kind and asserts the value is exactly `expected`. */
static void assert_parses(ScnUnitKind kind, const char *text, double expected)
{
    double v = -12345;
    char *why = NULL;
    gboolean ok = scn_unit_parse(text, kind, &v, &why);
    if (!ok)
        g_error("%s '%s' failed: %s", scn_unit_kind_name(kind), text, why);
    if (v != expected)
        g_error("%s '%s' parsed to %.17g, expected %.17g", scn_unit_kind_name(kind), text, v,
                expected);
}

static void assert_cases(ScnUnitKind kind, const Case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_parses(kind, cases[i].text, cases[i].expected);
}

/* Parses text as kind, asserts it fails with exactly `message`. */
static void assert_fails(ScnUnitKind kind, const char *text, const char *message)
{
    double v = 0;
    char *why = NULL;
    gboolean ok = scn_unit_parse(text, kind, &v, &why);
    if (ok)
        g_error("%s '%s' parsed to %.17g, expected an error", scn_unit_kind_name(kind), text, v);
    g_assert_cmpstr(why, ==, message);
    g_free(why);
}

/* ---- every unit of every kind ----------------------------------------------------- */

static void test_durations(void)
{
    static const Case c[] = {
        { "1 ns", 1 }, { "250 ns", 250 }, { "1 us", 1e3 }, { "1 µs", 1e3 }, { "50 us", 5e4 },
        { "1 ms", 1e6 }, { "250ms", 2.5e8 }, { "1.5 ms", 1.5e6 }, { "1 s", 1e9 },
        { "1 sec", 1e9 }, { "1.5 s", 1.5e9 }, { "60 s", 6e10 }, { "1 min", 6e10 },
        { "10 min", 6e11 }, { "1 h", 3.6e12 }, { "2 h", 7.2e12 }, { "1 d", 8.64e13 },
        { "7 d", 6.048e14 }, { "  3 s  ", 3e9 }, { "1e3 ms", 1e9 },
    };
    assert_cases(SCN_UNIT_DURATION, c, G_N_ELEMENTS(c));
}

static void test_sizes(void)
{
    static const Case c[] = {
        { "1 B", 1 }, { "512 B", 512 },
        { "1 KB", 1e3 }, { "1 kB", 1e3 }, { "1 MB", 1e6 }, { "1 GB", 1e9 }, { "1 TB", 1e12 },
        { "1 KiB", 1024 }, { "1 MiB", 1048576 }, { "1 GiB", 1073741824 },
        { "4 GiB", 4294967296.0 }, { "4GiB", 4294967296.0 }, { "128 GiB", 137438953472.0 },
        { "1 TiB", 1099511627776.0 }, { "0.5 GiB", 536870912 }, { "2.5 GB", 2.5e9 },
    };
    assert_cases(SCN_UNIT_SIZE, c, G_N_ELEMENTS(c));
}

static void test_data_rates(void)
{
    static const Case c[] = {
        { "8 bit/s", 1 }, { "1 kbit/s", 125 }, { "1 Kbit/s", 125 }, { "1 Mbit/s", 125000 },
        { "1 Gbit/s", 1.25e8 }, { "10 Gbit/s", 1.25e9 }, { "1 Tbit/s", 1.25e11 },
        { "8 bps", 1 }, { "1 kbps", 125 }, { "1 Kbps", 125 }, { "1 Mbps", 125000 },
        { "1 Gbps", 1.25e8 }, { "10Gbps", 1.25e9 }, { "1 Tbps", 1.25e11 },
        { "1 B/s", 1 }, { "1 KB/s", 1e3 }, { "1 kB/s", 1e3 }, { "1 MB/s", 1e6 },
        { "1 GB/s", 1e9 }, { "1 KiB/s", 1024 }, { "1 MiB/s", 1048576 },
        { "100 MiB/s", 104857600 }, { "1 GiB/s", 1073741824 },
    };
    assert_cases(SCN_UNIT_DATA_RATE, c, G_N_ELEMENTS(c));
}

static void test_frequencies_power_cycles(void)
{
    static const Case f[] = {
        { "1 Hz", 1 }, { "1 kHz", 1e3 }, { "1 KHz", 1e3 }, { "1 MHz", 1e6 }, { "1 GHz", 1e9 },
        { "2.5 GHz", 2.5e9 }, { "800 MHz", 8e8 },
    };
    static const Case p[] = {
        { "500 mW", 0.5 }, { "1 W", 1 }, { "250 W", 250 }, { "1 kW", 1e3 }, { "1.5 kW", 1500 },
    };
    static const Case c[] = {
        { "1 cycle", 1 }, { "900 cycles", 900 }, { "1 kcycles", 1e3 }, { "1 Kcycles", 1e3 },
        { "1 Mcycles", 1e6 }, { "1 Gcycles", 1e9 }, { "100 Gcycles", 1e11 },
        { "1500 Gcycles", 1.5e12 }, { "1 Tcycles", 1e12 },
    };
    assert_cases(SCN_UNIT_FREQ, f, G_N_ELEMENTS(f));
    assert_cases(SCN_UNIT_POWER, p, G_N_ELEMENTS(p));
    assert_cases(SCN_UNIT_CYCLES, c, G_N_ELEMENTS(c));
}

static void test_event_rates(void)
{
    static const Case c[] = {
        { "2000/s", 2000 }, { "2000 /s", 2000 }, { "500 pages/s", 500 },
        { "1000 req/s", 1000 }, { "5 io_ops/s", 5 }, { "3 page-faults/s", 3 },
        { "1/ms", 1000 }, { "60/min", 1 }, { "120 req/min", 2 }, { "3600/h", 1 },
        { "7200 jobs/h", 2 },
    };
    assert_cases(SCN_UNIT_EVENT_RATE, c, G_N_ELEMENTS(c));
}

static void test_fractions_and_ratios(void)
{
    static const Case fr[] = {
        { "70%", 0.7 }, { "70 %", 0.7 }, { "0.7", 0.7 }, { "100%", 1 }, { "50%", 0.5 },
        { "1", 1 }, { "0", 0 }, { "0%", 0 }, { "2.5%", 0.025 },
    };
    static const Case ra[] = {
        { "2x", 2 }, { "2 x", 2 }, { "2", 2 }, { "2.0", 2 }, { "1.5x", 1.5 }, { "0", 0 },
    };
    assert_cases(SCN_UNIT_FRAC, fr, G_N_ELEMENTS(fr));
    assert_cases(SCN_UNIT_RATIO, ra, G_N_ELEMENTS(ra));
}

/* "N%" is N/100 exactly (the double nearest N/100), for every whole percentage: a scenario
 * that says 70% and one that says 0.7 must run the same. */
static void test_percent_is_exact(void)
{
    for (int i = 0; i <= 100; i++) {
        g_autofree char *text = g_strdup_printf("%d%%", i);
        assert_parses(SCN_UNIT_FRAC, text, i / 100.0);
    }
}

/* Units that divide (per minute, per hour, milli-) give the nearest double to the quotient. */
static void test_dividing_units_are_exact(void)
{
    for (int i = 0; i <= 1000; i++) {
        g_autofree char *per_min = g_strdup_printf("%d/min", i);
        g_autofree char *per_h = g_strdup_printf("%d/h", i);
        g_autofree char *mw = g_strdup_printf("%d mW", i);
        assert_parses(SCN_UNIT_EVENT_RATE, per_min, i / 60.0);
        assert_parses(SCN_UNIT_EVENT_RATE, per_h, i / 3600.0);
        assert_parses(SCN_UNIT_POWER, mw, i / 1000.0);
    }
}

/* DESIGN.md: a 4 GiB VM over 1 Gbit/s takes 34.36 s, not 32 s. */
static void test_gib_over_gbit(void)
{
    double bytes = 0, rate = 0;
    char *why = NULL;
    g_assert_true(scn_unit_parse("4 GiB", SCN_UNIT_SIZE, &bytes, &why));
    g_assert_true(scn_unit_parse("1 Gbit/s", SCN_UNIT_DATA_RATE, &rate, &why));
    g_assert_cmpfloat(bytes / rate, ==, 34.359738368);
    g_assert_cmpint((gint64)llround(bytes / rate * 1e9), ==, G_GINT64_CONSTANT(34359738368));
}

/* ---- bad input -------------------------------------------------------------------- */

static void test_bare_number_needs_unit(void)
{
    assert_fails(SCN_UNIT_DURATION, "300",
                 "duration '300' needs a unit (ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_SIZE, "4", "size '4' needs a unit (B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
    assert_fails(SCN_UNIT_DATA_RATE, "10",
                 "data rate '10' needs a unit (bit/s, Mbit/s, Gbit/s, Gbps, B/s, MB/s, MiB/s or GiB/s)");
    assert_fails(SCN_UNIT_FREQ, "2.5", "frequency '2.5' needs a unit (Hz, kHz, MHz or GHz)");
    assert_fails(SCN_UNIT_POWER, "250", "power '250' needs a unit (mW, W or kW)");
    assert_fails(SCN_UNIT_CYCLES, "900",
                 "work '900' needs a unit (cycles, Mcycles, Gcycles or Tcycles)");
    assert_fails(SCN_UNIT_EVENT_RATE, "2000",
                 "rate '2000' needs a unit (/s, /min or /h, e.g. '2000/s' or '500 pages/s')");
    assert_fails(SCN_UNIT_DURATION, "-5", "duration '-5' needs a unit (ns, us, ms, s, min, h or d)");
}

static void test_unknown_units(void)
{
    assert_fails(SCN_UNIT_SIZE, "4 GiBs",
                 "unknown size unit 'GiBs' in '4 GiBs' (expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
    assert_fails(SCN_UNIT_SIZE, "4 gib",
                 "unknown size unit 'gib' in '4 gib' (expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
    assert_fails(SCN_UNIT_DURATION, "5 sec s",
                 "unknown duration unit 'sec s' in '5 sec s' (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_DURATION, "5 GiB",
                 "unknown duration unit 'GiB' in '5 GiB' (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_DATA_RATE, "1 Gb",
                 "unknown data rate unit 'Gb' in '1 Gb' (expected bit/s, Mbit/s, Gbit/s, Gbps, B/s, MB/s, MiB/s or GiB/s)");
    assert_fails(SCN_UNIT_EVENT_RATE, "500 pages",
                 "unknown rate unit 'pages' in '500 pages' (expected /s, /min or /h, e.g. '2000/s' or '500 pages/s')");
    assert_fails(SCN_UNIT_EVENT_RATE, "5 2pages/s",
                 "unknown rate unit '2pages/s' in '5 2pages/s' (expected /s, /min or /h, e.g. '2000/s' or '500 pages/s')");
    assert_fails(SCN_UNIT_FRAC, "70 percent",
                 "unknown fraction unit 'percent' in '70 percent' (expected a number in 0..1 or a percentage, e.g. '70%')");
    assert_fails(SCN_UNIT_RATIO, "2:1",
                 "unknown ratio unit ':1' in '2:1' (expected a number, e.g. '2.0' or '2x')");
}

static void test_not_a_number(void)
{
    assert_fails(SCN_UNIT_DURATION, "abc",
                 "duration 'abc' is not a number with a unit (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_DURATION, "", "duration '' is not a number with a unit (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_DURATION, "s", "duration 's' is not a number with a unit (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_SIZE, "inf B",
                 "size 'inf B' is not a number with a unit (expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
    assert_fails(SCN_UNIT_SIZE, "nan B",
                 "size 'nan B' is not a number with a unit (expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
    assert_fails(SCN_UNIT_DURATION, "1e999 s",
                 "duration '1e999 s' is not a number with a unit (expected ns, us, ms, s, min, h or d)");
    assert_fails(SCN_UNIT_FRAC, "high",
                 "fraction 'high' is not a number with a unit (expected a number in 0..1 or a percentage, e.g. '70%')");
}

/* A bare 0 needs no unit in any kind (zero is zero in every unit); only fractions and
 * ratios accept other bare numbers. */
static void test_bare_zero(void)
{
    static const char *const zeros[] = { "0", "0.0", "-0", "0e5", NULL };
    for (ScnUnitKind k = 0; k < SCN_UNIT_COUNT; k++)
        for (const char *const *z = zeros; *z; z++)
            assert_parses(k, *z, 0);
    assert_parses(SCN_UNIT_FRAC, "0.25", 0.25);
    assert_parses(SCN_UNIT_RATIO, "1.5", 1.5);
    for (ScnUnitKind k = 0; k < SCN_UNIT_COUNT; k++) {
        double v;
        char *why = NULL;
        gboolean ok = scn_unit_parse("0.001", k, &v, &why);
        g_assert_cmpint(ok, ==, k == SCN_UNIT_FRAC || k == SCN_UNIT_RATIO);
        g_free(why);
    }
}

static void test_kind_names(void)
{
    static const char *const names[SCN_UNIT_COUNT] = {
        "duration", "size", "data rate", "frequency", "power", "work", "rate", "fraction", "ratio",
    };
    for (ScnUnitKind k = 0; k < SCN_UNIT_COUNT; k++) {
        g_assert_cmpstr(scn_unit_kind_name(k), ==, names[k]);
        g_assert_nonnull(scn_unit_expected(k));
        g_assert_cmpuint(strlen(scn_unit_expected(k)), >, 0);
    }
    g_assert_cmpstr(scn_unit_expected(SCN_UNIT_DURATION), ==, "ns, us, ms, s, min, h or d");
}

/* ---- exact formatting ------------------------------------------------------------- */

static void assert_round_trip(ScnUnitKind kind, double x)
{
    g_autofree char *text = scn_unit_format_exact(x, kind);
    double back = NAN;
    char *why = NULL;
    if (!scn_unit_parse(text, kind, &back, &why))
        g_error("format(%.17g) = '%s' does not parse: %s", x, text, why);
    if (back != x)
        g_error("%s %.17g -> '%s' -> %.17g", scn_unit_kind_name(kind), x, text, back);
}

static void test_format_exact_examples(void)
{
    static const struct { double v; ScnUnitKind k; const char *text; } c[] = {
        { 1.5e9, SCN_UNIT_DURATION, "1500000000 ns" },
        { 4294967296.0, SCN_UNIT_SIZE, "4294967296 B" },
        { 1.25e8, SCN_UNIT_DATA_RATE, "125000000 B/s" },
        { 2.5e9, SCN_UNIT_FREQ, "2500000000 Hz" },
        { 250, SCN_UNIT_POWER, "250 W" },
        { 1.5e12, SCN_UNIT_CYCLES, "1500000000000 cycles" },
        { 2000, SCN_UNIT_EVENT_RATE, "2000/s" },
        { 0.7, SCN_UNIT_FRAC, "0.7" },
        { 0.1, SCN_UNIT_FRAC, "0.1" },
        { 2, SCN_UNIT_RATIO, "2" },
        { 0, SCN_UNIT_DURATION, "0 ns" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
        g_autofree char *text = scn_unit_format_exact(c[i].v, c[i].k);
        g_assert_cmpstr(text, ==, c[i].text);
    }
}

/* Random doubles of every magnitude and kind, from a fixed seed (in the test path). */
static void test_format_exact_random(void)
{
    GRand *r = g_rand_new_with_seed(20240611);
    for (int i = 0; i < 20000; i++) {
        ScnUnitKind k = (ScnUnitKind)g_rand_int_range(r, 0, SCN_UNIT_COUNT);
        double mant = g_rand_double(r);
        double x = ldexp(mant, g_rand_int_range(r, -40, 60));
        assert_round_trip(k, x);
        assert_round_trip(k, g_rand_double_range(r, 0, 1));      /* fractions */
        assert_round_trip(k, (double)g_rand_int(r) * 1e3);       /* whole ns, bytes */
    }
    static const double edges[] = { 0.1, 0.7, 1.0 / 3, 2.0 / 3, 1e-300, 5e-324, 1e300,
                                    4294967296.0, 9.2e18, 1.8e19, 123456789.123456789 };
    for (size_t i = 0; i < G_N_ELEMENTS(edges); i++)
        for (ScnUnitKind k = 0; k < SCN_UNIT_COUNT; k++)
            assert_round_trip(k, edges[i]);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/units/durations", test_durations);
    g_test_add_func("/sim/units/sizes", test_sizes);
    g_test_add_func("/sim/units/data-rates", test_data_rates);
    g_test_add_func("/sim/units/freq-power-cycles", test_frequencies_power_cycles);
    g_test_add_func("/sim/units/event-rates", test_event_rates);
    g_test_add_func("/sim/units/fractions-ratios", test_fractions_and_ratios);
    g_test_add_func("/sim/units/percent-is-exact", test_percent_is_exact);
    g_test_add_func("/sim/units/dividing-units-are-exact", test_dividing_units_are_exact);
    g_test_add_func("/sim/units/4GiB-over-1Gbit-is-34.36s", test_gib_over_gbit);
    g_test_add_func("/sim/units/bare-number-needs-unit", test_bare_number_needs_unit);
    g_test_add_func("/sim/units/unknown-units", test_unknown_units);
    g_test_add_func("/sim/units/not-a-number", test_not_a_number);
    g_test_add_func("/sim/units/bare-zero", test_bare_zero);
    g_test_add_func("/sim/units/kind-names", test_kind_names);
    g_test_add_func("/sim/units/format-exact/examples", test_format_exact_examples);
    g_test_add_func("/sim/units/format-exact/random-seed-20240611", test_format_exact_random);
    return g_test_run();
}
