/* sim/calibrate/qemu.c — QEMU's migration status over QMP (`query-migrate`), sampled during one
 * live migration.
 *
 * A QMP reply is {"return": MigrationInfo}; a file holds one reply per line (a session log,
 * JSON Lines) or a JSON array of replies or of bare MigrationInfo objects.  Greetings
 * ({"QMP": ...}), empty replies and asynchronous {"event": ...} lines are skipped.  Fields read
 * (qapi/migration.json): "total-time" (ms) and "ram" {transferred, remaining, total (bytes),
 * "dirty-pages-rate" (pages/s, absent before the first dirty sync), "page-size" (bytes),
 * "dirty-sync-count"}; when "status" is "completed" also "downtime" (ms, the stop).  A
 * query-migrate-parameters reply in the same file gives the pre-copy setting "downtime-limit"
 * (ms); QEMU has no round limit, so none is read.
 */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <string.h>

#include "sim/calibrate/json.h"

static gboolean mig_field(const CalInput *in, const CalJson *obj, const char *key,
                          gboolean required, double *out, GError **error)
{
    const CalJson *v = cal_json_get(obj, key);
    if (!v && !required)
        return TRUE;
    if (v && v->type == CAL_JSON_NUMBER && isfinite(v->number) && v->number >= 0) {
        *out = v->number;
        return TRUE;
    }
    const CalJson *at = v ? v : obj;
    return cal_fail(error, in->path, at->line, at->col, "query-migrate field '%s' is %s "
                    "(expected a non-negative number)", key,
                    v ? cal_json_type_name(v->type) : "missing");
}

/* One MigrationInfo; a reply without "ram" (setup, or not a migration reply) is skipped. */
static gboolean mig_info(const CalInput *in, const CalJson *info, CalMigration *m,
                         GError **error)
{
    const CalJson *ram = cal_json_get(info, "ram");
    if (!ram && cal_json_get(info, "downtime-limit"))
        return mig_field(in, info, "downtime-limit", TRUE, &m->downtime_limit_ms, error);
    if (!ram)
        return TRUE;
    if (ram->type != CAL_JSON_OBJECT)
        return cal_fail(error, in->path, ram->line, ram->col, "'ram' is %s (expected an "
                        "object)", cal_json_type_name(ram->type));
    CalMigSample s = { .dirty_pages_per_s = NAN, .page_bytes = 4096, .downtime_ms = NAN,
                       .line = info->line };
    const CalJson *status = cal_json_get(info, "status");
    s.completed = status && status->type == CAL_JSON_STRING &&
                  strcmp(status->string, "completed") == 0;
    s.throttled = cal_json_get(info, "cpu-throttle-percentage") != NULL;
    if (!mig_field(in, info, "total-time", TRUE, &s.t_ms, error) ||
        !mig_field(in, ram, "transferred", TRUE, &s.transferred_bytes, error) ||
        !mig_field(in, ram, "remaining", TRUE, &s.remaining_bytes, error) ||
        !mig_field(in, ram, "total", TRUE, &s.total_bytes, error) ||
        !mig_field(in, ram, "dirty-pages-rate", FALSE, &s.dirty_pages_per_s, error) ||
        !mig_field(in, ram, "page-size", FALSE, &s.page_bytes, error) ||
        !mig_field(in, ram, "dirty-sync-count", FALSE, &s.syncs, error) ||
        !mig_field(in, info, "downtime", s.completed, &s.downtime_ms, error))
        return FALSE;
    if (s.page_bytes <= 0)
        return cal_fail(error, in->path, ram->line, ram->col, "page-size 0 (expected the guest "
                        "page size in bytes, such as 4096)");
    g_array_append_val(m->samples, s);
    return TRUE;
}

/* A reply {"return": ...}, a bare MigrationInfo, or an array of either. */
static gboolean mig_value(const CalInput *in, const CalJson *v, CalMigration *m, int depth,
                          GError **error)
{
    if (v->type == CAL_JSON_ARRAY && depth == 0) {
        for (guint i = 0; i < v->items->len; i++)
            if (!mig_value(in, g_ptr_array_index(v->items, i), m, 1, error))
                return FALSE;
        return TRUE;
    }
    if (v->type != CAL_JSON_OBJECT)
        return cal_fail(error, in->path, v->line, v->col, "%s where a QMP reply belongs "
                        "(expected {\"return\": {...}})", cal_json_type_name(v->type));
    if (cal_json_get(v, "QMP") || cal_json_get(v, "event") || cal_json_get(v, "execute"))
        return TRUE;
    const CalJson *ret = cal_json_get(v, "return");
    if (cal_json_get(v, "error"))
        return cal_fail(error, in->path, v->line, v->col, "a QMP error reply (expected "
                        "query-migrate's {\"return\": ...})");
    return mig_info(in, ret ? ret : v, m, error);
}

gboolean cal_read_qemu(CalSet *set, const CalInput *in, GPtrArray *json, GError **error)
{
    CalMigration *m = g_new0(CalMigration, 1);
    m->input = in;
    m->samples = g_array_new(FALSE, TRUE, sizeof(CalMigSample));
    m->downtime_limit_ms = NAN;
    g_ptr_array_add(set->mig, m);
    for (guint i = 0; i < json->len; i++)
        if (!mig_value(in, g_ptr_array_index(json, i), m, 0, error))
            return FALSE;
    if (m->samples->len == 0)
        return cal_fail(error, in->path, 1, 1, "no query-migrate sample with a 'ram' object "
                        "(expected replies taken while the migration was active)");
    return TRUE;
}
