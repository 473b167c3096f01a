/* sim/scenario/schemadoc.h — the scenario format from its key tables: the JSON Schema
 * (`vdcsim schema`, docs/scenario.schema.json), the key tables of docs/scenario.md, the
 * manual page vdcsim-scenario(5) (`vdcsim schema --man`) and the `--set` paths of the shell
 * completion (`vdcsim schema --keys`).
 *
 * Both are generated from the same tables that read and write scenarios (schema.h), so the
 * reader, the doc and the editor's validation cannot drift apart; tests/test-schema.c
 * checks the shipped files against these functions.
 */
#ifndef SIM_SCENARIO_SCHEMADOC_H
#define SIM_SCENARIO_SCHEMADOC_H

#include <glib.h>

/* The JSON Schema (draft 2020-12) of a scenario file; g_free it. */
char        *scn_json_schema(void);
/* The documented sections, in doc order: "output", "hosts", ...; NULL-terminated. */
const char *const *scn_doc_sections(void);
/* docs/scenario.md's key table of a section (NULL if not a documented section); g_free it.
 * In the doc it sits between "<!-- schema:NAME -->" and "<!-- /schema -->" lines. */
char        *scn_doc_table(const char *section);
/* Every table with its markers, for pasting into docs/scenario.md; g_free it. */
char        *scn_doc_tables(void);
/* The manual page vdcsim-scenario(5) in roff, built from the same tables; g_free it. */
char        *scn_man_page(const char *version);
/* The dotted paths `--set` accepts, one per key of the tables (list items as index 0,
 * `hosts.0.cores`; named dictionaries only by their own key), NULL-terminated, in table
 * order, for shell completion; g_strfreev it. */
char       **scn_set_paths(void);

#endif
