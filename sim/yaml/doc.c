/* sim/yaml/doc.c — libyaml documents with positions, typed getters, --set edits; see scndoc.h.
 *
 * libyaml's nodes live in one array that grows (and moves) when nodes are added, so the
 * --set code keeps node *indices* (1-based, as libyaml's) across additions, never pointers.
 * libyaml marks are 0-based; messages are 1-based.
 */
#include "sim/yaml/doc.h"

#include "sim/core/time.h"
#include "sim/yaml/limits.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int node_index;         /* libyaml index of a node added by --set */
    int flag;               /* which --set (1-based) */
    int column;             /* 1-based column of the value in the flag's argument */
} ScnSetOrigin;

struct ScnDoc {
    char           *path;
    yaml_document_t doc;
    gboolean        loaded;
    GArray         *set_origins;    /* ScnSetOrigin */
};

G_DEFINE_QUARK(scn-error-quark, scn_error)

/* ---- loading ---------------------------------------------------------------------- */

gboolean scn_set_error(GError **error, ScnErrorCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *line = scn_text_one_line(msg);
    g_set_error_literal(error, SCN_ERROR, code, line);
    return FALSE;
}

/* The limit part of a message: "limit N; raise with --max-depth". */
#define LIMIT_FMT "(limit %" G_GUINT64_FORMAT "; raise with --%s)"
#define LIMIT_ARGS(field) scn_limits()->field, scn_limits_flag_for(offsetof(ScnLimits, field))

/* A first pass over the parser's events that stops at the first nesting level or scalar
 * over the limits, before libyaml's loader spends time (quadratic in depth) or memory. */
static gboolean doc_prescan(const char *text, size_t len, const char *path, GError **error)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    uint64_t depth = 0;
    gboolean ok = TRUE, done = FALSE;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    while (ok && !done && yaml_parser_parse(&parser, &ev)) {
        yaml_mark_t m = ev.start_mark;
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth > scn_limits()->depth)
            ok = scn_set_error(error, SCN_ERROR_RANGE, "%s:%zu:%zu: error: YAML nested more than %"
                           G_GUINT64_FORMAT " levels deep " LIMIT_FMT, path, m.line + 1,
                           m.column + 1, scn_limits()->depth, LIMIT_ARGS(depth));
        else if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length > scn_limits()->string_bytes)
            ok = scn_set_error(error, SCN_ERROR_RANGE, "%s:%zu:%zu: error: a string of %zu bytes is "
                           "too long " LIMIT_FMT, path, m.line + 1, m.column + 1,
                           ev.data.scalar.length, LIMIT_ARGS(string_bytes));
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return ok;              /* a syntax error is left for the loader to report */
}

/* Depth-first over the loaded graph (aliases share nodes, and an alias inside its own
 * anchor makes a cycle): refuses cycles, and depth or node count over the limits once
 * aliases are expanded.  Linear: each node's height and expanded size are memoized. */
typedef struct {
    ScnDoc   *d;
    guint8   *state;        /* 0 unseen, 1 on the stack, 2 done */
    uint64_t *height, *size;
} DagWalk;

static gboolean dag_visit(DagWalk *w, int idx, GError **error);

static gboolean dag_child(DagWalk *w, int idx, int child, GError **error)
{
    if (!dag_visit(w, child, error))
        return FALSE;
    w->height[idx] = MAX(w->height[idx], w->height[child] + 1);
    w->size[idx] = MIN(w->size[idx] + w->size[child], G_MAXUINT64 / 4);
    return TRUE;
}

static gboolean dag_visit(DagWalk *w, int idx, GError **error)
{
    ScnNode *n = yaml_document_get_node(&w->d->doc, idx);
    if (w->state[idx] == 2)
        return TRUE;
    if (w->state[idx] == 1)
        return scn_fail(error, w->d, n, SCN_ERROR_CONFLICT, "an alias refers to a node that "
                        "contains it (expected no recursive aliases)");
    w->state[idx] = 1;
    w->height[idx] = 1;
    w->size[idx] = 1;
    gboolean ok = TRUE;
    if (n->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *i = n->data.sequence.items.start;
             ok && i < n->data.sequence.items.top; i++)
            ok = dag_child(w, idx, *i, error);
    else if (n->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
             ok && p < n->data.mapping.pairs.top; p++)
            ok = dag_child(w, idx, p->key, error) && dag_child(w, idx, p->value, error);
    w->state[idx] = 2;
    if (ok && w->height[idx] > scn_limits()->depth + 1)
        return scn_fail(error, w->d, n, SCN_ERROR_RANGE, "YAML nested more than %"
                        G_GUINT64_FORMAT " levels deep through aliases " LIMIT_FMT,
                        scn_limits()->depth, LIMIT_ARGS(depth));
    if (ok && w->size[idx] > scn_limits()->nodes)
        return scn_fail(error, w->d, n, SCN_ERROR_RANGE, "more than %" G_GUINT64_FORMAT
                        " YAML nodes once aliases are expanded " LIMIT_FMT,
                        scn_limits()->nodes, LIMIT_ARGS(nodes));
    return ok;
}

static gboolean doc_check_graph(ScnDoc *d, GError **error)
{
    size_t count = (size_t)(d->doc.nodes.top - d->doc.nodes.start);
    if (count == 0)
        return TRUE;
    DagWalk w = { d, g_new0(guint8, count + 1), g_new0(uint64_t, count + 1),
                  g_new0(uint64_t, count + 1) };
    gboolean ok = dag_visit(&w, 1, error);
    g_free(w.state);
    g_free(w.height);
    g_free(w.size);
    return ok;
}

/* Every mapping key of a scenario is a plain scalar: a complex key ("? {a: 1}: ...") names
 * nothing, and readers that take keys as names must never see one. */
static gboolean doc_check_keys(ScnDoc *d, GError **error)
{
    for (yaml_node_t *n = d->doc.nodes.start; n < d->doc.nodes.top; n++) {
        if (n->type != YAML_MAPPING_NODE)
            continue;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(&d->doc, p->key);
            if (k && k->type != YAML_SCALAR_NODE)
                return scn_fail(error, d, k, SCN_ERROR_TYPE, "a key must be a plain word, "
                                "not a %s (expected name: value)",
                                k->type == YAML_MAPPING_NODE ? "mapping" : "list");
        }
    }
    return TRUE;
}

static ScnDoc *doc_parse(const char *text, size_t len, const char *display_path,
                         GError **error)
{
    if (len > scn_limits()->doc_bytes) {
        scn_set_error(error, SCN_ERROR_RANGE, "%s:1:1: error: the scenario is %zu bytes, too large "
                  LIMIT_FMT, display_path, len, LIMIT_ARGS(doc_bytes));
        return NULL;
    }
    if (!doc_prescan(text, len, display_path, error))
        return NULL;
    yaml_parser_t parser;
    ScnDoc *d = g_new0(ScnDoc, 1);
    d->path = g_strdup(display_path);
    d->set_origins = g_array_new(FALSE, FALSE, sizeof(ScnSetOrigin));
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &d->doc)) {
        scn_set_error(error, SCN_ERROR_SYNTAX, "%s:%zu:%zu: error: malformed YAML: %s%s%s",
                  display_path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                  parser.problem ? parser.problem : "syntax error",
                  parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        scn_doc_free(d);
        return NULL;
    }
    d->loaded = TRUE;
    yaml_parser_delete(&parser);
    if (!doc_check_graph(d, error) || !doc_check_keys(d, error)) {
        scn_doc_free(d);
        return NULL;
    }
    return d;
}

ScnDoc *scn_doc_load_string(const char *text, const char *display_path, GError **error)
{
    return doc_parse(text, strlen(text), display_path, error);
}

ScnDoc *scn_doc_load_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *io = NULL;
    if (!g_file_get_contents(path, &text, &len, &io)) {
            scn_set_error(error, SCN_ERROR_IO, "%s:1:1: error: cannot read scenario: %s", path,
                  io->message);
        g_error_free(io);
        return NULL;
    }
    return doc_parse(text, len, path, error);
}

void scn_doc_free(ScnDoc *d)
{
    if (!d)
        return;
    if (d->loaded)
        yaml_document_delete(&d->doc);
    g_array_free(d->set_origins, TRUE);
    g_free(d->path);
    g_free(d);
}

const char *scn_doc_path(const ScnDoc *d) { return d->path; }

ScnNode *scn_doc_root(ScnDoc *d)
{
    ScnNode *root = yaml_document_get_root_node(&d->doc);
    if (root && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
        return NULL;
    return root;
}

static int node_index(const ScnDoc *d, const ScnNode *n)
{
    return (int)(n - d->doc.nodes.start) + 1;
}

static ScnNode *node_at(ScnDoc *d, int index)
{
    return yaml_document_get_node(&d->doc, index);
}

/* ---- errors ----------------------------------------------------------------------- */

char *scn_where(const ScnDoc *d, const ScnNode *node)
{
    if (!node)
        return g_strdup_printf("%s:1:1", d->path);
    int idx = node_index(d, node);
    for (guint i = 0; i < d->set_origins->len; i++) {
        const ScnSetOrigin *o = &g_array_index(d->set_origins, ScnSetOrigin, i);
        if (o->node_index == idx)
            return g_strdup_printf("--set:%d:%d", o->flag, o->column);
    }
    return g_strdup_printf("%s:%zu:%zu", d->path, node->start_mark.line + 1,
                           node->start_mark.column + 1);
}

gboolean scn_fail(GError **error, const ScnDoc *d, const ScnNode *node, ScnErrorCode code,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *where = scn_where(d, node);
    return scn_set_error(error, code, "%s: error: %s", where, msg);
}

/* ---- node access ------------------------------------------------------------------ */

gboolean scn_is_map(const ScnNode *n) { return n && n->type == YAML_MAPPING_NODE; }
gboolean scn_is_seq(const ScnNode *n) { return n && n->type == YAML_SEQUENCE_NODE; }
gboolean scn_is_scalar(const ScnNode *n) { return n && n->type == YAML_SCALAR_NODE; }

const char *scn_scalar(const ScnNode *n)
{
    return scn_is_scalar(n) ? (const char *)n->data.scalar.value : NULL;
}

size_t scn_seq_len(const ScnNode *n)
{
    return scn_is_seq(n) ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

ScnNode *scn_seq_item(ScnDoc *d, const ScnNode *seq, size_t i)
{
    return node_at(d, seq->data.sequence.items.start[i]);
}

size_t scn_map_len(const ScnNode *n)
{
    return scn_is_map(n) ? (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start) : 0;
}

ScnNode *scn_map_key(ScnDoc *d, const ScnNode *map, size_t i)
{
    return node_at(d, map->data.mapping.pairs.start[i].key);
}

ScnNode *scn_map_value(ScnDoc *d, const ScnNode *map, size_t i)
{
    return node_at(d, map->data.mapping.pairs.start[i].value);
}

ScnNode *scn_map_get(ScnDoc *d, const ScnNode *map, const char *key)
{
    ScnNode *found = NULL;
    for (size_t i = 0; i < scn_map_len(map); i++) {      /* the last duplicate wins */
        const char *k = scn_scalar(scn_map_key(d, map, i));
        if (k && strcmp(k, key) == 0)
            found = scn_map_value(d, map, i);
    }
    return found;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    g_autofree size_t *row = g_new(size_t, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
            diag = up;
        }
    }
    return row[lb];
}

const char *scn_did_you_mean(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX, limit = MAX(2, strlen(word) / 3);
    for (const char *const *c = candidates; *c; c++) {
        size_t dist = edit_distance(word, *c);
        if (dist < best_d) {
            best_d = dist;
            best = *c;
        }
    }
    return best_d <= limit ? best : NULL;
}

char *scn_join_names(const char *const *names)
{
    GString *s = g_string_new(NULL);
    for (const char *const *n = names; *n; n++) {
        if (n != names)
            g_string_append(s, n[1] ? ", " : " or ");
        g_string_append(s, *n);
    }
    return g_string_free(s, FALSE);
}

gboolean scn_check_keys(ScnDoc *d, const ScnNode *map, const char *const *allowed,
                        const char *what, GError **error)
{
    for (size_t i = 0; i < scn_map_len(map); i++) {
        ScnNode *kn = scn_map_key(d, map, i);
        const char *k = scn_scalar(kn);
        if (!k)
            return scn_fail(error, d, kn, SCN_ERROR_TYPE, "a key in %s must be a plain word",
                            what);
        gboolean ok = FALSE;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, k) == 0;
        for (size_t j = 0; ok && j < i; j++)
            if (g_strcmp0(scn_scalar(scn_map_key(d, map, j)), k) == 0)
                return scn_fail(error, d, kn, SCN_ERROR_CONFLICT,
                                "key '%s' appears twice in %s (expected each key once)", k, what);
        if (ok)
            continue;
        const char *near = scn_did_you_mean(k, allowed);
        if (near)
            return scn_fail(error, d, kn, SCN_ERROR_UNKNOWN,
                            "unknown key '%s' in %s (did you mean '%s'?)", k, what, near);
        g_autofree char *list = scn_join_names(allowed);
        return scn_fail(error, d, kn, SCN_ERROR_UNKNOWN, "unknown key '%s' in %s (expected %s)",
                        k, what, list);
    }
    return TRUE;
}

static const char *node_kind(const ScnNode *n)
{
    return scn_is_map(n) ? "a mapping" : scn_is_seq(n) ? "a list" : "a scalar";
}

gboolean scn_expect_map(ScnDoc *d, const ScnNode *n, const char *what, GError **error)
{
    if (scn_is_map(n))
        return TRUE;
    return scn_fail(error, d, n, SCN_ERROR_TYPE, "%s must be a mapping, not %s", what,
                    node_kind(n));
}

gboolean scn_expect_seq(ScnDoc *d, const ScnNode *n, const char *what, GError **error)
{
    if (scn_is_seq(n))
        return TRUE;
    return scn_fail(error, d, n, SCN_ERROR_TYPE, "%s must be a list, not %s", what,
                    node_kind(n));
}

/* ---- typed getters ---------------------------------------------------------------- */

static gboolean need_scalar(ScnDoc *d, const ScnNode *n, const char *what, GError **error)
{
    if (scn_is_scalar(n))
        return TRUE;
    return scn_fail(error, d, n, SCN_ERROR_TYPE, "expected %s, not %s", what, node_kind(n));
}

gboolean scn_get_string(ScnDoc *d, const ScnNode *n, const char **out, GError **error)
{
    if (!need_scalar(d, n, "a string", error))
        return FALSE;
    *out = scn_scalar(n);
    return TRUE;
}

gboolean scn_get_bool(ScnDoc *d, const ScnNode *n, gboolean *out, GError **error)
{
    static const char *const yes[] = { "true", "yes", "on", NULL };
    static const char *const no[] = { "false", "no", "off", NULL };
    if (!need_scalar(d, n, "true or false", error))
        return FALSE;
    const char *v = scn_scalar(n);
    if (g_strv_contains(yes, v) || g_strv_contains(no, v)) {
        *out = g_strv_contains(yes, v);
        return TRUE;
    }
    return scn_fail(error, d, n, SCN_ERROR_TYPE, "'%s' is not a boolean (expected true or false)",
                    v);
}

gboolean scn_get_int(ScnDoc *d, const ScnNode *n, int64_t lo, int64_t hi, int64_t *out,
                     GError **error)
{
    if (!need_scalar(d, n, "an integer", error))
        return FALSE;
    const char *v = scn_scalar(n);
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end || errno)
        return scn_fail(error, d, n, SCN_ERROR_TYPE, "'%s' is not an integer", v);
    if (x < lo || x > hi)
        return scn_fail(error, d, n, SCN_ERROR_RANGE,
                        "%lld is out of range (expected %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT ")",
                        x, lo, hi);
    *out = x;
    return TRUE;
}

gboolean scn_get_uint64(ScnDoc *d, const ScnNode *n, uint64_t *out, GError **error)
{
    if (!need_scalar(d, n, "an integer", error))
        return FALSE;
    const char *v = scn_scalar(n);
    char *end = NULL;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (end == v || *end || errno || *v == '-')
        return scn_fail(error, d, n, SCN_ERROR_TYPE, "'%s' is not a non-negative integer", v);
    *out = x;
    return TRUE;
}

gboolean scn_get_quantity(ScnDoc *d, const ScnNode *n, ScnUnitKind kind, double lo, double hi,
                          double *out, GError **error)
{
    if (!need_scalar(d, n, scn_unit_kind_name(kind), error))
        return FALSE;
    char *why = NULL;
    double v;
    if (!scn_unit_parse(scn_scalar(n), kind, &v, &why)) {
        scn_fail(error, d, n, SCN_ERROR_UNIT, "%s", why);
        g_free(why);
        return FALSE;
    }
    if (v < lo || v > hi) {
        g_autofree char *slo = scn_unit_format_exact(lo, kind);
        g_autofree char *shi = scn_unit_format_exact(hi, kind);
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "%s '%s' is out of range (expected %s%s%s)",
                        scn_unit_kind_name(kind), scn_scalar(n),
                        isinf(hi) ? "at least " : slo, isinf(hi) ? slo : " to ",
                        isinf(hi) ? "" : shi);
    }
    *out = v;
    return TRUE;
}

gboolean scn_get_duration_ns(ScnDoc *d, const ScnNode *n, int64_t *out, GError **error)
{
    double v;
    if (!scn_get_quantity(d, n, SCN_UNIT_DURATION, 0, 9.2e18, &v, error))
        return FALSE;
    *out = (int64_t)llround(v);
    return TRUE;
}

gboolean scn_get_size_bytes(ScnDoc *d, const ScnNode *n, uint64_t *out, GError **error)
{
    double v;
    if (!scn_get_quantity(d, n, SCN_UNIT_SIZE, 0, 1.8e19, &v, error))
        return FALSE;
    *out = (uint64_t)round(v);      /* llround overflows above 2^63 */
    return TRUE;
}

gboolean scn_get_enum(ScnDoc *d, const ScnNode *n, const char *const *names, const char *what,
                      int *out, GError **error)
{
    if (!need_scalar(d, n, what, error))
        return FALSE;
    const char *v = scn_scalar(n);
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], v) == 0) {
            *out = i;
            return TRUE;
        }
    const char *near = scn_did_you_mean(v, names);
    g_autofree char *list = scn_join_names(names);
    if (near)
        return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (did you mean '%s'?)",
                        what, v, near);
    return scn_fail(error, d, n, SCN_ERROR_UNKNOWN, "unknown %s '%s' (expected %s)", what, v, list);
}

gboolean scn_opt_string(ScnDoc *d, const ScnNode *map, const char *key, const char **out,
                        GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_string(d, n, out, error);
}

gboolean scn_opt_bool(ScnDoc *d, const ScnNode *map, const char *key, gboolean *out,
                      GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_bool(d, n, out, error);
}

gboolean scn_opt_int(ScnDoc *d, const ScnNode *map, const char *key, int64_t lo, int64_t hi,
                     int64_t *out, GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_int(d, n, lo, hi, out, error);
}

gboolean scn_opt_quantity(ScnDoc *d, const ScnNode *map, const char *key, ScnUnitKind kind,
                          double lo, double hi, double *out, GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_quantity(d, n, kind, lo, hi, out, error);
}

gboolean scn_opt_duration_ns(ScnDoc *d, const ScnNode *map, const char *key, int64_t *out,
                             GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_duration_ns(d, n, out, error);
}

gboolean scn_get_duration_min_ns(ScnDoc *d, const ScnNode *n, const char *key, int64_t min_ns,
                                 gboolean zero_ok, int64_t *out, GError **error)
{
    int64_t v;
    if (!scn_get_duration_ns(d, n, &v, error))
        return FALSE;
    if (v < min_ns && !(zero_ok && v == 0)) {
        static const struct { int64_t ns; const char *unit; } units[] = {
            { SIM_NS_PER_S, "s" }, { SIM_NS_PER_MS, "ms" }, { SIM_NS_PER_US, "us" }, { 1, "ns" },
        };
        size_t u = 0;
        while (min_ns % units[u].ns != 0)       /* the largest unit that divides it */
            u++;
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "%s '%s' is too short (expected at least "
                        "%" G_GINT64_FORMAT " %s%s)", key, scn_scalar(n), min_ns / units[u].ns,
                        units[u].unit, zero_ok ? ", or 0" : "");
    }
    *out = v;
    return TRUE;
}

gboolean scn_opt_duration_min_ns(ScnDoc *d, const ScnNode *map, const char *key,
                                 int64_t min_ns, gboolean zero_ok, int64_t *out, GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_duration_min_ns(d, n, key, min_ns, zero_ok, out, error);
}

gboolean scn_opt_size_bytes(ScnDoc *d, const ScnNode *map, const char *key, uint64_t *out,
                            GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_size_bytes(d, n, out, error);
}

gboolean scn_opt_enum(ScnDoc *d, const ScnNode *map, const char *key, const char *const *names,
                      int *out, GError **error)
{
    ScnNode *n = scn_map_get(d, map, key);
    return !n || scn_get_enum(d, n, names, key, out, error);
}

/* ---- --set ------------------------------------------------------------------------ */

/* Copies node src_index of src into d; returns the new index. */
static int copy_node(ScnDoc *d, yaml_document_t *src, int src_index)
{
    yaml_node_t *n = yaml_document_get_node(src, src_index);
    if (n->type == YAML_SCALAR_NODE)
        return yaml_document_add_scalar(&d->doc, NULL, n->data.scalar.value,
                                        (int)n->data.scalar.length, n->data.scalar.style);
    if (n->type == YAML_SEQUENCE_NODE) {
        int seq = yaml_document_add_sequence(&d->doc, NULL, YAML_FLOW_SEQUENCE_STYLE);
        int count = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
        for (int i = 0; i < count; i++) {
            n = yaml_document_get_node(src, src_index);
            int item = copy_node(d, src, n->data.sequence.items.start[i]);
            yaml_document_append_sequence_item(&d->doc, seq, item);
        }
        return seq;
    }
    int map = yaml_document_add_mapping(&d->doc, NULL, YAML_FLOW_MAPPING_STYLE);
    int count = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    for (int i = 0; i < count; i++) {
        n = yaml_document_get_node(src, src_index);
        yaml_node_pair_t pair = n->data.mapping.pairs.start[i];
        int k = copy_node(d, src, pair.key);
        int v = copy_node(d, src, pair.value);
        yaml_document_append_mapping_pair(&d->doc, map, k, v);
    }
    return map;
}

static void note_origin(ScnDoc *d, int first_index, int flag, int column)
{
    int last = (int)(d->doc.nodes.top - d->doc.nodes.start);
    for (int i = first_index; i <= last; i++) {
        ScnSetOrigin o = { i, flag, column };
        g_array_append_val(d->set_origins, o);
    }
}

/* Parses VALUE as YAML and adds it to d; returns its index or 0 with *error set. */
static int add_value(ScnDoc *d, const char *value, int flag, int column, GError **error)
{
    int first = (int)(d->doc.nodes.top - d->doc.nodes.start) + 1;
    int idx;
    if (value[0] == '[' || value[0] == '{') {
        g_autofree char *where = g_strdup_printf("--set:%d", flag);
        GError *inner = NULL;
        ScnDoc *tmp = scn_doc_load_string(value, where, &inner);
        if (!tmp) {
            const char *why = strstr(inner->message, "error: ");
            if (inner->code == SCN_ERROR_SYNTAX || !why)
                scn_set_error(error, SCN_ERROR_SYNTAX, "--set:%d:%d: error: malformed YAML value "
                          "'%s'", flag, column, value);
            else
                scn_set_error(error, (ScnErrorCode)inner->code, "--set:%d:%d: %s", flag, column, why);
            g_error_free(inner);
            return 0;
        }
        idx = copy_node(d, &tmp->doc, 1);
        scn_doc_free(tmp);
    } else if (strlen(value) > scn_limits()->string_bytes) {
        scn_set_error(error, SCN_ERROR_RANGE, "--set:%d:%d: error: a string of %zu bytes is too "
                  "long " LIMIT_FMT, flag, column, strlen(value), LIMIT_ARGS(string_bytes));
        return 0;
    } else {
        idx = yaml_document_add_scalar(&d->doc, NULL, (yaml_char_t *)value, (int)strlen(value),
                                       YAML_PLAIN_SCALAR_STYLE);
    }
    g_assert(idx > 0);          /* libyaml refuses only invalid UTF-8, checked before */
    note_origin(d, first, flag, column);
    return idx;
}

/* The child of container `parent` named by segment; creates a map for a missing key when
 * `create`.  Returns the child's index, or 0 with *error set. */
static int path_step(ScnDoc *d, int parent, const char *seg, gboolean create, int flag,
                     int column, GError **error)
{
    ScnNode *p = node_at(d, parent);
    if (scn_is_map(p)) {
        for (size_t i = 0; i < scn_map_len(p); i++)
            if (g_strcmp0(scn_scalar(scn_map_key(d, p, i)), seg) == 0)
                return p->data.mapping.pairs.start[i].value;
        if (!create)
            return 0;
        int k = yaml_document_add_scalar(&d->doc, NULL, (yaml_char_t *)seg, (int)strlen(seg),
                                         YAML_PLAIN_SCALAR_STYLE);
        int v = yaml_document_add_mapping(&d->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
        note_origin(d, k, flag, column);
        yaml_document_append_mapping_pair(&d->doc, parent, k, v);
        return v;
    }
    if (scn_is_seq(p)) {
        char *end = NULL;
        long i = strtol(seg, &end, 10);
        if (end != seg && *end == '\0') {
            if (i >= 0 && (size_t)i < scn_seq_len(p))
                return p->data.sequence.items.start[i];
            scn_set_error(error, SCN_ERROR_RANGE, "--set:%d:%d: error: no item %ld in the list "
                      "(it has %zu)", flag, column, i, scn_seq_len(p));
            return 0;
        }
        for (size_t j = 0; j < scn_seq_len(p); j++) {
            ScnNode *item = scn_seq_item(d, p, j);
            if (scn_is_map(item) && g_strcmp0(scn_scalar(scn_map_get(d, item, "name")), seg) == 0)
                return p->data.sequence.items.start[j];
        }
        scn_set_error(error, SCN_ERROR_UNKNOWN, "--set:%d:%d: error: no list item named '%s' "
                  "(expected an index or a name)", flag, column, seg);
        return 0;
    }
    scn_set_error(error, SCN_ERROR_TYPE, "--set:%d:%d: error: cannot descend into scalar at '%s'",
              flag, column, seg);
    return 0;
}

/* Replaces (or adds) the value under `seg` in container `parent` with node `value`. */
static gboolean path_assign(ScnDoc *d, int parent, const char *seg, int value, int flag,
                            int column, GError **error)
{
    ScnNode *p = node_at(d, parent);
    if (scn_is_map(p)) {
        for (size_t i = 0; i < scn_map_len(p); i++)
            if (g_strcmp0(scn_scalar(scn_map_key(d, p, i)), seg) == 0) {
                p->data.mapping.pairs.start[i].value = value;
                return TRUE;
            }
        int k = yaml_document_add_scalar(&d->doc, NULL, (yaml_char_t *)seg, (int)strlen(seg),
                                         YAML_PLAIN_SCALAR_STYLE);
        note_origin(d, k, flag, column);
        yaml_document_append_mapping_pair(&d->doc, parent, k, value);
        return TRUE;
    }
    int child = path_step(d, parent, seg, FALSE, flag, column, error);
    if (!child)
        return FALSE;
    p = node_at(d, parent);
    for (size_t i = 0; i < scn_seq_len(p); i++)
        if (p->data.sequence.items.start[i] == child)
            p->data.sequence.items.start[i] = value;
    return TRUE;
}

/* A path segment of --set and its 1-based column in the flag's argument. */
typedef struct {
    char *key;
    int   column;
} SetSeg;

static void set_seg_clear(gpointer p)
{
    g_free(((SetSeg *)p)->key);
}

#define SET_PATH_EXPECTED "(expected KEY.KEY, KEY[INDEX] or KEY.NAME)"

/* Splits "hosts[0].cores" (everything before eq) into segments; FALSE with *error on an
 * empty key or an unbalanced bracket, at its column. */
static gboolean set_parse_path(const char *a, const char *eq, int flag, GArray *segs,
                               GError **error)
{
    const char *p = a;
    for (gboolean bracket = FALSE;;) {
        const char *start = p;
        while (p < eq && !strchr(".[]", *p))
            p++;
        int col = (int)(p - a) + 1;
        if (p == start && p < eq && *p == ']' && !bracket)
            return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: ']' without '[' in "
                             "path '%.*s' " SET_PATH_EXPECTED, flag, col, (int)(eq - a), a);
        if (p == start)
            return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: empty key in path "
                             "'%.*s' " SET_PATH_EXPECTED, flag, col, (int)(eq - a), a);
        SetSeg seg = { g_strndup(start, (gsize)(p - start)), (int)(start - a) + 1 };
        g_array_append_val(segs, seg);
        if (bracket && (p == eq || *p != ']'))
            return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: '[' without ']' in "
                             "path '%.*s' " SET_PATH_EXPECTED, flag, col, (int)(eq - a), a);
        if (!bracket && p < eq && *p == ']')
            return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: ']' without '[' in "
                             "path '%.*s' " SET_PATH_EXPECTED, flag, col, (int)(eq - a), a);
        if (bracket)
            p++;
        if (p == eq)
            return TRUE;
        if (bracket && *p != '.' && *p != '[')
            return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: '%c' after ']' in "
                             "path '%.*s' " SET_PATH_EXPECTED, flag, (int)(p - a) + 1, *p,
                             (int)(eq - a), a);
        bracket = *p++ == '[';
    }
}

/* FALSE with *error at the first byte of `a` that is not UTF-8 (libyaml refuses them). */
static gboolean set_check_utf8(const char *a, int flag, GError **error)
{
    const char *bad = NULL;
    if (g_utf8_validate(a, -1, &bad))
        return TRUE;
    return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:%d: error: byte 0x%02x is not UTF-8 "
                     "(expected UTF-8 text)", flag, (int)(bad - a) + 1, (guchar)*bad);
}

gboolean scn_doc_set(ScnDoc *d, const char *assignment, int flag, GError **error)
{
    const char *eq = strchr(assignment, '=');
    if (!set_check_utf8(assignment, flag, error))
        return FALSE;
    if (!eq || eq == assignment)
        return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:1: error: '%s' is not PATH=VALUE "
                         "(e.g. hosts.0.cores=32)", flag, assignment);
    if (!scn_doc_root(d))
        return scn_set_error(error, SCN_ERROR_USAGE, "--set:%d:1: error: the scenario is empty",
                         flag);
    g_autoptr(GArray) segs = g_array_new(FALSE, FALSE, sizeof(SetSeg));
    g_array_set_clear_func(segs, set_seg_clear);
    if (!set_parse_path(assignment, eq, flag, segs, error))
        return FALSE;
    int parent = 1, value_column = (int)(eq - assignment) + 2;
    for (guint i = 0; i + 1 < segs->len; i++) {
        const SetSeg *g = &g_array_index(segs, SetSeg, i);
        if (!(parent = path_step(d, parent, g->key, TRUE, flag, g->column, error)))
            return FALSE;
    }
    const SetSeg *last = &g_array_index(segs, SetSeg, segs->len - 1);
    int value = add_value(d, eq + 1, flag, value_column, error);
    return value && path_assign(d, parent, last->key, value, flag, last->column, error);
}
