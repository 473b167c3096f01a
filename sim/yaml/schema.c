/* sim/yaml/schema.c — reading, defaults, writing, JSON Schema and doc tables from one key
 * table per section; see schema.h. */
#include "sim/yaml/schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *field(const ScnKey *k, const void *obj)
{
    g_assert(k->offset != SCN_NO_FIELD);
    return (char *)obj + k->offset;
}

static gboolean has_field(const ScnKey *k)
{
    return k->offset != SCN_NO_FIELD && k->type < SCN_KEY_MAP;
}

/* ---- defaults ------------------------------------------------------------------------ */

static double parse_def(const ScnKey *k, ScnUnitKind unit)
{
    double v = 0;
    g_autofree char *why = NULL;
    if (k->def && !scn_unit_parse(k->def, unit, &v, &why))
        g_error("schema key '%s': bad default: %s", k->key, why);
    return v;
}

static int enum_index(const ScnKey *k, const char *name)
{
    for (int i = 0; k->names[i]; i++)
        if (strcmp(k->names[i], name) == 0)
            return i;
    g_error("schema key '%s': default '%s' is not one of its names", k->key, name);
}

static void default_one(const ScnKey *k, void *obj)
{
    void *f = field(k, obj);
    switch (k->type) {
    case SCN_KEY_STRING:   *(char **)f = g_strdup(k->def); break;
    case SCN_KEY_INT:      *(int *)f = k->def ? atoi(k->def) : 0; break;
    case SCN_KEY_UINT64:   *(uint64_t *)f = k->def ? g_ascii_strtoull(k->def, NULL, 10) : 0; break;
    case SCN_KEY_BOOL:     *(gboolean *)f = g_strcmp0(k->def, "true") == 0; break;
    case SCN_KEY_ENUM:     *(int *)f = k->def ? enum_index(k, k->def) : 0; break;
    case SCN_KEY_QUANTITY: *(double *)f = parse_def(k, k->unit); break;
    case SCN_KEY_DURATION: *(int64_t *)f = llround(parse_def(k, SCN_UNIT_DURATION)); break;
    case SCN_KEY_SIZE:     *(uint64_t *)f = (uint64_t)round(parse_def(k, SCN_UNIT_SIZE)); break;
    default:               g_assert_not_reached();
    }
}

void scn_schema_defaults(const ScnKey *keys, void *obj)
{
    for (const ScnKey *k = keys; k->key; k++) {
        if (k->type == SCN_KEY_MAP)
            scn_schema_defaults(k->sub, obj);
        else if (has_field(k))
            default_one(k, obj);
    }
}

void scn_schema_clear(const ScnKey *keys, void *obj)
{
    for (const ScnKey *k = keys; k->key; k++) {
        if (k->type == SCN_KEY_MAP)
            scn_schema_clear(k->sub, obj);
        else if (k->type == SCN_KEY_STRING && has_field(k))
            g_clear_pointer((char **)field(k, obj), g_free);
    }
}

/* ---- reading ------------------------------------------------------------------------- */

const char **scn_schema_key_names(const ScnKey *keys)
{
    size_t n = 0;
    while (keys[n].key)
        n++;
    const char **names = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = keys[i].key;
    return names;
}

static gboolean read_int(const ScnKey *k, void *f, ScnDoc *d, ScnNode *v, GError **error)
{
    int64_t x;
    if (!scn_get_int(d, v, (int64_t)k->lo, (int64_t)k->hi, &x, error))
        return FALSE;
    *(int *)f = (int)x;
    return TRUE;
}

static gboolean read_string(void *f, ScnDoc *d, ScnNode *v, GError **error)
{
    const char *s = NULL;
    if (!scn_get_string(d, v, &s, error))
        return FALSE;
    g_free(*(char **)f);
    *(char **)f = g_strdup(s);
    return TRUE;
}

static gboolean read_duration(const ScnKey *k, void *f, ScnDoc *d, ScnNode *v, GError **error)
{
    if (k->lo > 0)
        return scn_get_duration_min_ns(d, v, k->key, (int64_t)k->lo, k->zero_ok, f, error);
    return scn_get_duration_ns(d, v, f, error);
}

static gboolean read_value(const ScnKey *k, const char *what, void *obj, ScnDoc *d, ScnNode *v,
                           GError **error)
{
    if (k->read || k->type >= SCN_KEY_CUSTOM)
        return !k->read || k->read(obj, d, v, error);
    if (k->type == SCN_KEY_MAP) {
        g_autofree char *sub = g_strdup_printf("%s.%s", what, k->key);
        return scn_schema_read_keys(k->sub, sub, obj, d, v, error);
    }
    void *f = field(k, obj);
    switch (k->type) {
    case SCN_KEY_STRING:   return read_string(f, d, v, error);
    case SCN_KEY_INT:      return read_int(k, f, d, v, error);
    case SCN_KEY_UINT64:   return scn_get_uint64(d, v, f, error);
    case SCN_KEY_BOOL:     return scn_get_bool(d, v, f, error);
    case SCN_KEY_ENUM:     return scn_get_enum(d, v, k->names, k->key, f, error);
    case SCN_KEY_QUANTITY: return scn_get_quantity(d, v, k->unit, k->lo, k->hi, f, error);
    case SCN_KEY_DURATION: return read_duration(k, f, d, v, error);
    case SCN_KEY_SIZE:     return scn_get_size_bytes(d, v, f, error);
    default:               g_assert_not_reached();
    }
}

gboolean scn_schema_read_values(const ScnKey *keys, const char *what, void *obj, ScnDoc *d,
                                ScnNode *n, GError **error)
{
    for (const ScnKey *k = keys; k->key; k++) {
        ScnNode *v = scn_map_get(d, n, k->key);
        if (!v && k->missing)
            return scn_fail(error, d, n, SCN_ERROR_MISSING, "%s", k->missing);
        gboolean readable = k->read || k->type == SCN_KEY_MAP || has_field(k);
        if (v && readable && !read_value(k, what, obj, d, v, error))
            return FALSE;
    }
    return TRUE;
}

gboolean scn_schema_read_keys(const ScnKey *keys, const char *what, void *obj, ScnDoc *d,
                              ScnNode *n, GError **error)
{
    g_autofree const char **names = scn_schema_key_names(keys);
    return scn_expect_map(d, n, what, error) && scn_check_keys(d, n, names, what, error) &&
           scn_schema_read_values(keys, what, obj, d, n, error);
}

gboolean scn_schema_read(const ScnSection *sec, void *obj, ScnDoc *d, ScnNode *n,
                         GError **error)
{
    return scn_schema_read_keys(sec->keys, sec->what, obj, d, n, error);
}

/* ---- writing ------------------------------------------------------------------------- */

void scn_schema_write_value(ScnWriter *w, const ScnKey *k, const void *obj)
{
    const void *f = field(k, obj);
    g_autofree char *text = NULL;
    switch (k->type) {
    case SCN_KEY_STRING:
        if (*(char *const *)f)
            scn_yaml_kv(w, k->key, *(char *const *)f);
        return;
    case SCN_KEY_INT:      scn_yaml_kv_int(w, k->key, *(const int *)f); return;
    case SCN_KEY_UINT64:
        text = g_strdup_printf("%" G_GUINT64_FORMAT, *(const uint64_t *)f);
        scn_yaml_kv(w, k->key, text);
        return;
    case SCN_KEY_BOOL:     scn_yaml_kv(w, k->key, *(const gboolean *)f ? "true" : "false"); return;
    case SCN_KEY_ENUM:     scn_yaml_kv(w, k->key, k->names[*(const int *)f]); return;
    case SCN_KEY_QUANTITY: scn_yaml_kv_unit(w, k->key, *(const double *)f, k->unit); return;
    case SCN_KEY_DURATION:
        scn_yaml_kv_unit(w, k->key, (double)*(const int64_t *)f, SCN_UNIT_DURATION);
        return;
    case SCN_KEY_SIZE:
        scn_yaml_kv_unit(w, k->key, (double)*(const uint64_t *)f, SCN_UNIT_SIZE);
        return;
    default:               g_assert_not_reached();
    }
}

static void write_key(ScnWriter *w, const ScnKey *k, const void *obj)
{
    if (k->write) {
        k->write(w, k, obj);
    } else if (k->type == SCN_KEY_MAP) {
        scn_yaml_scalar(w, k->key);
        scn_yaml_map_begin(w, TRUE);
        scn_schema_write_keys(w, k->sub, obj);
        scn_yaml_map_end(w);
    } else if (has_field(k)) {
        scn_schema_write_value(w, k, obj);
    }
}

void scn_schema_write_keys(ScnWriter *w, const ScnKey *keys, const void *obj)
{
    for (const ScnKey *k = keys; k->key; k++)
        write_key(w, k, obj);
}

const ScnKey *scn_schema_find(const ScnKey *keys, const char *name)
{
    for (const ScnKey *k = keys; k->key; k++)
        if (strcmp(k->key, name) == 0)
            return k;
    return NULL;
}

void scn_schema_write_keys_in(ScnWriter *w, const ScnKey *keys, const char *const *order,
                              const void *obj)
{
    size_t n = 0;
    for (; order[n]; n++) {
        const ScnKey *k = scn_schema_find(keys, order[n]);
        g_assert(k);
        write_key(w, k, obj);
    }
    g_assert(keys[n].key == NULL && (n == 0 || keys[n - 1].key));   /* every key, once */
}

void scn_schema_write(ScnWriter *w, const ScnSection *sec, const void *obj)
{
    scn_yaml_scalar(w, sec->name);
    scn_yaml_map_begin(w, sec->flow);
    scn_schema_write_keys(w, sec->keys, obj);
    scn_yaml_map_end(w);
}

/* ---- JSON Schema --------------------------------------------------------------------- */

void scn_schema_json_string(GString *out, const char *text)
{
    g_string_append_c(out, '"');
    for (const char *c = text; *c; c++) {
        if (*c == '"' || *c == '\\')
            g_string_append_printf(out, "\\%c", *c);
        else if ((unsigned char)*c < 0x20)
            g_string_append_printf(out, "\\u%04x", *c);
        else
            g_string_append_c(out, *c);
    }
    g_string_append_c(out, '"');
}

static void json_number(GString *out, const char *name, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(out, ", \"%s\": %s", name, g_ascii_dtostr(buf, sizeof buf, v));
}

static void json_quantity(GString *out, const ScnKey *k, ScnUnitKind unit)
{
    g_autofree char *pattern = scn_unit_pattern(unit);
    g_string_append(out, "\"anyOf\": [");
    if (scn_unit_bare_ok(unit)) {
        g_string_append(out, "{ \"type\": \"number\"");
        if (k->hi > k->lo) {
            json_number(out, "minimum", k->lo);
            if (isfinite(k->hi))
                json_number(out, "maximum", k->hi);
        }
        g_string_append(out, " }");
    } else {
        g_string_append(out, "{ \"const\": 0 }");
    }
    g_string_append(out, ", { \"type\": \"string\", \"pattern\": ");
    scn_schema_json_string(out, pattern);
    g_string_append(out, " }]");
}

static void json_enum(GString *out, const char *const *names)
{
    g_string_append(out, "\"enum\": [");
    for (int i = 0; names[i]; i++) {
        g_string_append(out, i ? ", " : "");
        scn_schema_json_string(out, names[i]);
    }
    g_string_append(out, "]");
}

static void json_list(GString *out, const ScnKey *sub, int indent);
static void json_dict(GString *out, const ScnKey *sub, int indent);
static void json_sub_form(GString *out, const ScnKey *k, int indent);
static void json_any_of(GString *out, const ScnKey *k, int indent);

/* Appends a key's schema members; the first at the current position, later lines at indent. */
static void json_body(GString *out, const ScnKey *k, int indent)
{
    switch (k->type) {
    case SCN_KEY_STRING:
        if (k->names_fn)
            json_enum(out, k->names_fn());
        else
            g_string_append(out, "\"type\": \"string\"");
        break;
    case SCN_KEY_INT:
        g_string_append(out, "\"type\": \"integer\"");
        json_number(out, "minimum", k->lo);
        json_number(out, "maximum", k->hi);
        break;
    case SCN_KEY_UINT64: g_string_append(out, "\"type\": \"integer\", \"minimum\": 0"); break;
    case SCN_KEY_BOOL:
        g_string_append(out, "\"anyOf\": [{ \"type\": \"boolean\" }, "
                             "{ \"enum\": [\"yes\", \"no\", \"on\", \"off\"] }]");
        break;
    case SCN_KEY_ENUM:     json_enum(out, k->names); break;
    case SCN_KEY_QUANTITY: json_quantity(out, k, k->unit); break;
    case SCN_KEY_DURATION: json_quantity(out, k, SCN_UNIT_DURATION); break;
    case SCN_KEY_SIZE:     json_quantity(out, k, SCN_UNIT_SIZE); break;
    case SCN_KEY_MAP:      scn_schema_json(out, k->sub, NULL, indent); break;
    case SCN_KEY_CUSTOM:
    case SCN_KEY_LIST:
    case SCN_KEY_DICT:
        g_assert(k->json || k->sub);
        if ((k->json && k->sub) || k->single_ok)
            json_any_of(out, k, indent);
        else if (k->json)
            g_string_append(out, k->json);
        else
            json_sub_form(out, k, indent);
        break;
    }
}

/* The form sub gives a CUSTOM (a mapping), LIST or DICT key. */
static void json_sub_form(GString *out, const ScnKey *k, int indent)
{
    if (k->type == SCN_KEY_CUSTOM)
        scn_schema_json(out, k->sub, NULL, indent);
    else if (k->type == SCN_KEY_LIST)
        json_list(out, k->sub, indent);
    else
        json_dict(out, k->sub, indent);
}

/* Either k->json (or, single_ok, one mapping of sub) or the form sub gives. */
static void json_any_of(GString *out, const ScnKey *k, int indent)
{
    g_string_append_printf(out, "\"anyOf\": [\n%*s{\n%*s", indent + 2, "", indent + 4, "");
    if (k->json)
        g_string_append(out, k->json);
    else
        scn_schema_json(out, k->sub, NULL, indent + 4);
    g_string_append_printf(out, "\n%*s},\n%*s{\n%*s", indent + 2, "", indent + 2, "",
                           indent + 4, "");
    json_sub_form(out, k, indent + 4);
    g_string_append_printf(out, "\n%*s}\n%*s]", indent + 2, "", indent, "");
}

static void json_list(GString *out, const ScnKey *sub, int indent)
{
    g_string_append_printf(out, "\"type\": \"array\",\n%*s\"items\": {\n%*s", indent, "",
                           indent + 2, "");
    scn_schema_json(out, sub, NULL, indent + 2);
    g_string_append_printf(out, "\n%*s}", indent, "");
}

static void json_dict(GString *out, const ScnKey *sub, int indent)
{
    g_string_append_printf(out, "\"type\": \"object\",\n%*s\"additionalProperties\": {\n%*s",
                           indent, "", indent + 2, "");
    scn_schema_json(out, sub, NULL, indent + 2);
    g_string_append_printf(out, "\n%*s}", indent, "");
}

static void json_property(GString *out, const ScnKey *k, int indent)
{
    g_string_append_printf(out, "%*s\"%s\": {\n%*s", indent, "", k->key, indent + 2, "");
    json_body(out, k, indent + 2);
    g_string_append_printf(out, ",\n%*s\"description\": ", indent + 2, "");
    scn_schema_json_string(out, k->doc ? k->doc : "");
    g_string_append_printf(out, "\n%*s}", indent, "");
}

void scn_schema_json(GString *out, const ScnKey *keys, const char *doc, int indent)
{
    if (doc) {
        g_string_append(out, "\"description\": ");
        scn_schema_json_string(out, doc);
        g_string_append_printf(out, ",\n%*s", indent, "");
    }
    g_string_append_printf(out, "\"type\": \"object\",\n%*s\"properties\": {\n", indent, "");
    for (const ScnKey *k = keys; k->key; k++) {
        json_property(out, k, indent + 2);
        g_string_append(out, k[1].key ? ",\n" : "\n");
    }
    g_string_append_printf(out, "%*s},\n", indent, "");
    const char *sep = "\"required\": [";
    for (const ScnKey *k = keys; k->key; k++)
        if (k->required) {
            g_string_append_printf(out, "%*s%s\"%s\"", *sep == '"' ? indent : 0, "", sep, k->key);
            sep = ", ";
        }
    if (*sep != '"')
        g_string_append(out, "],\n");
    g_string_append_printf(out, "%*s\"additionalProperties\": false", indent, "");
}

/* ---- docs/scenario.md ---------------------------------------------------------------- */

static void md_type(GString *out, const ScnKey *k)
{
    static const char *const simple[] = {
        [SCN_KEY_STRING] = "string", [SCN_KEY_INT] = "integer", [SCN_KEY_UINT64] = "integer",
        [SCN_KEY_BOOL] = "boolean", [SCN_KEY_DURATION] = "duration", [SCN_KEY_SIZE] = "size",
        [SCN_KEY_MAP] = "mapping", [SCN_KEY_CUSTOM] = "mapping", [SCN_KEY_LIST] = "list",
        [SCN_KEY_DICT] = "mapping of names",
    };
    if (k->type_doc)
        g_string_append(out, k->type_doc);
    else if (k->type == SCN_KEY_QUANTITY)
        g_string_append(out, scn_unit_kind_name(k->unit));
    else if (k->type != SCN_KEY_ENUM)
        g_string_append(out, simple[k->type]);
    else
        for (int i = 0; k->names[i]; i++)
            g_string_append_printf(out, "%s`%s`", i ? ", " : "", k->names[i]);
}

static void md_rows(GString *out, const ScnKey *keys, const char *prefix)
{
    for (const ScnKey *k = keys; k->key; k++) {
        g_autofree char *name = g_strdup_printf("%s%s", prefix, k->key);
        gboolean nested = k->type == SCN_KEY_CUSTOM && k->sub && !k->type_doc && !k->def_doc;
        if (k->type == SCN_KEY_MAP || nested) {
            g_autofree char *sub = g_strdup_printf("%s.", name);
            md_rows(out, k->sub, sub);
            continue;
        }
        g_string_append_printf(out, "| `%s` | ", name);
        md_type(out, k);
        if (k->def_doc)
            g_string_append_printf(out, " | %s | ", k->def_doc);
        else
            g_string_append_printf(out, k->def ? " | `%s` | " : " | none | ", k->def);
        g_string_append_printf(out, "%s |\n", k->doc ? k->doc : "");
    }
}

void scn_schema_markdown(GString *out, const ScnKey *keys)
{
    g_string_append(out, "| key | type | default | constraints |\n| --- | --- | --- | --- |\n");
    md_rows(out, keys, "");
}
