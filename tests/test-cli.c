/* tests/test-cli.c — the vdcsim command line through the real binary ($VDCSIM): help for
 * each command, --version, unknown commands and options with did-you-mean, missing values,
 * and the exit statuses (0 done, 1 simulation error, 2 bad input).
 *
 * Error columns count from the start of the command line as typed, so they depend on
 * argv[0]; run_as_vdcsim() starts the binary with argv[0] = "vdcsim", as a user on $PATH
 * would, so the expected messages read as in the documentation. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "sim/cli/options.h"
#include "tests/testutil.h"

/* Runs the binary with argv[0] = "vdcsim" and the NULL-terminated arguments. */
static TuRun run_as_vdcsim(const char *arg0, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)tu_vdcsim());           /* the file to execute */
    g_ptr_array_add(argv, (gpointer)"vdcsim");              /* what it sees as argv[0] */
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (gpointer)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TuRun r = { -1, NULL, NULL };
    int wait = 0;
    GError *error = NULL;
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_FILE_AND_ARGV_ZERO, NULL, NULL,
                      &r.out, &r.err, &wait, &error))
        g_error("cannot run %s: %s", tu_vdcsim(), error->message);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void assert_run(TuRun *r, int status, const char *out, const char *err)
{
    if (r->status != status)
        g_error("exit %d, expected %d\nstdout: %s\nstderr: %s", r->status, status, r->out, r->err);
    if (out)
        g_assert_cmpstr(r->out, ==, out);
    if (err)
        g_assert_cmpstr(r->err, ==, err);
    tu_run_clear(r);
}

static void assert_mentions(const char *text, const char *const *words)
{
    for (const char *const *w = words; *w; w++)
        if (!strstr(text, *w))
            g_error("'%s' missing from:\n%s", *w, text);
}

/* `vdcsim schema` prints the JSON Schema shipped as docs/scenario.schema.json. */
static void test_schema_command(void)
{
    TuRun r = run_as_vdcsim("schema", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    g_autofree char *file = NULL;
    g_assert_true(g_file_get_contents("docs/scenario.schema.json", &file, NULL, NULL));
    g_assert_cmpstr(r.out, ==, file);
    tu_run_clear(&r);
}

/* ---- help and version ---------------------------------------------------------------- */

static void test_top_help(void)
{
    static const char *const words[] = { "usage: vdcsim COMMAND", "run SCENARIO", "check SCENARIO",
                                         "list", "schema [--markdown|--man|--keys]", "bench engine|scale",
                                         "exit status: 0 done, 1 simulation error, 2 bad input",
                                         NULL };
    const char *forms[] = { "--help", "-h", "help" };
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        TuRun r = run_as_vdcsim(forms[i], NULL);
        g_assert_cmpint(r.status, ==, 0);
        assert_mentions(r.out, words);
        g_assert_cmpstr(r.err, ==, "");
        tu_run_clear(&r);
    }
    TuRun r = run_as_vdcsim(NULL);             /* no command: usage on stderr, exit 2 */
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.out, ==, "");
    assert_mentions(r.err, words);
    tu_run_clear(&r);
}

static void test_command_help(void)
{
    static const char *const run_words[] = { "usage: vdcsim run SCENARIO", "-o, --out DIR",
                                             "--seed N", "--set PATH=VALUE", "--charts LIST",
                                             "-q, --quiet", "-h, --help", "hosts.0.cores=32",
                                             NULL };
    static const char *const check_words[] = { "usage: vdcsim check SCENARIO...",
                                               "--set PATH=VALUE", "-h, --help", NULL };
    static const char *const list_words[] = { "usage: vdcsim list", "-h, --help", NULL };
    static const char *const bench_words[] = { "usage: vdcsim bench engine|scale", "-h, --help",
                                               NULL };
    static const struct { const char *cmd; const char *const *words; } c[] = {
        { "run", run_words }, { "check", check_words }, { "list", list_words },
        { "bench", bench_words },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
        TuRun r = run_as_vdcsim(c[i].cmd, "--help", NULL);
        g_assert_cmpint(r.status, ==, 0);
        assert_mentions(r.out, c[i].words);
        g_assert_cmpstr(r.err, ==, "");
        tu_run_clear(&r);
        r = run_as_vdcsim(c[i].cmd, "-h", NULL);
        g_assert_cmpint(r.status, ==, 0);
        assert_mentions(r.out, c[i].words);
        tu_run_clear(&r);
    }
    /* --help wins over missing arguments: nothing runs. */
    TuRun r = run_as_vdcsim("run", "--help", "--seed", "1", NULL);
    assert_run(&r, 0, NULL, "");
}

static void test_version(void)
{
    TuRun r = run_as_vdcsim("--version", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_regex_match_simple("^vdcsim [0-9]+\\.[0-9]+\\.[0-9]+ \\(([0-9a-f]+|unknown)\\)\n$",
                                       r.out, 0, 0));
    g_assert_cmpstr(r.err, ==, "");
    tu_run_clear(&r);
}

static void test_list(void)
{
    static const char *const words[] = { "compute-intensive", "data-intensive", "web",
                                         "fork-heavy", "memory-intensive", "idle", "first-fit",
                                         "demand  60 %", NULL };
    TuRun r = run_as_vdcsim("list", NULL);
    g_assert_cmpint(r.status, ==, 0);
    assert_mentions(r.out, words);
    tu_run_clear(&r);
}

/* ---- bad command lines ----------------------------------------------------------------- */

static void test_unknown_command(void)
{
    TuRun r = run_as_vdcsim("rnu", NULL);
    assert_run(&r, 2, "", "command line:1:8: error: unknown command 'rnu' (did you mean 'run'?)\n");
    r = run_as_vdcsim("chekc", "x.yaml", NULL);
    assert_run(&r, 2, "", "command line:1:8: error: unknown command 'chekc' (did you mean 'check'?)\n");
    r = run_as_vdcsim("frobnicate", NULL);
    assert_run(&r, 2, "", "command line:1:8: error: unknown command 'frobnicate' "
                          "(expected run, check, explain, plot, list, schema, bench, tracegen, sweep, "
                          "calibrate or plan)\n");
    /* The column counts argv[0] as typed: through tu_run it is the binary's path. */
    r = tu_run("rnu", NULL);
    g_autofree char *err = g_strdup_printf("command line:1:%zu: error: unknown command 'rnu' "
                                           "(did you mean 'run'?)\n", strlen(tu_vdcsim()) + 2);
    assert_run(&r, 2, "", err);
}

static void test_unknown_option(void)
{
    TuRun r = run_as_vdcsim("run", "scenarios/default.yaml", "--sed", "3", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: unknown option '--sed' (did you mean '--seed'?)\n");
    r = run_as_vdcsim("run", "scenarios/default.yaml", "--sed=3", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: unknown option '--sed' (did you mean '--seed'?)\n");
    r = run_as_vdcsim("run", "scenarios/default.yaml", "--quite", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: unknown option '--quite' (did you mean '--quiet'?)\n");
    r = run_as_vdcsim("run", "scenarios/default.yaml", "-x", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: unknown option '-x' (see --help)\n");
    r = run_as_vdcsim("check", "scenarios/default.yaml", "--out", "x", NULL);
    assert_run(&r, 2, "", "command line:1:37: error: unknown option '--out' (did you mean '--set'?)\n");
    r = run_as_vdcsim("list", "--verbose", NULL);
    assert_run(&r, 2, "", "command line:1:13: error: unknown option '--verbose' (see --help)\n");
}

static void test_missing_value(void)
{
    TuRun r = run_as_vdcsim("run", "scenarios/default.yaml", "--seed", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: --seed needs a value (N)\n");
    r = run_as_vdcsim("run", "scenarios/default.yaml", "-o", NULL);
    assert_run(&r, 2, "", "command line:1:35: error: --out needs a value (DIR)\n");
    r = run_as_vdcsim("check", "scenarios/default.yaml", "--set", NULL);
    assert_run(&r, 2, "", "command line:1:37: error: --set needs a value (PATH=VALUE)\n");
}

static void test_bad_integer(void)
{
    static const char *const bad[] = { "abc", "-1", "1.5", "99999999999999999999", "", NULL };
    for (const char *const *b = bad; *b; b++) {
        TuRun r = run_as_vdcsim("run", "scenarios/default.yaml", "--seed", *b, NULL);
        g_autofree char *err = g_strdup_printf("command line:1:42: error: --seed needs a "
                                               "non-negative integer, not '%s'\n", *b);
        assert_run(&r, 2, "", err);
    }
}

static void test_run_needs_scenario(void)
{
    TuRun r = run_as_vdcsim("run", NULL);
    assert_run(&r, 2, "", "command line:1:1: error: 'vdcsim run' needs one SCENARIO file\n");
    r = run_as_vdcsim("run", "-q", NULL);
    assert_run(&r, 2, "", "command line:1:1: error: 'vdcsim run' needs one SCENARIO file\n");
    r = run_as_vdcsim("run", "a.yaml", "b.yaml", NULL);
    assert_run(&r, 2, "", "command line:1:1: error: 'vdcsim run' needs one SCENARIO file\n");
    r = run_as_vdcsim("check", NULL);
    assert_run(&r, 2, "", "command line:1:1: error: 'vdcsim check' needs a SCENARIO file\n");
    r = run_as_vdcsim("bench", "nope", NULL);
    assert_run(&r, 2, "", "command line:1:14: error: unknown benchmark 'nope' (expected engine, scale, traces, migrations, sweep, targets or targets-full)\n");
}

/* A bad --charts value should point at the value, like every other flag error. */
static void test_bad_charts(void)
{
    TuRun r = run_as_vdcsim("run", "scenarios/default.yaml", "--charts", "png,bogus", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_cmpstr(r.err, ==, "command line:1:44: error: unknown chart format 'bogus' in "
                               "--charts (expected png, svg, pdf or none)\n");
    tu_run_clear(&r);
    r = run_as_vdcsim("run", "scenarios/default.yaml", "--charts=svg,bogus", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_true(g_str_has_prefix(r.err, "command line:1:44: error: unknown chart format"));
    tu_run_clear(&r);
}

/* ---- exit statuses of real runs -------------------------------------------------------- */

static void test_exit_statuses(void)
{
    g_autofree char *tmp = tu_tmpdir();
    g_autofree char *out = g_build_filename(tmp, "o", NULL);
    TuRun r = run_as_vdcsim("run", "tests/scenarios/reject-memory.yaml", "-q", "-o", out, NULL);
    assert_run(&r, 0, "", "");
    r = run_as_vdcsim("run", "tests/scenarios/reject-memory.yaml", "--quiet", "--out=", NULL);
    g_assert_cmpint(r.status, !=, 0);                 /* an empty directory name */
    tu_run_clear(&r);
    r = run_as_vdcsim("check", "tests/scenarios/reject-memory.yaml", NULL);
    assert_run(&r, 0, "tests/scenarios/reject-memory.yaml: ok (1 hosts, 4 VMs, 0 events)\n", "");
    r = run_as_vdcsim("run", "tests/scenarios/bad/missing-unit.yaml", "-q", "-o", out, NULL);
    assert_run(&r, 2, "", "tests/scenarios/bad/missing-unit.yaml:2:11: error: duration '300' "
                          "needs a unit (ns, us, ms, s, min, h or d)\n");
    /* An output directory that cannot be written is bad input, found before the run: one
     * line at -o's value, exit 2, nothing simulated. */
    g_autofree char *file = g_build_filename(tmp, "file", NULL);
    g_assert_true(g_file_set_contents(file, "", 0, NULL));
    g_autofree char *under = g_build_filename(file, "sub", NULL);
    const char *bad_dirs[] = { under, file, "/dev/null", NULL };
    for (const char **b = bad_dirs; *b; b++) {
        r = run_as_vdcsim("run", "tests/scenarios/reject-memory.yaml", "-q", "-o", *b, NULL);
        g_autofree char *err = g_strdup_printf(": error: cannot write results to '%s': Not a "
                                               "directory (expected a writable directory)\n", *b);
        g_assert_cmpint(r.status, ==, 2);
        g_assert_true(g_str_has_prefix(r.err, "command line:1:"));
        g_assert_true(g_str_has_suffix(r.err, err));
        g_assert_cmpstr(r.out, ==, "");
        tu_run_clear(&r);
    }
    tu_rmtree(tmp);
}

/* Options in every form: -o DIR, --out=DIR, --seed=N, repeated --set, last value wins. */
static void test_option_forms(void)
{
    g_autofree char *tmp = tu_tmpdir();
    g_autofree char *out_eq = g_strdup_printf("--out=%s", tmp);
    TuRun r = run_as_vdcsim("run", "tests/scenarios/reject-memory.yaml", out_eq, "--seed=5",
                            "--seed", "9", "--set", "hosts.0.cores=4", "--set=vms.b.memory=0",
                            "-q", "--charts", "none", NULL);
    assert_run(&r, 0, "", "");
    g_autofree char *path = g_build_filename(tmp, "summary.json", NULL);
    g_autofree char *summary = tu_read(path);
    g_assert_nonnull(strstr(summary, "\"seed\": 9,"));
    g_assert_nonnull(strstr(summary, "\"vms_rejected\": 0,"));          /* b now fits */
    g_autofree char *rpath = g_build_filename(tmp, "resolved.yaml", NULL);
    g_autofree char *resolved = tu_read(rpath);
    g_assert_nonnull(strstr(resolved, "cores: 4,"));
    g_assert_nonnull(strstr(resolved, "charts: [none]"));
    tu_rmtree(tmp);
}

/* ---- the parser as a library ----------------------------------------------------------- */

static void test_cli_parse_api(void)
{
    static const CliOption opts[] = {
        { "out", 'o', CLI_STRING, "DIR", "where" },
        { "seed", 0, CLI_INT, "N", "seed" },
        { "set", 0, CLI_LIST, "PATH=VALUE", "set" },
        { "quiet", 'q', CLI_FLAG, NULL, "quiet" },
        { NULL, 0, 0, NULL, NULL },
    };
    char *argv[] = { "vdcsim", "run", "s.yaml", "-o", "d", "--set", "a=1", "--set=b=2", "-q",
                     "--seed", "3", NULL };
    CliArgs args = { 0 };
    GError *error = NULL;
    g_assert_true(cli_parse(11, argv, 2, opts, &args, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(args.positional->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(args.positional, 0), ==, "s.yaml");
    g_assert_cmpstr(cli_string(&args, "out"), ==, "d");
    g_assert_cmpstr(cli_string(&args, "seed"), ==, "3");
    g_assert_true(cli_flag(&args, "quiet"));
    g_assert_false(cli_flag(&args, "help"));
    const char *const *sets = cli_list(&args, "set");
    g_assert_cmpstr(sets[0], ==, "a=1");
    g_assert_cmpstr(sets[1], ==, "b=2");
    g_assert_null(sets[2]);
    cli_args_clear(&args);
    g_assert_cmpint(cli_column(11, argv, 0), ==, 1);
    g_assert_cmpint(cli_column(11, argv, 2), ==, 12);
}

/* Errors about a positional argument or an option's value point at it. */
static void test_positional_columns(void)
{
    TuRun r = run_as_vdcsim("plot", "/nonexistent", NULL);
    assert_run(&r, 2, "", "command line:1:13: error: '/nonexistent' is not a vdcsim output "
                          "directory (expected the directory of a run, with vms.csv and "
                          "summary.json)\n");
    tu_run_clear(&r);
    r = run_as_vdcsim("explain", "scenarios/default.yaml", "--vm", "nosuch", NULL);
    assert_run(&r, 2, "", "command line:1:44: error: no VM or group named 'nosuch' in "
                          "scenarios/default.yaml\n");
    tu_run_clear(&r);
    r = run_as_vdcsim("explain", "tests/fixtures/no-vms.yaml", NULL);
    assert_run(&r, 2, "", "tests/fixtures/no-vms.yaml:1:1: error: the scenario has no VMs to "
                          "explain (expected a vms: list)\n");
    tu_run_clear(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C", TRUE);          /* strerror text in the exit-1 message */
    g_test_add_func("/cli/help/top", test_top_help);
    g_test_add_func("/cli/help/commands", test_command_help);
    g_test_add_func("/cli/version", test_version);
    g_test_add_func("/cli/schema", test_schema_command);
    g_test_add_func("/cli/bad/positional-columns", test_positional_columns);
    g_test_add_func("/cli/list", test_list);
    g_test_add_func("/cli/bad/unknown-command", test_unknown_command);
    g_test_add_func("/cli/bad/unknown-option", test_unknown_option);
    g_test_add_func("/cli/bad/missing-value", test_missing_value);
    g_test_add_func("/cli/bad/integer", test_bad_integer);
    g_test_add_func("/cli/bad/no-scenario", test_run_needs_scenario);
    g_test_add_func("/cli/bad/charts-column", test_bad_charts);
    g_test_add_func("/cli/exit-statuses", test_exit_statuses);
    g_test_add_func("/cli/option-forms", test_option_forms);
    g_test_add_func("/cli/parse-api", test_cli_parse_api);
    return g_test_run();
}
