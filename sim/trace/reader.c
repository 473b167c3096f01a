/* sim/trace/reader.c — buffered line reading over plain and gzip files; see reader.h. */
#include "sim/trace/reader.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "sim/yaml/doc.h"
#include "sim/yaml/limits.h"

#define CHUNK_BYTES (1u << 20)

struct TraceReader {
    char         *path;
    GInputStream *raw;       /* the file */
    GInputStream *in;        /* raw, or a converter stream over it */
    char         *buf;
    size_t        cap, start, end;   /* unread bytes are buf[start, end) */
    gboolean      eof;
    guint         line;
};

static gboolean reader_fail(GError **error, const char *path, guint line, guint col,
                            const char *msg)
{
    g_autofree char *text = g_strdup_printf("%s:%u:%u: error: %s", path, MAX(line, 1u),
                                            MAX(col, 1u), msg);
    g_autofree char *one = scn_text_one_line(text);     /* echoed paths stay on one line */
    g_set_error_literal(error, SCN_ERROR, SCN_ERROR_IO, one);
    return FALSE;
}

/* Peeks at the first two bytes: 1f 8b is gzip. */
static gboolean is_gzip(GInputStream *raw, char *buf, size_t *got, GError **error)
{
    gsize n = 0;
    if (!g_input_stream_read_all(raw, buf, 2, &n, NULL, error))
        return FALSE;
    *got = n;
    return TRUE;
}

TraceReader *trace_reader_open(const char *path, GError **error)
{
    if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        reader_fail(error, path, 1, 1, "cannot read trace: not a regular file (expected a "
                    "trace file)");          /* /dev/zero would never end */
        return NULL;
    }
    g_autoptr(GFile) f = g_file_new_for_path(path);
    GError *local = NULL;
    GFileInputStream *raw = g_file_read(f, NULL, &local);
    if (!raw) {
        g_autofree char *msg = g_strdup_printf("cannot read trace: %s (expected a readable "
                                               "file)", local->message);
        g_error_free(local);
        reader_fail(error, path, 1, 1, msg);
        return NULL;
    }
    TraceReader *r = g_new0(TraceReader, 1);
    r->path = g_strdup(path);
    r->raw = G_INPUT_STREAM(raw);
    r->cap = CHUNK_BYTES * 2;
    r->buf = g_malloc(r->cap + 1);
    if (!is_gzip(r->raw, r->buf, &r->end, &local)) {
        reader_fail(error, path, 1, 1, local->message);
        g_error_free(local);
        trace_reader_free(r);
        return NULL;
    }
    if (r->end == 2 && (guchar)r->buf[0] == 0x1f && (guchar)r->buf[1] == 0x8b) {
        g_seekable_seek(G_SEEKABLE(raw), 0, G_SEEK_SET, NULL, NULL);
        r->end = 0;
        g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
        r->in = g_converter_input_stream_new(r->raw, G_CONVERTER(z));
    } else {
        r->in = g_object_ref(r->raw);
    }
    return r;
}

void trace_reader_free(TraceReader *r)
{
    if (!r)
        return;
    g_clear_object(&r->in);
    g_clear_object(&r->raw);
    g_free(r->buf);
    g_free(r->path);
    g_free(r);
}

/* Moves the unread bytes to the front and reads more; FALSE on a read error. */
static gboolean refill(TraceReader *r, GError **error)
{
    memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
    if (r->cap - r->end < CHUNK_BYTES) {
        r->cap *= 2;
        r->buf = g_realloc(r->buf, r->cap + 1);
    }
    GError *local = NULL;
    gssize n = g_input_stream_read(r->in, r->buf + r->end, r->cap - r->end, NULL, &local);
    if (n < 0) {
        g_autofree char *msg = g_strdup_printf("corrupt gzip stream: %s (expected a whole "
                                               "gzip file)", local->message);
        g_error_free(local);
        return reader_fail(error, r->path, r->line + 1, 1, msg);
    }
    r->eof = n == 0;
    r->end += (size_t)n;
    return TRUE;
}

char *trace_reader_line(TraceReader *r, size_t *len, GError **error)
{
    for (;;) {
        char *p = r->buf + r->start;
        char *nl = memchr(p, '\n', r->end - r->start);
        if (!nl && r->eof && r->start == r->end)
            return NULL;
        if (nl || r->eof) {
            size_t n = nl ? (size_t)(nl - p) : r->end - r->start;
            r->start += n + (nl != NULL);
            r->line++;
            if (n > 0 && p[n - 1] == '\r')
                n--;
            p[n] = '\0';
            char *zero = memchr(p, '\0', n);
            if (zero) {
                reader_fail(error, r->path, r->line, (guint)(zero - p) + 1,
                            "NUL byte in a text line (expected a text file)");
                return NULL;
            }
            *len = n;
            return p;
        }
        if (!refill(r, error))
            return NULL;
    }
}

guint trace_reader_lineno(const TraceReader *r) { return r->line; }
const char *trace_reader_path(const TraceReader *r) { return r->path; }

uint64_t trace_reader_bytes(const TraceReader *r)
{
    goffset off = g_seekable_tell(G_SEEKABLE(r->raw));
    return off > 0 ? (uint64_t)off : 0;
}

/* ---- paths ---------------------------------------------------------------------------- */

static gint cmp_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir whose names match pattern (NULL: any not starting with '.'). */
static void list_dir(const char *dir, const char *pattern, GPtrArray *out)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPatternSpec) spec = pattern ? g_pattern_spec_new(pattern) : NULL;
    for (const char *name; d && (name = g_dir_read_name(d));) {
        char *p = g_build_filename(dir, name, NULL);
        gboolean ok = name[0] != '.' && g_file_test(p, G_FILE_TEST_IS_REGULAR) &&
                      (!spec || g_pattern_spec_match_string(spec, name));
        if (ok)
            g_ptr_array_add(out, p);
        else
            g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(out, cmp_path);
}

GPtrArray *trace_paths_expand(const char *spec, GError **error)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    if (strpbrk(spec, "*?")) {
        g_autofree char *dir = g_path_get_dirname(spec), *base = g_path_get_basename(spec);
        list_dir(dir, base, out);
        if (out->len == 0)
            reader_fail(error, spec, 1, 1, "no file matches the pattern (expected trace files "
                        "such as vm_cpu_readings-file-1-of-195.csv.gz)");
    } else if (g_file_test(spec, G_FILE_TEST_IS_DIR)) {
        list_dir(spec, NULL, out);
        if (out->len == 0)
            reader_fail(error, spec, 1, 1, "the directory holds no trace files (expected "
                        "per-VM files such as 1.csv)");
    } else if (g_file_test(spec, G_FILE_TEST_EXISTS)) {
        g_ptr_array_add(out, g_strdup(spec));
    } else {
        g_autofree char *msg = g_strdup_printf("cannot read trace: %s (expected a file, a "
                                               "directory or a glob)", g_strerror(ENOENT));
        reader_fail(error, spec, 1, 1, msg);
    }
    if (out->len == 0) {
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}
