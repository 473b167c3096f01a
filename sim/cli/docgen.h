/* sim/cli/docgen.h — the manual page vdcsim(1) and the bash and zsh completion scripts,
 * generated from the command table (CliCommand) and the scenario key tables.
 *
 * `make` writes them into build/gen/ with `vdcsim --man` and `vdcsim --completion SHELL`,
 * and `make install` installs them, so a new command or option appears in both without
 * editing either.  The completion completes commands, each command's options, scenario
 * files (*.yaml, *.yml), output directories, chart formats and the `--set` paths of the
 * key tables (scn_set_paths()), which are written into the script: completing needs no
 * run of vdcsim.
 */
#ifndef SIM_CLI_DOCGEN_H
#define SIM_CLI_DOCGEN_H

#include <stdio.h>

#include "sim/cli/options.h"

void     cli_print_man(FILE *out, const CliCommand *cmds, size_t n, const char *version);
/* shell is "bash" or "zsh"; FALSE (nothing written) for any other. */
gboolean cli_print_completion(FILE *out, const char *shell, const CliCommand *cmds, size_t n);

#endif
