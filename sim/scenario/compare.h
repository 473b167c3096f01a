/* sim/scenario/compare.h — `compare:`, variants of one scenario run side by side.
 *
 *   compare:
 *     - { name: no-consolidation, set: { scheduler.consolidation.enabled: false } }
 *
 * Each variant is the scenario with its `set:` assignments applied as `--set PATH=VALUE`
 * (after those of the command line), run into OUT/variants/NAME beside the scenario as
 * written in OUT.  The list is plain data: the assignments are checked when the variant is
 * loaded (sim/cli/session.c), and an error there names the value's place in this block.
 * Variant names are safe path components and distinct; `base` is the scenario as written.
 */
#ifndef SCN_COMPARE_H
#define SCN_COMPARE_H

#include <glib.h>

#include "sim/yaml/schema.h"

typedef struct {
    char      *name;
    GPtrArray *sets;            /* char *, "PATH=VALUE", in the order written */
    GPtrArray *wheres;          /* char *, "file:line:col" of each value */
} ScnVariant;

/* The key table of one `compare:` entry (for the docs and the JSON Schema). */
extern const ScnKey scn_compare_keys[];

/* Reads the `compare:` list into variants (ScnVariant *, freed by scn_variant_free). */
gboolean scn_read_compare(GPtrArray *variants, ScnDoc *d, ScnNode *list, GError **error);
void     scn_variant_free(gpointer p);
/* "--set:K:COL: error: ..." of assignment K (1-based over the whole --set list, whose
 * first n_cli come from the command line) rewritten to the variant's place; other messages
 * are returned as they are.  g_free the result. */
char    *scn_variant_error(const ScnVariant *v, int n_cli, const char *message);

#endif
