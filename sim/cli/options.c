/* sim/cli/options.c — option tables and their parser; see cli.h. */
#include "sim/cli/options.h"

#include <stdio.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/yaml/doc.h"

int cli_column(int argc, char **argv, int i)
{
    int col = 1;
    for (int k = 0; k < i && k < argc; k++)
        col += (int)strlen(argv[k]) + 1;
    return col;
}

gboolean cli_fail(GError **error, int argc, char **argv, int i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:%d: error: %s",
                cli_column(argc, argv, i), msg);
    return FALSE;
}

static const CliOption *find_long(const CliOption *opts, const char *name, size_t len)
{
    for (const CliOption *o = opts; o->long_name; o++)
        if (strlen(o->long_name) == len && strncmp(o->long_name, name, len) == 0)
            return o;
    return NULL;
}

static const CliOption *find_short(const CliOption *opts, char c)
{
    for (const CliOption *o = opts; o->long_name; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

static gboolean unknown_option(GError **error, int argc, char **argv, int i,
                               const CliOption *opts)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const CliOption *o = opts; o->long_name; o++)
        g_ptr_array_add(names, g_strdup_printf("--%s", o->long_name));
    g_ptr_array_add(names, NULL);
    g_autofree char *word = g_strndup(argv[i], strcspn(argv[i], "="));
    const char *near = scn_did_you_mean(word, (const char *const *)names->pdata);
    if (near)
        cli_fail(error, argc, argv, i, "unknown option '%s' (did you mean '%s'?)", word, near);
    else
        cli_fail(error, argc, argv, i, "unknown option '%s' (see --help)", word);
    g_ptr_array_free(names, TRUE);
    return FALSE;
}

static void store(CliArgs *args, const CliOption *o, const char *value)
{
    if (o->kind == CLI_LIST) {
        GPtrArray *list = g_hash_table_lookup(args->lists, o->long_name);
        if (!list) {
            list = g_ptr_array_new();
            g_ptr_array_add(list, NULL);
            g_hash_table_insert(args->lists, (gpointer)o->long_name, list);
        }
        list->pdata[list->len - 1] = (gpointer)value;
        g_ptr_array_add(list, NULL);
        return;
    }
    g_hash_table_insert(args->values, (gpointer)o->long_name, (gpointer)value);
}

static gboolean check_int(GError **error, int argc, char **argv, int i, const CliOption *o,
                          const char *value)
{
    if (o->kind != CLI_INT)
        return TRUE;
    if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT64, NULL, NULL))   /* overflow too */
        return cli_fail(error, argc, argv, i, "--%s needs a non-negative integer, not '%s'",
                        o->long_name, value);
    return TRUE;
}

gboolean cli_parse(int argc, char **argv, int first, const CliOption *opts, CliArgs *args,
                   GError **error)
{
    args->values = g_hash_table_new(g_str_hash, g_str_equal);
    args->lists = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)g_ptr_array_unref);
    args->positional = g_ptr_array_new();
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const CliOption *o = NULL;
        const char *value = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            g_hash_table_insert(args->values, (gpointer)"help", (gpointer)"1");
            continue;
        }
        if (a[0] != '-' || a[1] == '\0') {
            g_ptr_array_add(args->positional, (gpointer)a);
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a, '=');
            o = find_long(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
            value = eq ? eq + 1 : NULL;
        } else {
            o = find_short(opts, a[1]);
            if (o && a[2] != '\0')         /* -j2: a value glued to its short option */
                value = o->kind == CLI_FLAG ? NULL : a + 2;
            if (o && a[2] != '\0' && !value)
                o = NULL;
        }
        if (!o)
            return unknown_option(error, argc, argv, i, opts);
        if (o->kind == CLI_FLAG) {
            store(args, o, "1");
            continue;
        }
        if (!value && ++i >= argc)
            return cli_fail(error, argc, argv, i - 1, "--%s needs a value (%s)", o->long_name,
                            o->arg_name);
        if (!value)
            value = argv[i];
        if (!check_int(error, argc, argv, i, o, value))
            return FALSE;
        store(args, o, value);
    }
    return TRUE;
}

void cli_args_clear(CliArgs *args)
{
    g_clear_pointer(&args->values, g_hash_table_destroy);
    g_clear_pointer(&args->lists, g_hash_table_destroy);
    if (args->positional)
        g_ptr_array_free(args->positional, TRUE);
    args->positional = NULL;
}

gboolean cli_flag(const CliArgs *args, const char *name)
{
    return g_hash_table_contains(args->values, name);
}

const char *cli_string(const CliArgs *args, const char *name)
{
    return g_hash_table_lookup(args->values, name);
}

const char *const *cli_list(const CliArgs *args, const char *name)
{
    GPtrArray *list = g_hash_table_lookup(args->lists, name);
    return list ? (const char *const *)list->pdata : NULL;
}

void cli_print_options(FILE *out, const CliOption *opts)
{
    for (const CliOption *o = opts; o->long_name; o++) {
        g_autofree char *flag = g_strdup_printf("%s%c%s--%s%s%s", o->short_name ? "-" : "",
                                                o->short_name ? o->short_name : ' ',
                                                o->short_name ? ", " : "  ", o->long_name,
                                                o->arg_name ? " " : "",
                                                o->arg_name ? o->arg_name : "");
        fprintf(out, "  %-26s %s\n", o->short_name ? flag : flag + 1, o->help);
    }
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help");
}
