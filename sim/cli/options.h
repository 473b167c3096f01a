/* sim/cli/options.h — command-line options: a table per command, parsed with did-you-mean.
 *
 * Errors read "command line:1:COL: error: unknown option '--sed' (did you mean '--seed'?)",
 * COL being the 1-based column of the offending argument in the command line as typed
 * (arguments joined by single spaces), so a flag error is positioned like a scenario error.
 * A short option takes its value as the next argument or glued to it: `-j 2` and `-j2`.
 */
#ifndef SIM_CLI_H
#define SIM_CLI_H

#include <glib.h>
#include <stdio.h>

typedef enum { CLI_FLAG, CLI_STRING, CLI_INT, CLI_LIST } CliKind;

typedef struct {
    const char *long_name;       /* "seed" for --seed */
    char        short_name;      /* 'o' for -o, or 0 */
    CliKind     kind;
    const char *arg_name;        /* "N", "DIR", "KEY=VALUE" */
    const char *help;
} CliOption;

typedef struct {
    GHashTable *values;          /* long name -> char *, borrowed from argv (last wins) */
    GHashTable *lists;           /* long name -> GPtrArray of char * (CLI_LIST), owned */
    GPtrArray  *positional;      /* char *, borrowed from argv */
} CliArgs;

/* Parses argv[first..argc); fills args; FALSE with *error on a bad flag.  `--help` sets
 * the "help" flag. */
gboolean    cli_parse(int argc, char **argv, int first, const CliOption *opts, CliArgs *args,
                      GError **error);
void        cli_args_clear(CliArgs *args);
gboolean    cli_flag(const CliArgs *args, const char *name);
const char *cli_string(const CliArgs *args, const char *name);        /* NULL if absent */
/* The CLI_LIST values as a NULL-terminated array (borrowed), or NULL if none. */
const char *const *cli_list(const CliArgs *args, const char *name);
/* The column (1-based) of argv[i] in the joined command line. */
int         cli_column(int argc, char **argv, int i);
/* Fails with a positioned error about argv[i]. */
gboolean    cli_fail(GError **error, int argc, char **argv, int i, const char *fmt, ...)
                G_GNUC_PRINTF(5, 6);
void        cli_print_options(FILE *out, const CliOption *opts);

/* A command of `vdcsim`: the one table (sim/cli/main.c) that --help, the unknown-command
 * error, the manual page and the shell completion are all generated from. */
typedef int (*CliRunFn)(int argc, char **argv, const CliArgs *args);
typedef struct {
    const char      *name;       /* "run" */
    const char      *synopsis;   /* "run SCENARIO [options]" */
    const char      *summary;    /* one line */
    const CliOption *opts;       /* { NULL } ended */
    CliRunFn         run;
} CliCommand;

#endif
