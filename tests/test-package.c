/* tests/test-package.c — what ships around the simulator: LICENSE and CITATION.cff (checked
 * against the CFF 1.2.0 schema's keys and types: Debian packages no CFF validator), the
 * manual pages and shell completion generated from the command and key tables, the
 * command-line messages every command appears in, and the progress line, which shows in a
 * pseudo-terminal (util-linux `script`) and never with -q or off a terminal.
 * Runs from the source tree's top directory with $VDCSIM (testutil.h). */
#include <string.h>

#include <yaml.h>

#include "tests/testutil.h"

/* ---- CITATION.cff ----------------------------------------------------------------------- */

typedef struct {
    yaml_document_t doc;
    GString        *problems;        /* one line per problem */
} Cff;

static const char *scalar(Cff *c, yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *get(Cff *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (g_strcmp0(scalar(c, yaml_document_get_node(&c->doc, p->key)), key) == 0)
            return yaml_document_get_node(&c->doc, p->value);
    return NULL;
}

static void problem(Cff *c, const char *fmt, const char *what)
{
    g_string_append_printf(c->problems, fmt, what);
    g_string_append_c(c->problems, '\n');
}

/* Every key of map is in allowed (the schema's additionalProperties: false). */
static void keys_in(Cff *c, yaml_node_t *map, const char *const *allowed, const char *where)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(c, yaml_document_get_node(&c->doc, p->key));
        if (!k || !g_strv_contains(allowed, k))
            problem(c, "unknown key '%s'", k ? k : "?");
        const char *v = scalar(c, yaml_document_get_node(&c->doc, p->value));
        if (v && !*v)
            problem(c, "empty value of '%s'", k ? k : where);
    }
}

static void string_matching(Cff *c, yaml_node_t *map, const char *key, const char *regex,
                            gboolean required)
{
    yaml_node_t *n = get(c, map, key);
    const char *v = scalar(c, n);
    if (!n && !required)
        return;
    if (!v || !g_regex_match_simple(regex, v, 0, 0))
        problem(c, "'%s' must be a string matching the schema", key);
}

static const char *const cff_keys[] = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version", NULL };
static const char *const author_keys[] = {
    "address", "affiliation", "alias", "city", "country", "email", "family-names", "fax",
    "given-names", "name-particle", "name-suffix", "orcid", "post-code", "region", "tel",
    "website", "name", "date-end", "date-start", "location", NULL };

static void check_authors(Cff *c, yaml_node_t *authors)
{
    if (!authors || authors->type != YAML_SEQUENCE_NODE ||
        authors->data.sequence.items.start == authors->data.sequence.items.top) {
        problem(c, "'%s' must be a non-empty list", "authors");
        return;
    }
    for (yaml_node_item_t *i = authors->data.sequence.items.start;
         i < authors->data.sequence.items.top; i++) {
        yaml_node_t *a = yaml_document_get_node(&c->doc, *i);
        if (a->type != YAML_MAPPING_NODE) {
            problem(c, "%s must be a person or an entity (a mapping)", "an author");
            continue;
        }
        keys_in(c, a, author_keys, "author");
        if (!scalar(c, get(c, a, "name")) && !scalar(c, get(c, a, "family-names")) &&
            !scalar(c, get(c, a, "given-names")))
            problem(c, "%s needs name (entity) or family-names/given-names (person)", "an author");
    }
}

static void check_keywords(Cff *c, yaml_node_t *kw)
{
    if (!kw)
        return;
    if (kw->type != YAML_SEQUENCE_NODE)
        problem(c, "'%s' must be a list of strings", "keywords");
    else
        for (yaml_node_item_t *i = kw->data.sequence.items.start; i < kw->data.sequence.items.top; i++)
            if (!scalar(c, yaml_document_get_node(&c->doc, *i)))
                problem(c, "'%s' must be a list of strings", "keywords");
}

/* The problems of a CFF 1.2 file's text ("" when valid); g_free it. */
static char *cff_problems(const char *text)
{
    Cff c = { .problems = g_string_new(NULL) };
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    gboolean loaded = yaml_parser_load(&parser, &c.doc) != 0;
    yaml_parser_delete(&parser);
    yaml_node_t *root = loaded ? yaml_document_get_root_node(&c.doc) : NULL;
    if (!root || root->type != YAML_MAPPING_NODE) {
        problem(&c, "%s", "not a YAML mapping");
    } else {
        keys_in(&c, root, cff_keys, "top level");
        string_matching(&c, root, "cff-version", "^1\\.2\\.[0-9]+$", TRUE);
        string_matching(&c, root, "message", "\\S", TRUE);
        string_matching(&c, root, "title", "\\S", TRUE);
        string_matching(&c, root, "date-released", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", FALSE);
        string_matching(&c, root, "version", "\\S", FALSE);
        string_matching(&c, root, "type", "^(software|dataset)$", FALSE);
        string_matching(&c, root, "license", "^[A-Za-z0-9.+-]+$", FALSE);
        string_matching(&c, root, "repository-code", "^https?://", FALSE);
        string_matching(&c, root, "url", "^https?://", FALSE);
        check_authors(&c, get(&c, root, "authors"));
        check_keywords(&c, get(&c, root, "keywords"));
    }
    if (loaded)
        yaml_document_delete(&c.doc);
    return g_string_free(c.problems, FALSE);
}

static void test_citation(void)
{
    g_autofree char *text = tu_read("CITATION.cff");
    g_assert_nonnull(text);
    g_autofree char *problems = cff_problems(text);
    g_assert_cmpstr(problems, ==, "");
    /* The checker catches what the schema forbids. */
    g_autofree char *bad = cff_problems("cff-version: 1.1.0\ntitle: x\nauthors: []\nfoo: 1\n");
    g_assert_nonnull(strstr(bad, "unknown key 'foo'"));
    g_assert_nonnull(strstr(bad, "'cff-version'"));
    g_assert_nonnull(strstr(bad, "'message'"));
    g_assert_nonnull(strstr(bad, "'authors' must be a non-empty list"));
}

/* LICENSE is the MIT license, and CITATION.cff and the .pc say so. */
static void test_license(void)
{
    g_autofree char *lic = tu_read("LICENSE");
    g_assert_nonnull(lic);
    g_assert_true(g_str_has_prefix(lic, "MIT License\n"));
    g_assert_nonnull(strstr(lic, "Permission is hereby granted, free of charge"));
    g_autofree char *cff = tu_read("CITATION.cff");
    g_assert_nonnull(strstr(cff, "\nlicense: MIT\n"));
}

/* ---- what is generated from the command table --------------------------------------------- */

/* The command names of `vdcsim --help` (lines "  NAME ..."). */
static GPtrArray *help_commands(void)
{
    TuRun r = tu_run("--help", NULL);
    g_assert_cmpint(r.status, ==, 0);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "  ") && g_ascii_islower((*l)[2]))
            g_ptr_array_add(names, g_strndup(*l + 2, strcspn(*l + 2, " ")));
    tu_run_clear(&r);
    g_assert_cmpuint(names->len, >=, 9);
    return names;
}

static void assert_all_in(const char *text, GPtrArray *words, const char *what)
{
    for (guint i = 0; i < words->len; i++) {
        g_autofree char *w = g_strdup_printf("%s", (char *)g_ptr_array_index(words, i));
        if (!strstr(text, w))
            g_error("%s lacks '%s'", what, w);
    }
}

/* vdcsim(1) has a section per command and every command's options. */
static void test_man_commands(void)
{
    g_autoptr(GPtrArray) cmds = help_commands();
    TuRun r = tu_run("--man", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, ".TH VDCSIM 1 "));
    for (guint i = 0; i < cmds->len; i++) {
        g_autofree char *ss = g_strdup_printf(".SS \"vdcsim %s", (char *)cmds->pdata[i]);
        if (!strstr(r.out, ss))
            g_error("vdcsim(1) has no section for '%s'", (char *)cmds->pdata[i]);
    }
    for (const char *o = "\\-\\-seed\0\\-\\-shard\0\\-\\-charts\0\\-\\-vm\0"; *o; o += strlen(o) + 1)
        g_assert_nonnull(strstr(r.out, o));
    tu_run_clear(&r);
}

/* vdcsim-scenario(5) has every documented section and their keys, from the key tables. */
static void test_man_scenario(void)
{
    TuRun r = tu_run("schema", "--man", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, ".TH VDCSIM-SCENARIO 5 "));
    static const char *const words[] = { ".SH hosts\n", ".SH vms\n", ".SH migration\n",
                                         ".SH network\n", "\n.TP\n\\fBmax_downtime\\fR\n",
                                         "\n.TP\n\\fBlink_bandwidth\\fR\n", "\n.TP\n\\fBcores\\fR\n", NULL };
    for (const char *const *w = words; *w; w++)
        if (!strstr(r.out, *w))
            g_error("vdcsim-scenario(5) lacks '%s'", *w);
    for (const char *p = r.out; *p; p++)                   /* plain ASCII roff */
        g_assert_cmpint((guchar)*p, <, 0x80);
    tu_run_clear(&r);
}

/* The completion scripts name every command and every --set path. */
static void test_completion_scripts(void)
{
    g_autoptr(GPtrArray) cmds = help_commands();
    TuRun keys = tu_run("schema", "--keys", NULL);
    g_assert_cmpint(keys.status, ==, 0);
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = g_strsplit(keys.out, "\n", -1);
    for (char **l = lines; *l; l++)
        if (**l)
            g_ptr_array_add(paths, g_strdup_printf(" %s", *l));
    g_assert_cmpuint(paths->len, >, 50);
    for (const char *shell = "bash\0zsh\0"; *shell; shell += strlen(shell) + 1) {
        TuRun r = tu_run("--completion", shell, NULL);
        g_assert_cmpint(r.status, ==, 0);
        assert_all_in(r.out, cmds, shell);
        g_autofree char *joined = g_strdup_printf("%s", r.out);
        g_strdelimit(joined, "(='\n", ' ');
        assert_all_in(joined, paths, shell);
        tu_run_clear(&r);
    }
    TuRun bad = tu_run("--completion", "fish", NULL);
    g_assert_cmpint(bad.status, ==, 2);
    g_assert_nonnull(strstr(bad.err, "error: unknown shell 'fish' for --completion (expected bash or zsh)"));
    tu_run_clear(&bad);
    tu_run_clear(&keys);
}

/* Writes `vdcsim --completion SHELL` into dir/name and returns its path. */
static char *completion_file(const char *dir, const char *shell, const char *name)
{
    TuRun r = tu_run("--completion", shell, NULL);
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, r.out, -1, NULL));
    tu_run_clear(&r);
    return path;
}

/* bash completes commands, options and --set paths; zsh accepts its script. */
static void test_completion_in_shells(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *bash = completion_file(dir, "bash", "vdcsim.bash");
    g_autofree char *zsh = completion_file(dir, "zsh", "_vdcsim");
    const char *script =
        ". \"$1\"\n"
        "COMP_WORDS=(vdcsim ''); COMP_CWORD=1; _vdcsim; echo \"cmds ${COMPREPLY[*]}\"\n"
        "COMP_WORDS=(vdcsim run x.yaml --set migration.str); COMP_CWORD=4; _vdcsim\n"
        "echo \"keys ${COMPREPLY[*]}\"\n"
        "COMP_WORDS=(vdcsim sweep --sh); COMP_CWORD=2; _vdcsim; echo \"opts ${COMPREPLY[*]}\"\n";
    const char *argv[] = { "bash", "-c", script, "bash", bash, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, NULL));
    g_assert_cmpstr(err, ==, "");
    g_assert_nonnull(strstr(out, "cmds run check explain plot list schema"));
    g_assert_nonnull(strstr(out, "keys migration.strategy="));
    g_assert_nonnull(strstr(out, "opts --shard\n"));
    g_autofree char *zsh_path = g_find_program_in_path("zsh");
    if (zsh_path) {
        const char *zargv[] = { "zsh", "-n", zsh, NULL };
        g_autofree char *zout = NULL, *zerr = NULL;
        g_assert_true(g_spawn_sync(NULL, (char **)zargv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &zout, &zerr, &status, NULL));
        g_assert_cmpstr(zerr, ==, "");
        g_assert_cmpint(status, ==, 0);
    }
    tu_rmtree(dir);
}

/* The unknown-command error lists every command, as --help does (one table for both). */
static void test_unknown_command_lists_all(void)
{
    g_autoptr(GPtrArray) cmds = help_commands();
    TuRun r = tu_run("xyzzy-no-such", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "error: unknown command 'xyzzy-no-such' (expected "));
    assert_all_in(r.err, cmds, "the unknown-command error");
    g_assert_cmpuint(strlen(r.err), ==, strcspn(r.err, "\n") + 1);          /* one line */
    tu_run_clear(&r);
}

/* An output directory that cannot be made: one line, positioned, with error:. */
static void test_outdir_message(void)
{
    TuRun r = tu_run("run", "scenarios/default.yaml", "-o", "/dev/null/x", "-q", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_true(g_regex_match_simple("^command line:1:[0-9]+: error: cannot write results to "
                                       "'/dev/null/x': .* \\(expected a writable directory\\)\n$",
                                       r.err, 0, 0));
    tu_run_clear(&r);
}

/* Runs `vdcsim ARGS` in a pseudo-terminal (util-linux script) and returns what the terminal
 * showed (stdout and stderr), or NULL when `script` is missing. */
static char *in_pty(const char *args)
{
    g_autofree char *script = g_find_program_in_path("script");
    if (!script)
        return NULL;
    g_autofree char *cmd = g_strdup_printf("%s %s", tu_vdcsim(), args);
    const char *argv[] = { script, "-qec", cmd, "/dev/null", NULL };
    char *out = NULL;
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    return out;
}

/* The progress lines: "  PHASE  NN.N %  ETA ..." between carriage returns. */
static GString *progress_lines(const char *terminal)
{
    GString *lines = g_string_new(NULL);
    g_auto(GStrv) parts = g_regex_split_simple("[\r\n]+", terminal, 0, 0);
    for (char **p = parts; *p; p++)
        if (g_regex_match_simple("^  [a-z][a-zA-Z ]+ +[0-9]+\\.[0-9] %  ETA ", *p, 0, 0))
            g_string_append_printf(lines, "%s\n", g_strchomp(*p));
    return lines;
}

/* A terminal sees a line for every phase, with percent and ETA; -q and a pipe see none. */
static void test_progress_in_pty(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *args = g_strdup_printf("run scenarios/default.yaml -o %s --charts png", dir);
    g_autofree char *shown = in_pty(args);
    if (!shown) {
        g_test_skip("no `script` (util-linux) to make a pseudo-terminal");
        return;
    }
    g_autoptr(GString) lines = progress_lines(shown);
    static const char *const phases[] = { "loading scenario", "building datacenter",
                                          "placing VMs", "simulating", "writing outputs",
                                          "drawing charts", "writing report", NULL };
    for (const char *const *ph = phases; *ph; ph++) {
        g_autofree char *start = g_strdup_printf("  %s ", *ph);
        if (!strstr(lines->str, start))
            g_error("no progress for '%s' in:\n%s", *ph, lines->str);
    }
    g_assert_nonnull(strstr(lines->str, "  simulating             100.0 %"));
    g_autofree char *qargs = g_strdup_printf("run scenarios/default.yaml -o %s -q", dir);
    g_autofree char *quiet = in_pty(qargs);
    g_assert_cmpstr(quiet, ==, "");
    TuRun piped = tu_run("run", "scenarios/default.yaml", "-o", dir, "--charts", "png", NULL);
    g_assert_cmpint(piped.status, ==, 0);
    g_assert_cmpstr(piped.err, ==, "");
    tu_run_clear(&piped);
    g_autofree char *pargs = g_strdup_printf("plot %s", dir);
    g_autofree char *plot = in_pty(pargs);
    g_autoptr(GString) plines = progress_lines(plot);
    g_assert_nonnull(strstr(plines->str, "  drawing charts "));
    g_assert_nonnull(strstr(plines->str, "  writing report "));
    /* vdcsim plan: the search's runs on the same line, its findings printed above it */
    g_autofree char *plargs = g_strdup_printf("plan scenarios/planning/capacity-plan.yaml -o "
                                              "%s/plan", dir);
    g_autofree char *plan = in_pty(plargs);
    g_autoptr(GString) planl = progress_lines(plan);
    g_assert_nonnull(strstr(planl->str, "  loading scenario "));
    g_assert_true(g_regex_match_simple("^  planning +[0-9.]+ %  ETA [^\n]*  64 hosts, "
                                       "replication 1/1$", planl->str, G_REGEX_MULTILINE, 0));
    g_assert_true(g_regex_match_simple("^  writing plan +100\\.0 %", planl->str,
                                       G_REGEX_MULTILINE, 0));
    g_assert_nonnull(strstr(plan, "\rplan: 64 hosts: "));
    tu_rmtree(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/package/license", test_license);
    g_test_add_func("/package/citation-cff-1.2", test_citation);
    g_test_add_func("/package/man/commands", test_man_commands);
    g_test_add_func("/package/man/scenario", test_man_scenario);
    g_test_add_func("/package/completion/scripts", test_completion_scripts);
    g_test_add_func("/package/completion/in-shells", test_completion_in_shells);
    g_test_add_func("/package/cli/unknown-command-lists-all", test_unknown_command_lists_all);
    g_test_add_func("/package/cli/outdir-message", test_outdir_message);
    g_test_add_func("/package/progress/pty", test_progress_in_pty);
    return g_test_run();
}
