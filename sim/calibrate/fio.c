/* sim/calibrate/fio.c — fio's JSON report (`fio --output-format=json`), native or guest.
 *
 * Fields read (fio HOWTO, "Terse/JSON output"; fio 3.x): jobs[] with "jobname", "job options"
 * (rw, bs, iodepth; a job without one inherits "global options"), and per direction "read"
 * and "write" objects holding "iops", "bw_bytes" (B/s), "total_ios" and "lat_ns" {mean,
 * stddev, N} (total latency: submission + completion); the job's "usr_cpu" and "sys_cpu" are
 * percentages of one CPU.  Each direction that did I/O becomes one CalFioRun keyed by
 * "jobname rw bs iodepth direction", the key that pairs a native run with a guest run.
 */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <string.h>

#include "sim/calibrate/json.h"

static gboolean fio_need(const CalInput *in, const CalJson *obj, const char *key,
                         const char *what, double *out, GError **error)
{
    const CalJson *v = cal_json_get(obj, key);
    if (v && v->type == CAL_JSON_NUMBER && isfinite(v->number) && v->number >= 0) {
        *out = v->number;
        return TRUE;
    }
    const CalJson *at = v ? v : obj;
    return cal_fail(error, in->path, at->line, at->col, "%s '%s' is %s (expected a "
                    "non-negative number, as fio --output-format=json writes)", what, key,
                    v ? cal_json_type_name(v->type) : "missing");
}

/* A job option as text ("4k", "1"), from the job or the global options; def if absent. */
static const char *fio_option(const CalJson *root, const CalJson *job, const char *key,
                              const char *def)
{
    const CalJson *v = cal_json_get(cal_json_get(job, "job options"), key);
    if (!v)
        v = cal_json_get(cal_json_get(root, "global options"), key);
    return v && v->type == CAL_JSON_STRING ? v->string : def;
}

/* fio's block sizes: "4k", "64K", "1m", "4096"; k, m and g are powers of 1024 (fio's
 * default, kb_base=1024). */
static double fio_block_bytes(const char *bs)
{
    char *end = NULL;
    double v = g_ascii_strtod(bs, &end);
    int shift = 0;
    switch (end ? g_ascii_tolower(*end) : 0) {
    case 'k': shift = 10; break;
    case 'm': shift = 20; break;
    case 'g': shift = 30; break;
    default: break;
    }
    return ldexp(v, shift);
}

static gboolean fio_direction(CalSet *set, const CalInput *in, CalSide side,
                              const CalJson *root, const CalJson *job, const char *dir,
                              GError **error)
{
    const CalJson *d = cal_json_get(job, dir), *lat = cal_json_get(d, "lat_ns");
    double ios = 0;
    if (!d || !cal_json_number(d, "total_ios", &ios) || ios <= 0)
        return TRUE;
    if (!lat || lat->type != CAL_JSON_OBJECT)
        return cal_fail(error, in->path, d->line, d->col, "the '%s' object has no 'lat_ns' "
                        "(expected fio 3.x JSON, which reports latencies in ns)", dir);
    CalFioRun *f = g_new0(CalFioRun, 1);
    f->input = in;
    f->side = side;
    double usr = 0, sys = 0;
    gboolean ok = fio_need(in, d, "iops", "fio", &f->iops, error) &&
                  fio_need(in, d, "bw_bytes", "fio", &f->bytes_per_s, error) &&
                  fio_need(in, lat, "mean", "lat_ns", &f->lat_mean_ns, error) &&
                  fio_need(in, lat, "stddev", "lat_ns", &f->lat_stddev_ns, error) &&
                  fio_need(in, lat, "N", "lat_ns", &f->lat_n, error) &&
                  fio_need(in, job, "usr_cpu", "fio", &usr, error) &&
                  fio_need(in, job, "sys_cpu", "fio", &sys, error);
    if (!ok) {
        g_free(f);
        return FALSE;
    }
    const char *jobname = cal_json_get(job, "jobname") &&
        cal_json_get(job, "jobname")->type == CAL_JSON_STRING ?
        cal_json_get(job, "jobname")->string : "job";
    const char *rw = fio_option(root, job, "rw", "read"), *bs = fio_option(root, job, "bs", "4k");
    const char *depth = fio_option(root, job, "iodepth", "1");
    f->pattern = g_strdup_printf("%s rw=%s bs=%s iodepth=%s %s", jobname, rw, bs, depth, dir);
    f->depth = MAX(1, g_ascii_strtod(depth, NULL));
    f->block_bytes = fio_block_bytes(bs);
    f->cpu_frac = (usr + sys) / 100;
    g_ptr_array_add(set->fio, f);
    return TRUE;
}

gboolean cal_read_fio(CalSet *set, const CalInput *in, GPtrArray *json, GError **error)
{
    CalSide side;
    const CalJson *root = g_ptr_array_index(json, 0), *jobs = cal_json_get(root, "jobs");
    if (json->len != 1) {
        const CalJson *extra = g_ptr_array_index(json, 1);
        return cal_fail(error, in->path, extra->line, extra->col, "a second JSON value after "
                        "fio's report (expected one report per file)");
    }
    if (!cal_side_from_path(in->path, "fio", &side, error))
        return FALSE;
    if (jobs->type != CAL_JSON_ARRAY || jobs->items->len == 0)
        return cal_fail(error, in->path, jobs->line, jobs->col, "'jobs' is %s (expected a "
                        "non-empty array of jobs)", jobs->type == CAL_JSON_ARRAY ?
                        "an empty array" : cal_json_type_name(jobs->type));
    guint before = set->fio->len;
    for (guint i = 0; i < jobs->items->len; i++) {
        const CalJson *job = g_ptr_array_index(jobs->items, i);
        if (job->type != CAL_JSON_OBJECT)
            return cal_fail(error, in->path, job->line, job->col, "a job is %s (expected an "
                            "object)", cal_json_type_name(job->type));
        if (!fio_direction(set, in, side, root, job, "read", error) ||
            !fio_direction(set, in, side, root, job, "write", error))
            return FALSE;
    }
    if (set->fio->len == before)
        return cal_fail(error, in->path, jobs->line, jobs->col, "no job did any I/O (expected "
                        "total_ios > 0 in a read or write object)");
    return TRUE;
}
