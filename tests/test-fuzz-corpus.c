/* tests/test-fuzz-corpus.c — the fuzzing corpora replayed without libFuzzer.
 *
 * Every file under tests/fuzz/corpus/TARGET/ (seeds) and tests/fuzz/regress/TARGET/
 * (inputs that once crashed, hung or printed more than one line) goes through the same
 * entry point the libFuzzer target uses (tests/fuzz/entries.h); the scenario target also
 * gets every shipped and golden scenario.  A finding aborts the binary, so a regression
 * fails `make test`, and under SAN=1 LeakSanitizer checks every error path for leaks. */
#include <glib/gstdio.h>
#include <string.h>

#include "tests/fuzz/entries.h"
#include "tests/testutil.h"

/* Feeds every regular file of dir to entry; returns how many. */
static guint replay_dir(FuzzEntry entry, const char *dir, const char *suffix)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return 0;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(d));)
        if (!suffix || g_str_has_suffix(n, suffix))
            g_ptr_array_add(names, g_build_filename(dir, n, NULL));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);      /* a stable order for logs */
    for (guint i = 0; i < names->len; i++) {
        const char *path = g_ptr_array_index(names, i);
        gchar *data = NULL;
        gsize len = 0;
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            continue;
        g_assert_true(g_file_get_contents(path, &data, &len, NULL));
        g_test_message("%s", path);
        entry((const uint8_t *)data, len);
        g_free(data);
    }
    guint n = names->len;
    g_ptr_array_free(names, TRUE);
    return n;
}

static void test_target(gconstpointer name)
{
    FuzzEntry entry = fuzz_entry_lookup(name);
    g_assert_nonnull(entry);
    g_autofree char *seeds = g_build_filename("tests/fuzz/corpus", name, NULL);
    g_autofree char *regress = g_build_filename("tests/fuzz/regress", name, NULL);
    guint n = replay_dir(entry, seeds, NULL) + replay_dir(entry, regress, NULL);
    if (strcmp(name, "scenario") == 0)
        n += replay_dir(entry, "scenarios", ".yaml") +
             replay_dir(entry, "tests/scenarios", ".yaml") +
             replay_dir(entry, "tests/scenarios/bad", ".yaml");
    g_assert_cmpuint(n, >=, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    static const char *const targets[] = { "scenario", "set", "trace", "run" };
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        g_autofree char *path = g_strdup_printf("/fuzz/corpus/%s", targets[i]);
        g_test_add_data_func(path, targets[i], test_target);
    }
    return g_test_run();
}
