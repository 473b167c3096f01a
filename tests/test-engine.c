/* tests/test-engine.c — the event engine: FIFO ties, cancel, reschedule, a randomized run
 * against a sorted reference, fingerprints. */
#include "sim/core/engine.h"

#include <string.h>

typedef struct { GString *log; } Probe;

static void probe_handle(SimEngine *eng, void *target, const void *payload)
{
    Probe *p = target;
    g_string_append_printf(p->log, "%s@%" G_GINT64_FORMAT " ", (const char *)payload,
                           sim_engine_now_ns(eng));
}

static const SimEventType probe_type = { .name = "test.probe", .handle = probe_handle,
                                         .payload_bytes = 8 };

static void test_ties_are_fifo(void)
{
    Probe p = { g_string_new(NULL) };
    SimEngine *eng = sim_engine_new();
    SimEventTypeId t = sim_engine_register(eng, &probe_type);
    char a[8] = "a", b[8] = "b", c[8] = "c";
    sim_engine_schedule(eng, 10, t, &p, b);
    sim_engine_schedule(eng, 5, t, &p, a);
    sim_engine_schedule(eng, 10, t, &p, c);
    sim_engine_run_until(eng, 100);
    g_assert_cmpstr(p.log->str, ==, "a@5 b@10 c@10 ");
    g_assert_cmpint(sim_engine_now_ns(eng), ==, 100);
    g_assert_cmpuint(sim_engine_dispatched(eng), ==, 3);
    g_string_free(p.log, TRUE);
    sim_engine_free(eng);
}

static void test_cancel_and_reschedule(void)
{
    Probe p = { g_string_new(NULL) };
    SimEngine *eng = sim_engine_new();
    SimEventTypeId t = sim_engine_register(eng, &probe_type);
    char a[8] = "a", b[8] = "b", c[8] = "c";
    SimEventId ia = sim_engine_schedule(eng, 10, t, &p, a);
    SimEventId ib = sim_engine_schedule(eng, 20, t, &p, b);
    SimEventId ic = sim_engine_schedule(eng, 30, t, &p, c);
    g_assert_true(sim_engine_cancel(eng, ib));
    g_assert_false(sim_engine_cancel(eng, ib));          /* twice: stale */
    g_assert_false(sim_engine_cancel(eng, 0));
    g_assert_cmpuint(sim_engine_reschedule_at(eng, ic, 5), ==, ic);
    g_assert_cmpint(sim_engine_event_time_ns(eng, ic), ==, 5);
    sim_engine_run(eng);
    g_assert_cmpstr(p.log->str, ==, "c@5 a@10 ");
    g_assert_false(sim_engine_is_pending(eng, ia));
    g_assert_cmpuint(sim_engine_reschedule_at(eng, ia, 50), ==, 0);
    g_string_free(p.log, TRUE);
    sim_engine_free(eng);
}

/* Randomized: 10^5 schedule/cancel/reschedule operations against a reference list sorted
 * by (time, seq).  The handler records each dispatch; the reference predicts it. */
typedef struct { SimTimeNs t; uint64_t seq; int tag; SimEventId id; gboolean live; } Ref;
typedef struct { GArray *seen; } Rec;

static void rec_handle(SimEngine *eng, void *target, const void *payload)
{
    Rec *r = target;
    int tag;
    memcpy(&tag, payload, sizeof tag);
    g_array_append_val(r->seen, tag);
}

static const SimEventType rec_type = { .name = "test.rec", .handle = rec_handle,
                                       .payload_bytes = sizeof(int) };

static int ref_cmp(gconstpointer a, gconstpointer b)
{
    const Ref *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void random_against_reference(uint32_t seq_wrap)
{
    GRand *rand = g_rand_new_with_seed(12345);
    SimEngine *eng = sim_engine_new();
    if (seq_wrap)
        sim_engine_set_seq_wrap(eng, seq_wrap);
    SimEventTypeId t = sim_engine_register(eng, &rec_type);
    Rec rec = { g_array_new(FALSE, FALSE, sizeof(int)) };
    GArray *refs = g_array_new(FALSE, FALSE, sizeof(Ref));
    uint64_t seq = 0;
    for (int op = 0; op < 100000; op++) {
        int kind = g_rand_int_range(rand, 0, 10);
        if (kind < 6 || refs->len == 0) {
            Ref r = { g_rand_int_range(rand, 0, 5000), seq++, (int)refs->len, 0, TRUE };
            r.id = sim_engine_schedule(eng, r.t, t, &rec, &r.tag);
            g_array_append_val(refs, r);
            continue;
        }
        Ref *r = &g_array_index(refs, Ref, g_rand_int_range(rand, 0, refs->len));
        if (kind < 8) {
            g_assert_cmpint(sim_engine_cancel(eng, r->id), ==, r->live);
            r->live = FALSE;
        } else if (r->live) {
            r->t = g_rand_int_range(rand, 0, 5000);
            r->seq = seq++;
            g_assert_cmpuint(sim_engine_reschedule_at(eng, r->id, r->t), ==, r->id);
        }
    }
    GArray *live = g_array_new(FALSE, FALSE, sizeof(Ref));
    for (guint i = 0; i < refs->len; i++)
        if (g_array_index(refs, Ref, i).live)
            g_array_append_val(live, g_array_index(refs, Ref, i));
    g_array_sort(live, ref_cmp);
    g_assert_cmpuint(sim_engine_pending(eng), ==, live->len);
    sim_engine_run(eng);
    g_assert_cmpuint(rec.seen->len, ==, live->len);
    for (guint i = 0; i < live->len; i++)
        g_assert_cmpint(g_array_index(rec.seen, int, i), ==, g_array_index(live, Ref, i).tag);
    g_array_free(live, TRUE);
    g_array_free(refs, TRUE);
    g_array_free(rec.seen, TRUE);
    sim_engine_free(eng);
    g_rand_free(rand);
}

static void test_random_against_reference(void)
{
    random_against_reference(0);
}

/* Sequence numbers renumbered every 7,919 schedules: the same order as an unbounded counter. */
static void test_seq_wrap(void)
{
    random_against_reference(7919);
}

/* Handlers may schedule and cancel during dispatch; slots are reused safely. */
typedef struct { SimEngine *eng; SimEventTypeId t; int left; SimEventId victim; } Chain;

static void chain_handle(SimEngine *eng, void *target, const void *payload)
{
    Chain *c = target;
    sim_engine_cancel(eng, c->victim);
    if (--c->left > 0) {
        c->victim = sim_engine_schedule(eng, 7, c->t, c, NULL);
        sim_engine_schedule(eng, 3, c->t, c, NULL);
    }
}

static const SimEventType chain_type = { .name = "test.chain", .handle = chain_handle };

static uint64_t chain_fingerprint(int n)
{
    SimEngine *eng = sim_engine_new();
    Chain c = { eng, sim_engine_register(eng, &chain_type), n, 0 };
    sim_engine_schedule(eng, 0, c.t, &c, NULL);
    sim_engine_run(eng);
    g_assert_cmpint(c.left, <=, 0);
    uint64_t fp = sim_engine_fingerprint(eng);
    sim_engine_free(eng);
    return fp;
}

static void test_fingerprint(void)
{
    g_assert_cmpuint(chain_fingerprint(1000), ==, chain_fingerprint(1000));
    g_assert_cmpuint(chain_fingerprint(1000), !=, chain_fingerprint(999));
}

static void test_past_is_a_bug(void)
{
    if (g_test_subprocess()) {
        SimEngine *eng = sim_engine_new();
        SimEventTypeId t = sim_engine_register(eng, &chain_type);
        sim_engine_schedule(eng, -1, t, NULL, NULL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/engine/ties-are-fifo", test_ties_are_fifo);
    g_test_add_func("/sim/engine/cancel-and-reschedule", test_cancel_and_reschedule);
    g_test_add_func("/sim/engine/random-vs-sorted-reference/seed=12345",
                    test_random_against_reference);
    g_test_add_func("/sim/engine/seq-renumbered-keeps-order", test_seq_wrap);
    g_test_add_func("/sim/engine/fingerprint", test_fingerprint);
    g_test_add_func("/sim/engine/past-is-a-bug", test_past_is_a_bug);
    return g_test_run();
}
