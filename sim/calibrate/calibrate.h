/* sim/calibrate/calibrate.h — `vdcsim calibrate`: measurements in, a fitted profile out.
 *
 * cal_fit_set() turns a CalSet (measure.h) into CalParams, each a profile key with its value,
 * standard error, 95 % confidence interval, the model equation it came from and its residuals
 * (docs/calibrate.md lists the equations).  The profile file (profile.c) is a `profiles:`
 * mapping with one hypervisor and one workload profile, the fit's provenance in comments:
 * concatenated with a scenario's other sections it is a scenario.  cal_check() loads such a
 * file into a scenario and prints, for every measured quantity, measured next to simulated.
 * Workload rates are written per second of the 3.8 GHz reference core every workload's rates
 * use (HV_WORKLOAD_REF_HZ; the run scales them to the host's clock), so they hold at the
 * measured clock `freq_hz`.
 */
#ifndef CAL_CALIBRATE_H
#define CAL_CALIBRATE_H

#include <stdio.h>

#include "sim/calibrate/measure.h"

typedef enum { CAL_TO_HYPERVISOR, CAL_TO_WORKLOAD, CAL_TO_NOTE } CalTarget;

typedef struct {
    CalTarget   target;
    char       *key;            /* profile key, or a quantity's name for a note */
    double      value;          /* in `unit` */
    const char *unit;           /* written after the value: "s", "pages/s", "cycles", "/s" */
    double      se, ci95;       /* NAN: none (one measurement, or not a fit) */
    char       *how;            /* the model equation and what it was fitted on */
    char       *residuals;      /* "residuals: ...", or NULL */
    double      measured;       /* the measured quantity --check compares, NAN: none */
    const char *measured_unit;
} CalParam;

typedef struct {
    const char *hv_name, *hv_base, *wl_name, *wl_base;   /* borrowed */
    double      freq_hz;        /* the measured host's clock; 0: from perf stat or 2.5 GHz */
    double      duration_s;     /* the perf kvm stat recording's length; 0: from the file */
} CalOptions;

typedef struct {
    CalOptions  opt;
    const char *freq_source;    /* how freq_hz was found */
    GPtrArray  *params;         /* CalParam *, in writing order */
    GPtrArray  *notes;          /* char *, comment lines on what could not be fitted */
    double      exits_per_s;    /* non-idle VM exits per second measured; NAN: no rate */
    const CalInput *exits_from; /* the report they came from */
} CalResult;

/* Fits everything set holds; NULL with *error when a fit is refused (too few or collinear
 * measurements: the message names the measurement to add) or a scenario check fails. */
CalResult *cal_fit_set(const CalSet *set, const CalOptions *o, GError **error);
void       cal_result_free(CalResult *r);                 /* NULL is a no-op */

/* The profile file's text: header with inputs (SHA-256), date and fits, then `profiles:`. */
char      *cal_profile_text(const CalResult *r, const CalSet *set, const char *date);
/* Writes it through a temporary name and a rename; FALSE with *error. */
gboolean   cal_profile_write(const CalResult *r, const CalSet *set, const char *path,
                             GError **error);
/* The profile's own YAML plus a one-host scenario using it, loaded; for --check and fits:
 * the slowdown, and the VM exits per native second the simulator prices (with the slowdown). */
gboolean   cal_scenario_slowdown(const char *profile_text, const char *hv, const char *wl,
                                 double freq_hz, double *slowdown, GError **error);
gboolean   cal_scenario_exits(const char *profile_text, const char *hv, const char *wl,
                              double freq_hz, double *exits_per_s, double *slowdown,
                              GError **error);
/* The measured benchmarks replayed as a scenario (replay.c): the profile, one host at
 * freq_hz, VM `bench` running the perf stat benchmark's native cycles, VM `fio` a closed-loop
 * stream of the fio job on a disk serving at the native latency.  NULL when set has neither
 * a perf stat nor a paired fio run. */
typedef struct {
    double bench_s;             /* VM bench's end - start: the simulated guest run */
    double io_latency_ns;       /* VM fio's stream: mean latency and operations per second */
    double io_ops_per_s;
} CalReplay;

char      *cal_replay_text(const char *profile_text, const char *hv, const char *wl,
                           double freq_hz, const CalSet *set);
/* Runs that scenario in the event loop (sim/dc) and reads its rows; FALSE if it does not
 * load. */
gboolean   cal_replay(const char *text, const char *display, CalReplay *out, GError **error);
/* Measured next to replayed, one line per benchmark figure. */
void       cal_replay_print(const CalReplay *r, const CalSet *set, double freq_hz, FILE *out);

/* `--check`: prints measured vs simulated for every quantity in set, then the benchmarks
 * replayed in the event loop; exit status. */
int        cal_check(const char *profile_path, const CalSet *set, double duration_s, FILE *out,
                     GError **error);



/* ---- the command (sim/calibrate/command.c) ---- */

typedef struct {
    const char *const *files;   /* measurement files, NULL-terminated */
    const char *out_path;       /* -o FILE, or NULL */
    const char *check_path;     /* --check PROFILE, or NULL */
    const char *freq;           /* --freq text ("3.2 GHz"), or NULL */
    int         freq_column;    /* where --freq's value starts on the command line */
    const char *duration;       /* --duration text ("30 s"), or NULL */
    int         duration_column;
    const char *name;           /* --name: profile names (default "fitted") */
    const char *hv_base;        /* --base (default kvm) */
    const char *wl_base;        /* --workload-base (default compute-intensive) */
} CalCommand;

/* Runs `vdcsim calibrate`; prints results on out, one-line errors on err.  Exit status: 0
 * done, 2 bad input (a measurement, a refused fit, a bad flag). */
int cal_command(const CalCommand *c, FILE *out, FILE *err);
#endif
