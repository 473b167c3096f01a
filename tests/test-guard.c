/* tests/test-guard.c — hardening (issue 20): limits, confined outputs, one-line errors and
 * signals, through the real binary.  The inputs here are generated because they are large
 * (a 10^6-byte name, 10^5 nesting levels); the small ones are bad-input goldens
 * (tests/scenarios/bad) and fuzz regressions (tests/fuzz/regress).
 * The binary comes from $VDCSIM (make test sets it). */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/testutil.h"

static void assert_one_line_error(const TuRun *r, int status, const char *needle)
{
    if (r->status != status || !strstr(r->err, needle) ||
        strchr(r->err, '\n') != r->err + strlen(r->err) - 1)
        g_error("exit %d (want %d), stderr:\n%s\n(want one line with '%s')", r->status, status,
                r->err, needle);
}

static char *write_tmp(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Issue 20: 10^5 nesting levels loaded for minutes; now refused at once. */
static void test_deep_nesting_fast(void)
{
    g_autofree char *tmp = tu_tmpdir();
    GString *y = g_string_new("a: ");
    for (int i = 0; i < 100000; i++)
        g_string_append_c(y, '[');
    for (int i = 0; i < 100000; i++)
        g_string_append_c(y, ']');
    g_autofree char *path = write_tmp(tmp, "deep.yaml", y->str);
    g_string_free(y, TRUE);
    gint64 t0 = g_get_monotonic_time();
    TuRun r = tu_run("check", path, NULL);
    assert_one_line_error(&r, 2, "deep.yaml:1:67: error: YAML nested more than 64 levels deep "
                                 "(limit 64; raise with --max-depth)");
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
    tu_run_clear(&r);
    tu_rmtree(tmp);
}

/* Issue 20: a 10^6-character name; the string limit refuses it with a position. */
static void test_huge_name(void)
{
    g_autofree char *tmp = tu_tmpdir();
    GString *y = g_string_new("name: ");
    for (int i = 0; i < 1000000; i++)
        g_string_append_c(y, 'n');
    g_string_append(y, "\nhosts: [ { name: h } ]\n");
    g_autofree char *path = write_tmp(tmp, "long.yaml", y->str);
    g_string_free(y, TRUE);
    g_autofree char *out = g_build_filename(tmp, "out", NULL);
    TuRun r = tu_run("run", path, "-q", "--charts", "none", NULL);
    assert_one_line_error(&r, 2, "long.yaml:1:7: error: a string of 1000000 bytes is too long "
                                 "(limit 65536; raise with --max-string)");
    tu_run_clear(&r);
    r = tu_run("run", path, "-q", "--max-string", "2MiB", "-o", out, NULL);
    assert_one_line_error(&r, 2, "long.yaml:1:7: error: scenario name 'nnnn");
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
    tu_run_clear(&r);
    tu_rmtree(tmp);
}

/* Limits are raised by their flags; the memory estimate is refused unless --force. */
static void test_limit_flags(void)
{
    g_autofree char *tmp = tu_tmpdir();
    /* Raising a limit lets a scenario through (a small one: 10^7 hosts take minutes). */
    g_autofree char *many = write_tmp(tmp, "many.yaml", "name: many\nduration: 1 min\n"
                                      "hosts:\n  - { name: h, count: 3000 }\n");
    TuRun r = tu_run("check", many, "--max-hosts", "2000", NULL);
    assert_one_line_error(&r, 2, "many.yaml:4:23: error: the scenario asks for 3000 hosts or more "
                          "(limit 2000; raise with --max-hosts)");
    tu_run_clear(&r);
    r = tu_run("check", many, "--max-hosts", "4000", "--max-memory", "1MiB", NULL);
    g_assert_cmpint(r.status, ==, 0);           /* check does not run: no memory check */
    tu_run_clear(&r);
    g_autofree char *out = g_build_filename(tmp, "out", NULL);
    r = tu_run("run", "tests/scenarios/share-fifty-fifty.yaml", "-q", "--charts", "none",
               "--max-memory", "1MiB", "-o", out, NULL);
    assert_one_line_error(&r, 2, "share-fifty-fifty.yaml:1:1: error: the run would need about ");
    g_assert_true(strstr(r.err, "(limit 1.0 MiB; raise with --max-memory, or run anyway with "
                                "--force)"));
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));     /* refused before any output */
    tu_run_clear(&r);
    r = tu_run("run", "tests/scenarios/share-fifty-fifty.yaml", "-q", "--charts", "none",
               "--max-memory", "1MiB", "--force", "-o", out, NULL);
    g_assert_cmpint(r.status, ==, 0);
    tu_run_clear(&r);
    r = tu_run("check", "tests/scenarios/share-fifty-fifty.yaml", "--max-depth", "0", NULL);
    assert_one_line_error(&r, 2, "error: --max-depth 0 is out of range (expected 1..10000)");
    tu_run_clear(&r);
    tu_rmtree(tmp);
}

/* A trace that is not a regular file (it would never end) is refused. */
static void test_trace_not_regular(void)
{
    TuRun r = tu_run("check", "tests/fuzz/regress/scenario/trace-dev-zero.yaml", NULL);
    assert_one_line_error(&r, 2, "/dev/zero:1:1: error: cannot read trace: not a regular file");
    tu_run_clear(&r);
}

/* Starts `vdcsim run` on a long scenario into out, lets it simulate, sends sig. */
static void interrupt_run(int sig, int want_status, const char *name)
{
    g_autofree char *tmp = tu_tmpdir();
    g_autofree char *out = g_build_filename(tmp, "out", NULL);
    g_assert_cmpint(g_mkdir(out, 0755), ==, 0);
    g_autofree char *old = write_tmp(out, "summary.json", "finished earlier\n");
    g_autofree char *scn = write_tmp(tmp, "long.yaml", "name: long\nduration: 1000 d\n"
                                     "output: { sample_interval: 1 d, charts: [none] }\n"
                                     "hosts: [ { name: h, count: 20, mtbf: 1 s, mttr: 1 s } ]\n"
                                     "vms: [ { name: v, count: 20, vcpus: 1, memory: 1 GiB, "
                                     "demand: 50% } ]\n");    /* minutes of failures */
    const char *argv[] = { tu_vdcsim(), "run", scn, "-q", "-o", out, NULL };
    GPid pid;
    int err_fd;
    GError *error = NULL;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, NULL, &err_fd, &error));
    g_usleep(700000);                           /* loaded, simulating */
    kill(pid, sig);
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    char buf[1024] = { 0 };
    ssize_t n = read(err_fd, buf, sizeof buf - 1);
    close(err_fd);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, want_status);
    g_assert_cmpint(n, >, 0);
    g_autofree char *want = g_strdup_printf("vdcsim: interrupted by %s at t=", name);
    g_assert_true(g_str_has_prefix(buf, want));
    g_assert_true(strstr(buf, "; no results written\n"));
    g_assert_true(strchr(buf, '\n') == buf + strlen(buf) - 1);
    g_autofree char *kept = tu_read(old);       /* a finished file is intact */
    g_assert_cmpstr(kept, ==, "finished earlier\n");
    GDir *d = g_dir_open(out, 0, NULL);         /* and nothing else: no temporary files */
    for (const char *f; (f = g_dir_read_name(d));)
        g_assert_cmpstr(f, ==, "summary.json");
    g_dir_close(d);
    g_spawn_close_pid(pid);
    tu_rmtree(tmp);
}

static void test_sigint(void)
{
    interrupt_run(SIGINT, 130, "SIGINT");
}

static void test_sigterm(void)
{
    interrupt_run(SIGTERM, 143, "SIGTERM");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C", TRUE);
    g_test_add_func("/guard/deep-nesting-fast", test_deep_nesting_fast);
    g_test_add_func("/guard/huge-name", test_huge_name);
    g_test_add_func("/guard/limit-flags", test_limit_flags);
    g_test_add_func("/guard/trace-not-regular", test_trace_not_regular);
    g_test_add_func("/guard/signal/sigint", test_sigint);
    g_test_add_func("/guard/signal/sigterm", test_sigterm);
    return g_test_run();
}
