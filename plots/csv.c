/* plots/csv.c — see csv.h.  A small RFC 4180 state machine over the whole text: a record is
 * fields separated by commas up to an unquoted newline; a field is either bare (trimmed of
 * blanks, running to the next comma or newline) or quoted ("..." with "" for a quote, commas
 * and newlines kept).  Cells are stored row-major in one GPtrArray of strings; the source line
 * and column of every cell are kept so number errors can point at the cell. */
#include "plots/csv.h"

#include <stdint.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(plot-error-quark, plot_error)

typedef struct {
    guint line, col;           /* 1-based; col counts bytes on the line */
} PlotCsvPos;

struct PlotCsv {
    char       *path;
    GPtrArray  *header;        /* char*, n_cols */
    const char *const *keep;   /* column patterns to keep (plot_csv_load_columns); NULL: all */
    int        *slot;          /* per header column: its place in a stored row, or -1 */
    guint       n_kept;        /* columns stored per row */
    GPtrArray  *cells;         /* char*, n_rows * n_kept, row-major, into text */
    GStringChunk *text;        /* every cell's bytes, packed (no malloc per cell) */
    GArray     *cell_pos;      /* PlotCsvPos of each cell (a quoted cell: its opening quote) */
    size_t      n_rows;
    GHashTable *doubles;       /* column name -> double[n_rows]; looked up, never iterated */
    GHashTable *columns;       /* column name -> char*[n_rows + 1] */
};

/* ---- scanning --------------------------------------------------------------------- */

typedef struct {
    const char *path;
    const char *p;             /* next character */
    const char *line_start;    /* first character of p's line */
    guint       line;          /* 1-based line of p */
} PlotCsvScan;

static gboolean csv_blank(char c)
{
    return c != '\n' && g_ascii_isspace(c);
}

static PlotCsvPos csv_pos(const PlotCsvScan *s)
{
    return (PlotCsvPos){ s->line, (guint)(s->p - s->line_start) + 1 };
}

static void csv_newline(PlotCsvScan *s)          /* s->p is at '\n' */
{
    s->p++;
    s->line++;
    s->line_start = s->p;
}

/* Skips blank lines and '#' comment lines; FALSE at the end of the text. */
static gboolean csv_skip_lines(PlotCsvScan *s)
{
    for (;;) {
        const char *q = s->p;
        while (csv_blank(*q))
            q++;
        if (*q != '\0' && *q != '\n' && *q != '#')
            return TRUE;
        s->p = strchrnul(q, '\n');
        if (*s->p == '\0')
            return FALSE;
        csv_newline(s);
    }
}

/* A bare field: up to the next comma or newline, surrounding blanks dropped. */
static char *csv_bare_field(PlotCsvScan *s, PlotCsvPos *at)
{
    while (csv_blank(*s->p))
        s->p++;
    *at = csv_pos(s);
    const char *a = s->p;
    s->p += strcspn(s->p, ",\n");
    const char *b = s->p;
    while (b > a && csv_blank(b[-1]))
        b--;
    return g_strndup(a, (gsize)(b - a));
}

/* A quoted field from its opening quote: "" is one quote, anything else (commas, CR, LF) is
 * kept verbatim; only blanks may follow the closing quote. */
static char *csv_quoted_field(PlotCsvScan *s, PlotCsvPos at, GError **error)
{
    GString *v = g_string_new(NULL);
    s->p++;
    for (;;) {
        char c = *s->p;
        if (c == '\0') {
            g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE, "%s:%u:%u: error: quoted field "
                        "is not closed, expected a '\"' before the end of the file", s->path,
                        at.line, at.col);
            return g_string_free(v, TRUE);
        }
        if (c == '"' && s->p[1] != '"')
            break;
        if (c == '"')
            c = *++s->p;                         /* "" is one quote */
        g_string_append_c(v, c);
        if (c == '\n')
            csv_newline(s);
        else
            s->p++;
    }
    for (s->p++; csv_blank(*s->p); s->p++)      /* past the closing quote */
        ;
    if (*s->p != '\0' && *s->p != ',' && *s->p != '\n') {
        PlotCsvPos bad = csv_pos(s);
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE, "%s:%u:%u: error: '%c' after the "
                    "closing quote, expected ',' or the end of the line (a quote inside a "
                    "quoted field is written \"\")", s->path, bad.line, bad.col, *s->p);
        return g_string_free(v, TRUE);
    }
    return g_string_free(v, FALSE);
}

/* Past a bare field that is not kept: up to the next comma or newline. */
static void csv_skip_bare_field(PlotCsvScan *s)
{
    s->p += strcspn(s->p, ",\n");
}

/* Reads one record into fields and pos, leaving s->p after its newline.  A bare field whose
 * slot is negative (a column not kept) is stepped over and recorded as NULL. */
static gboolean csv_record(PlotCsvScan *s, const int *slot, guint n_slots, GPtrArray *fields,
                           GArray *pos, GError **error)
{
    for (;;) {
        const char *q = s->p;
        while (csv_blank(*q))
            q++;
        PlotCsvPos at = { s->line, (guint)(q - s->line_start) + 1 };
        char *field = NULL;
        gboolean skip = slot && fields->len < n_slots && slot[fields->len] < 0;
        if (*q == '"') {
            s->p = q;
            field = csv_quoted_field(s, at, error);
            if (!field)
                return FALSE;
        } else if (skip) {
            s->p = q;
            csv_skip_bare_field(s);
        } else {
            field = csv_bare_field(s, &at);
        }
        g_ptr_array_add(fields, field);
        g_array_append_val(pos, at);
        if (*s->p != ',')
            break;
        s->p++;
    }
    if (*s->p == '\n')
        csv_newline(s);
    return TRUE;
}

/* ---- the table -------------------------------------------------------------------- */

static gboolean plot_csv_add_row(PlotCsv *csv, GPtrArray *fields, GArray *pos, guint line,
                                 GError **error)
{
    if (fields->len != csv->header->len) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                    "%s:%u:1: error: row has %u fields, expected %u as in the header",
                    csv->path, line, fields->len, csv->header->len);
        return FALSE;
    }
    for (guint i = 0; i < fields->len; i++) {
        if (csv->slot[i] < 0)
            continue;                            /* freed with fields */
        g_ptr_array_add(csv->cells, g_string_chunk_insert(csv->text, fields->pdata[i]));
        g_array_append_val(csv->cell_pos, g_array_index(pos, PlotCsvPos, i));
    }
    csv->n_rows++;
    return TRUE;
}

static gboolean csv_kept(const PlotCsv *csv, const char *name)
{
    for (const char *const *k = csv->keep; k && *k; k++)
        if (g_pattern_match_simple(*k, name))
            return TRUE;
    return !csv->keep;
}

static gboolean plot_csv_set_header(PlotCsv *csv, GPtrArray *fields, GArray *pos,
                                    GError **error)
{
    for (guint i = 0; i < fields->len; i++) {
        for (guint j = 0; j < i; j++) {
            if (strcmp(fields->pdata[i], fields->pdata[j]) == 0) {
                PlotCsvPos at = g_array_index(pos, PlotCsvPos, i);
                g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                            "%s:%u:%u: error: column '%s' appears twice in the header, "
                            "expected unique names", csv->path, at.line, at.col,
                            (char *)fields->pdata[i]);
                return FALSE;
            }
        }
    }
    csv->header = g_ptr_array_ref(fields);
    csv->slot = g_new(int, MAX(fields->len, 1));
    for (guint i = 0; i < fields->len; i++)
        csv->slot[i] = csv_kept(csv, fields->pdata[i]) ? (int)csv->n_kept++ : -1;
    return TRUE;
}

static PlotCsv *plot_csv_alloc(const char *path)
{
    PlotCsv *csv = g_new0(PlotCsv, 1);
    csv->path = g_strdup(path);
    csv->cells = g_ptr_array_new();
    csv->text = g_string_chunk_new(64 << 10);
    csv->cell_pos = g_array_new(FALSE, FALSE, sizeof(PlotCsvPos));
    csv->doubles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    csv->columns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return csv;
}

/* Reads the next record into csv (as its header if it has none yet). */
static gboolean plot_csv_next(PlotCsv *csv, PlotCsvScan *s, GError **error)
{
    guint line = s->line;
    GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
    GArray *pos = g_array_new(FALSE, FALSE, sizeof(PlotCsvPos));
    gboolean ok = csv_record(s, csv->slot, csv->header ? csv->header->len : 0, fields, pos,
                             error);
    if (ok)
        ok = csv->header ? plot_csv_add_row(csv, fields, pos, line, error)
                         : plot_csv_set_header(csv, fields, pos, error);
    g_ptr_array_unref(fields);
    g_array_free(pos, TRUE);
    return ok;
}

/* Skips one record without keeping it (quotes honoured); s->p ends after its newline. */
static void csv_skip_record(PlotCsvScan *s)
{
    gboolean quoted = FALSE;
    for (; *s->p && (quoted || *s->p != '\n'); s->p++)
        quoted ^= *s->p == '"';
    if (*s->p == '\n')
        s->p++;
}

/* The header and at most max_rows rows; *n_total (if not NULL) counts every row. */
static PlotCsv *csv_parse_head(const char *path, const char *text, size_t max_rows,
                               const char *const *keep, size_t *n_total, GError **error)
{
    PlotCsv *csv = plot_csv_alloc(path);
    csv->keep = keep;
    PlotCsvScan s = { path, text, text, 1 };
    gboolean ok = TRUE;
    size_t skipped = 0;
    while (ok && csv_skip_lines(&s)) {
        if (csv->header && csv->n_rows >= max_rows) {
            csv_skip_record(&s);
            skipped++;
        } else {
            ok = plot_csv_next(csv, &s, error);
        }
    }
    if (n_total)
        *n_total = csv->n_rows + skipped;
    if (ok && !csv->header) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                    "%s:1:1: error: file has no header line, expected column names", path);
        ok = FALSE;
    }
    if (!ok)
        g_clear_pointer(&csv, plot_csv_free);
    else
        csv->keep = NULL;                        /* the caller's; not kept past loading */
    return csv;
}

PlotCsv *plot_csv_parse(const char *path, const char *text, GError **error)
{
    return csv_parse_head(path, text, SIZE_MAX, NULL, NULL, error);
}

static PlotCsv *csv_load(const char *path, size_t max_rows, const char *const *keep,
                         size_t *n_total, GError **error)
{
    char *text = NULL;
    GError *io_error = NULL;
    if (!g_file_get_contents(path, &text, NULL, &io_error)) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_IO, "%s: error: %s", path, io_error->message);
        g_error_free(io_error);
        return NULL;
    }
    PlotCsv *csv = csv_parse_head(path, text, max_rows, keep, n_total, error);
    g_free(text);
    return csv;
}

PlotCsv *plot_csv_load_head(const char *path, size_t max_rows, size_t *n_total,
                            GError **error)
{
    return csv_load(path, max_rows, NULL, n_total, error);
}

PlotCsv *plot_csv_load(const char *path, GError **error)
{
    return csv_load(path, SIZE_MAX, NULL, NULL, error);
}

PlotCsv *plot_csv_load_columns(const char *path, const char *const *keep, GError **error)
{
    return csv_load(path, SIZE_MAX, keep, NULL, error);
}

void plot_csv_free(PlotCsv *csv)
{
    if (!csv)
        return;
    g_free(csv->path);
    g_free(csv->slot);
    if (csv->header)
        g_ptr_array_free(csv->header, TRUE);
    g_ptr_array_free(csv->cells, TRUE);
    g_string_chunk_free(csv->text);
    g_array_free(csv->cell_pos, TRUE);
    g_hash_table_destroy(csv->doubles);
    g_hash_table_destroy(csv->columns);
    g_free(csv);
}

size_t plot_csv_n_rows(const PlotCsv *csv)
{
    return csv->n_rows;
}

size_t plot_csv_n_cols(const PlotCsv *csv)
{
    return csv->header->len;
}

const char *plot_csv_col_name(const PlotCsv *csv, size_t col)
{
    g_return_val_if_fail(col < csv->header->len, NULL);
    return csv->header->pdata[col];
}

int plot_csv_col_index(const PlotCsv *csv, const char *name)
{
    for (guint i = 0; i < csv->header->len; i++)
        if (strcmp(csv->header->pdata[i], name) == 0)
            return (int)i;
    return -1;
}

static int plot_csv_require(const PlotCsv *csv, const char *name, GError **error)
{
    int col = plot_csv_col_index(csv, name);
    if (col < 0) {
        GString *have = g_string_new(NULL);
        for (guint i = 0; i < csv->header->len; i++)
            g_string_append_printf(have, "%s%s", i ? ", " : "", (char *)csv->header->pdata[i]);
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_COLUMN,
                    "%s: error: no column '%s', expected one of: %s", csv->path, name, have->str);
        g_string_free(have, TRUE);
    }
    if (col >= 0 && csv->slot[col] < 0)          /* a bug: the caller did not keep it */
        g_error("%s: column '%s' was not loaded (plot_csv_load_columns)", csv->path, name);
    return col < 0 ? col : csv->slot[col];
}

const char *const *plot_csv_strings(PlotCsv *csv, const char *name, GError **error)
{
    const char **cached = g_hash_table_lookup(csv->columns, name);
    if (cached)
        return cached;
    int col = plot_csv_require(csv, name, error);
    if (col < 0)
        return NULL;
    size_t n = plot_csv_n_rows(csv), n_cols = csv->n_kept;
    const char **out = g_new0(const char *, n + 1);
    for (size_t r = 0; r < n; r++)
        out[r] = csv->cells->pdata[r * n_cols + (size_t)col];
    g_hash_table_insert(csv->columns, g_strdup(name), out);
    return out;
}

static gboolean plot_csv_number(const char *s, double *out)
{
    if (*s == '\0') {
        *out = NAN;
        return TRUE;
    }
    char *end = NULL;
    errno = 0;
    *out = g_ascii_strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE;
}

const double *plot_csv_doubles(PlotCsv *csv, const char *name, GError **error)
{
    const double *cached = g_hash_table_lookup(csv->doubles, name);
    if (cached)
        return cached;
    int col = plot_csv_require(csv, name, error);
    if (col < 0)
        return NULL;
    size_t n = plot_csv_n_rows(csv), n_cols = csv->n_kept;
    double *out = g_new(double, n + 1);        /* + 1: never a zero-size allocation */
    for (size_t r = 0; r < n; r++) {
        size_t cell = r * n_cols + (size_t)col;
        const char *s = csv->cells->pdata[cell];
        if (!plot_csv_number(s, &out[r])) {
            PlotCsvPos at = g_array_index(csv->cell_pos, PlotCsvPos, cell);
            g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                        "%s:%u:%u: error: '%s' in column '%s' is not a number, expected a "
                        "decimal value", csv->path, at.line, at.col, s, name);
            g_free(out);
            return NULL;
        }
    }
    g_hash_table_insert(csv->doubles, g_strdup(name), out);
    return out;
}
