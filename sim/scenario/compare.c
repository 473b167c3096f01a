/* sim/scenario/compare.c — the `compare:` list; see compare.h. */
#include "sim/scenario/compare.h"

#include <string.h>

const ScnKey scn_compare_keys[] = {
    { .key = "name", .type = SCN_KEY_STRING, .required = TRUE, .def_doc = "— (required)",
      .doc = "letters, digits, `-`, `_`, `.`; distinct, not `base`; the variant's folder "
             "under `variants/` and its column in the report" },
    { .key = "set", .type = SCN_KEY_CUSTOM, .required = TRUE,
      .json = "\"type\": \"object\", \"additionalProperties\": "
              "{ \"type\": [\"string\", \"number\", \"boolean\"] }",
      .type_doc = "mapping of PATH: VALUE", .def_doc = "— (required)",
      .doc = "each pair is a `--set PATH=VALUE` on top of the scenario (`vms.web.demand: "
             "50%`, `scheduler.consolidation.enabled: false`)" },
    { NULL },
};

void scn_variant_free(gpointer p)
{
    ScnVariant *v = p;
    g_free(v->name);
    g_ptr_array_free(v->sets, TRUE);
    g_ptr_array_free(v->wheres, TRUE);
    g_free(v);
}

static gboolean name_ok(const char *s)
{
    if (!*s || strcmp(s, "base") == 0 || s[0] == '.')
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("-_.", *p))
            return FALSE;
    return TRUE;
}

static gboolean read_sets(ScnVariant *v, ScnDoc *d, ScnNode *set, GError **error)
{
    if (!scn_expect_map(d, set, "compare: set", error))
        return FALSE;
    if (scn_map_len(set) == 0)
        return scn_fail(error, d, set, SCN_ERROR_MISSING,
                        "variant '%s' sets nothing (expected PATH: VALUE pairs)", v->name);
    for (size_t i = 0; i < scn_map_len(set); i++) {
        ScnNode *k = scn_map_key(d, set, i), *val = scn_map_value(d, set, i);
        const char *path = scn_scalar(k), *text = scn_scalar(val);
        if (!path || !*path)
            return scn_fail(error, d, k, SCN_ERROR_TYPE, "a compare path must be text "
                            "(expected PATH: VALUE, e.g. vms.web.demand: 50%%)");
        if (!text)
            return scn_fail(error, d, val, SCN_ERROR_TYPE, "the value of '%s' is not a "
                            "scalar (expected one value, as --set takes)", path);
        g_ptr_array_add(v->sets, g_strdup_printf("%s=%s", path, text));
        g_ptr_array_add(v->wheres, scn_where(d, val));
    }
    return TRUE;
}

static gboolean read_variant(GPtrArray *variants, ScnDoc *d, ScnNode *n, GError **error)
{
    static const char *const keys[] = { "name", "set", NULL };
    if (!scn_expect_map(d, n, "a compare variant", error) ||
        !scn_check_keys(d, n, keys, "a compare variant", error))
        return FALSE;
    ScnNode *name_node = scn_map_get(d, n, "name"), *set = scn_map_get(d, n, "set");
    const char *name = NULL;
    if (!name_node || !set)
        return scn_fail(error, d, n, SCN_ERROR_MISSING, "a compare variant needs '%s' "
                        "(expected { name: NAME, set: { PATH: VALUE } })",
                        name_node ? "set" : "name");
    if (!scn_get_string(d, name_node, &name, error))
        return FALSE;
    if (!name_ok(name))
        return scn_fail(error, d, name_node, SCN_ERROR_RANGE, "bad variant name '%s' "
                        "(expected letters, digits, '-', '_' or '.', and not 'base')", name);
    for (guint i = 0; i < variants->len; i++)
        if (strcmp(((ScnVariant *)variants->pdata[i])->name, name) == 0)
            return scn_fail(error, d, name_node, SCN_ERROR_CONFLICT, "variant '%s' is "
                            "already defined (expected distinct names)", name);
    ScnVariant *v = g_new0(ScnVariant, 1);
    v->name = g_strdup(name);
    v->sets = g_ptr_array_new_with_free_func(g_free);
    v->wheres = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(variants, v);
    return read_sets(v, d, set, error);
}

gboolean scn_read_compare(GPtrArray *variants, ScnDoc *d, ScnNode *list, GError **error)
{
    if (!scn_expect_seq(d, list, "compare", error))
        return FALSE;
    for (size_t i = 0; i < scn_seq_len(list); i++)
        if (!read_variant(variants, d, scn_seq_item(d, list, i), error))
            return FALSE;
    return TRUE;
}

char *scn_variant_error(const ScnVariant *v, int n_cli, const char *message)
{
    int k = 0, col = 0, used = 0;
    if (sscanf(message, "--set:%d:%d:%n", &k, &col, &used) < 2 || used == 0 ||
        k <= n_cli || k - n_cli > (int)v->sets->len)
        return g_strdup(message);
    const char *where = v->wheres->pdata[k - n_cli - 1], *rest = message + used;
    if (g_str_has_prefix(rest, " error: "))
        rest += strlen(" error: ");
    return g_strdup_printf("%s: error: compare variant '%s': %s", where, v->name, rest);
}
