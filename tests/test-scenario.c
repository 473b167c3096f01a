/* tests/test-scenario.c — the scenario loader (sim/yaml/doc.h, sim/scenario/scenario.h, sim/scenario/resolved.c):
 * count expansion, every default, --set paths, workload inheritance, event order, the
 * resolved.yaml round trip, and the bad-input goldens run through the real binary.
 *
 * Bad-input goldens: every tests/scenarios/bad/NAME.err holds the exact one-line stderr of
 * `vdcsim check NAME.yaml [ARGS]` run inside tests/scenarios/bad (so messages carry no
 * machine-specific path), ARGS being the lines of NAME.args if it exists.  A .err without
 * its .yaml tests a missing file.  The binary comes from $VDCSIM (make test sets it). */
#include "sim/scenario/scenario.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tests/testutil.h"

#define BAD_DIR "tests/scenarios/bad"
#define GOOD_DIR "tests/scenarios"

/* Loads YAML text (display path "t.yaml") with the NULL-terminated --set list. */
static Scenario *load_sets(const char *text, const char *const *sets, GError **error)
{
    return scn_load_string(text, "t.yaml", sets, error);
}

static Scenario *load_ok(const char *text, const char *const *sets)
{
    GError *error = NULL;
    Scenario *s = load_sets(text, sets, &error);
    g_assert_no_error(error);
    g_assert_nonnull(s);
    return s;
}

/* The error message of loading text, which must fail. */
static char *load_err(const char *text, const char *const *sets)
{
    GError *error = NULL;
    Scenario *s = load_sets(text, sets, &error);
    g_assert_null(s);
    g_assert_nonnull(error);
    g_assert_true(error->domain == SCN_ERROR);
    char *msg = g_strdup(error->message);
    g_error_free(error);
    return msg;
}

static const ScnHost *host_at(const Scenario *s, guint i)
{
    g_assert_cmpuint(i, <, s->hosts->len);
    return g_ptr_array_index(s->hosts, i);
}

static const ScnVm *vm_at(const Scenario *s, guint i)
{
    g_assert_cmpuint(i, <, s->vms->len);
    return g_ptr_array_index(s->vms, i);
}

static const ScnEvent *event_at(const Scenario *s, guint i)
{
    g_assert_cmpuint(i, <, s->events->len);
    return g_ptr_array_index(s->events, i);
}

/* ---- expansion and defaults ------------------------------------------------------- */

static void test_count_expansion(void)
{
    Scenario *s = load_ok("duration: 1 min\n"
                          "hosts:\n"
                          "  - { name: rack, count: 3, cores: 8 }\n"
                          "  - { name: solo }\n"
                          "  - { name: one, count: 1 }\n"
                          "vms:\n"
                          "  - { name: web, count: 2, group: tier }\n"
                          "  - { name: db }\n", NULL);
    static const char *const hosts[] = { "rack-1", "rack-2", "rack-3", "solo", "one-1" };
    static const char *const groups[] = { "rack", "rack", "rack", "solo", "one" };
    g_assert_cmpuint(s->hosts->len, ==, 5);
    for (guint i = 0; i < 5; i++) {
        g_assert_cmpstr(host_at(s, i)->name, ==, hosts[i]);
        g_assert_cmpstr(host_at(s, i)->group, ==, groups[i]);
    }
    g_assert_cmpint(host_at(s, 2)->cores, ==, 8);
    g_assert_cmpstr(vm_at(s, 0)->name, ==, "web-1");
    g_assert_cmpstr(vm_at(s, 1)->name, ==, "web-2");
    g_assert_cmpstr(vm_at(s, 1)->group, ==, "tier");
    g_assert_cmpstr(vm_at(s, 2)->name, ==, "db");
    g_assert_cmpstr(vm_at(s, 2)->group, ==, "db");
    g_assert_nonnull(scn_host_lookup(s, "rack-2"));
    g_assert_null(scn_host_lookup(s, "rack"));
    scn_scenario_free(s);
}

/* Every default docs/scenario.md promises. */
static void test_defaults(void)
{
    Scenario *s = load_ok("hosts: [ { name: h } ]\n"
                          "vms: [ { name: v, work: 1 Gcycles } ]\n", NULL);
    g_assert_cmpstr(s->name, ==, "t");                  /* file name without extension */
    g_assert_cmpstr(s->description, ==, "");
    g_assert_cmpuint(s->seed, ==, 1);
    g_assert_cmpint(s->duration_ns, ==, 0);
    g_assert_cmpint(s->warmup_ns, ==, 0);
    g_assert_cmpstr(s->out_dir, ==, "out/t");
    g_assert_cmpstr(s->charts[0], ==, "png");
    g_assert_null(s->charts[1]);
    g_assert_cmpint(s->sample_interval_ns, ==, SIM_NS_PER_S);
    g_assert_cmpfloat(s->overcommit_cpu, ==, 1.0);
    g_assert_cmpfloat(s->overcommit_memory, ==, 1.0);
    const ScnHost *h = host_at(s, 0);
    g_assert_cmpint(h->cores, ==, 16);
    g_assert_cmpfloat(h->freq_hz, ==, 2.5e9);
    g_assert_cmpuint(h->memory_bytes, ==, G_GUINT64_CONSTANT(68719476736));   /* 64 GiB */
    const ScnVm *v = vm_at(s, 0);
    g_assert_cmpint(v->vcpus, ==, 1);
    g_assert_cmpuint(v->memory_bytes, ==, G_GUINT64_CONSTANT(1073741824));    /* 1 GiB */
    g_assert_null(v->host);
    g_assert_cmpstr(v->workload, ==, "compute-intensive");
    g_assert_cmpfloat(v->work_cycles, ==, 1e9);
    g_assert_cmpfloat(v->demand_frac, ==, 1.0);
    g_assert_cmpint(v->start_ns, ==, 0);
    g_assert_cmpuint(s->events->len, ==, 0);
    scn_scenario_free(s);
}

/* A VM with neither work nor workload runs compute-intensive at full demand for good. */
static void test_default_vm_workload(void)
{
    Scenario *s = load_ok("duration: 1 min\nhosts: [ { name: h } ]\nvms: [ { name: v } ]\n",
                          NULL);
    g_assert_cmpstr(vm_at(s, 0)->workload, ==, "compute-intensive");
    g_assert_true(isinf(vm_at(s, 0)->work_cycles));
    g_assert_cmpfloat(vm_at(s, 0)->demand_frac, ==, 1.0);
    scn_scenario_free(s);
}

/* sample_interval: duration / 1000 rounded down to whole seconds, at least 1 s. */
static void test_sample_interval_default(void)
{
    static const struct { const char *duration; SimTimeNs expect_ns; } c[] = {
        { "10 min", SIM_NS_PER_S }, { "1 h", 3 * SIM_NS_PER_S }, { "3 h", 10 * SIM_NS_PER_S },
        { "1 d", 86 * SIM_NS_PER_S }, { "0", SIM_NS_PER_S }, { "1 s", SIM_NS_PER_S },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
        g_autofree char *text = g_strdup_printf("duration: %s\nhosts: [ { name: h } ]\n",
                                                c[i].duration);
        Scenario *s = load_ok(text, NULL);
        g_assert_cmpint(s->sample_interval_ns, ==, c[i].expect_ns);
        scn_scenario_free(s);
    }
    Scenario *s = load_ok("duration: 1 h\noutput: { sample_interval: 250 ms }\n"
                          "hosts: [ { name: h } ]\n", NULL);
    g_assert_cmpint(s->sample_interval_ns, ==, 250 * SIM_NS_PER_MS);
    scn_scenario_free(s);
}

static void test_name_from_file(void)
{
    g_autofree char *dir = tu_tmpdir();
    g_autofree char *path = g_build_filename(dir, "my-rack.v2.yaml", NULL);
    g_assert_true(g_file_set_contents(path, "hosts: [ { name: h } ]\n", -1, NULL));
    GError *error = NULL;
    Scenario *s = scn_load_file(path, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(s->name, ==, "my-rack.v2");
    g_assert_cmpstr(s->out_dir, ==, "out/my-rack.v2");
    g_assert_cmpstr(s->path, ==, path);
    scn_scenario_free(s);
    tu_rmtree(dir);
}

/* Sizes up to the top of the range convert exactly (10^7 TiB = 78125 × 2^47 B). */
static void test_huge_size_exact(void)
{
    Scenario *s = load_ok("hosts: [ { name: h, memory: 10000000 TiB }, "
                          "{ name: g, memory: 16 TB } ]\n", NULL);
    g_assert_cmpuint(host_at(s, 0)->memory_bytes, ==, G_GUINT64_CONSTANT(10995116277760000000));
    g_assert_cmpuint(host_at(s, 1)->memory_bytes, ==, G_GUINT64_CONSTANT(16000000000000));
    scn_scenario_free(s);
}

/* ---- workloads and events --------------------------------------------------------- */

static void test_workload_inheritance(void)
{
    Scenario *s = load_ok("profiles:\n"
                          "  workloads:\n"
                          "    service: { base: web }\n"
                          "    busy-service: { base: service, demand: 90% }\n"
                          "    batch: { base: compute-intensive, work: 2500 Gcycles }\n"
                          "    batch-2: { base: batch }\n"
                          "    plain: {}\n"
                          "    finite-web: { base: web, work: 10 Gcycles }\n"
                          "duration: 1 min\n"
                          "hosts: [ { name: h } ]\n"
                          "vms:\n"
                          "  - { name: a, workload: batch-2 }\n"
                          "  - { name: b, workload: batch, demand: 30% }\n"
                          "  - { name: c, workload: service, work: 5 Gcycles }\n"
                          "  - { name: d, workload: idle }\n", NULL);
    const ScnWorkload *w = scn_workload_lookup(s, "service");
    g_assert_cmpstr(w->base, ==, "web");
    g_assert_cmpfloat(w->demand_frac, ==, 0.6);
    g_assert_true(isinf(w->work_cycles));
    w = scn_workload_lookup(s, "busy-service");
    g_assert_cmpstr(w->base, ==, "service");
    g_assert_cmpfloat(w->demand_frac, ==, 0.9);
    w = scn_workload_lookup(s, "batch-2");
    g_assert_cmpstr(w->base, ==, "batch");
    g_assert_cmpfloat(w->work_cycles, ==, 2.5e12);
    g_assert_cmpfloat(w->demand_frac, ==, 1.0);
    w = scn_workload_lookup(s, "plain");
    g_assert_cmpstr(w->base, ==, "compute-intensive");
    g_assert_true(isinf(w->work_cycles));
    w = scn_workload_lookup(s, "finite-web");                /* work sets demand to 100 % */
    g_assert_cmpfloat(w->work_cycles, ==, 1e10);
    g_assert_cmpfloat(w->demand_frac, ==, 1.0);
    g_assert_null(scn_workload_lookup(s, "nope"));
    g_assert_null(scn_workload_lookup(s, "idle")->base);      /* built-ins have no base */
    g_assert_cmpfloat(vm_at(s, 0)->work_cycles, ==, 2.5e12);
    g_assert_true(isinf(vm_at(s, 1)->work_cycles));            /* VM overrides: demand */
    g_assert_cmpfloat(vm_at(s, 1)->demand_frac, ==, 0.3);
    g_assert_cmpfloat(vm_at(s, 2)->work_cycles, ==, 5e9);      /* VM overrides: work */
    g_assert_cmpfloat(vm_at(s, 2)->demand_frac, ==, 1.0);
    g_assert_cmpfloat(vm_at(s, 3)->demand_frac, ==, 0.02);
    scn_scenario_free(s);
}

static void test_builtin_workloads(void)
{
    static const struct { const char *name; double demand; } b[] = {
        { "compute-intensive", 1.0 }, { "data-intensive", 1.0 }, { "web", 0.6 },
        { "fork-heavy", 1.0 }, { "memory-intensive", 1.0 }, { "idle", 0.02 },
    };
    Scenario *s = scn_scenario_builtins();
    g_assert_cmpuint(s->workloads->len, ==, G_N_ELEMENTS(b));
    for (size_t i = 0; i < G_N_ELEMENTS(b); i++) {
        const ScnWorkload *w = g_ptr_array_index(s->workloads, i);
        g_assert_cmpstr(w->name, ==, b[i].name);
        g_assert_cmpfloat(w->demand_frac, ==, b[i].demand);
        g_assert_true(isinf(w->work_cycles));
    }
    scn_scenario_free(s);
}

static void test_duplicate_workload(void)
{
    g_autofree char *e = load_err("profiles: { workloads: { web: { demand: 10% } } }\n"
                                  "hosts: [ { name: h } ]\n", NULL);
    g_assert_cmpstr(e, ==, "t.yaml:1:26: error: workload 'web' is already defined (pick another name)");
}

/* Events are sorted by time; equal times keep file order. */
static void test_event_order(void)
{
    Scenario *s = load_ok("duration: 1 h\n"
                          "hosts: [ { name: h } ]\n"
                          "vms: [ { name: v, count: 4 } ]\n"
                          "events:\n"
                          "  - { at: 2 min, stop: { vm: v-1 } }\n"
                          "  - { at: 1 min, load: { vm: v-2, demand: 10% } }\n"
                          "  - { at: 2 min, stop: { vm: v-3 } }\n"
                          "  - { at: 60 s, load: { vm: v-4, demand: 20% } }\n"
                          "  - { at: 2 min, load: { vm: v, demand: 30% } }\n"
                          "  - { at: 1 h, end: {} }\n"
                          "  - { at: 0, stop: { vm: v-2 } }\n", NULL);
    static const char *const order[] = { "v-2", "v-2", "v-4", "v-1", "v-3", "v", NULL };
    g_assert_cmpuint(s->events->len, ==, 7);
    for (guint i = 0; order[i]; i++)
        g_assert_cmpstr(event_at(s, i)->vm, ==, order[i]);
    g_assert_cmpint(event_at(s, 0)->at_ns, ==, 0);
    g_assert_cmpint(event_at(s, 1)->kind, ==, SCN_EVENT_LOAD);
    g_assert_cmpfloat(event_at(s, 1)->demand_frac, ==, 0.1);
    g_assert_cmpint(event_at(s, 2)->at_ns, ==, 60 * SIM_NS_PER_S);
    g_assert_cmpint(event_at(s, 5)->kind, ==, SCN_EVENT_LOAD);
    g_assert_cmpint(event_at(s, 6)->kind, ==, SCN_EVENT_END);
    g_assert_null(event_at(s, 6)->vm);
    scn_scenario_free(s);
}

/* An `end` event is an end: demand VMs then need no duration. */
static void test_end_event_bounds_run(void)
{
    Scenario *s = load_ok("hosts: [ { name: h } ]\nvms: [ { name: v, demand: 50% } ]\n"
                          "events: [ { at: 5 min, end: {} } ]\n", NULL);
    g_assert_cmpint(s->duration_ns, ==, 0);
    g_assert_cmpint(event_at(s, 0)->kind, ==, SCN_EVENT_END);
    scn_scenario_free(s);
}

/* ---- --set -------------------------------------------------------------------------- */

static const char *const base_yaml =
    "duration: 1 min\n"
    "hosts:\n"
    "  - { name: h, count: 2, cores: 8 }\n"
    "  - { name: big, cores: 64 }\n"
    "vms:\n"
    "  - { name: web, vcpus: 2 }\n"
    "  - { name: db, vcpus: 4, host: big }\n";

static void test_set_scalars(void)
{
    const char *const sets[] = { "duration=2 h", "seed=7", "name=renamed",
                                 "description=a b: c", NULL };
    Scenario *s = load_ok(base_yaml, sets);
    g_assert_cmpint(s->duration_ns, ==, 2 * 3600 * SIM_NS_PER_S);
    g_assert_cmpuint(s->seed, ==, 7);
    g_assert_cmpstr(s->name, ==, "renamed");
    g_assert_cmpstr(s->out_dir, ==, "out/renamed");
    g_assert_cmpstr(s->description, ==, "a b: c");
    scn_scenario_free(s);
}

static void test_set_list_items(void)
{
    const char *const sets[] = { "hosts.0.cores=32", "hosts[1].freq=3 GHz", "hosts.big.cores=128",
                                 "vms.web.count=3", "vms.1.vcpus=16", "vms.db.host=h-2", NULL };
    Scenario *s = load_ok(base_yaml, sets);
    g_assert_cmpuint(s->hosts->len, ==, 3);
    g_assert_cmpint(host_at(s, 0)->cores, ==, 32);          /* hosts.0 is the `h` entry */
    g_assert_cmpint(host_at(s, 1)->cores, ==, 32);
    g_assert_cmpfloat(host_at(s, 0)->freq_hz, ==, 2.5e9);
    g_assert_cmpint(host_at(s, 2)->cores, ==, 128);
    g_assert_cmpfloat(host_at(s, 2)->freq_hz, ==, 3e9);     /* hosts[1] is `big` */
    g_assert_cmpuint(s->vms->len, ==, 4);
    g_assert_cmpstr(vm_at(s, 2)->name, ==, "web-3");
    g_assert_cmpint(vm_at(s, 3)->vcpus, ==, 16);
    g_assert_cmpstr(vm_at(s, 3)->host, ==, "h-2");
    scn_scenario_free(s);
}

static void test_set_flow_and_created(void)
{
    const char *const sets[] = { "output.charts=[png,svg]", "warmup=30 s",
                                 "scheduler.overcommit.cpu=2x", "output.dir=/tmp/x",
                                 "hosts.1={name: repl, cores: 2}", "vms.db.host=repl", "seed=3",
                                 "seed=4", NULL };
    Scenario *s = load_ok(base_yaml, sets);
    g_assert_cmpstr(s->charts[0], ==, "png");
    g_assert_cmpstr(s->charts[1], ==, "svg");
    g_assert_null(s->charts[2]);
    g_assert_cmpint(s->warmup_ns, ==, 30 * SIM_NS_PER_S);
    g_assert_cmpfloat(s->overcommit_cpu, ==, 2.0);
    g_assert_cmpfloat(s->overcommit_memory, ==, 1.0);
    g_assert_cmpstr(s->out_dir, ==, "/tmp/x");
    g_assert_cmpstr(host_at(s, 2)->name, ==, "repl");       /* a whole item replaced */
    g_assert_cmpint(host_at(s, 2)->cores, ==, 2);
    g_assert_cmpuint(s->seed, ==, 4);                       /* the last --set wins */
    scn_scenario_free(s);
}

static void test_set_charts_none(void)
{
    const char *const sets[] = { "output.charts=[none]", NULL };
    Scenario *s = load_ok(base_yaml, sets);
    g_assert_null(s->charts[0]);
    scn_scenario_free(s);
}

/* Values a --set added report their position as --set:FLAG:COLUMN. */
static void test_set_errors(void)
{
    static const struct { const char *set; const char *err; } c[] = {
        { "hosts.9.cores=4", "--set:1:7: error: no item 9 in the list (it has 2)" },
        { "seed=abc", "--set:1:6: error: 'abc' is not a non-negative integer" },
        { "hosts.nope.cores=4",
          "--set:1:7: error: no list item named 'nope' (expected an index or a name)" },
        { "hosts.0.cors=4", "--set:1:9: error: unknown key 'cors' in a host (did you mean 'cores'?)" },
        { "hosts.0.cores=0", "--set:1:15: error: 0 is out of range (expected 1..4096)" },
        { "output.charts=[png", "--set:1:15: error: malformed YAML value '[png'" },
        { "duration.x=1 s", "--set:1:10: error: cannot descend into scalar at 'x'" },
        { "nokey", "--set:1:1: error: 'nokey' is not PATH=VALUE (e.g. hosts.0.cores=32)" },
        { "=5", "--set:1:1: error: '=5' is not PATH=VALUE (e.g. hosts.0.cores=32)" },
        { "vms.db.host=hh-1", "--set:1:13: error: unknown host 'hh-1' (did you mean 'h-1'?)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
        const char *const sets[] = { c[i].set, NULL };
        g_autofree char *e = load_err(base_yaml, sets);
        g_assert_cmpstr(e, ==, c[i].err);
    }
    const char *const two[] = { "seed=1", "warmup=5", NULL };
    g_autofree char *e = load_err(base_yaml, two);
    g_assert_cmpstr(e, ==, "--set:2:8: error: duration '5' needs a unit (ns, us, ms, s, min, h or d)");
}

static void test_set_on_empty(void)
{
    GError *error = NULL;
    ScnDoc *d = scn_doc_load_string("", "e.yaml", &error);
    g_assert_no_error(error);
    g_assert_false(scn_doc_set(d, "seed=1", 1, &error));
    g_assert_cmpstr(error->message, ==, "--set:1:1: error: the scenario is empty");
    g_error_free(error);
    scn_doc_free(d);
}

static void test_did_you_mean(void)
{
    static const char *const keys[] = { "name", "count", "cores", "freq", "memory", NULL };
    g_assert_cmpstr(scn_did_you_mean("cors", keys), ==, "cores");
    g_assert_cmpstr(scn_did_you_mean("CORES", keys), ==, "cores");
    g_assert_cmpstr(scn_did_you_mean("memroy", keys), ==, "memory");
    g_assert_cmpstr(scn_did_you_mean("frq", keys), ==, "freq");
    g_assert_null(scn_did_you_mean("datacenter", keys));
    g_assert_null(scn_did_you_mean("x", (const char *const[]){ NULL }));
}

/* ---- resolved.yaml ---------------------------------------------------------------- */

static void assert_same_strv(char **a, char **b)
{
    g_assert_cmpuint(g_strv_length(a), ==, g_strv_length(b));
    for (guint i = 0; a[i]; i++)
        g_assert_cmpstr(a[i], ==, b[i]);
}

static void assert_same_double(double a, double b)
{
    if (!(a == b || (isinf(a) && isinf(b) && (a > 0) == (b > 0))))
        g_error("%.17g != %.17g", a, b);
}

static void assert_same_workloads(const Scenario *a, const Scenario *b)
{
    g_assert_cmpuint(a->workloads->len, ==, b->workloads->len);
    for (guint i = 0; i < a->workloads->len; i++) {
        const ScnWorkload *x = g_ptr_array_index(a->workloads, i);
        const ScnWorkload *y = g_ptr_array_index(b->workloads, i);
        g_assert_cmpstr(x->name, ==, y->name);
        g_assert_cmpstr(x->base, ==, y->base);
        assert_same_double(x->work_cycles, y->work_cycles);
        assert_same_double(x->demand_frac, y->demand_frac);
    }
}

static void assert_same_hosts_vms(const Scenario *a, const Scenario *b)
{
    g_assert_cmpuint(a->hosts->len, ==, b->hosts->len);
    for (guint i = 0; i < a->hosts->len; i++) {
        const ScnHost *x = host_at(a, i), *y = host_at(b, i);
        g_assert_cmpstr(x->name, ==, y->name);
        g_assert_cmpstr(x->group, ==, y->group);
        g_assert_cmpint(x->cores, ==, y->cores);
        assert_same_double(x->freq_hz, y->freq_hz);
        g_assert_cmpuint(x->memory_bytes, ==, y->memory_bytes);
    }
    g_assert_cmpuint(a->vms->len, ==, b->vms->len);
    for (guint i = 0; i < a->vms->len; i++) {
        const ScnVm *x = vm_at(a, i), *y = vm_at(b, i);
        g_assert_cmpstr(x->name, ==, y->name);
        g_assert_cmpstr(x->group, ==, y->group);
        g_assert_cmpint(x->vcpus, ==, y->vcpus);
        g_assert_cmpuint(x->memory_bytes, ==, y->memory_bytes);
        g_assert_cmpstr(x->host, ==, y->host);
        g_assert_cmpstr(x->workload, ==, y->workload);
        assert_same_double(x->work_cycles, y->work_cycles);
        assert_same_double(x->demand_frac, y->demand_frac);
        g_assert_cmpint(x->start_ns, ==, y->start_ns);
    }
}

/* Every field but `path` (where each came from). */
static void assert_same_scenario(const Scenario *a, const Scenario *b)
{
    g_assert_cmpstr(a->name, ==, b->name);
    g_assert_cmpstr(a->description, ==, b->description);
    g_assert_cmpuint(a->seed, ==, b->seed);
    g_assert_cmpint(a->duration_ns, ==, b->duration_ns);
    g_assert_cmpint(a->warmup_ns, ==, b->warmup_ns);
    g_assert_cmpstr(a->out_dir, ==, b->out_dir);
    assert_same_strv(a->charts, b->charts);
    g_assert_cmpint(a->sample_interval_ns, ==, b->sample_interval_ns);
    assert_same_workloads(a, b);
    assert_same_hosts_vms(a, b);
    g_assert_cmpuint(a->events->len, ==, b->events->len);
    for (guint i = 0; i < a->events->len; i++) {
        const ScnEvent *x = event_at(a, i), *y = event_at(b, i);
        g_assert_cmpint(x->at_ns, ==, y->at_ns);
        g_assert_cmpint(x->kind, ==, y->kind);
        g_assert_cmpstr(x->vm, ==, y->vm);
        assert_same_double(x->demand_frac, y->demand_frac);
    }
    assert_same_double(a->overcommit_cpu, b->overcommit_cpu);
    assert_same_double(a->overcommit_memory, b->overcommit_memory);
}

/* load → write → load → write: the texts are identical and the two Scenarios equal. */
static void assert_round_trip(Scenario *first)
{
    g_autofree char *text1 = scn_write_resolved(first);
    GError *error = NULL;
    ScnDoc *d = scn_doc_load_string(text1, "resolved.yaml", &error);
    g_assert_no_error(error);
    Scenario *second = scn_load_doc(d, &error);
    if (!second)
        g_error("resolved.yaml does not load: %s\n%s", error->message, text1);
    g_autofree char *text2 = scn_write_resolved(second);
    g_assert_cmpstr(text1, ==, text2);
    assert_same_scenario(first, second);
    scn_scenario_free(second);
    scn_doc_free(d);
}

static const char *const tricky_yaml =
    "name: 'tricky: \"quotes\" and # signs'\n"
    "description: |\n"
    "  Two lines,\n"
    "  the second with 'quotes' and a trailing newline.\n"
    "seed: 18446744073709551615\n"
    "duration: 1.5 h\n"
    "warmup: 90 s\n"
    "output: { dir: 'out dir/x', charts: [svg, pdf], sample_interval: 333 ms }\n"
    "profiles:\n"
    "  workloads:\n"
    "    service: { base: web, demand: 70% }\n"
    "    svc2: { base: service }\n"
    "    batch: { work: 1234.5 Gcycles }\n"
    "scheduler: { overcommit: { cpu: 2.5x, memory: 1.2 } }\n"
    "hosts:\n"
    "  - { name: h, count: 3, cores: 12, freq: 2.1 GHz, memory: 96 GiB }\n"
    "  - { name: 'yes', group: special, memory: 1.5 TB }\n"
    "vms:\n"
    "  - { name: web, count: 4, vcpus: 2, memory: 3.5 GiB, workload: svc2, start: 1.25 s }\n"
    "  - { name: b, count: 2, workload: batch, host: h-3 }\n"
    "  - { name: '123', workload: idle, demand: 33% }\n"
    "  - { name: w, workload: web, work: 0.1 Gcycles }\n"
    "events:\n"
    "  - { at: 10 min, load: { vm: web, demand: 0.35 } }\n"
    "  - { at: 5 min, stop: { vm: b-1 } }\n"
    "  - { at: 10 min, stop: { vm: '123' } }\n"
    "  - { at: 80 min, end: {} }\n";

static void test_round_trip_tricky(void)
{
    Scenario *s = load_ok(tricky_yaml, NULL);
    g_assert_cmpfloat(scn_workload_lookup(s, "svc2")->demand_frac, ==, 0.7);
    g_assert_cmpuint(s->seed, ==, G_MAXUINT64);
    assert_round_trip(s);
    /* a `count:` entry stays one entry (issue 24: resolved.yaml the size of the scenario) */
    g_autofree char *text = scn_write_resolved(s);
    g_assert_nonnull(strstr(text, "{name: h, count: 3, cores: 12,"));
    g_assert_nonnull(strstr(text, "{name: web, count: 4, vcpus: 2,"));
    g_assert_null(strstr(text, "h-2"));
    scn_scenario_free(s);
}

static void test_round_trip_charts_none(void)
{
    Scenario *s = load_ok("output: { charts: [none] }\nhosts: [ { name: h } ]\n", NULL);
    assert_round_trip(s);
    scn_scenario_free(s);
}

/* The shipped default scenario and every golden scenario round-trip too. */
static void test_round_trip_files(void)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(paths, g_strdup("scenarios/default.yaml"));
    GDir *dir = g_dir_open(GOOD_DIR, 0, NULL);
    g_assert_nonnull(dir);
    for (const char *n; (n = g_dir_read_name(dir));)
        if (g_str_has_suffix(n, ".yaml"))
            g_ptr_array_add(paths, g_build_filename(GOOD_DIR, n, NULL));
    g_dir_close(dir);
    g_assert_cmpuint(paths->len, >=, 3);
    for (guint i = 0; i < paths->len; i++) {
        GError *error = NULL;
        Scenario *s = scn_load_file(g_ptr_array_index(paths, i), NULL, &error);
        g_assert_no_error(error);
        assert_round_trip(s);
        scn_scenario_free(s);
    }
    g_ptr_array_free(paths, TRUE);
}

/* ---- bad-input goldens through the binary ----------------------------------------- */

/* Runs `vdcsim check NAME.yaml ARGS...` inside BAD_DIR; compares stderr with NAME.err. */
static void check_bad_golden(const char *name)
{
    g_autofree char *err_path = g_strdup_printf("%s.err", name);
    g_autofree char *args_path = g_strdup_printf("%s.args", name);
    g_autofree char *expected = tu_read(err_path);
    g_autofree char *args_text = tu_read(args_path);
    g_assert_nonnull(expected);
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup("check"));
    g_ptr_array_add(argv, g_strdup_printf("%s.yaml", name));
    g_auto(GStrv) extra = args_text ? g_strsplit(g_strchomp(args_text), "\n", -1) : NULL;
    for (char **a = extra; a && *a; a++)
        g_ptr_array_add(argv, g_strdup(*a));
    g_ptr_array_add(argv, NULL);
    TuRun r = tu_runv((const char *const *)argv->pdata);
    if (g_strcmp0(r.err, expected) != 0 || r.status != 2)
        g_error("%s: exit %d, stderr:\n%s\nexpected exit 2, stderr:\n%s", name, r.status, r.err,
                expected);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_true(g_str_has_suffix(expected, "\n"));                 /* exactly one line */
    g_assert_true(strchr(expected, '\n') == expected + strlen(expected) - 1);
    tu_run_clear(&r);
    g_ptr_array_free(argv, TRUE);
}

static void test_bad_goldens(void)
{
    g_autofree char *top = g_get_current_dir();
    g_assert_cmpint(g_chdir(BAD_DIR), ==, 0);
    GDir *dir = g_dir_open(".", 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(dir));) {
        if (g_str_has_suffix(n, ".err"))
            g_ptr_array_add(names, g_strndup(n, strlen(n) - 4));
        if (g_str_has_suffix(n, ".yaml")) {      /* every bad scenario has its golden */
            g_autofree char *base = g_strndup(n, strlen(n) - 5);
            g_autofree char *err = g_strdup_printf("%s.err", base);
            if (!g_file_test(err, G_FILE_TEST_EXISTS))
                g_error("%s/%s has no .err", BAD_DIR, n);
        }
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    g_assert_cmpuint(names->len, >=, 25);
    for (guint i = 0; i < names->len; i++)
        check_bad_golden(g_ptr_array_index(names, i));
    g_ptr_array_free(names, TRUE);
    g_assert_cmpint(g_chdir(top), ==, 0);
}

/* `check` goes on after a bad file and still exits 2; good files print a one-line ok. */
static void test_check_many(void)
{
    TuRun r = tu_run("check", "scenarios/default.yaml", BAD_DIR "/empty.yaml", NULL);
    g_assert_cmpint(r.status, ==, 2);
    g_assert_cmpstr(r.out, ==, "scenarios/default.yaml: ok (4 hosts, 20 VMs, 2 events)\n");
    g_assert_cmpstr(r.err, ==, BAD_DIR "/empty.yaml:1:1: error: the scenario is empty "
                               "(expected a mapping with at least 'hosts')\n");
    tu_run_clear(&r);
    r = tu_run("check", "scenarios/default.yaml", "--set", "vms.web.count=3", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.out, ==, "scenarios/default.yaml: ok (4 hosts, 17 VMs, 2 events)\n");
    tu_run_clear(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* Absolute, because the golden test runs inside tests/scenarios/bad; C locale, because
     * a missing file's message comes from GLib's translated strerror. */
    g_autofree char *vdcsim = g_canonicalize_filename(tu_vdcsim(), NULL);
    g_setenv("VDCSIM", vdcsim, TRUE);
    g_setenv("LC_ALL", "C", TRUE);
    g_test_add_func("/scn/count-expansion", test_count_expansion);
    g_test_add_func("/scn/defaults", test_defaults);
    g_test_add_func("/scn/defaults/vm-workload", test_default_vm_workload);
    g_test_add_func("/scn/defaults/sample-interval", test_sample_interval_default);
    g_test_add_func("/scn/defaults/name-from-file", test_name_from_file);
    g_test_add_func("/scn/size/huge-exact", test_huge_size_exact);
    g_test_add_func("/scn/workloads/inheritance", test_workload_inheritance);
    g_test_add_func("/scn/workloads/builtins", test_builtin_workloads);
    g_test_add_func("/scn/workloads/duplicate", test_duplicate_workload);
    g_test_add_func("/scn/events/sorted-stable", test_event_order);
    g_test_add_func("/scn/events/end-bounds-run", test_end_event_bounds_run);
    g_test_add_func("/scn/set/scalars", test_set_scalars);
    g_test_add_func("/scn/set/list-items", test_set_list_items);
    g_test_add_func("/scn/set/flow-and-created", test_set_flow_and_created);
    g_test_add_func("/scn/set/charts-none", test_set_charts_none);
    g_test_add_func("/scn/set/errors", test_set_errors);
    g_test_add_func("/scn/set/empty-doc", test_set_on_empty);
    g_test_add_func("/scn/did-you-mean", test_did_you_mean);
    g_test_add_func("/scn/resolved/round-trip-tricky", test_round_trip_tricky);
    g_test_add_func("/scn/resolved/round-trip-charts-none", test_round_trip_charts_none);
    g_test_add_func("/scn/resolved/round-trip-files", test_round_trip_files);
    g_test_add_func("/scn/bad-goldens", test_bad_goldens);
    g_test_add_func("/scn/check-many", test_check_many);
    return g_test_run();
}
