/* sim/cli/docgen.c — vdcsim(1) and shell completion from the command table; see docgen.h. */
#include "sim/cli/docgen.h"

#include <string.h>

#include "sim/scenario/schemadoc.h"

/* Text as roff: backslashes, hyphens and leading dots escaped. */
static void roff_put(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else if ((*p == '.' || *p == '\'') && p == text)
            fprintf(out, "\\&%c", *p);
        else
            fputc(*p, out);
    }
}

static void man_option(FILE *out, const CliOption *o)
{
    fputs(".TP\n", out);
    if (o->short_name)
        fprintf(out, "\\fB\\-%c\\fR, ", o->short_name);
    fputs("\\fB\\-\\-", out);
    roff_put(out, o->long_name);
    fputs("\\fR", out);
    if (o->arg_name) {
        fputs(" \\fI", out);
        roff_put(out, o->arg_name);
        fputs("\\fR", out);
    }
    fputc('\n', out);
    roff_put(out, o->help);
    fputc('\n', out);
}

static void man_command(FILE *out, const CliCommand *c)
{
    fputs(".SS \"vdcsim ", out);
    roff_put(out, c->synopsis);
    fputs("\"\n", out);
    roff_put(out, c->summary);
    fputs(".\n", out);
    for (const CliOption *o = c->opts; o->long_name; o++)
        man_option(out, o);
}

static const char man_intro[] =
    ".SH NAME\nvdcsim \\- a discrete\\-event simulator of virtualized datacenters\n"
    ".SH SYNOPSIS\n.B vdcsim\n.I COMMAND\n[\\fIoptions\\fR]\n.br\n.B vdcsim\n"
    "\\fB\\-\\-version\\fR | \\fB\\-\\-man\\fR | \\fB\\-\\-completion\\fR \\fIbash\\fR|\\fIzsh\\fR\n"
    ".SH DESCRIPTION\n\\fBvdcsim\\fR simulates a datacenter down to what virtualization costs: "
    "hosts with a Type 1 or Type 2 hypervisor or a container runtime, CPU, memory and I/O "
    "virtualization, VMs with workloads, placement, scheduling, consolidation, power, and live "
    "migration over a modelled network.\nA run reads a scenario (\\fBvdcsim\\-scenario\\fR(5)) "
    "and writes CSV files, summary.json, resolved.yaml, manifest.json, charts and report.html "
    "into its output directory.\nThe same scenario and seed give byte\\-identical results.\n"
    ".PP\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR.\nA progress line with percent and "
    "time left appears on standard error for each long phase when it is a terminal, and "
    "never with \\fB\\-q\\fR.\n.SH COMMANDS\n";

static const char man_outro[] =
    ".SH EXIT STATUS\n.TP\n0\ndone\n.TP\n1\nsimulation error\n.TP\n2\nbad input: one line "
    "\\fIfile\\fR:\\fIline\\fR:\\fIcolumn\\fR: error: what is wrong (what was expected)\n"
    ".TP\n130, 143\nstopped by SIGINT or SIGTERM at an event boundary; nothing of the run is "
    "written\n"
    ".SH FILES\n.TP\n/usr/share/vdcsim/scenarios/\nshipped scenarios; "
    "\\fBvdcsim run /usr/share/vdcsim/scenarios/default.yaml\\fR is a first run\n"
    ".TP\n/usr/share/vdcsim/scenario.schema.json\nthe scenario format as a JSON Schema, for "
    "editors\n"
    ".SH EXAMPLES\n.nf\nvdcsim run /usr/share/vdcsim/scenarios/default.yaml \\-o out/default\n"
    "vdcsim run rack.yaml \\-\\-set hosts.0.cores=32 \\-\\-set migration.strategy=post\\-copy\n"
    "vdcsim check rack.yaml\nvdcsim plot out/default \\-\\-charts svg\n.fi\n"
    ".SH SEE ALSO\n\\fBvdcsim\\-scenario\\fR(5), \\fBpkg\\-config\\fR(1) (libvdcsim: "
    "\\fBpkg\\-config \\-\\-cflags \\-\\-libs vdcsim\\fR)\n";

void cli_print_man(FILE *out, const CliCommand *cmds, size_t n, const char *version)
{
    fprintf(out, ".TH VDCSIM 1 \"\" \"vdcsim %s\" \"User Commands\"\n%s", version, man_intro);
    for (size_t i = 0; i < n; i++)
        man_command(out, &cmds[i]);
    fputs(man_outro, out);
}

/* ---- completion ------------------------------------------------------------------------ */

/* "--out -o --seed ..." for bash's compgen -W. */
static char *option_words(const CliOption *opts)
{
    GString *w = g_string_new("--help");
    for (const CliOption *o = opts; o->long_name; o++) {
        g_string_append_printf(w, " --%s", o->long_name);
        if (o->short_name)
            g_string_append_printf(w, " -%c", o->short_name);
    }
    return g_string_free(w, FALSE);
}

static char *set_words(void)
{
    g_auto(GStrv) paths = scn_set_paths();
    return g_strjoinv(" ", paths);
}

/* What a command's positional arguments are: scenario files, an output directory, words. */
static const char *positional_kind(const CliCommand *c)
{
    if (strcmp(c->name, "plot") == 0 || strcmp(c->name, "tracegen") == 0)
        return "dir";
    if (strstr(c->synopsis, "SCENARIO"))
        return "scenario";
    return "none";
}

static const char bash_body[] =
    "    case $prev in\n"
    "        --set) compopt -o nospace 2>/dev/null\n"
    "            COMPREPLY=($(compgen -W \"$_vdcsim_set_paths\" -S = -- \"$cur\")); return ;;\n"
    "        -o|--out) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
    "        --charts) COMPREPLY=($(compgen -W \"png svg pdf none png,svg png,pdf\" -- \"$cur\"));"
    " return ;;\n"
    "    esac\n"
    "    if [[ $cur == -* ]]; then\n"
    "        COMPREPLY=($(compgen -W \"${_vdcsim_opts[$cmd]}\" -- \"$cur\")); return\n"
    "    fi\n"
    "    case ${_vdcsim_args[$cmd]} in\n"
    "        scenario) COMPREPLY=($(compgen -o plusdirs -f -X '!*.@(yaml|yml)' -- \"$cur\")) ;;\n"
    "        dir) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
    "        *) [ \"$cmd\" = bench ] && COMPREPLY=($(compgen -W \"engine scale traces migrations\" -- \"$cur\")) ;;\n"
    "    esac\n}\ncomplete -o filenames -F _vdcsim vdcsim\n";

static void print_bash(FILE *out, const CliCommand *cmds, size_t n)
{
    g_autofree char *paths = set_words();
    fprintf(out, "# bash completion for vdcsim; generated by `vdcsim --completion bash`.\n"
                 "_vdcsim_set_paths='%s'\n", paths);
    fputs("declare -A _vdcsim_opts=(", out);
    for (size_t i = 0; i < n; i++) {
        g_autofree char *words = option_words(cmds[i].opts);
        fprintf(out, " [%s]='%s'", cmds[i].name, words);
    }
    fputs(" )\ndeclare -A _vdcsim_args=(", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, " [%s]=%s", cmds[i].name, positional_kind(&cmds[i]));
    fputs(" )\n_vdcsim()\n{\n    local cur=${COMP_WORDS[COMP_CWORD]} "
          "prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}\n"
          "    shopt -s extglob\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n        COMPREPLY=($(compgen -W \"", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? " " : "", cmds[i].name);
    fputs(" --help --version\" -- \"$cur\")); return\n    fi\n", out);
    fputs(bash_body, out);
}

/* Text inside a zsh single-quoted _arguments spec: quotes, brackets and colons escaped. */
static void zsh_put(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", out);
        else if (*p == '[' || *p == ']' || *p == ':')
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
}

static const char *zsh_action(const CliOption *o)
{
    if (strcmp(o->long_name, "set") == 0)
        return "_vdcsim_set_paths";
    if (strcmp(o->long_name, "out") == 0)
        return "_files -/";
    if (strcmp(o->long_name, "charts") == 0)
        return "(png svg pdf none)";
    return " ";
}

static void zsh_option(FILE *out, const CliOption *o)
{
    fprintf(out, "        '%s--%s[", o->kind == CLI_LIST ? "*" : "", o->long_name);
    zsh_put(out, o->help);
    fputs("]", out);
    if (o->arg_name) {
        fputs(":", out);
        zsh_put(out, o->arg_name);
        fprintf(out, ":%s", zsh_action(o));
    }
    fputs("'\n", out);
    if (o->short_name) {
        fprintf(out, "        '-%c[", o->short_name);
        zsh_put(out, o->help);
        fprintf(out, "]%s%s%s'\n", o->arg_name ? ":" : "", o->arg_name ? o->arg_name : "",
                o->arg_name ? ":" : "");
    }
}

static void zsh_command(FILE *out, const CliCommand *c)
{
    static const char *const args[] = { "'*:scenario:_files -g \"*.(yaml|yml)\"'",
                                        "'*:directory:_files -/'", "'*: :(engine scale traces)'" };
    const char *kind = positional_kind(c);
    fprintf(out, "    %s)\n        _arguments -s \\\n", c->name);
    for (const CliOption *o = c->opts; o->long_name; o++)
        zsh_option(out, o);
    int a = strcmp(kind, "scenario") == 0 ? 0 : strcmp(kind, "dir") == 0 ? 1 : 2;
    fprintf(out, "        '--help[show this help]' %s ;;\n", args[a]);
}

static void print_zsh(FILE *out, const CliCommand *cmds, size_t n)
{
    g_autofree char *paths = set_words();
    fputs("#compdef vdcsim\n# zsh completion for vdcsim; generated by `vdcsim --completion "
          "zsh`.\n\n_vdcsim_set_paths() {\n    local -a paths\n", out);
    fprintf(out, "    paths=(%s)\n    compadd -S = -- $paths\n}\n\n_vdcsim() {\n"
                 "    local -a commands\n    commands=(\n", paths);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "        '%s:", cmds[i].name);
        zsh_put(out, cmds[i].summary);
        fputs("'\n", out);
    }
    fputs("    )\n    if (( CURRENT == 2 )); then\n        _describe -t commands 'vdcsim "
          "command' commands\n        return\n    fi\n    shift words\n    (( CURRENT-- ))\n"
          "    case $words[1] in\n", out);
    for (size_t i = 0; i < n; i++)
        zsh_command(out, &cmds[i]);
    fputs("    esac\n}\n\n_vdcsim \"$@\"\n", out);
}

gboolean cli_print_completion(FILE *out, const char *shell, const CliCommand *cmds, size_t n)
{
    if (strcmp(shell, "bash") == 0)
        print_bash(out, cmds, n);
    else if (strcmp(shell, "zsh") == 0)
        print_zsh(out, cmds, n);
    else
        return FALSE;
    return TRUE;
}
