/* tests/test-teaching.c — every command of docs/teaching.md's `sh` blocks runs: a lab
 * exercise that stopped working would fail here, not in front of a class.  `vdcsim run`
 * commands get `-o TMP/N -q --charts none`; the others run as written. */
#include <string.h>

#include "tests/testutil.h"

/* The lines of ```sh blocks that start with "vdcsim ". */
static GPtrArray *doc_commands(const char *text)
{
    GPtrArray *cmds = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    gboolean in_sh = FALSE;
    for (char **l = lines; *l; l++) {
        if (g_str_has_prefix(*l, "```"))
            in_sh = !in_sh && strcmp(*l, "```sh") == 0;
        else if (in_sh && g_str_has_prefix(*l, "vdcsim "))
            g_ptr_array_add(cmds, g_strdup(*l));
    }
    return cmds;
}

static void run_command(const char *cmd, const char *tmp, guint n)
{
    g_auto(GStrv) argv = NULL;
    g_assert_true(g_shell_parse_argv(cmd, NULL, &argv, NULL));
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    for (char **p = argv + 1; *p; p++)
        g_ptr_array_add(a, g_strdup(*p));
    if (strcmp(argv[1], "run") == 0) {
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, g_strdup_printf("%s/%u", tmp, n));
        g_ptr_array_add(a, g_strdup("-q"));
        g_ptr_array_add(a, g_strdup("--charts"));
        g_ptr_array_add(a, g_strdup("none"));
    }
    g_ptr_array_add(a, NULL);
    TuRun r = tu_runv((const char *const *)a->pdata);
    if (r.status != 0)
        g_error("docs/teaching.md: '%s' exited %d: %s", cmd, r.status, r.err);
    tu_run_clear(&r);
    g_ptr_array_free(a, TRUE);
}

static void test_every_command_runs(void)
{
    g_autofree char *doc = tu_read("docs/teaching.md");
    g_assert_nonnull(doc);
    g_autoptr(GPtrArray) cmds = doc_commands(doc);
    g_assert_cmpuint(cmds->len, >=, 27);        /* nine scenarios: run + two labs each */
    g_autofree char *tmp = tu_tmpdir();
    for (guint i = 0; i < cmds->len; i++)
        run_command(cmds->pdata[i], tmp, i);
    tu_rmtree(tmp);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/teaching/docs-commands-run", test_every_command_runs);
    return g_test_run();
}
