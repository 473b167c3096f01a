/* tests/test-schema.c — the key tables against what is shipped from them: the key tables
 * of docs/scenario.md (between <!-- schema:NAME --> markers) and docs/scenario.schema.json
 * must equal what the tables generate.  On a failure, regenerate with
 * `vdcsim schema --markdown` (paste the block) or `vdcsim schema > docs/scenario.schema.json`.
 */
#include <string.h>

#include "sim/scenario/scenario.h"
#include "sim/scenario/schemadoc.h"

static char *read_text(const char *path)
{
    char *text = NULL;
    GError *error = NULL;
    if (!g_file_get_contents(path, &text, NULL, &error))
        g_error("%s", error->message);
    return text;
}

/* The doc's text between "<!-- schema:NAME -->\n" and "<!-- /schema -->", or NULL. */
static char *doc_block(const char *doc, const char *name)
{
    g_autofree char *open = g_strdup_printf("<!-- schema:%s -->\n", name);
    const char *start = strstr(doc, open);
    if (!start)
        return NULL;
    start += strlen(open);
    const char *end = strstr(start, "<!-- /schema -->");
    return end ? g_strndup(start, (gsize)(end - start)) : NULL;
}

static void test_doc_tables(void)
{
    g_autofree char *doc = read_text("docs/scenario.md");
    for (const char *const *s = scn_doc_sections(); *s; s++) {
        g_autofree char *want = scn_doc_table(*s);
        g_autofree char *have = doc_block(doc, *s);
        if (!have)
            g_error("docs/scenario.md has no <!-- schema:%s --> block", *s);
        if (strcmp(have, want) != 0)
            g_error("docs/scenario.md's '%s' table differs from the key table; run `vdcsim "
                    "schema --markdown` and paste its block:\n--- doc\n%s--- tables\n%s", *s,
                    have, want);
    }
}

/* Every marker in the doc names a generated section (none left over from a rename). */
static void test_doc_markers_known(void)
{
    g_autofree char *doc = read_text("docs/scenario.md");
    for (const char *p = strstr(doc, "<!-- schema:"); p; p = strstr(p + 1, "<!-- schema:")) {
        g_autofree char *name = g_strndup(p + 12, strcspn(p + 12, " "));
        g_autofree char *table = scn_doc_table(name);
        if (!table)
            g_error("docs/scenario.md has a block for '%s', which no key table has", name);
    }
}

static void test_json_file(void)
{
    g_autofree char *file = read_text("docs/scenario.schema.json");
    g_autofree char *json = scn_json_schema();
    if (strcmp(file, json) != 0)
        g_error("docs/scenario.schema.json is stale; run `vdcsim schema > "
                "docs/scenario.schema.json`");
}

/* The defaults the tables give are the ones a scenario without those sections loads with. */
static void test_defaults(void)
{
    GError *error = NULL;
    Scenario *s = scn_load_string("hosts: [{ name: h }]\n", "t.yaml", NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(s->network.link_bytes_per_s, ==, 1.25e9);
    g_assert_cmpint(s->network.latency_ns, ==, 50000);
    g_assert_cmpint(s->migration.max_downtime_ns, ==, 300 * SIM_NS_PER_MS);
    g_assert_cmpstr(s->migration.strategy, ==, "pre-copy");
    g_assert_cmpuint(s->migration.state_bytes, ==, 2u << 20);
    const ScnHost *h = g_ptr_array_index(s->hosts, 0);
    g_assert_cmpint(h->cores, ==, 16);
    g_assert_cmpint(h->mttr_ns, ==, 4 * 3600 * SIM_NS_PER_S);
    scn_scenario_free(s);
}

/* The unit a profile table row reads, in sim/hypervisor's words (hv_profile_key_unit). */
static gboolean unit_matches(const ScnKey *row, const char *model_unit)
{
    static const struct { const char *model; ScnUnitKind unit; } units[] = {
        { "cycles", SCN_UNIT_CYCLES }, { "bytes", SCN_UNIT_SIZE }, { "ns", SCN_UNIT_DURATION },
        { "frac", SCN_UNIT_FRAC }, { "count", SCN_UNIT_RATIO }, { "cores", SCN_UNIT_RATIO },
        { "per_s", SCN_UNIT_EVENT_RATE }, { "pages_per_s", SCN_UNIT_EVENT_RATE },
        { "bytes_per_s", SCN_UNIT_DATA_RATE },
    };
    if (row->type == SCN_KEY_ENUM || row->type == SCN_KEY_STRING)
        return g_strcmp0(model_unit, "name") == 0;
    if (row->type == SCN_KEY_BOOL)
        return g_strcmp0(model_unit, "bool") == 0;
    for (size_t i = 0; model_unit && i < G_N_ELEMENTS(units); i++)
        if (strcmp(units[i].model, model_unit) == 0)
            return row->type == SCN_KEY_QUANTITY && row->unit == units[i].unit;
    return FALSE;
}

/* The profile tables list exactly the keys sim/hypervisor sets, in its units. */
static void test_profile_keys_match_model(void)
{
    for (const ScnKey *k = scn_hv_profile_keys + 1; k->key; k++)
        if (!unit_matches(k, hv_profile_key_unit(k->key)))
            g_error("hypervisor profile key '%s': the table and hv_profile_key_unit ('%s') "
                    "disagree", k->key, hv_profile_key_unit(k->key));
    for (const char *const *k = hv_profile_keys(); *k; k++)
        g_assert_nonnull(scn_schema_find(scn_hv_profile_keys, *k));
    for (const ScnKey *k = scn_workload_profile_keys + 3; k->key; k++)
        if (!k->read && !unit_matches(k, hv_workload_key_unit(k->key)))
            g_error("workload profile key '%s': the table and hv_workload_key_unit ('%s') "
                    "disagree", k->key, hv_workload_key_unit(k->key));
    for (const char *const *k = hv_workload_keys(); *k; k++)
        g_assert_nonnull(scn_schema_find(scn_workload_profile_keys, *k));
    const char *const *kinds = scn_schema_find(scn_hv_profile_keys, "kind")->names;
    const char *const *techniques = scn_schema_find(scn_hv_profile_keys, "technique")->names;
    const char *const *pagings = scn_schema_find(scn_hv_profile_keys, "paging")->names;
    g_assert_cmpuint(g_strv_length((char **)kinds), ==, HV_KIND_COUNT);
    g_assert_cmpuint(g_strv_length((char **)techniques), ==, HV_TECH_COUNT);
    g_assert_cmpuint(g_strv_length((char **)pagings), ==, HV_PAGING_COUNT);
    for (int i = 0; i < HV_KIND_COUNT; i++)
        g_assert_cmpstr(kinds[i], ==, hv_kind_name((HvKind)i));
    for (int i = 0; i < HV_TECH_COUNT; i++)
        g_assert_cmpstr(techniques[i], ==, hv_technique_name((HvTechnique)i));
    for (int i = 0; i < HV_PAGING_COUNT; i++)
        g_assert_cmpstr(pagings[i], ==, hv_paging_name((HvPaging)i));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/scn/schema/doc-tables-match", test_doc_tables);
    g_test_add_func("/scn/schema/doc-markers-known", test_doc_markers_known);
    g_test_add_func("/scn/schema/json-file-current", test_json_file);
    g_test_add_func("/scn/schema/defaults", test_defaults);
    g_test_add_func("/scn/schema/profile-keys-match-model", test_profile_keys_match_model);
    return g_test_run();
}
