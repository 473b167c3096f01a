/* sim/calibrate/measure.c — the measurement set and the format dispatch; see measure.h. */
#include "sim/calibrate/measure.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sim/calibrate/json.h"
#include "sim/yaml/doc.h"

#define CAL_MAX_FILE_BYTES (256u << 20)      /* larger than any tool's report */

gboolean cal_fail(GError **error, const char *path, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, SCN_ERROR, SCN_ERROR_TYPE, "%s:%d:%d: error: %s", path, line, col, msg);
    return FALSE;
}

static void input_free(gpointer p)
{
    CalInput *in = p;
    g_free(in->path);
    g_free(in->sha256);
    g_free(in);
}

static void perf_free(gpointer p) { g_free(p); }

static void kvm_free(gpointer p)
{
    CalKvmReport *r = p;
    for (guint i = 0; i < r->exits->len; i++)
        g_free(g_array_index(r->exits, CalKvmExit, i).reason);
    g_array_unref(r->exits);
    g_free(r);
}

static void fio_free(gpointer p)
{
    CalFioRun *f = p;
    g_free(f->pattern);
    g_free(f);
}

static void mig_free(gpointer p)
{
    CalMigration *m = p;
    g_array_unref(m->samples);
    g_free(m);
}

CalSet *cal_set_new(void)
{
    CalSet *set = g_new0(CalSet, 1);
    set->inputs = g_ptr_array_new_with_free_func(input_free);
    set->perf = g_ptr_array_new_with_free_func(perf_free);
    set->kvm = g_ptr_array_new_with_free_func(kvm_free);
    set->fio = g_ptr_array_new_with_free_func(fio_free);
    set->mig = g_ptr_array_new_with_free_func(mig_free);
    set->boots = g_array_new(FALSE, TRUE, sizeof(CalBoot));
    return set;
}

void cal_set_free(CalSet *set)
{
    if (!set)
        return;
    g_ptr_array_unref(set->perf);
    g_ptr_array_unref(set->kvm);
    g_ptr_array_unref(set->fio);
    g_ptr_array_unref(set->mig);
    g_array_unref(set->boots);
    g_ptr_array_unref(set->inputs);          /* last: the records point at the inputs */
    g_free(set);
}

static gboolean name_has(const char *base, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strstr(base, words[i]))
            return TRUE;
    return FALSE;
}

gboolean cal_side_from_path(const char *path, const char *tool, CalSide *out, GError **error)
{
    static const char *const native[] = { "native", "host", "bare", NULL };
    static const char *const guest[] = { "guest", "vm", NULL };
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *lower = g_ascii_strdown(base, -1);
    gboolean n = name_has(lower, native), g = name_has(lower, guest);
    if (n != g) {
        *out = n ? CAL_SIDE_NATIVE : CAL_SIDE_GUEST;
        return TRUE;
    }
    return cal_fail(error, path, 1, 1, "cannot tell whether this %s file is the native or the "
                    "guest run (expected 'native' or 'guest' in the file name, e.g. "
                    "native-%s)", tool, base);
}

static const char *skip_blank(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* A JSON file: fio if its (first) object has "jobs", else QEMU query-migrate. */
static gboolean read_json(CalSet *set, CalInput *in, const char *text, size_t len,
                          GError **error)
{
    g_autoptr(GPtrArray) all = cal_json_parse_all(in->path, text, len, error);
    if (!all)
        return FALSE;
    const CalJson *first = g_ptr_array_index(all, 0);
    if (cal_json_get(first, "jobs")) {
        in->format = "fio JSON";
        return cal_read_fio(set, in, all, error);
    }
    in->format = "QEMU query-migrate";
    return cal_read_qemu(set, in, all, error);
}

static gboolean read_text(CalSet *set, CalInput *in, const char *text, size_t len,
                          GError **error)
{
    const char *p = skip_blank(text);
    if (*p == '{' || *p == '[')
        return read_json(set, in, text, len, error);
    if (strstr(text, "Startup finished in") || g_str_has_prefix(p, "start") ||
        g_str_has_prefix(p, "name,start")) {
        in->format = "boot times";
        return cal_read_boot(set, in, text, error);
    }
    if (strstr(text, "Analyze events for") || strstr(text, "VM-EXIT")) {
        in->format = "perf kvm stat report";
        return cal_read_kvmstat(set, in, text, error);
    }
    if (strchr(text, ',')) {
        in->format = "perf stat -x,";
        return cal_read_perfstat(set, in, text, error);
    }
    return cal_fail(error, in->path, 1, 1, "not a measurement file this version reads (expected "
                    "perf stat -x, CSV, perf kvm stat report, fio JSON, QEMU query-migrate JSON, "
                    "systemd-analyze output or a start,ready CSV)");
}

gboolean cal_read_file(CalSet *set, const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *io = NULL;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return cal_fail(error, path, 1, 1, "not a regular file (expected a measurement file)");
    if (!g_file_get_contents(path, &text, &len, &io)) {
        cal_fail(error, path, 1, 1, "cannot read: %s (expected a readable file)", io->message);
        g_error_free(io);
        return FALSE;
    }
    if (len > CAL_MAX_FILE_BYTES)
        return cal_fail(error, path, 1, 1, "file of %zu bytes is too large (expected at most "
                        "%u MiB)", (size_t)len, CAL_MAX_FILE_BYTES >> 20);
    if (memchr(text, '\0', len))
        return cal_fail(error, path, 1, 1, "binary file (expected the text a tool printed; for "
                        "perf kvm, run `perf kvm stat report`, not the perf.data file)");
    CalInput *in = g_new0(CalInput, 1);
    in->path = g_strdup(path);
    in->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
    g_ptr_array_add(set->inputs, in);
    return read_text(set, in, text, len, error);
}
