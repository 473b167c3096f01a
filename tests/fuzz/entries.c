/* tests/fuzz/entries.c — the fuzzing entry points; see entries.h. */
#include "tests/fuzz/entries.h"

#include <signal.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sim/cli/session.h"
#include "sim/core/interrupt.h"
#include "sim/dc/datacenter.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/formats.h"
#include "sim/yaml/limits.h"

#define RUN_EVENT_BUDGET 100000               /* events per fuzz_run input */
#define RUN_MEMORY_BYTES (256ull << 20)       /* memory estimate per fuzz_run input */

static void gsl_abort(const char *reason, const char *file, int line, int gsl_errno)
{
    g_error("GSL error %d at %s:%d: %s", gsl_errno, file, line, reason);
}

/* As main() does: criticals and GSL errors abort, so the fuzzer sees them. */
static void fuzz_init(void)
{
    static gboolean done;
    if (done)
        return;
    done = TRUE;
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    gsl_set_error_handler(gsl_abort);
}

/* Bad input is one SCN_ERROR line; consumes error. */
static void check_error(GError *error)
{
    if (!error)
        return;
    if (error->domain != SCN_ERROR || strchr(error->message, '\n') || !*error->message)
        g_error("not a one-line input error: %s", error->message);
    g_error_free(error);
}

static char *text_of(const uint8_t *data, size_t len)
{
    char *text = g_malloc(len + 1);
    memcpy(text, data, len);
    text[len] = '\0';
    return text;
}

/* The loader at the host limit the command line had before --max-hosts rose to 10^6: a
 * million legitimate hosts take more than the fuzzer's 2 GiB under the sanitizers. */
#define FUZZ_MAX_HOSTS 100000

int fuzz_scenario(const uint8_t *data, size_t len)
{
    fuzz_init();
    ScnLimits saved = *scn_limits(), l = saved;
    l.hosts = MIN(l.hosts, FUZZ_MAX_HOSTS);
    scn_limits_set(&l);
    g_autofree char *text = text_of(data, len);
    GError *error = NULL;
    Scenario *s = scn_load_string(text, "fuzz.yaml", NULL, &error);
    check_error(error);
    if (!s) {
        scn_limits_set(&saved);
        return 0;
    }
    g_autofree char *yaml = scn_write_resolved(s);
    Scenario *again = scn_load_string(yaml, "resolved.yaml", NULL, &error);
    if (!again)                                 /* what we write, we must read back */
        g_error("resolved.yaml does not load: %s\n%s", error->message, yaml);
    scn_scenario_free(again);
    scn_scenario_free(s);
    scn_limits_set(&saved);
    return 0;
}

static const char set_base[] =
    "name: f\nduration: 10 s\nhosts:\n  - { name: h, count: 2, cores: 4 }\n"
    "vms:\n  - { name: web, count: 2, vcpus: 1, memory: 1 GiB }\n  - { name: db, host: h-1 }\n"
    "events:\n  - { at: 5 s, stop: { vm: db } }\n";

int fuzz_set(const uint8_t *data, size_t len)
{
    fuzz_init();
    g_autofree char *text = text_of(data, len);
    g_auto(GStrv) sets = g_strsplit(text, "\n", 8);
    GError *error = NULL;
    Scenario *s = scn_load_string(set_base, "base.yaml", (const char *const *)sets, &error);
    check_error(error);
    scn_scenario_free(s);
    return 0;
}

/* The trace readers read files (plain or gzip): the input goes through a temporary file. */
int fuzz_trace(const uint8_t *data, size_t len)
{
    fuzz_init();
    if (len == 0)
        return 0;
    TraceLoadOptions opt = { .format = (TraceFormat)(data[0] % TRACE_FORMAT_COUNT) };
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("vdcsim-fuzz-XXXXXX.csv", &path, NULL);
    g_assert(fd >= 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, (const char *)data + 1, (gssize)len - 1, NULL));
    GError *error = NULL;
    TraceSet *set = trace_load(path, &opt, &error);
    check_error(error);
    for (guint i = 0; set && i < trace_set_len(set); i++)
        g_assert_nonnull(trace_set_get(set, i));
    trace_set_free(set);
    g_unlink(path);
    return 0;
}

static void budget_spent(const SimEngine *eng, void *user)
{
    sim_interrupt_request(SIGINT);              /* stop at the next event boundary */
}

int fuzz_run(const uint8_t *data, size_t len)
{
    fuzz_init();
    ScnLimits saved = *scn_limits(), l = saved;
    l.hosts = 8;
    l.vms = 32;
    l.devices = 16;
    l.events = 64;
    l.nodes = 20000;
    scn_limits_set(&l);
    g_autofree char *text = text_of(data, len);
    GError *error = NULL;
    Scenario *s = scn_load_string(text, "fuzz.yaml", NULL, &error);
    check_error(error);
    if (s && sim_run_memory_bytes(s) <= RUN_MEMORY_BYTES) {
        SimDc *m = sim_dc_new(s);
        sim_dc_set_progress(m, RUN_EVENT_BUDGET, budget_spent, NULL);
        sim_dc_run(m);
        sim_interrupt_reset();
        g_autoptr(GArray) vms = sim_dc_vm_rows(m);
        g_autoptr(GArray) head = sim_dc_headline(m);
        (void)vms, (void)head;                  /* built for what building them touches */
        sim_dc_free(m);
    }
    scn_scenario_free(s);
    scn_limits_set(&saved);
    return 0;
}

FuzzEntry fuzz_entry_lookup(const char *name)
{
    static const struct { const char *name; FuzzEntry fn; } entries[] = {
        { "scenario", fuzz_scenario }, { "set", fuzz_set }, { "trace", fuzz_trace },
        { "run", fuzz_run },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(entries); i++)
        if (strcmp(entries[i].name, name) == 0)
            return entries[i].fn;
    return NULL;
}
