/* sim/calibrate/command.c — `vdcsim calibrate FILES... -o PROFILE.yaml` and `--check`. */
#include "sim/calibrate/calibrate.h"

#include <math.h>
#include <string.h>

#include "sim/core/units.h"
#include "sim/yaml/doc.h"

static int fail(FILE *err, GError *error)
{
    g_autofree char *line = g_strdup(error->message);
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    fprintf(err, "%s\n", line);
    g_error_free(error);
    return 2;
}

static gboolean name_ok(const char *s)
{
    if (!s || !*s || !g_ascii_isalpha(*s))
        return FALSE;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_')
            return FALSE;
    return TRUE;
}

static gboolean options(const CalCommand *c, CalOptions *o, GError **error)
{
    o->hv_name = c->name ? c->name : "fitted";
    o->wl_name = o->hv_name;
    o->hv_base = c->hv_base ? c->hv_base : "kvm";
    o->wl_base = c->wl_base ? c->wl_base : "compute-intensive";
    if (!name_ok(o->hv_name) || !name_ok(o->hv_base) || !name_ok(o->wl_base)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:1: error: profile names "
                    "'%s', '%s', '%s' (expected letters, digits, '-' and '_', starting with a "
                    "letter)", o->hv_name, o->hv_base, o->wl_base);
        return FALSE;
    }
    g_autofree char *why = NULL;
    if (c->freq && (!scn_unit_parse(c->freq, SCN_UNIT_FREQ, &o->freq_hz, &why) ||
                    o->freq_hz < 1e6 || o->freq_hz > 1e11)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:%d: error: --freq '%s' "
                    "is not a clock (expected 1 MHz .. 100 GHz, such as 3.2GHz)",
                    c->freq_column, c->freq);
        return FALSE;
    }
    g_clear_pointer(&why, g_free);
    double ns = 0;
    if (c->duration && (!scn_unit_parse(c->duration, SCN_UNIT_DURATION, &ns, &why) || ns <= 0)) {
        g_set_error(error, SCN_ERROR, SCN_ERROR_USAGE, "command line:1:%d: error: --duration "
                    "'%s' is not a duration (expected the perf kvm stat recording's length, "
                    "such as 30s)", c->duration_column, c->duration);
        return FALSE;
    }
    o->duration_s = ns / 1e9;
    return TRUE;
}

static CalSet *read_all(const CalCommand *c, GError **error)
{
    CalSet *set = cal_set_new();
    for (int i = 0; c->files[i]; i++)
        if (!cal_read_file(set, c->files[i], error)) {
            cal_set_free(set);
            return NULL;
        }
    return set;
}

static void print_summary(const CalResult *r, FILE *out)
{
    fprintf(out, "fitted at %.6g GHz (%s):\n", r->opt.freq_hz / 1e9, r->freq_source);
    for (guint i = 0; i < r->params->len; i++) {
        const CalParam *p = g_ptr_array_index(r->params, i);
        const char *who = p->target == CAL_TO_HYPERVISOR ? r->opt.hv_name :
                          p->target == CAL_TO_WORKLOAD ? r->opt.wl_name : "measured";
        fprintf(out, "  %-10s %-14s %14.6g %-8s", who, p->key, p->value, p->unit);
        if (!isnan(p->se))
            fprintf(out, " +- %.3g (standard error), 95 %% CI +- %.3g", p->se, p->ci95);
        fputc('\n', out);
    }
}

/* A perf kvm stat report without its recording's length still gives the exits' costs, not
 * their rate: one positioned warning says what would give it. */
static void warn_duration(const CalSet *set, const CalOptions *o, FILE *err)
{
    if (o->duration_s > 0 || set->kvm->len == 0)
        return;
    const CalKvmReport *k = g_ptr_array_index(set->kvm, 0);
    if (isnan(k->duration_s))
        fprintf(err, "%s:1:1: warning: no recording duration, so no exit rates (expected a "
                "first line '# duration: 30 s' or --duration 30s)\n", k->input->path);
}

int cal_command(const CalCommand *c, FILE *out, FILE *err)
{
    GError *error = NULL;
    CalOptions o = { 0 };
    if (!c->files || !c->files[0]) {
        fprintf(err, "command line:1:1: error: 'vdcsim calibrate' needs MEASUREMENT files "
                "(expected perf, fio, QEMU or boot output; see docs/calibrate.md)\n");
        return 2;
    }
    if (!c->check_path && !c->out_path) {
        fprintf(err, "command line:1:1: error: 'vdcsim calibrate' needs -o PROFILE.yaml (or "
                "--check PROFILE.yaml)\n");
        return 2;
    }
    if (!options(c, &o, &error))
        return fail(err, error);
    CalSet *set = read_all(c, &error);
    if (!set)
        return fail(err, error);
    int status = 0;
    warn_duration(set, &o, err);
    if (c->check_path) {
        status = cal_check(c->check_path, set, o.duration_s, out, &error);
    } else {
        CalResult *r = cal_fit_set(set, &o, &error);
        if (r && cal_profile_write(r, set, c->out_path, &error)) {
            print_summary(r, out);
            fprintf(out, "profile written to %s\n", c->out_path);
        }
        status = error ? 2 : 0;
        cal_result_free(r);
    }
    cal_set_free(set);
    return error ? fail(err, error) : status;
}
