/* sim/cli/main.c — the vdcsim command line: run, check, explain, plot, list, schema, bench, sweep,
 * calibrate.
 *
 * Exit status: 0 done, 1 simulation error, 2 bad input (scenario or command line).
 * Bad input prints one line, "file:line:col: error: what is wrong (what was expected)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "plots/report.h"
#include "plots/catalog.h"
#include "sim/calibrate/calibrate.h"
#include "sim/cli/bench.h"
#include "sim/cli/tracegen.h"
#include "sim/cli/options.h"
#include "sim/cli/docgen.h"
#include "sim/dc/datacenter.h"
#include "sim/out/output.h"
#include "sim/out/columns.h"
#include "sim/cli/session.h"
#include "sim/core/interrupt.h"
#include "sim/core/progress.h"
#include "sim/yaml/limits.h"
#include "sim/scenario/schemadoc.h"
#include "sim/plan/plan.h"
#include "sim/sweep/sweep.h"
#include "sim/dc/virtcost.h"
#include "version.h"

#define EXIT_SIM_ERROR 1
#define EXIT_BAD_INPUT 2

/* The limits of sim/yaml/limits.h, one flag each (docs/scenario.md, "Limits"). */
#define LIMIT_OPTS                                                                           \
    { "max-bytes", 0, CLI_STRING, "SIZE", "largest scenario file (default 64 MiB)" },       \
    { "max-depth", 0, CLI_INT, "N", "deepest YAML nesting (default 64, at most 10000)" },   \
    { "max-string", 0, CLI_STRING, "SIZE", "longest YAML scalar (default 64 KiB)" },       \
    { "max-nodes", 0, CLI_INT, "N", "YAML nodes, aliases expanded (default 10000000)" },  \
    { "max-hosts", 0, CLI_INT, "N", "hosts after count expansion (default 1000000)" },     \
    { "max-vms", 0, CLI_INT, "N", "VMs after count expansion (default 1000000)" },         \
    { "max-devices", 0, CLI_INT, "N", "I/O devices over all hosts (default 1000000)" },    \
    { "max-events", 0, CLI_INT, "N", "entries of events: (default 1000000)" },             \
    { "max-trace-rows", 0, CLI_INT, "N", "rows kept from a trace (default 10000000)" },    \
    { "max-memory", 0, CLI_STRING, "SIZE", "largest memory estimate (default: RAM)" },     \
    { "force", 0, CLI_FLAG, NULL, "run even if the memory estimate is too large" }

static const CliOption run_opts[] = {
    { "out", 'o', CLI_STRING, "DIR", "write results to DIR (default: output.dir, out/NAME)" },
    { "seed", 0, CLI_INT, "N", "override the scenario's seed" },
    { "set", 0, CLI_LIST, "PATH=VALUE", "override any scenario value (repeatable)" },
    { "charts", 0, CLI_STRING, "LIST", "chart formats: png,svg,pdf or none" },
    { "quiet", 'q', CLI_FLAG, NULL, "no progress line, no summary table" },
    LIMIT_OPTS,
    { NULL, 0, 0, NULL, NULL },
};

static const CliOption check_opts[] = {
    { "set", 0, CLI_LIST, "PATH=VALUE", "override any scenario value (repeatable)" },
    LIMIT_OPTS,
    { NULL, 0, 0, NULL, NULL },
};

static const CliOption sweep_opts[] = {
    { "jobs", 'j', CLI_INT, "N", "runs in parallel (default: number of processors)" },
    { "out", 'o', CLI_STRING, "DIR", "write results to DIR (default: output.dir, out/NAME)" },
    { "quiet", 'q', CLI_FLAG, NULL, "no progress line, no summary line" },
    LIMIT_OPTS,
    { "shard", 0, CLI_STRING, "I/N", "run only shard I of N (1 <= I <= N) of the runs" },
    { "other-versions", 0, CLI_STRING, "WHAT",
      "finished runs of another binary: refuse (default), redo or keep" },
    { NULL, 0, 0, NULL, NULL },
};

static const CliOption plan_opts[] = {
    { "out", 'o', CLI_STRING, "DIR", "write plan.csv, charts and report.html to DIR "
                                     "(default: output.dir-plan)" },
    { "set", 0, CLI_LIST, "PATH=VALUE", "override any scenario value (repeatable)" },
    { "compare", 0, CLI_LIST, "PATH=V1,V2", "compare alternatives in one call: plan once per "
                                            "value (repeatable: every combination), e.g. "
                                            "scheduler.overcommit.cpu=1x,2x" },
    { "quiet", 'q', CLI_FLAG, NULL, "no progress lines" },
    { NULL, 0, 0, NULL, NULL },
};

static const CliOption none_opts[] = { { NULL, 0, 0, NULL, NULL } };

/* Prints an error on one line: control characters and invalid UTF-8 escaped. */
static void print_error(const char *message)
{
    g_autofree char *line = scn_text_one_line(message);
    fprintf(stderr, "%s\n", line);
}

static int usage_error(GError *error)
{
    print_error(error->message);
    g_error_free(error);
    return EXIT_BAD_INPUT;
}

/* The command-line column where the value of --NAME starts ("--NAME VALUE" or
 * "--NAME=VALUE"), for errors about the value; 1 if absent. */
static int value_column(int argc, char **argv, const char *name)
{
    g_autofree char *flag = g_strdup_printf("--%s", name);
    size_t len = strlen(flag);
    for (int i = argc - 1; i > 0; i--) {
        if (strcmp(argv[i], flag) == 0 && i + 1 < argc)
            return cli_column(argc, argv, i + 1);
        if (strncmp(argv[i], flag, len) == 0 && argv[i][len] == '=')
            return cli_column(argc, argv, i) + (int)len + 1;
        if (strcmp(name, "out") == 0 && strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            return cli_column(argc, argv, i + 1);
    }
    return 1;
}

/* The command-line column of a positional argument (the argv string itself). */
static int positional_column(int argc, char **argv, const char *arg)
{
    for (int i = 1; i < argc; i++)
        if (argv[i] == arg)
            return cli_column(argc, argv, i);
    return 1;
}

/* A --max-... value: an integer, or a size with a unit for the byte limits. */
static gboolean limit_value(int argc, char **argv, const ScnLimitFlag *f, const char *text,
                            uint64_t *out, GError **error)
{
    int col = value_column(argc, argv, f->flag);
    if (!g_str_has_suffix(f->flag, "memory") && strcmp(f->flag, "max-bytes") != 0 &&
        strcmp(f->flag, "max-string") != 0) {
        *out = g_ascii_strtoull(text, NULL, 10);        /* checked by cli_parse */
    } else {
        double v = 0;
        g_autofree char *why = NULL;
        if (!scn_unit_parse(text, SCN_UNIT_SIZE, &v, &why) || v < 0 || v >= 1.8e19) {
            g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:%d: error: --%s "
                        "needs a size such as 8GiB, not '%s'", col, f->flag, text);
            return FALSE;
        }
        *out = (uint64_t)v;
    }
    if (strcmp(f->flag, "max-depth") == 0 && (*out < 1 || *out > 10000)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:%d: error: --max-depth "
                    "%" G_GUINT64_FORMAT " is out of range (expected 1..10000)", col, *out);
        return FALSE;
    }
    return TRUE;
}

/* Sets the process-wide limits from the --max-... flags and --force. */
static gboolean apply_limits(int argc, char **argv, const CliArgs *args, GError **error)
{
    ScnLimits l;
    scn_limits_init(&l);
    for (const ScnLimitFlag *f = scn_limit_flags; f->flag; f++) {
        const char *text = cli_string(args, f->flag);
        if (text && !limit_value(argc, argv, f, text, scn_limits_field(&l, f->offset), error))
            return FALSE;
    }
    l.force = cli_flag(args, "force");
    scn_limits_set(&l);
    return TRUE;
}

/* Builds the run options from the flags; FALSE with *error on a bad value. */
static gboolean run_options(int argc, char **argv, const CliArgs *args, SimRunOptions *o,
                            GError **error)
{
    o->sets = cli_list(args, "set");
    o->out_dir = cli_string(args, "out");
    o->out_column = value_column(argc, argv, "out");
    o->quiet = cli_flag(args, "quiet");
    o->progress = sim_progress_wanted(o->quiet);
    const char *seed = cli_string(args, "seed");
    if (seed) {
        o->has_seed = TRUE;
        o->seed = g_ascii_strtoull(seed, NULL, 10);
    }
    const char *charts = cli_string(args, "charts");
    if (charts && !sim_run_parse_charts(charts, value_column(argc, argv, "charts"), &o->charts,
                                        error))
        return FALSE;
    o->command_line = g_strjoinv(" ", argv);
    return TRUE;
}

static int cmd_run(int argc, char **argv, const CliArgs *args)
{
    if (args->positional->len != 1) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim run' needs one SCENARIO file\n");
        return EXIT_BAD_INPUT;
    }
    SimRunOptions o = { 0 };
    GError *error = NULL;
    if (!run_options(argc, argv, args, &o, &error))
        return usage_error(error);
    sim_interrupt_catch();
    int status = sim_run_file(g_ptr_array_index(args->positional, 0), &o, stdout, &error);
    if (error) {
        print_error(error->message);
        g_error_free(error);
    }
    g_strfreev(o.charts);
    g_free((char *)o.command_line);
    return status;
}

static int cmd_check(int argc, char **argv, const CliArgs *args)
{
    if (args->positional->len < 1) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim check' needs a SCENARIO file\n");
        return EXIT_BAD_INPUT;
    }
    int status = 0;
    for (guint i = 0; i < args->positional->len; i++) {
        const char *path = g_ptr_array_index(args->positional, i);
        GError *error = NULL;
        Scenario *s = scn_load_file(path, cli_list(args, "set"), &error);
        guint points = 0, runs = 0;
        if (!s || !sim_sweep_check(path, &points, &runs, &error)) {
            print_error(error->message);
            g_error_free(error);
            scn_scenario_free(s);
            status = EXIT_BAD_INPUT;
            continue;
        }
        g_autofree char *sweep = points ? g_strdup_printf("; sweep: %u points, %u runs", points,
                                                          runs) : g_strdup("");
        printf("%s: ok (%u hosts, %u VMs, %u events%s)\n", path, s->hosts->len, s->vms->len,
               s->events->len, sweep);
        scn_scenario_free(s);
    }
    return status;
}

static const CliOption explain_opts[] = {
    { "vm", 0, CLI_STRING, "NAME", "only this VM (or group)" },
    { "walk", 0, CLI_FLAG, NULL, "the page walk of one TLB miss, reference by reference" },
    { "compare", 0, CLI_STRING, "A B", "two VMs (or groups) side by side, mechanism by "
      "mechanism" },
    { "set", 0, CLI_LIST, "PATH=VALUE", "override any scenario value (repeatable)" },
    LIMIT_OPTS,
    { NULL, 0, 0, NULL, NULL },
};

/* explain --compare A B: B is the second positional argument. */
static int explain_compare(int argc, char **argv, const CliArgs *args, const Scenario *s)
{
    const char *a = cli_string(args, "compare");
    if (args->positional->len != 2) {
        print_error("command line:1:1: error: --compare needs two VM names "
                    "(expected 'vdcsim explain SCENARIO --compare A B')");
        return EXIT_BAD_INPUT;
    }
    const char *bad = sim_virt_explain_compare(s, a, g_ptr_array_index(args->positional, 1),
                                               stdout);
    if (!bad)
        return 0;
    g_autofree char *msg = g_strdup_printf("command line:1:%d: error: no VM or group named "
                                           "'%s' in %s (expected two VM names after --compare)",
                                           value_column(argc, argv, "compare"), bad, s->path);
    print_error(msg);
    return EXIT_BAD_INPUT;
}

static int cmd_explain(int argc, char **argv, const CliArgs *args)
{
    gboolean compare = cli_string(args, "compare") != NULL;
    if (args->positional->len != 1 && !compare) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim explain' needs one SCENARIO file\n");
        return EXIT_BAD_INPUT;
    }
    GError *error = NULL;
    Scenario *s = scn_load_file(g_ptr_array_index(args->positional, 0), cli_list(args, "set"),
                                &error);
    if (!s)
        return usage_error(error);
    const char *vm = cli_string(args, "vm");
    int status = 0;
    if (compare)
        status = explain_compare(argc, argv, args, s);
    else if (!(cli_flag(args, "walk") ? sim_virt_explain_walk(s, vm, stdout)
                                      : sim_virt_explain(s, vm, stdout))) {
        g_autofree char *msg = vm ? g_strdup_printf("command line:1:%d: error: no VM or group "
                                                    "named '%s' in %s", value_column(argc, argv,
                                                    "vm"), vm, s->path)
                                  : g_strdup_printf("%s:1:1: error: the scenario has no VMs to "
                                                    "explain (expected a vms: list)", s->path);
        print_error(msg);
        status = EXIT_BAD_INPUT;
    }
    scn_scenario_free(s);
    return status;
}

static const CliOption plot_opts[] = {
    { "charts", 0, CLI_STRING, "LIST", "chart formats: png,svg,pdf (default png) or none" },
    { "quiet", 'q', CLI_FLAG, NULL, "no progress line" },
    { NULL, 0, 0, NULL, NULL },
};

/* Re-renders a finished run's charts and report from its CSV files. */
static int cmd_plot(int argc, char **argv, const CliArgs *args)
{
    if (args->positional->len != 1) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim plot' needs one OUTDIR (a run's "
                        "or a sweep's output directory)\n");
        return EXIT_BAD_INPUT;
    }
    const char *dir = g_ptr_array_index(args->positional, 0);
    const char *list = cli_string(args, "charts");
    char **formats = NULL;
    GError *error = NULL;
    if (!sim_run_parse_charts(list ? list : "png", value_column(argc, argv, "charts"), &formats,
                              &error))
        return usage_error(error);
    if (sim_sweep_is_dir(dir)) {             /* a sweep's folder: its charts and report */
        int status = sim_sweep_replot(dir, list ? formats : NULL);
        g_strfreev(formats);
        return status;
    }
    int status = 0;
    g_autofree char *marker = g_build_filename(dir, SIM_CSV_VMS, NULL);
    if (!g_file_test(marker, G_FILE_TEST_EXISTS)) {    /* name the argument, not a file in it */
        g_autofree char *msg = g_strdup_printf("command line:1:%d: error: '%s' is not a vdcsim "
                                               "output directory (expected the directory of a "
                                               "run, with vms.csv and summary.json)",
                                               positional_column(argc, argv, dir), dir);
        print_error(msg);
        g_strfreev(formats);
        return EXIT_BAD_INPUT;
    }
    if (sim_progress_wanted(cli_flag(args, "quiet")))
        sim_progress_begin(stderr);
    gboolean ok = plot_run_publish(dir, (const char *const *)formats, &error);
    sim_progress_end();
    if (!ok) {
        print_error(error->message);
        g_error_free(error);
        status = EXIT_BAD_INPUT;
    } else {
        printf("charts and report.html in %s/\n", dir);
    }
    g_strfreev(formats);
    return status;
}

static int cmd_list(int argc, char **argv, const CliArgs *args)
{
    sim_run_print_list(stdout);
    return 0;
}

static const CliOption schema_opts[] = {
    { "markdown", 0, CLI_FLAG, NULL, "print docs/scenario.md's key tables instead" },
    { "man", 0, CLI_FLAG, NULL, "print the manual page vdcsim-scenario(5) instead" },
    { "keys", 0, CLI_FLAG, NULL, "print the paths --set accepts, one a line, instead" },
    { NULL, 0, 0, NULL, NULL },
};

static int cmd_schema(int argc, char **argv, const CliArgs *args)
{
    if (cli_flag(args, "keys")) {
        g_auto(GStrv) paths = scn_set_paths();
        for (char **p = paths; *p; p++)
            printf("%s\n", *p);
        return 0;
    }
    g_autofree char *text = cli_flag(args, "markdown") ? scn_doc_tables()
                            : cli_flag(args, "man")    ? scn_man_page(VDC_VERSION)
                                                       : scn_json_schema();
    fputs(text, stdout);
    return 0;
}

static int cmd_bench(int argc, char **argv, const CliArgs *args)
{
    const char *what = args->positional->len ? g_ptr_array_index(args->positional, 0) : "engine";
    if (strcmp(what, "engine") == 0)
        return sim_bench_engine(stdout);
    if (strcmp(what, "scale") == 0)
        return sim_bench_scale(argv[0], stdout);
    if (strcmp(what, "targets") == 0 || strcmp(what, "targets-full") == 0)
        return sim_bench_targets("/proc/self/exe", strcmp(what, "targets-full") == 0, stdout);
    if (strcmp(what, "traces") == 0)
        return sim_bench_traces(args->positional->len >= 2 ?
                                atoi(g_ptr_array_index(args->positional, 1)) : 100000,
                                args->positional->len >= 3 ?
                                atoi(g_ptr_array_index(args->positional, 2)) : 0, stdout);
    if (strcmp(what, "migrations") == 0)
        return sim_bench_migrations(argv[0], stdout);
    if (strcmp(what, "sweep") == 0)
        return sim_bench_sweep(argv[0], stdout);
    if (strcmp(what, "scale-one") == 0 && args->positional->len == 2)
        return sim_bench_scale_one(atoi(g_ptr_array_index(args->positional, 1)), stdout);
    g_autofree char *msg = g_strdup_printf("command line:1:%d: error: unknown benchmark '%s' "
                                           "(expected engine, scale, traces, migrations, sweep, targets or targets-full)",
                                           cli_column(argc, argv, 2), what);
    print_error(msg);
    return EXIT_BAD_INPUT;
}

static const CliOption tracegen_opts[] = {
    { "vms", 0, CLI_INT, "N", "VMs (default 100)" },
    { "days", 0, CLI_STRING, "D", "days of samples (default 1)" },
    { "step", 0, CLI_INT, "S", "seconds between samples (default 300)" },
    { "shards", 0, CLI_INT, "N", "azure: vm_cpu_readings files, split by time (default 2)" },
    { "gzip", 0, CLI_FLAG, NULL, "gzip every file, as the datasets are published" },
    { "seed", 0, CLI_INT, "N", "seed (default 1)" },
    { NULL, 0, 0, NULL, NULL },
};

static int64_t opt_int(const CliArgs *args, const char *name, int64_t dflt)
{
    const char *v = cli_string(args, name);
    return v ? g_ascii_strtoll(v, NULL, 10) : dflt;
}

static int cmd_tracegen(int argc, char **argv, const CliArgs *args)
{
    static const char *const formats[] = { "azure", "bitbrains", "google", "alibaba", NULL };
    const char *fmt = args->positional->len == 2 ? g_ptr_array_index(args->positional, 0) : "";
    if (!g_strv_contains(formats, fmt)) {
        fprintf(stderr, "command line:1:%d: error: 'vdcsim tracegen' needs FORMAT DIR (expected "
                "FORMAT azure, bitbrains, google or alibaba)\n", cli_column(argc, argv, 2));
        return EXIT_BAD_INPUT;
    }
    const char *days = cli_string(args, "days");
    SimTraceGen g = {
        .format = fmt, .dir = g_ptr_array_index(args->positional, 1),
        .vms = MAX(1, opt_int(args, "vms", 100)), .days = days ? g_ascii_strtod(days, NULL) : 1,
        .step_s = MAX(1, opt_int(args, "step", 300)), .shards = (int)MAX(1, opt_int(args, "shards", 2)),
        .gzip = cli_flag(args, "gzip"), .churn = TRUE, .seed = (uint64_t)opt_int(args, "seed", 1),
    };
    GError *error = NULL;
    if (!sim_tracegen(&g, isatty(STDERR_FILENO), &error)) {
        fprintf(stderr, "vdcsim tracegen: error: %s\n", error->message);
        g_error_free(error);
        return 1;
    }
    return 0;
}

/* --shard I/N: 1 <= I <= N. */
static gboolean sweep_shard(int argc, char **argv, const char *text, SimSweepOptions *o)
{
    o->shard = 0;
    o->shards = 1;
    if (!text)
        return TRUE;
    guint64 i = 0, n = 0;
    g_auto(GStrv) parts = g_strsplit(text, "/", -1);
    if (g_strv_length(parts) == 2 &&
        g_ascii_string_to_unsigned(parts[0], 10, 1, 1000000, &i, NULL) &&
        g_ascii_string_to_unsigned(parts[1], 10, 1, 1000000, &n, NULL) && i <= n) {
        o->shard = (int)i - 1;
        o->shards = (int)n;
        return TRUE;
    }
    fprintf(stderr, "command line:1:%d: error: bad --shard '%s' (expected I/N with "
            "1 <= I <= N, such as 1/4)\n", value_column(argc, argv, "shard"), text);
    return FALSE;
}

static gboolean sweep_versions(int argc, char **argv, const char *text, SimSweepOptions *o)
{
    static const char *const names[] = { "refuse", "redo", "keep", NULL };
    for (int i = 0; names[i]; i++)
        if (g_strcmp0(text ? text : "refuse", names[i]) == 0) {
            o->other_versions = (SimSweepVersions)i;
            return TRUE;
        }
    fprintf(stderr, "command line:1:%d: error: bad --other-versions '%s' (expected refuse, "
            "redo or keep)\n", value_column(argc, argv, "other-versions"), text);
    return FALSE;
}

static int cmd_sweep(int argc, char **argv, const CliArgs *args)
{
    if (args->positional->len != 1) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim sweep' needs one SCENARIO file\n");
        return EXIT_BAD_INPUT;
    }
    const char *jobs = cli_string(args, "jobs");
    g_autofree char *command_line = g_strjoinv(" ", argv);
    SimSweepOptions o = {
        .out_dir = cli_string(args, "out"), .threads = jobs ? atoi(jobs) : 0,
        .quiet = cli_flag(args, "quiet"),
        .progress = sim_progress_wanted(cli_flag(args, "quiet")),
        .version = VDC_VERSION, .git_revision = VDC_GIT_REV, .command_line = command_line,
    };
    if (!sweep_shard(argc, argv, cli_string(args, "shard"), &o) ||
        !sweep_versions(argc, argv, cli_string(args, "other-versions"), &o))
        return EXIT_BAD_INPUT;
    return sim_sweep_main(g_ptr_array_index(args->positional, 0), &o);
}

static const CliOption calibrate_opts[] = {
    { "out", 'o', CLI_STRING, "FILE", "write the fitted profile to FILE" },
    { "check", 0, CLI_STRING, "PROFILE", "print measured vs simulated for PROFILE instead" },
    { "freq", 0, CLI_STRING, "HZ", "the measured host's clock (default: from perf stat)" },
    { "name", 0, CLI_STRING, "NAME", "name of the fitted profiles (default fitted)" },
    { "base", 0, CLI_STRING, "HV", "hypervisor profile the fit starts from (default kvm)" },
    { "workload-base", 0, CLI_STRING, "WL", "workload it starts from (compute-intensive)" },
    { "duration", 0, CLI_STRING, "TIME", "length of the perf kvm stat recording (for exit rates)" },
    { NULL, 0, 0, NULL, NULL },
};

/* sim/calibrate does the work; this only hands it the flags. */
static int cmd_calibrate(int argc, char **argv, const CliArgs *args)
{
    g_ptr_array_add(args->positional, NULL);
    CalCommand c = {
        .files = (const char *const *)args->positional->pdata, .out_path = cli_string(args, "out"),
        .check_path = cli_string(args, "check"), .freq = cli_string(args, "freq"),
        .freq_column = value_column(argc, argv, "freq"), .name = cli_string(args, "name"),
        .hv_base = cli_string(args, "base"), .wl_base = cli_string(args, "workload-base"),
        .duration = cli_string(args, "duration"),
        .duration_column = value_column(argc, argv, "duration"),
    };
    int status = cal_command(&c, stdout, stderr);
    g_ptr_array_set_size(args->positional, args->positional->len - 1);
    return status;
}

static int cmd_plan(int argc, char **argv, const CliArgs *args)
{
    if (args->positional->len != 1) {
        fprintf(stderr, "command line:1:1: error: 'vdcsim plan' needs one SCENARIO file\n");
        return EXIT_BAD_INPUT;
    }
    SimPlanOptions o = {
        .sets = cli_list(args, "set"), .compare = cli_list(args, "compare"),
        .out_dir = cli_string(args, "out"), .quiet = cli_flag(args, "quiet"),
    };
    return sim_plan_main(g_ptr_array_index(args->positional, 0), &o);
}

static const CliCommand commands[] = {
    { "run", "run SCENARIO [options]", "run a scenario and write its results", run_opts, cmd_run },
    { "check", "check SCENARIO... [--set PATH=VALUE]", "validate scenarios only (exit 2 on error)",
      check_opts, cmd_check },
    { "explain", "explain SCENARIO [--vm NAME] [--walk] [--compare A B]", "where every cycle of overhead goes, per VM",
      explain_opts, cmd_explain },
    { "plot", "plot OUTDIR [--charts LIST] [-q]",
      "re-render a finished run's or sweep's charts and report",
      plot_opts, cmd_plot },
    { "list", "list", "built-in profiles, workloads and policies", none_opts, cmd_list },
    { "schema", "schema [--markdown|--man|--keys]", "the scenario format as JSON Schema, for editors",
      schema_opts, cmd_schema },
    { "bench", "bench engine|scale|traces|migrations|sweep|targets|targets-full [VMS [ON-DISK]]",
      "engine events/s; wall time and memory at scale; an Azure-format week",
      none_opts, cmd_bench },
    { "tracegen", "tracegen FORMAT DIR [--vms N] [--days D] [--gzip]",
      "synthetic trace files in a public format's layout (azure: vm_cpu_readings + vmtable)",
      tracegen_opts, cmd_tracegen },
    { "sweep", "sweep SCENARIO [-j N] [-o DIR] [-q] [--shard I/N]",
      "run the scenario's sweep: points x replications, mean and 95 % CI", sweep_opts, cmd_sweep },
    { "calibrate", "calibrate MEASUREMENTS... -o PROFILE.yaml | --check PROFILE.yaml",
      "fit hypervisor and workload profiles to perf, fio, QEMU and boot measurements",
      calibrate_opts, cmd_calibrate },
    { "plan", "plan SCENARIO [--compare PATH=V1,V2] [-o DIR] [-q]",
      "the smallest host count meeting planning: targets; compare alternatives (vs) in one call",
      plan_opts, cmd_plan },
};

static void print_usage(FILE *out)
{
    fprintf(out, "vdcsim %s — a discrete-event simulator of virtualized datacenters\n\n"
                 "usage: vdcsim COMMAND [options]   (vdcsim COMMAND --help for its options)\n\n",
            VDC_VERSION);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-40s %s\n", commands[i].synopsis, commands[i].summary);
    fprintf(out, "\nexit status: 0 done, 1 simulation error, 2 bad input\n"
                 "vdcsim --version | --man | --completion bash|zsh: the version, the manual "
                 "page vdcsim(1), shell completion\n");
}

static void print_command_help(const CliCommand *c)
{
    printf("usage: vdcsim %s\n\n%s\n\noptions:\n", c->synopsis, c->summary);
    cli_print_options(stdout, c->opts);
    if (c->opts == run_opts || c->opts == check_opts || c->opts == explain_opts ||
        c->opts == plan_opts)
        printf("\n--set paths: dotted keys; list items by index or name, e.g.\n"
               "  --set duration=1h  --set hosts.0.cores=32  --set vms.web.count=8\n");
}

static void gsl_abort(const char *reason, const char *file, int line, int gsl_errno)
{
    g_error("GSL error %d at %s:%d: %s", gsl_errno, file, line, reason);
}

static const CliCommand *find_command(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown_command(int argc, char **argv)
{
    const char *names[G_N_ELEMENTS(commands) + 1] = { 0 };
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        names[i] = commands[i].name;
    const char *near = scn_did_you_mean(argv[1], names);
    g_autofree char *all = scn_join_names(names);
    g_autofree char *msg = g_strdup_printf("command line:1:%d: error: unknown command '%s' "
                                           "(%s%s%s)", cli_column(argc, argv, 1), argv[1],
                                           near ? "did you mean '" : "expected ",
                                           near ? near : all, near ? "'?" : "");
    print_error(msg);
    return EXIT_BAD_INPUT;
}

static int completion_error(int argc, char **argv)
{
    fprintf(stderr, "command line:1:%d: error: unknown shell '%s' for --completion (expected "
            "bash or zsh)\n", cli_column(argc, argv, MIN(argc - 1, 2)), argc > 2 ? argv[2] : "");
    return EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    gsl_set_error_handler(gsl_abort);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_BAD_INPUT : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("vdcsim %s (%s)\n", VDC_VERSION, VDC_GIT_REV);
        return 0;
    }
    if (strcmp(argv[1], "--man") == 0) {
        cli_print_man(stdout, commands, G_N_ELEMENTS(commands), VDC_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--completion") == 0)
        return cli_print_completion(stdout, argc > 2 ? argv[2] : "", commands,
                                    G_N_ELEMENTS(commands)) ? 0 : completion_error(argc, argv);
    const CliCommand *c = find_command(argv[1]);
    if (!c)
        return unknown_command(argc, argv);
    CliArgs args = { 0 };
    GError *error = NULL;
    if (!cli_parse(argc, argv, 2, c->opts, &args, &error)) {
        cli_args_clear(&args);
        return usage_error(error);
    }
    int status = 0;
    if (cli_flag(&args, "help"))
        print_command_help(c);
    else if (!apply_limits(argc, argv, &args, &error))
        status = usage_error(error);
    else
        status = c->run(argc, argv, &args);
    cli_args_clear(&args);
    return status;
}
