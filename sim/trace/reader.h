/* sim/trace/reader.h — trace files as lines: plain or gzip, one file or many, with positions.
 *
 * A TraceReader hands out the lines of one file without their end-of-line, counting them
 * from 1.  A file that starts with the gzip magic (1f 8b) is decompressed on the fly (GIO's
 * GZlibDecompressor), whatever its name; a corrupt or truncated stream is an error at the
 * line where it was found.  A NUL byte in a line is an error at its column.
 *
 * trace_paths_expand() turns what a scenario's `trace:` names into a sorted list of files:
 * a file, a directory (its regular files whose names do not start with '.'), or a glob
 * ("dir/vm_cpu_readings-*.csv.gz"; the pattern applies to the last path component).
 *
 * Errors: SCN_ERROR, "path:line:col: error: what is wrong (what was expected)".
 * Ownership: trace_reader_free(); returned lines belong to the reader until the next call.
 */
#ifndef TRACE_READER_H
#define TRACE_READER_H

#include <glib.h>
#include <stdint.h>

typedef struct TraceReader TraceReader;

TraceReader *trace_reader_open(const char *path, GError **error);
void         trace_reader_free(TraceReader *r);                  /* NULL is a no-op */
/* The next line (NUL-terminated, '\r' dropped), its length in *len; NULL at the end of the
 * file or on an error (then *error is set). */
char        *trace_reader_line(TraceReader *r, size_t *len, GError **error);
guint        trace_reader_lineno(const TraceReader *r);
uint64_t     trace_reader_bytes(const TraceReader *r);          /* compressed bytes read */
const char  *trace_reader_path(const TraceReader *r);

/* The files `spec` names, sorted; NULL + error when it names none (a missing file, an empty
 * directory, a glob without a match). */
GPtrArray   *trace_paths_expand(const char *spec, GError **error);

#endif
