/* plots/csv.c — see csv.h.  Cells are stored row-major in one GPtrArray of strings; the line
 * and column of every cell are kept so number errors can point at the cell. */
#include "plots/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(plot-error-quark, plot_error)

struct PlotCsv {
    char       *path;
    GPtrArray  *header;        /* char*, n_cols */
    GPtrArray  *cells;         /* char*, n_rows * n_cols, row-major */
    GArray     *row_lines;     /* guint: 1-based source line of each row */
    GArray     *cell_cols;     /* guint: 1-based source column of each cell */
    GHashTable *doubles;       /* column name -> double[n_rows]; looked up, never iterated */
    GHashTable *columns;       /* column name -> char*[n_rows + 1] */
};

/* Splits one line on commas into trimmed fields; cols gets each field's 1-based column. */
static GPtrArray *plot_csv_split(const char *line, GArray *cols)
{
    GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
    const char *start = line;
    for (const char *p = line;; p++) {
        if (*p != ',' && *p != '\0')
            continue;
        const char *a = start, *b = p;
        while (a < b && g_ascii_isspace(*a))
            a++;
        while (b > a && g_ascii_isspace(b[-1]))
            b--;
        guint col = (guint)(a - line) + 1;
        g_array_append_val(cols, col);
        g_ptr_array_add(fields, g_strndup(a, (gsize)(b - a)));
        if (*p == '\0')
            return fields;
        start = p + 1;
    }
}

static gboolean plot_csv_skip_line(const char *line)
{
    while (g_ascii_isspace(*line))
        line++;
    return *line == '\0' || *line == '#';
}

static gboolean plot_csv_add_row(PlotCsv *csv, const char *line, guint lineno, GError **error)
{
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(guint));
    GPtrArray *fields = plot_csv_split(line, cols);
    gboolean ok = fields->len == csv->header->len;
    if (!ok) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                    "%s:%u:1: error: row has %u fields, expected %u as in the header",
                    csv->path, lineno, fields->len, csv->header->len);
    } else {
        for (guint i = 0; i < fields->len; i++)
            g_ptr_array_add(csv->cells, g_strdup(fields->pdata[i]));
        g_array_append_vals(csv->cell_cols, cols->data, cols->len);
        g_array_append_val(csv->row_lines, lineno);
    }
    g_ptr_array_free(fields, TRUE);
    g_array_free(cols, TRUE);
    return ok;
}

static gboolean plot_csv_set_header(PlotCsv *csv, const char *line, guint lineno,
                                    GError **error)
{
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(guint));
    csv->header = plot_csv_split(line, cols);
    g_array_free(cols, TRUE);
    for (guint i = 0; i < csv->header->len; i++) {
        const char *name = csv->header->pdata[i];
        for (guint j = 0; j < i; j++) {
            if (strcmp(name, csv->header->pdata[j]) == 0) {
                g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                            "%s:%u:1: error: column '%s' appears twice in the header, "
                            "expected unique names", csv->path, lineno, name);
                return FALSE;
            }
        }
    }
    return TRUE;
}

static PlotCsv *plot_csv_alloc(const char *path)
{
    PlotCsv *csv = g_new0(PlotCsv, 1);
    csv->path = g_strdup(path);
    csv->cells = g_ptr_array_new_with_free_func(g_free);
    csv->row_lines = g_array_new(FALSE, FALSE, sizeof(guint));
    csv->cell_cols = g_array_new(FALSE, FALSE, sizeof(guint));
    csv->doubles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    csv->columns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return csv;
}

PlotCsv *plot_csv_parse(const char *path, const char *text, GError **error)
{
    PlotCsv *csv = plot_csv_alloc(path);
    char **lines = g_strsplit(text, "\n", -1);
    gboolean ok = TRUE;
    for (guint i = 0; ok && lines[i]; i++) {
        char *line = lines[i];
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (plot_csv_skip_line(line))
            continue;
        ok = csv->header ? plot_csv_add_row(csv, line, i + 1, error)
                         : plot_csv_set_header(csv, line, i + 1, error);
    }
    g_strfreev(lines);
    if (ok && !csv->header) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                    "%s:1:1: error: file has no header line, expected column names", path);
        ok = FALSE;
    }
    if (!ok)
        g_clear_pointer(&csv, plot_csv_free);
    return csv;
}

PlotCsv *plot_csv_load(const char *path, GError **error)
{
    char *text = NULL;
    GError *io_error = NULL;
    if (!g_file_get_contents(path, &text, NULL, &io_error)) {
        g_set_error(error, PLOT_ERROR, PLOT_ERROR_IO, "%s: error: %s", path, io_error->message);
        g_error_free(io_error);
        return NULL;
    }
    PlotCsv *csv = plot_csv_parse(path, text, error);
    g_free(text);
    return csv;
}

void plot_csv_free(PlotCsv *csv)
{
    if (!csv)
        return;
    g_free(csv->path);
    if (csv->header)
        g_ptr_array_free(csv->header, TRUE);
    g_ptr_array_free(csv->cells, TRUE);
    g_array_free(csv->row_lines, TRUE);
    g_array_free(csv->cell_cols, TRUE);
    g_hash_table_destroy(csv->doubles);
    g_hash_table_destroy(csv->columns);
    g_free(csv);
}

size_t plot_csv_n_rows(const PlotCsv *csv)
{
    return csv->row_lines->len;
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
    return col;
}

const char *const *plot_csv_strings(PlotCsv *csv, const char *name, GError **error)
{
    const char **cached = g_hash_table_lookup(csv->columns, name);
    if (cached)
        return cached;
    int col = plot_csv_require(csv, name, error);
    if (col < 0)
        return NULL;
    size_t n = plot_csv_n_rows(csv), n_cols = plot_csv_n_cols(csv);
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
    size_t n = plot_csv_n_rows(csv), n_cols = plot_csv_n_cols(csv);
    double *out = g_new(double, n + 1);        /* + 1: never a zero-size allocation */
    for (size_t r = 0; r < n; r++) {
        size_t cell = r * n_cols + (size_t)col;
        const char *s = csv->cells->pdata[cell];
        if (!plot_csv_number(s, &out[r])) {
            g_set_error(error, PLOT_ERROR, PLOT_ERROR_PARSE,
                        "%s:%u:%u: error: '%s' in column '%s' is not a number, expected a "
                        "decimal value", csv->path, g_array_index(csv->row_lines, guint, r),
                        g_array_index(csv->cell_cols, guint, cell), s, name);
            g_free(out);
            return NULL;
        }
    }
    g_hash_table_insert(csv->doubles, g_strdup(name), out);
    return out;
}
