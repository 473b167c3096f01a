/* sim/scenario/schemadoc.h — the scenario format from its key tables: the JSON Schema
 * (`vdcsim schema`, docs/scenario.schema.json) and the key tables of docs/scenario.md.
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

#endif
