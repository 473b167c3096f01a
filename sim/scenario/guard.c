/* sim/scenario/guard.c — limits on counts, safe output names, memory estimate; see guard.h. */
#include "sim/scenario/guard.h"

#include <stddef.h>
#include <string.h>

#include "sim/yaml/limits.h"

#define NAME_MAX_BYTES 255      /* one path component on Linux file systems */

/* An entry's `count` as the reader will see it; 1 when absent or not a count (the reader
 * reports those). */
static uint64_t entry_count(ScnDoc *d, ScnNode *entry)
{
    const char *v = scn_scalar(scn_map_get(d, entry, "count"));
    guint64 n = 0;
    if (!v || !g_ascii_string_to_unsigned(v, 10, 1, G_MAXUINT32, &n, NULL))
        return 1;
    return n;
}

static gboolean over(ScnDoc *d, ScnNode *at, uint64_t total, size_t field, const char *what,
                     GError **error)
{
    ScnLimits l = *scn_limits();
    uint64_t limit = *scn_limits_field(&l, field);
    if (total <= limit)
        return FALSE;
    scn_fail(error, d, at, SCN_ERROR_RANGE, "the scenario asks for %" G_GUINT64_FORMAT
             " %s or more (limit %" G_GUINT64_FORMAT "; raise with --%s)", total, what, limit,
             scn_limits_flag_for(field));
    return TRUE;
}

/* Totals of one list (hosts or vms); devices too for hosts. */
static gboolean guard_list(ScnDoc *d, ScnNode *root, const char *key, size_t field,
                           gboolean devices, GError **error)
{
    ScnNode *list = scn_map_get(d, root, key);
    uint64_t total = 0, dev_total = 0;
    for (size_t i = 0; i < scn_seq_len(list); i++) {
        ScnNode *e = scn_seq_item(d, list, i);
        ScnNode *cn = scn_map_get(d, e, "count");
        uint64_t n = scn_is_map(e) ? entry_count(d, e) : 1;
        total += n;
        if (over(d, cn ? cn : e, total, field, key, error))
            return FALSE;
        ScnNode *dn = devices && scn_is_map(e) ? scn_map_get(d, e, "devices") : NULL;
        dev_total += n * scn_seq_len(dn);
        if (dn && over(d, dn, dev_total, offsetof(ScnLimits, devices), "devices", error))
            return FALSE;
    }
    return TRUE;
}

gboolean scn_guard_counts(ScnDoc *d, ScnNode *root, GError **error)
{
    ScnNode *events = scn_map_get(d, root, "events");
    return guard_list(d, root, "hosts", offsetof(ScnLimits, hosts), TRUE, error) &&
           guard_list(d, root, "vms", offsetof(ScnLimits, vms), FALSE, error) &&
           !over(d, events, scn_seq_len(events), offsetof(ScnLimits, events), "events", error);
}

/* NULL if name is a safe single path component, else what is wrong with it. */
static const char *name_problem(const char *name)
{
    if (!*name)
        return "is empty";
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return "is '.' or '..'";
    if (strlen(name) > NAME_MAX_BYTES)
        return "is longer than 255 bytes";
    for (const char *p = name; *p; p++) {
        if (*p == '/' || *p == '\\')
            return "contains a slash";
        if ((guchar)*p < 0x20 || *p == 0x7f)
            return "contains a control character";
    }
    return NULL;
}

gboolean scn_guard_output(ScnDoc *d, ScnNode *root, const char *name, const char *out_dir,
                          char **where_out, GError **error)
{
    const char *why = name_problem(name);
    ScnNode *nn = scn_map_get(d, root, "name");
    if (why) {
        g_autofree char *shown = strlen(name) > 40 ? g_strdup_printf("%.40s...", name)
                                                    : g_strdup(name);
        return scn_fail(error, d, nn, SCN_ERROR_RANGE, "scenario name '%s' %s (expected one "
                        "directory name: 1 to 255 bytes, no '/', '\\' or control "
                        "characters, not '.' or '..'%s)", shown, why,
                        nn ? "" : "; set 'name:'");
    }
    ScnNode *dn = scn_map_get(d, scn_map_get(d, root, "output"), "dir");
    if (out_dir && !*out_dir)
        return scn_fail(error, d, dn, SCN_ERROR_RANGE, "output.dir is empty (expected a "
                        "directory path)");
    *where_out = scn_where(d, dn ? dn : nn);
    return TRUE;
}
