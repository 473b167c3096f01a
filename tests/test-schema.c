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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/scn/schema/doc-tables-match", test_doc_tables);
    g_test_add_func("/scn/schema/doc-markers-known", test_doc_markers_known);
    g_test_add_func("/scn/schema/json-file-current", test_json_file);
    g_test_add_func("/scn/schema/defaults", test_defaults);
    return g_test_run();
}
