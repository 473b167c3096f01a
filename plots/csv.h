/* plots/csv.h — the small CSV reader the plots use to read the simulator's result files.
 *
 * Format (RFC 4180, as sim/core/fmt.c writes it): the first record that is not a comment is
 * the header (column names); every further record is one row with exactly as many fields as
 * the header.  Fields are separated by commas; a field in double quotes may hold commas,
 * newlines and quotes (written "" inside the quotes) and is kept verbatim; a bare field is
 * trimmed of surrounding blanks.  Between records, lines starting with '#' (run metadata:
 * seed, version) and blank lines are skipped; a "\r" before a newline outside quotes is
 * dropped (CRLF files read as LF; inside quotes every byte is kept).  Errors read "path:line:col: error: ...": a row with
 * the wrong field count (at the row's first line), a quoted field never closed (at its
 * opening quote), anything but a comma or the line's end after a closing quote.
 *
 * Cells are kept as strings; a column read as doubles is parsed once (empty cell = NaN,
 * a missing value) and cached in the table.  The table owns every string and array it
 * returns; they live until plot_csv_free().
 */
#ifndef PLOT_CSV_H
#define PLOT_CSV_H

#include <glib.h>

typedef struct PlotCsv PlotCsv;

#define PLOT_ERROR (plot_error_quark())
typedef enum {
    PLOT_ERROR_IO,           /* cannot read or write a file */
    PLOT_ERROR_PARSE,        /* malformed CSV row or number */
    PLOT_ERROR_COLUMN,       /* no such column */
    PLOT_ERROR_FORMAT,       /* unknown output extension */
    PLOT_ERROR_CAIRO,        /* cairo reported an error while drawing */
} PlotErrorCode;
GQuark plot_error_quark(void);

/* Reads path; NULL and *error set on an unreadable file or a malformed row. */
PlotCsv    *plot_csv_load(const char *path, GError **error);
/* The header and the first max_rows rows of path, *n_total (if not NULL) set to the number
 * of rows in the whole file: what a table showing the top of a file needs, in memory
 * proportionate to max_rows.  Rows after the first max_rows are counted, not checked. */
PlotCsv    *plot_csv_load_head(const char *path, size_t max_rows, size_t *n_total,
                               GError **error);
/* Only the columns whose names match one of the patterns in keep (g_pattern_match_simple,
 * NULL-terminated) are stored; the others are checked and dropped.  Every column stays in
 * the header (plot_csv_col_index finds it), but reading one that was dropped is a bug that
 * aborts.  What a chart needs of a big file, in memory proportionate to what it reads. */
PlotCsv    *plot_csv_load_columns(const char *path, const char *const *keep, GError **error);
/* Parses text as if read from path (path only names the source in messages). */
PlotCsv    *plot_csv_parse(const char *path, const char *text, GError **error);
void        plot_csv_free(PlotCsv *csv);              /* NULL is a no-op */

size_t      plot_csv_n_rows(const PlotCsv *csv);
size_t      plot_csv_n_cols(const PlotCsv *csv);
const char *plot_csv_col_name(const PlotCsv *csv, size_t col);
/* Column index of name, or -1. */
int         plot_csv_col_index(const PlotCsv *csv, const char *name);

/* The column's n_rows cells as strings, or NULL with PLOT_ERROR_COLUMN. */
const char *const *plot_csv_strings(PlotCsv *csv, const char *name, GError **error);
/* The column's n_rows cells as doubles (empty = NaN), or NULL with PLOT_ERROR_COLUMN, or
 * PLOT_ERROR_PARSE naming path:line:col of the first cell that is not a number. */
const double *plot_csv_doubles(PlotCsv *csv, const char *name, GError **error);

#endif
