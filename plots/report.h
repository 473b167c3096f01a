/* plots/report.h — report.html: one self-contained page that explains a finished run.
 *
 * The page is built from the run's files only: the scenario's name and description
 * (resolved.yaml, else summary.json "scenario"), the headline metrics (summary.json
 * "headline", in file order), every chart of plot_run_charts() inlined as SVG (none when the
 * run drew none), the tables
 * hosts.csv, vms.csv, migrations.csv and devices.csv (whichever exist; at most
 * PLOT_REPORT_MAX_ROWS rows each, with a note pointing to the full file) and the manifest
 * (manifest.json: version, git revision, seed, scenario hash, command line).  It has no
 * external resources at all (no fonts, scripts, styles or images fetched), so it can be
 * mailed or archived alone, and it holds nothing that is not in the files (no clock), so the
 * same files give the same page byte for byte.
 *
 * Numbers are formatted by their name's unit suffix: _frac as %, _bytes in KiB/MiB/GiB,
 * _s in ns/us/ms/s, _hz in MHz/GHz, _bytes_per_s in binary units per second.
 */
#ifndef PLOT_REPORT_H
#define PLOT_REPORT_H

#include <glib.h>

#define PLOT_REPORT_MAX_ROWS 200

/* Writes outdir/report.html (atomically: a temporary file, then a rename).  FALSE with
 * *error when outdir is not a run's output directory, a file is malformed (CSV: PLOT_ERROR
 * with path:line:col; JSON or YAML: PLOT_ERROR_PARSE with path:line:col), or writing fails. */
gboolean plot_report_write(const char *outdir, GError **error);
/* The same with charts already built by plot_run_charts(outdir); NULL: the run drew no
 * charts (charts: none), and the page draws none either and says so. */
gboolean plot_report_write_charts(const char *outdir, const GPtrArray *charts, GError **error);
/* A finished run's charts in each of formats (NULL or empty: none) and its report, from one
 * reading of its files, with progress phases "drawing charts" and "writing report". */
gboolean plot_run_publish(const char *outdir, const char *const *formats, GError **error);

/* A number for a reader, by the unit suffix of its name (see above): "52.3 %", "32 GiB",
 * "300 ms", "2.5 GHz", "1.63"; NaN gives "–".  Returns a newly allocated string. */
char    *plot_report_format(const char *name, double value);

#endif
