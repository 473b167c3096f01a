/* tests/test-engine.c — the event engine: FIFO ties, cancel, reschedule, a randomized run
 * against a sorted reference, fingerprints; its pending set, the ladder queue, against a
 * sorted reference under delay distributions that exercise every level. */
#include "sim/core/engine.h"
#include "sim/core/ladder.h"

#include <math.h>
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

/* ---- dispatch interleaved with schedule, cancel and reschedule, against a reference ---- */

/* The reference: every event the test made, and the pending ones in a sequence sorted by
 * (time, seq), the order the engine must dispatch them in. */
typedef struct { SimTimeNs t; uint64_t seq; SimEventId id; GSequenceIter *it; } LiveRef;
typedef struct {
    SimEngine     *eng;
    SimEventTypeId type;
    GRand         *rand;
    GPtrArray     *all;       /* LiveRef *, index = tag */
    GSequence     *pending;   /* LiveRef * by (time, seq) */
    uint64_t       seq;
    int            left;      /* dispatches still to do */
    int            mode;      /* delay distribution */
} Live;

static gint live_cmp(gconstpointer a, gconstpointer b, gpointer user)
{
    const LiveRef *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Delays that reach every level of the ladder: plain exponential, ties (0-2 ns), a bimodal
 * mix with a far future (10^12 ns and up to 2^62), and bursts at one instant. */
static SimTimeNs live_delay(Live *lv)
{
    switch (lv->mode) {
    case 0: return (SimTimeNs)(-log(1.0 - g_rand_double(lv->rand)) * 1e4);
    case 1: return g_rand_int_range(lv->rand, 0, 3);
    case 2: {
        int r = g_rand_int_range(lv->rand, 0, 100);
        if (r == 0)
            return (SimTimeNs)1 << g_rand_int_range(lv->rand, 40, 63);
        return r < 5 ? INT64_C(1000000000000) : g_rand_int_range(lv->rand, 0, 100);
    }
    default: return g_rand_int_range(lv->rand, 0, 8) == 0 ? 0 : 1000000;
    }
}

static void live_schedule(Live *lv)
{
    LiveRef *r = g_new0(LiveRef, 1);
    int tag = (int)lv->all->len;
    r->t = sim_engine_now_ns(lv->eng) + live_delay(lv);
    r->seq = lv->seq++;
    r->id = sim_engine_schedule_at(lv->eng, r->t, lv->type, lv, &tag);
    r->it = g_sequence_insert_sorted(lv->pending, r, live_cmp, NULL);
    g_ptr_array_add(lv->all, r);
}

/* A random earlier event: cancel it or move it (either way the engine must agree). */
static void live_disturb(Live *lv)
{
    LiveRef *r = g_ptr_array_index(lv->all, g_rand_int_range(lv->rand, 0, lv->all->len));
    gboolean pending = r->it != NULL;
    g_assert_cmpint(sim_engine_is_pending(lv->eng, r->id), ==, pending);
    if (g_rand_boolean(lv->rand)) {
        g_assert_cmpint(sim_engine_cancel(lv->eng, r->id), ==, pending);
        if (pending)
            g_sequence_remove(r->it);
        r->it = NULL;
        return;
    }
    SimTimeNs at = sim_engine_now_ns(lv->eng) + live_delay(lv);
    g_assert_cmpuint(sim_engine_reschedule_at(lv->eng, r->id, at), ==, pending ? r->id : 0);
    if (!pending)
        return;
    g_sequence_remove(r->it);
    r->t = at;
    r->seq = lv->seq++;
    r->it = g_sequence_insert_sorted(lv->pending, r, live_cmp, NULL);
}

static void live_handle(SimEngine *eng, void *target, const void *payload)
{
    Live *lv = target;
    int tag;
    memcpy(&tag, payload, sizeof tag);
    GSequenceIter *first = g_sequence_get_begin_iter(lv->pending);
    g_assert_false(g_sequence_iter_is_end(first));
    LiveRef *want = g_sequence_get(first);
    g_assert_true(want == g_ptr_array_index(lv->all, tag));     /* the engine's order */
    g_assert_cmpint(sim_engine_now_ns(eng), ==, want->t);
    g_sequence_remove(first);
    want->it = NULL;
    if (--lv->left <= 0)
        return;
    int grow = (lv->left / 5000) % 2 ? 3 : 1;    /* phases of growth and of shrinking */
    for (int k = g_rand_int_range(lv->rand, 0, grow + 1); k > 0; k--)
        live_schedule(lv);
    if (g_rand_int_range(lv->rand, 0, 4) == 0)
        live_disturb(lv);
}

static const SimEventType live_type = { .name = "test.live", .handle = live_handle,
                                        .payload_bytes = sizeof(int) };

static void live_against_reference(int mode, uint32_t seq_wrap)
{
    Live lv = { .eng = sim_engine_new(), .rand = g_rand_new_with_seed(777),
                .all = g_ptr_array_new_with_free_func(g_free),
                .pending = g_sequence_new(NULL), .left = 60000, .mode = mode };
    if (seq_wrap)
        sim_engine_set_seq_wrap(lv.eng, seq_wrap);
    lv.type = sim_engine_register(lv.eng, &live_type);
    for (int i = 0; i < 3000; i++)
        live_schedule(&lv);
    sim_engine_run(lv.eng);
    g_assert_cmpint(lv.left, <=, 0);
    g_assert_cmpint(g_sequence_get_length(lv.pending), ==, 0);
    g_assert_cmpuint(sim_engine_pending(lv.eng), ==, 0);
    g_sequence_free(lv.pending);
    g_ptr_array_free(lv.all, TRUE);
    g_rand_free(lv.rand);
    sim_engine_free(lv.eng);
}

static void test_live_against_reference(gconstpointer data)
{
    live_against_reference(GPOINTER_TO_INT(data), 0);
}

/* Sequence numbers renumbered whenever they reach 7,919 (about every 4,000 schedules, with
 * 3,000-5,500 events pending), while events are dispatched, cancelled and moved: the same
 * order as an unbounded counter.  Then the schedule-only run with a wrap above its pending
 * count (renumbering twice, at up to 40,000 pending). */
static void test_seq_wrap(void)
{
    live_against_reference(0, 7919);
    random_against_reference(65521);
}

/* ---- the ladder queue alone: pops against a sorted reference, drains ---- */

static gint key_ref_cmp(gconstpointer a, gconstpointer b, gpointer user)
{
    const SimKey *x = a, *y = b;
    return sim_key_less(x, y) ? -1 : sim_key_less(y, x);
}

/* Pushes and pops in phases (growing to about 40,000 keys, then emptying), times now + a
 * delay from `mode`; every pop must be the least key of the reference; now and then the
 * ladder is drained and its keys pushed back, as the engine's compaction does. */
static void ladder_against_reference(int mode, guint32 seed)
{
    GRand *rand = g_rand_new_with_seed(seed);
    Live lv = { .rand = rand, .mode = mode };
    SimLadder *lq = sim_ladder_new();
    GArray *ref = g_array_new(FALSE, FALSE, sizeof(SimKey));    /* sorted */
    SimTimeNs now = 0;
    uint64_t tag = 0;
    for (int op = 0; op < 200000; op++) {
        gboolean grow = (op / 40000) % 2 == 0;
        if (ref->len == 0 || g_rand_int_range(rand, 0, 8) < (grow ? 5 : 3)) {
            SimTimeNs d = live_delay(&lv);
            SimKey k = { now + MIN(d, INT64_MAX - now), tag++ };
            sim_ladder_push(lq, k);
            guint pos = 0, hi = ref->len;
            while (pos < hi) {
                guint mid = pos + (hi - pos) / 2;
                if (sim_key_less(&k, &g_array_index(ref, SimKey, mid)))
                    hi = mid;
                else
                    pos = mid + 1;
            }
            g_array_insert_val(ref, pos, k);
        } else {
            const SimKey *k = sim_ladder_min(lq);
            g_assert_nonnull(k);
            SimKey want = g_array_index(ref, SimKey, 0);
            g_assert_cmpint(k->time_ns, ==, want.time_ns);
            g_assert_cmpuint(k->tag, ==, want.tag);
            const SimKey *next = sim_ladder_peek_ahead(lq, 1);
            if (next && ref->len > 1)
                g_assert_cmpuint(next->tag, ==, g_array_index(ref, SimKey, 1).tag);
            now = k->time_ns;
            sim_ladder_pop(lq);
            g_array_remove_index(ref, 0);
        }
        g_assert_cmpuint(sim_ladder_size(lq), ==, ref->len);
        if (op % 49999 == 49998) {
            SimKey *all = g_new(SimKey, ref->len + 1);
            size_t n = sim_ladder_drain(lq, all);
            g_assert_cmpuint(n, ==, ref->len);
            g_qsort_with_data(all, (gint)n, sizeof(SimKey), key_ref_cmp, NULL);
            g_assert_cmpmem(all, n * sizeof(SimKey), ref->data, ref->len * sizeof(SimKey));
            for (size_t i = n; i-- > 0;)      /* back in reverse: order must not matter */
                sim_ladder_push(lq, all[i]);
            g_free(all);
        }
    }
    while (ref->len > 0) {
        const SimKey *k = sim_ladder_min(lq);
        g_assert_cmpuint(k->tag, ==, g_array_index(ref, SimKey, 0).tag);
        sim_ladder_pop(lq);
        g_array_remove_index(ref, 0);
    }
    g_assert_null(sim_ladder_min(lq));
    g_array_free(ref, TRUE);
    sim_ladder_free(lq);
    g_rand_free(rand);
}

static void test_ladder_against_reference(gconstpointer data)
{
    ladder_against_reference(GPOINTER_TO_INT(data), 4242);
}

/* Tens of thousands of keys at two instants: no bucket can be split, the bottom takes each
 * instant whole, more keys join the instant being dispatched, and ties leave in tag order. */
static void test_ladder_one_instant(void)
{
    SimLadder *lq = sim_ladder_new();
    for (uint64_t i = 0; i < 30000; i++)
        sim_ladder_push(lq, (SimKey){ i % 3 == 0 ? 5 : 7, i });
    SimKey last = { 0, 0 };
    int popped = 0;
    for (const SimKey *k; (k = sim_ladder_min(lq)); popped++) {
        g_assert_true(sim_key_less(&last, k));
        last = *k;
        sim_ladder_pop(lq);
        if (popped % 2 == 0 && popped < 30000)    /* behind the keys of this instant */
            sim_ladder_push(lq, (SimKey){ last.time_ns, 100000 + (uint64_t)popped });
    }
    g_assert_cmpint(popped, ==, 45000);
    g_assert_cmpint(last.time_ns, ==, 7);
    sim_ladder_free(lq);
}

/* Keys at the last representable instant (INT64_MAX): rung 0's end is clamped there, and
 * keys pushed at that instant after the transfer still leave after the earlier ones. */
static void test_ladder_end_of_time(void)
{
    SimLadder *lq = sim_ladder_new();
    uint64_t tag = 0;
    for (int i = 0; i < 200; i++)
        sim_ladder_push(lq, (SimKey){ i % 2 ? INT64_MAX : i, tag++ });
    for (int i = 0; i < 100; i++) {
        g_assert_cmpint(sim_ladder_min(lq)->time_ns, ==, 2 * i);
        sim_ladder_pop(lq);
    }
    for (int i = 0; i < 100; i++)
        sim_ladder_push(lq, (SimKey){ INT64_MAX, tag++ });
    for (uint64_t want = 1; want < tag; want += want < 199 ? 2 : 1) {
        const SimKey *k = sim_ladder_min(lq);
        g_assert_cmpint(k->time_ns, ==, INT64_MAX);
        g_assert_cmpuint(k->tag, ==, want);
        sim_ladder_pop(lq);
    }
    g_assert_null(sim_ladder_min(lq));
    sim_ladder_free(lq);
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
    static const char *const modes[] = { "exponential", "ties", "far-future", "bursts" };
    for (int m = 0; m < 4; m++) {
        char *path = g_strdup_printf("/sim/engine/live-vs-reference/%s", modes[m]);
        g_test_add_data_func(path, GINT_TO_POINTER(m), test_live_against_reference);
        g_free(path);
        path = g_strdup_printf("/sim/ladder/vs-sorted-reference/%s", modes[m]);
        g_test_add_data_func(path, GINT_TO_POINTER(m), test_ladder_against_reference);
        g_free(path);
    }
    g_test_add_func("/sim/ladder/one-instant", test_ladder_one_instant);
    g_test_add_func("/sim/ladder/end-of-time", test_ladder_end_of_time);
    return g_test_run();
}
