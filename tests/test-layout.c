/* tests/test-layout.c — the source tree's shape: no include cycle between modules, private
 * headers stay in their folder, and scenario headers reach no engine header.
 *
 * A module is a source path without .c/.h (sim/dc/datacenter); A -> B when A.c or A.h has
 * `#include "B.h"`.  Modules in one strongly connected component of more than one member
 * depend on each other in a circle, so none can be read or tested without the others: the
 * test names every such component.  A header named *-priv.h shares the insides of one
 * folder; it may be included only from files in that folder.  Run from the source tree's
 * top directory (as `make test` does). */
#include <glib.h>
#include <string.h>

static const char *const roots[] = { "sim", "plots", "tests" };

typedef struct {
    GPtrArray  *files;       /* char *, every .c/.h under roots, sorted */
    GPtrArray  *modules;     /* char *, path without extension, sorted, unique */
    GHashTable *index;       /* module -> GUINT_TO_POINTER(index + 1) */
    GArray    **edges;       /* per module: guint targets */
} Graph;

static void list_sources(const char *dir, GPtrArray *out)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            list_sources(path, out);
        if (g_str_has_suffix(name, ".c") || g_str_has_suffix(name, ".h"))
            g_ptr_array_add(out, path);
        else
            g_free(path);
    }
    if (d)
        g_dir_close(d);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *module_of(const char *path)
{
    return g_strndup(path, strlen(path) - 2);
}

/* The quoted includes of a file, in order (owned strings). */
static GPtrArray *includes_of(const char *path)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        const char *p = g_strchug(*l);
        if (!g_str_has_prefix(p, "#include"))
            continue;
        p = strchr(p, '"');
        const char *q = p ? strchr(p + 1, '"') : NULL;
        if (q)
            g_ptr_array_add(out, g_strndup(p + 1, (gsize)(q - p - 1)));
    }
    return out;
}

static Graph *graph_new(void)
{
    g_assert_true(g_file_test("sim/core/engine.h", G_FILE_TEST_EXISTS));  /* at the top */
    Graph *g = g_new0(Graph, 1);
    g->files = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(roots); i++)
        list_sources(roots[i], g->files);
    g_ptr_array_sort(g->files, cmp_str);
    g->modules = g_ptr_array_new_with_free_func(g_free);
    g->index = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < g->files->len; i++) {
        char *m = module_of(g->files->pdata[i]);
        if (g_hash_table_contains(g->index, m)) {
            g_free(m);
            continue;
        }
        g_ptr_array_add(g->modules, m);
        g_hash_table_insert(g->index, m, GUINT_TO_POINTER(g->modules->len));
    }
    g->edges = g_new0(GArray *, g->modules->len);
    for (guint i = 0; i < g->modules->len; i++)
        g->edges[i] = g_array_new(FALSE, FALSE, sizeof(guint));
    return g;
}

static void graph_free(Graph *g)
{
    for (guint i = 0; i < g->modules->len; i++)
        g_array_free(g->edges[i], TRUE);
    g_free(g->edges);
    g_hash_table_destroy(g->index);
    g_ptr_array_free(g->modules, TRUE);
    g_ptr_array_free(g->files, TRUE);
    g_free(g);
}

/* Edges between modules of sim/ and plots/; includes of other files (version.h, tests'
 * helpers) are not modules of the program. */
static void graph_link(Graph *g)
{
    for (guint i = 0; i < g->files->len; i++) {
        const char *path = g->files->pdata[i];
        if (g_str_has_prefix(path, "tests/"))
            continue;
        g_autofree char *from = module_of(path);
        guint a = GPOINTER_TO_UINT(g_hash_table_lookup(g->index, from)) - 1;
        g_autoptr(GPtrArray) inc = includes_of(path);
        for (guint k = 0; k < inc->len; k++) {
            const char *h = inc->pdata[k];
            if (!g_str_has_suffix(h, ".h") || g_str_has_prefix(h, "tests/"))
                continue;
            g_autofree char *to = module_of(h);
            guint b = GPOINTER_TO_UINT(g_hash_table_lookup(g->index, to));
            if (b && b - 1 != a)
                g_array_append_val(g->edges[a], (guint){ b - 1 });
        }
    }
}

/* Tarjan's strongly connected components, recursive (the graph has ~100 modules). */
typedef struct {
    const Graph *g;
    int         *order, *low;
    gboolean    *on_stack;
    GArray      *stack;
    int          next;
    GString     *cycles;     /* one line per component of more than one module */
} Tarjan;

static void tarjan_visit(Tarjan *t, guint v)
{
    t->order[v] = t->low[v] = t->next++;
    g_array_append_val(t->stack, v);
    t->on_stack[v] = TRUE;
    const GArray *out = t->g->edges[v];
    for (guint k = 0; k < out->len; k++) {
        guint w = g_array_index(out, guint, k);
        if (t->order[w] < 0) {
            tarjan_visit(t, w);
            t->low[v] = MIN(t->low[v], t->low[w]);
        } else if (t->on_stack[w]) {
            t->low[v] = MIN(t->low[v], t->order[w]);
        }
    }
    if (t->low[v] != t->order[v])
        return;
    g_autoptr(GPtrArray) scc = g_ptr_array_new();
    guint w;
    do {
        w = g_array_index(t->stack, guint, t->stack->len - 1);
        g_array_set_size(t->stack, t->stack->len - 1);
        t->on_stack[w] = FALSE;
        g_ptr_array_add(scc, t->g->modules->pdata[w]);
    } while (w != v);
    if (scc->len < 2)
        return;
    g_ptr_array_sort(scc, cmp_str);
    g_string_append(t->cycles, "include cycle:");
    for (guint k = 0; k < scc->len; k++)
        g_string_append_printf(t->cycles, " %s", (const char *)scc->pdata[k]);
    g_string_append_c(t->cycles, '\n');
}

/* One line per include cycle; empty when there is none. */
static char *graph_cycles(const Graph *g)
{
    guint n = g->modules->len;
    Tarjan t = { g, g_new(int, n), g_new(int, n), g_new0(gboolean, n),
                 g_array_new(FALSE, FALSE, sizeof(guint)), 0, g_string_new(NULL) };
    for (guint v = 0; v < n; v++)
        t.order[v] = -1;
    for (guint v = 0; v < n; v++)
        if (t.order[v] < 0)
            tarjan_visit(&t, v);
    g_free(t.order);
    g_free(t.low);
    g_free(t.on_stack);
    g_array_free(t.stack, TRUE);
    return g_string_free(t.cycles, FALSE);
}

static void test_no_include_cycle(void)
{
    Graph *g = graph_new();
    graph_link(g);
    g_assert_cmpuint(g->modules->len, >, 50);         /* it did find the sources */
    g_autofree char *cycles = graph_cycles(g);
    g_assert_cmpstr(cycles, ==, "");
    graph_free(g);
}

/* The finder itself: a -> b -> c -> a is one component, d -> a is not in it. */
static void test_cycle_finder(void)
{
    Graph g = { .modules = g_ptr_array_new() };
    const char *names[] = { "a", "b", "c", "d" };
    guint to[] = { 1, 2, 0, 0 };
    g.edges = g_new0(GArray *, 4);
    for (guint i = 0; i < 4; i++) {
        g_ptr_array_add(g.modules, (gpointer)names[i]);
        g.edges[i] = g_array_new(FALSE, FALSE, sizeof(guint));
        g_array_append_val(g.edges[i], to[i]);
    }
    g_autofree char *cycles = graph_cycles(&g);
    g_assert_cmpstr(cycles, ==, "include cycle: a b c\n");
    for (guint i = 0; i < 4; i++)
        g_array_free(g.edges[i], TRUE);
    g_free(g.edges);
    g_ptr_array_free(g.modules, TRUE);
}

/* sim/dc/dc-priv.h is the datacenter's insides: only sim/dc/ may include it. */
static void test_private_headers_stay_home(void)
{
    Graph *g = graph_new();
    GString *bad = g_string_new(NULL);
    for (guint i = 0; i < g->files->len; i++) {
        const char *path = g->files->pdata[i];
        g_autofree char *dir = g_path_get_dirname(path);
        g_autoptr(GPtrArray) inc = includes_of(path);
        for (guint k = 0; k < inc->len; k++) {
            const char *h = inc->pdata[k];
            g_autofree char *home = g_path_get_dirname(h);
            if (g_str_has_suffix(h, "-priv.h") && strcmp(home, dir) != 0)
                g_string_append_printf(bad, "%s includes %s\n", path, h);
        }
    }
    g_assert_cmpstr(bad->str, ==, "");
    g_string_free(bad, TRUE);
    graph_free(g);
}

/* ---- plain scenario headers ------------------------------------------------------------ */

static const char *const engine_headers[] = {
    "sim/core/engine.h", "sim/core/net.h", "sim/migration/job.h",
};

static gboolean is_engine_header(const char *h)
{
    for (guint i = 0; i < G_N_ELEMENTS(engine_headers); i++)
        if (strcmp(h, engine_headers[i]) == 0)
            return TRUE;
    return FALSE;
}

/* Depth-first over quoted includes from header h: the chain "h -> ... -> engine header"
 * that reaches one (owned), or NULL.  seen: headers already walked. */
static char *engine_chain(const char *h, GHashTable *seen)
{
    if (is_engine_header(h))
        return g_strdup(h);
    if (!g_file_test(h, G_FILE_TEST_IS_REGULAR) || g_hash_table_contains(seen, h))
        return NULL;
    g_hash_table_add(seen, g_strdup(h));
    g_autoptr(GPtrArray) inc = includes_of(h);
    for (guint k = 0; k < inc->len; k++) {
        g_autofree char *rest = engine_chain(inc->pdata[k], seen);
        if (rest)
            return g_strdup_printf("%s -> %s", h, rest);
    }
    return NULL;
}

static char *engine_chain_from(const char *h)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return engine_chain(h, seen);
}

static gboolean must_be_plain(const char *path)
{
    return g_str_has_suffix(path, ".h") &&
           (g_str_has_prefix(path, "sim/scenario/") || g_str_has_prefix(path, "sim/yaml/") ||
            (g_str_has_prefix(path, "sim/") && g_str_has_suffix(path, "/config.h")));
}

/* A scenario is plain data: no header of sim/scenario/ or sim/yaml/ and no sim/X/config.h
 * reaches the engine, the network or a migration job through its includes, however
 * indirectly.  The walker itself is checked on a header that does reach the engine. */
static void test_scenario_headers_are_plain(void)
{
    g_autofree char *known = engine_chain_from("sim/elastic/autoscaler.h");
    g_assert_nonnull(known);
    g_assert_true(g_str_has_suffix(known, "sim/core/engine.h"));
    Graph *g = graph_new();
    GString *bad = g_string_new(NULL);
    for (guint i = 0; i < g->files->len; i++) {
        const char *path = g->files->pdata[i];
        g_autofree char *chain = must_be_plain(path) ? engine_chain_from(path) : NULL;
        if (chain)
            g_string_append_printf(bad, "%s\n", chain);
    }
    g_assert_cmpstr(bad->str, ==, "");
    g_string_free(bad, TRUE);
    graph_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/layout/cycle-finder", test_cycle_finder);
    g_test_add_func("/layout/no-include-cycle", test_no_include_cycle);
    g_test_add_func("/layout/private-headers-stay-home", test_private_headers_stay_home);
    g_test_add_func("/layout/scenario-headers-are-plain", test_scenario_headers_are_plain);
    return g_test_run();
}
