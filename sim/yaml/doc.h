/* sim/yaml/doc.h — a YAML scenario document with positions, and typed access to its nodes.
 *
 * A ScnDoc wraps one libyaml document and the path it came from.  Every accessor takes the
 * node it reads, so every error carries the position of the offending *value*:
 * "rack.yaml:3:17: error: duration '300' needs a unit (ns, us, ms, s, min, h or d)".
 * Errors are GErrors in the SCN_ERROR domain; accessors return FALSE so callers can
 * `return FALSE` straight through.
 *
 * `--set PATH=VALUE` edits the document before it is read (scn_doc_set): nodes it adds
 * report their position as "--set:N:COL", N being the flag's position on the command line.
 * Path syntax: keys separated by dots; a list item by index (`hosts.0.cores`, also
 * `hosts[0].cores`) or by its `name:` (`hosts.web.cores`); missing keys are created.
 */
#ifndef SIM_SCNDOC_H
#define SIM_SCNDOC_H

#include <glib.h>
#include <stdint.h>
#include <yaml.h>

#include "sim/core/units.h"

#define SCN_ERROR (scn_error_quark())
GQuark scn_error_quark(void);

typedef enum {
    SCN_ERROR_SYNTAX,       /* malformed YAML */
    SCN_ERROR_TYPE,         /* a map where a scalar belongs, "abc" where a number does */
    SCN_ERROR_UNIT,         /* a missing or unknown unit */
    SCN_ERROR_RANGE,        /* out of range */
    SCN_ERROR_UNKNOWN,      /* an unknown key, name or reference */
    SCN_ERROR_MISSING,      /* a required key is absent */
    SCN_ERROR_CONFLICT,     /* valid alone, invalid together */
    SCN_ERROR_IO,           /* file cannot be read */
    SCN_ERROR_USAGE,        /* command line */
} ScnErrorCode;

typedef struct ScnDoc ScnDoc;
typedef yaml_node_t ScnNode;

ScnDoc     *scn_doc_load_file(const char *path, GError **error);
ScnDoc     *scn_doc_load_string(const char *text, const char *display_path, GError **error);
void        scn_doc_free(ScnDoc *d);                                /* NULL is a no-op */
const char *scn_doc_path(const ScnDoc *d);
ScnNode    *scn_doc_root(ScnDoc *d);                 /* NULL for an empty document */
/* The `index`-th --set (1-based, for positions) of `assignment` ("PATH=VALUE"). */
gboolean    scn_doc_set(ScnDoc *d, const char *assignment, int index, GError **error);

/* Sets *error to "path:line:col: error: msg" for node and returns FALSE. */
gboolean    scn_fail(GError **error, const ScnDoc *d, const ScnNode *node, ScnErrorCode code,
                     const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/* Sets *error to msg alone (no position), control characters escaped; returns FALSE. */
gboolean    scn_set_error(GError **error, ScnErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* "path:line:col" of node; g_free it. */
char       *scn_where(const ScnDoc *d, const ScnNode *node);

/* ---- node access ---- */
gboolean    scn_is_map(const ScnNode *n);
gboolean    scn_is_seq(const ScnNode *n);
gboolean    scn_is_scalar(const ScnNode *n);
const char *scn_scalar(const ScnNode *n);                  /* NULL unless a scalar */
size_t      scn_seq_len(const ScnNode *n);
ScnNode    *scn_seq_item(ScnDoc *d, const ScnNode *seq, size_t i);
size_t      scn_map_len(const ScnNode *n);
ScnNode    *scn_map_key(ScnDoc *d, const ScnNode *map, size_t i);
ScnNode    *scn_map_value(ScnDoc *d, const ScnNode *map, size_t i);
ScnNode    *scn_map_get(ScnDoc *d, const ScnNode *map, const char *key);   /* NULL if absent */

/* Fails on any key of map not in the NULL-terminated `allowed`, with a did-you-mean. */
gboolean    scn_check_keys(ScnDoc *d, const ScnNode *map, const char *const *allowed,
                           const char *what, GError **error);
gboolean    scn_expect_map(ScnDoc *d, const ScnNode *n, const char *what, GError **error);
gboolean    scn_expect_seq(ScnDoc *d, const ScnNode *n, const char *what, GError **error);

/* Typed getters on a value node. */
gboolean    scn_get_string(ScnDoc *d, const ScnNode *n, const char **out, GError **error);
gboolean    scn_get_bool(ScnDoc *d, const ScnNode *n, gboolean *out, GError **error);
gboolean    scn_get_int(ScnDoc *d, const ScnNode *n, int64_t lo, int64_t hi, int64_t *out,
                        GError **error);
gboolean    scn_get_uint64(ScnDoc *d, const ScnNode *n, uint64_t *out, GError **error);
gboolean    scn_get_quantity(ScnDoc *d, const ScnNode *n, ScnUnitKind kind, double lo,
                             double hi, double *out, GError **error);
gboolean    scn_get_duration_ns(ScnDoc *d, const ScnNode *n, int64_t *out, GError **error);
gboolean    scn_get_size_bytes(ScnDoc *d, const ScnNode *n, uint64_t *out, GError **error);
/* A duration at least min_ns (0 stays allowed when zero_ok); key names it in the error. */
gboolean    scn_get_duration_min_ns(ScnDoc *d, const ScnNode *n, const char *key, int64_t min_ns,
                                    gboolean zero_ok, int64_t *out, GError **error);
/* One of the NULL-terminated names; *out is its index. */
gboolean    scn_get_enum(ScnDoc *d, const ScnNode *n, const char *const *names,
                         const char *what, int *out, GError **error);

/* Keyed variants: absent key leaves *out untouched and succeeds. */
gboolean    scn_opt_string(ScnDoc *d, const ScnNode *map, const char *key, const char **out,
                           GError **error);
gboolean    scn_opt_bool(ScnDoc *d, const ScnNode *map, const char *key, gboolean *out,
                         GError **error);
gboolean    scn_opt_int(ScnDoc *d, const ScnNode *map, const char *key, int64_t lo, int64_t hi,
                        int64_t *out, GError **error);
gboolean    scn_opt_quantity(ScnDoc *d, const ScnNode *map, const char *key, ScnUnitKind kind,
                             double lo, double hi, double *out, GError **error);
gboolean    scn_opt_duration_ns(ScnDoc *d, const ScnNode *map, const char *key, int64_t *out,
                                GError **error);
/* A duration at least min_ns (0 stays allowed when zero_ok: "off" or "default"). */
gboolean    scn_opt_duration_min_ns(ScnDoc *d, const ScnNode *map, const char *key,
                                    int64_t min_ns, gboolean zero_ok, int64_t *out,
                                    GError **error);
gboolean    scn_opt_size_bytes(ScnDoc *d, const ScnNode *map, const char *key, uint64_t *out,
                               GError **error);
gboolean    scn_opt_enum(ScnDoc *d, const ScnNode *map, const char *key,
                         const char *const *names, int *out, GError **error);

/* The closest of `candidates` to word by edit distance, or NULL if none is close. */
const char *scn_did_you_mean(const char *word, const char *const *candidates);
/* "a, b or c" (g_free it). */
char       *scn_join_names(const char *const *names);

#endif
