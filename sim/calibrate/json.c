/* sim/calibrate/json.c — a strict JSON reader with positions; see json.h. */
#include "sim/calibrate/json.h"

#include <stdarg.h>
#include <string.h>

#include "sim/yaml/doc.h"

#define JSON_MAX_DEPTH 256

typedef struct {
    const char *path, *p, *end;
    int         line, col;        /* of *p */
    int         last_line, last_col;   /* just after the last token read */
    int         depth;
    GError    **error;
} JsonIn;

static gboolean G_GNUC_PRINTF(4, 5)
json_fail(JsonIn *in, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(in->error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:%d:%d: error: %s", in->path, line,
                col, msg);
    return FALSE;
}

/* "unexpected end of input" points just after the last token, not at a trailing newline. */
static gboolean json_fail_here(JsonIn *in, const char *expected)
{
    if (in->p >= in->end)
        return json_fail(in, in->last_line, in->last_col, "unexpected end of input (expected "
                         "%s)", expected);
    char c = *in->p;
    if (c >= 0x20 && c < 0x7f)
        return json_fail(in, in->line, in->col, "unexpected '%c' (expected %s)", c, expected);
    return json_fail(in, in->line, in->col, "unexpected byte 0x%02x (expected %s)",
                     (unsigned char)c, expected);
}

static void json_advance(JsonIn *in)
{
    if (*in->p == '\n') {
        in->line++;
        in->col = 1;
    } else if (((unsigned char)*in->p & 0xc0) != 0x80) {
        in->col++;                    /* columns count characters, not UTF-8 bytes */
    }
    in->p++;
}

static void json_mark(JsonIn *in)
{
    in->last_line = in->line;
    in->last_col = in->col;
}

static void json_skip_space(JsonIn *in)
{
    while (in->p < in->end && strchr(" \t\r\n", *in->p) && *in->p)
        json_advance(in);
}

static CalJson *json_node(JsonIn *in, CalJsonType type)
{
    CalJson *j = g_new0(CalJson, 1);
    j->type = type;
    j->line = in->line;
    j->col = in->col;
    return j;
}

static gboolean json_literal(JsonIn *in, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(in->end - in->p) < n || memcmp(in->p, word, n) != 0)
        return json_fail_here(in, "a value: object, array, string, number, true, false or null");
    for (size_t i = 0; i < n; i++)
        json_advance(in);
    json_mark(in);
    return TRUE;
}

static gboolean json_digits(JsonIn *in)
{
    if (in->p >= in->end || !g_ascii_isdigit(*in->p))
        return json_fail_here(in, "a digit");
    while (in->p < in->end && g_ascii_isdigit(*in->p))
        json_advance(in);
    return TRUE;
}

/* number = [-] int [frac] [exp], checked by the grammar, converted by g_ascii_strtod. */
static gboolean json_number(JsonIn *in, CalJson *j)
{
    const char *start = in->p;
    if (*in->p == '-')
        json_advance(in);
    if (in->p < in->end && *in->p == '0')
        json_advance(in);
    else if (!json_digits(in))
        return FALSE;
    if (in->p < in->end && *in->p == '.') {
        json_advance(in);
        if (!json_digits(in))
            return FALSE;
    }
    if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
        json_advance(in);
        if (in->p < in->end && (*in->p == '+' || *in->p == '-'))
            json_advance(in);
        if (!json_digits(in))
            return FALSE;
    }
    g_autofree char *text = g_strndup(start, (gsize)(in->p - start));
    j->number = g_ascii_strtod(text, NULL);
    json_mark(in);
    return TRUE;
}

static int json_hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int d = g_ascii_xdigit_value(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* One escape after the backslash; appends its character to s. */
static gboolean json_escape(JsonIn *in, GString *s)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = in->p < in->end ? strchr(from, *in->p) : NULL;
    if (hit && *in->p) {
        g_string_append_c(s, to[hit - from]);
        json_advance(in);
        return TRUE;
    }
    if (in->p >= in->end || *in->p != 'u' || in->end - in->p < 5 || json_hex4(in->p + 1) < 0)
        return json_fail_here(in, "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX");
    gunichar c = (gunichar)json_hex4(in->p + 1);
    for (int i = 0; i < 5; i++)
        json_advance(in);
    if (c >= 0xd800 && c < 0xdc00 && in->end - in->p >= 6 && in->p[0] == '\\' &&
        in->p[1] == 'u' && json_hex4(in->p + 2) >= 0xdc00 && json_hex4(in->p + 2) < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + ((gunichar)json_hex4(in->p + 2) - 0xdc00);
        for (int i = 0; i < 6; i++)
            json_advance(in);
    }
    g_string_append_unichar(s, g_unichar_validate(c) ? c : 0xfffd);
    return TRUE;
}

static gboolean json_string(JsonIn *in, char **out)
{
    g_autoptr(GString) s = g_string_new(NULL);
    json_advance(in);                                   /* the opening quote */
    while (in->p < in->end && *in->p != '"') {
        if ((unsigned char)*in->p < 0x20)
            return json_fail(in, in->line, in->col, "control character 0x%02x in a string "
                             "(expected '\"' to close it, or an escape such as \\n)",
                             (unsigned char)*in->p);
        if (*in->p == '\\') {
            json_advance(in);
            if (!json_escape(in, s))
                return FALSE;
            continue;
        }
        g_string_append_c(s, *in->p);
        json_advance(in);
    }
    if (in->p >= in->end)
        return json_fail_here(in, "'\"' to close the string");
    json_advance(in);
    json_mark(in);
    if (!g_utf8_validate(s->str, (gssize)s->len, NULL))
        return json_fail(in, in->last_line, in->last_col, "a string is not valid UTF-8 "
                         "(expected UTF-8 text)");
    *out = g_string_free(g_steal_pointer(&s), FALSE);
    return TRUE;
}

static CalJson *json_value(JsonIn *in);

/* Items of an array or members of an object up to `close`; the opener is consumed. */
static gboolean json_members(JsonIn *in, CalJson *j, char close)
{
    gboolean object = close == '}';
    json_advance(in);
    json_mark(in);
    json_skip_space(in);
    if (in->p < in->end && *in->p == close) {
        json_advance(in);
        json_mark(in);
        return TRUE;
    }
    for (;;) {
        json_skip_space(in);
        if (object) {
            char *key = NULL;
            if (in->p >= in->end || *in->p != '"')
                return json_fail_here(in, "a member name in double quotes");
            if (!json_string(in, &key))
                return FALSE;
            g_ptr_array_add(j->keys, key);
            json_skip_space(in);
            if (in->p >= in->end || *in->p != ':')
                return json_fail_here(in, "':' after the member name");
            json_advance(in);
            json_mark(in);
        }
        CalJson *v = json_value(in);
        if (!v)
            return FALSE;
        g_ptr_array_add(j->items, v);
        json_skip_space(in);
        if (in->p < in->end && *in->p == ',') {
            json_advance(in);
            json_mark(in);
            continue;
        }
        if (in->p < in->end && *in->p == close) {
            json_advance(in);
            json_mark(in);
            return TRUE;
        }
        return json_fail_here(in, object ? "',' or '}'" : "',' or ']'");
    }
}

static CalJson *json_container(JsonIn *in, CalJsonType type)
{
    if (++in->depth > JSON_MAX_DEPTH) {
        json_fail(in, in->line, in->col, "nesting deeper than %d levels (expected flatter "
                  "JSON)", JSON_MAX_DEPTH);
        return NULL;
    }
    CalJson *j = json_node(in, type);
    j->items = g_ptr_array_new_with_free_func(cal_json_free);
    if (type == CAL_JSON_OBJECT)
        j->keys = g_ptr_array_new_with_free_func(g_free);
    if (!json_members(in, j, type == CAL_JSON_OBJECT ? '}' : ']')) {
        cal_json_free(j);
        return NULL;
    }
    in->depth--;
    return j;
}

static CalJson *json_value(JsonIn *in)
{
    json_skip_space(in);
    if (in->p >= in->end) {
        json_fail_here(in, "a value");
        return NULL;
    }
    char c = *in->p;
    if (c == '{' || c == '[')
        return json_container(in, c == '{' ? CAL_JSON_OBJECT : CAL_JSON_ARRAY);
    CalJson *j = json_node(in, CAL_JSON_NULL);
    gboolean ok;
    if (c == '"') {
        j->type = CAL_JSON_STRING;
        ok = json_string(in, &j->string);
    } else if (c == '-' || g_ascii_isdigit(c)) {
        j->type = CAL_JSON_NUMBER;
        ok = json_number(in, j);
    } else if (c == 't' || c == 'f') {
        j->type = CAL_JSON_BOOL;
        j->boolean = c == 't';
        ok = json_literal(in, c == 't' ? "true" : "false");
    } else {
        ok = json_literal(in, "null");
    }
    if (!ok) {
        cal_json_free(j);
        return NULL;
    }
    return j;
}

GPtrArray *cal_json_parse_all(const char *path, const char *text, size_t len, GError **error)
{
    JsonIn in = { .path = path, .p = text, .end = text + len, .line = 1, .col = 1,
                  .last_line = 1, .last_col = 1, .error = error };
    GPtrArray *all = g_ptr_array_new_with_free_func(cal_json_free);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        in.p += 3;                                      /* a UTF-8 byte-order mark */
    json_skip_space(&in);
    do {
        CalJson *j = json_value(&in);
        if (!j) {
            g_ptr_array_unref(all);
            return NULL;
        }
        g_ptr_array_add(all, j);
        json_skip_space(&in);
    } while (in.p < in.end);
    return all;
}

void cal_json_free(gpointer p)
{
    CalJson *j = p;
    if (!j)
        return;
    g_free(j->string);
    if (j->items)
        g_ptr_array_unref(j->items);
    if (j->keys)
        g_ptr_array_unref(j->keys);
    g_free(j);
}

const CalJson *cal_json_get(const CalJson *j, const char *key)
{
    if (!j || j->type != CAL_JSON_OBJECT)
        return NULL;
    for (guint i = j->keys->len; i-- > 0;)
        if (strcmp(g_ptr_array_index(j->keys, i), key) == 0)
            return g_ptr_array_index(j->items, i);
    return NULL;
}

gboolean cal_json_number(const CalJson *j, const char *key, double *out)
{
    const CalJson *v = cal_json_get(j, key);
    if (!v || v->type != CAL_JSON_NUMBER)
        return FALSE;
    *out = v->number;
    return TRUE;
}

const char *cal_json_type_name(CalJsonType t)
{
    static const char *const names[] = { "null", "a boolean", "a number", "a string",
                                         "an array", "an object" };
    return names[t];
}
