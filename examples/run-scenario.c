/* examples/run-scenario.c — libvdcsim from a program of your own: load a scenario, run it,
 * print the headline metrics and the first hosts.
 *
 *   cc -o run-scenario run-scenario.c $(pkg-config --cflags --libs vdcsim)
 *   ./run-scenario /usr/share/vdcsim/scenarios/default.yaml
 *
 * Bad input is reported as vdcsim reports it ("file:line:col: error: ...", exit 2).
 */
#include <stdio.h>

#include <vdcsim.h>

static void print_headline(SimDc *dc)
{
    GArray *h = sim_dc_headline(dc);
    for (guint i = 0; i < h->len; i++) {
        const SimHeadline *m = &g_array_index(h, SimHeadline, i);
        gboolean pct = g_str_has_suffix(m->name, "_frac");     /* fractions shown as % */
        printf("  %-28s %14.4g %s\n", m->name, pct ? 100 * m->value : m->value, m->unit);
    }
    g_array_unref(h);
}

static void print_hosts(SimDc *dc, guint max)
{
    GArray *rows = sim_dc_host_rows(dc);
    for (guint i = 0; i < rows->len && i < max; i++) {
        const SimDcHostRow *r = &g_array_index(rows, SimDcHostRow, i);
        printf("  host %-10s %3d cores  utilization %5.1f %%\n", r->name, r->cores,
               100 * r->util_mean_frac);
    }
    g_array_unref(rows);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCENARIO.yaml\n", argv[0]);
        return 2;
    }
    GError *error = NULL;
    Scenario *s = scn_load_file(argv[1], NULL, &error);
    if (!s) {
        fprintf(stderr, "%s\n", error->message);
        g_error_free(error);
        return 2;
    }
    SimDc *dc = sim_dc_new(s);
    uint64_t events = sim_dc_run(dc);
    printf("%s: %u hosts, %u VMs, %llu events, fingerprint %016llx\n", s->path, s->hosts->len,
           s->vms->len, (unsigned long long)events,
           (unsigned long long)sim_dc_fingerprint(dc));
    print_headline(dc);
    print_hosts(dc, 4);
    sim_dc_free(dc);
    scn_scenario_free(s);
    return 0;
}
