/* sim/yaml/schema.h — one table per scenario section: each key's type, unit, default, range,
 * documentation and the field it lands in.
 *
 * A section reader declares `static const ScnKey keys[]` at the top of its config file and
 * hands it to the functions below, which do everything a key needs from that one row:
 *   - scn_schema_defaults() fills the struct's fields from the `def` texts;
 *   - scn_schema_read() checks the keys of a mapping (unknown key: did-you-mean over the
 *     table), then reads each present key in table order with the typed getters of doc.h,
 *     so errors are the usual "file:line:col: error: ..." at the value;
 *   - scn_schema_write() writes the fields back for resolved.yaml, in table order;
 *   - scn_schema_json() and scn_schema_markdown() give the JSON Schema of `vdcsim schema`
 *     and the key tables of docs/scenario.md (a test checks the doc against them).
 *
 * Fields land at `offset` in the section's struct, with a C type fixed by the key type
 * (below).  Entries too complex for a row (lists of hosts, devices, events, ...) use a
 * custom reader and writer (`read`, `write`: may be NULL) and give their JSON Schema as
 * text (`json`); they still carry their type and doc, so the doc and the schema name them.
 */
#ifndef SIM_YAML_SCHEMA_H
#define SIM_YAML_SCHEMA_H

#include <stddef.h>

#include "sim/yaml/doc.h"
#include "sim/yaml/emit.h"

typedef enum {
    SCN_KEY_STRING,     /* char * (g_strdup'd, owned by the struct; NULL: absent, not written) */
    SCN_KEY_INT,        /* int, lo .. hi */
    SCN_KEY_UINT64,     /* uint64_t, 0 .. 2^64 - 1 */
    SCN_KEY_BOOL,       /* gboolean: true/false (also yes/no, on/off) */
    SCN_KEY_ENUM,       /* int: the index of the value in `names` */
    SCN_KEY_QUANTITY,   /* double in the SI unit of `unit`, lo .. hi */
    SCN_KEY_DURATION,   /* int64_t ns (SimTimeNs); lo > 0: at least lo ns, or 0 */
    SCN_KEY_SIZE,       /* uint64_t bytes */
    SCN_KEY_MAP,        /* a nested mapping whose keys (`sub`) land in the same struct */
    SCN_KEY_CUSTOM,     /* `read` / `write` hooks; a mapping of `sub`, or `json` */
    SCN_KEY_LIST,       /* `read` / `write` hooks; a list of mappings of `sub`, or `json` */
    SCN_KEY_DICT,       /* `read` / `write` hooks; a mapping from names to mappings of `sub` */
} ScnKeyType;

#define SCN_NO_FIELD ((size_t)-1)

typedef struct ScnKey ScnKey;
/* A custom entry's reader: value is the key's value node; obj the section's struct. */
typedef gboolean (*ScnKeyReadFn)(void *obj, ScnDoc *d, ScnNode *value, GError **error);
/* A custom entry's writer: writes the key and its value (or nothing). */
typedef void (*ScnKeyWriteFn)(ScnWriter *w, const ScnKey *key, const void *obj);
/* A registry's names (NULL-terminated, static): the values a STRING key accepts. */
typedef const char *const *(*ScnKeyNamesFn)(void);

struct ScnKey {
    const char        *key;
    ScnKeyType         type;
    size_t             offset;      /* offsetof(Section, field), or SCN_NO_FIELD */
    ScnUnitKind        unit;        /* QUANTITY */
    const char *const *names;       /* ENUM: NULL-terminated */
    ScnKeyNamesFn      names_fn;    /* STRING read by a hook that checks a registry: the JSON
                                     * Schema's enum (NULL: any string) */
    double             lo, hi;      /* INT, QUANTITY; DURATION: lo = shortest ns (or 0) */
    gboolean           zero_ok;     /* DURATION with lo > 0: 0 is allowed too ("off") */
    const char        *def;         /* the default as YAML text; NULL: zero / absent */
    const char        *doc;         /* what it means and its limits (doc and JSON) */
    const char        *type_doc;    /* the doc's type column, when not derived from type */
    const char        *def_doc;     /* the doc's default column, when not "`def`" */
    const ScnKey      *sub;         /* MAP, and CUSTOM lists of mappings: { NULL } ended */
    ScnKeyReadFn       read;        /* CUSTOM; on other types it replaces the typed read */
    ScnKeyWriteFn      write;       /* CUSTOM: NULL, not written; others: replaces the typed write */
    const char        *json;        /* CUSTOM, LIST: JSON Schema members; NULL: from sub.  With
                                     * sub too: either form (`anyOf`), e.g. a name or a mapping */
    gboolean           single_ok;   /* LIST: one mapping alone stands for a list of one */
    gboolean           required;    /* the mapping must have it (JSON Schema) */
    const char        *missing;     /* when set, reading a mapping without the key fails with
                                     * this message, at the mapping, in the key's turn */
};

/* A section: its table (ended by a { NULL } row) and how messages name it. */
typedef struct {
    const char   *name;             /* "network": the key, the doc marker, the JSON name */
    const char   *what;             /* in messages: "network", "a host" */
    const ScnKey *keys;
    gboolean      flow;             /* resolved.yaml writes it as { k: v, ... } */
    const char   *doc;              /* one line for the JSON Schema */
} ScnSection;

/* Fills every field of obj that has a default (and zeroes those without) — MAP included. */
void     scn_schema_defaults(const ScnKey *keys, void *obj);
/* Frees the STRING fields of obj. */
void     scn_schema_clear(const ScnKey *keys, void *obj);
/* Expects a mapping, checks its keys against the table and reads those present. */
gboolean scn_schema_read(const ScnSection *sec, void *obj, ScnDoc *d, ScnNode *n,
                         GError **error);
/* The same on a mapping named `what` (MAP keys, and sections under another name). */
gboolean scn_schema_read_keys(const ScnKey *keys, const char *what, void *obj, ScnDoc *d,
                              ScnNode *n, GError **error);
/* Reads the present keys that have a field or a reader, in table order (an absent key with
 * a `missing` message fails there); the others are left to the caller.  No key check
 * (scn_schema_read_keys does both). */
gboolean scn_schema_read_values(const ScnKey *keys, const char *what, void *obj, ScnDoc *d,
                                ScnNode *n, GError **error);
/* Writes `name: { ... }` with every key that has a field or a writer, in table order. */
void     scn_schema_write(ScnWriter *w, const ScnSection *sec, const void *obj);
void     scn_schema_write_keys(ScnWriter *w, const ScnKey *keys, const void *obj);
/* One typed key as `key: value` (for write hooks that only decide whether to write). */
void     scn_schema_write_value(ScnWriter *w, const ScnKey *k, const void *obj);
/* The same in the order of `order` (every key of the table, once): resolved.yaml's order,
 * where it predates the table's (which is the order of "expected ..." lists). */
void     scn_schema_write_keys_in(ScnWriter *w, const ScnKey *keys, const char *const *order,
                                  const void *obj);
/* The row named name, or NULL. */
const ScnKey *scn_schema_find(const ScnKey *keys, const char *name);

/* NULL-terminated key names of a table (for scn_check_keys); g_free it. */
const char **scn_schema_key_names(const ScnKey *keys);

/* The members of a table's JSON Schema (an object, additionalProperties false), without
 * braces: the first at the current position, the others on lines indented by indent. */
void     scn_schema_json(GString *out, const ScnKey *keys, const char *doc, int indent);
/* docs/scenario.md's table: | key | type | default | constraints |.  Keys of a MAP, and of
 * a CUSTOM mapping with neither type_doc nor def_doc, get rows of their own as a.b. */
void     scn_schema_markdown(GString *out, const ScnKey *keys);
/* A JSON string literal of text (quotes and escapes). */
void     scn_schema_json_string(GString *out, const char *text);

#endif
