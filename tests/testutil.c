/* tests/testutil.c — see testutil.h. */
#include "tests/testutil.h"

#include "plots/csv.h"

#include <string.h>

#include <glib/gstdio.h>
#include <stdarg.h>
#include <sys/wait.h>

const char *tu_vdcsim(void)
{
    const char *p = g_getenv("VDCSIM");
    return p && *p ? p : "build/vdcsim";
}

TuRun tu_runv(const char *const *argv)
{
    TuRun r = { -1, NULL, NULL };
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, (gpointer)tu_vdcsim());
    for (; *argv; argv++)
        g_ptr_array_add(args, (gpointer)*argv);
    g_ptr_array_add(args, NULL);
    GError *error = NULL;
    int wait = 0;
    if (!g_spawn_sync(NULL, (char **)args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &r.out, &r.err, &wait, &error))
        g_error("cannot run %s: %s", tu_vdcsim(), error->message);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    g_ptr_array_free(args, TRUE);
    return r;
}

TuRun tu_run(const char *arg0, ...)
{
    GPtrArray *args = g_ptr_array_new();
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a; a = va_arg(ap, const char *))
        g_ptr_array_add(args, (gpointer)a);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    TuRun r = tu_runv((const char *const *)args->pdata);
    g_ptr_array_free(args, TRUE);
    return r;
}

void tu_run_clear(TuRun *r)
{
    g_clear_pointer(&r->out, g_free);
    g_clear_pointer(&r->err, g_free);
}

char *tu_read(const char *path)
{
    char *text = NULL;
    return g_file_get_contents(path, &text, NULL, NULL) ? text : NULL;
}

char *tu_tmpdir(void)
{
    GError *error = NULL;
    char *dir = g_dir_make_tmp("vdcsim-test-XXXXXX", &error);
    g_assert_no_error(error);
    return dir;
}

void tu_rmtree(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);
    if (dir) {
        const char *name;
        while ((name = g_dir_read_name(dir))) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            if (g_file_test(child, G_FILE_TEST_IS_DIR))
                tu_rmtree(child);
            else
                g_unlink(child);
        }
        g_dir_close(dir);
    }
    g_rmdir(path);
}

char *tu_csv_field(const char *path, const char *row, const char *column)
{
    GError *error = NULL;
    PlotCsv *csv = plot_csv_load(path, &error);
    g_assert_no_error(error);
    const char *const *keys = plot_csv_strings(csv, plot_csv_col_name(csv, 0), &error);
    const char *const *vals = plot_csv_strings(csv, column, &error);
    g_assert_no_error(error);
    for (size_t i = 0; i < plot_csv_n_rows(csv); i++) {
        if (strcmp(keys[i], row) == 0) {
            char *v = g_strdup(vals[i]);
            plot_csv_free(csv);
            return v;
        }
    }
    g_error("no row %s in %s", row, path);
}
