/* sim/calibrate/json.h — a strict JSON reader (RFC 8259) that keeps every value's position.
 *
 * Measurement files from fio (--output-format=json) and QEMU (QMP query-migrate) are JSON;
 * a bad one must fail with "file:line:col: error: what is wrong (what was expected)", so each
 * value remembers its 1-based line and column.  A text may hold several values one after the
 * other (JSON Lines, as a QMP session log does): cal_json_parse_all returns them in order.
 * An unexpected end of input is reported just after the last token read, on its line.
 * Numbers are doubles; objects keep their keys in file order (duplicates: the last wins on
 * lookup, as most readers do).  Nesting deeper than 256 levels is refused.
 */
#ifndef CAL_JSON_H
#define CAL_JSON_H

#include <glib.h>

typedef enum {
    CAL_JSON_NULL, CAL_JSON_BOOL, CAL_JSON_NUMBER, CAL_JSON_STRING, CAL_JSON_ARRAY,
    CAL_JSON_OBJECT,
} CalJsonType;

typedef struct CalJson CalJson;
struct CalJson {
    CalJsonType type;
    int         line, col;        /* 1-based position of the value's first character */
    gboolean    boolean;
    double      number;
    char       *string;           /* STRING: the decoded text (UTF-8), owned */
    GPtrArray  *items;            /* ARRAY and OBJECT: CalJson *, owned */
    GPtrArray  *keys;             /* OBJECT: char *, owned, parallel to items */
};

/* Every value of text, in order (at least one); NULL with *error on bad JSON.  path names
 * the file in errors.  Free with g_ptr_array_unref. */
GPtrArray     *cal_json_parse_all(const char *path, const char *text, size_t len,
                                  GError **error);
void           cal_json_free(gpointer j);                   /* NULL is a no-op */
/* The value of key in an object, or NULL (also when j is not an object). */
const CalJson *cal_json_get(const CalJson *j, const char *key);
/* The number at key, FALSE if absent or not a number. */
gboolean       cal_json_number(const CalJson *j, const char *key, double *out);
const char    *cal_json_type_name(CalJsonType t);

#endif
