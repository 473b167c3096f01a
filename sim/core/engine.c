/* sim/core/engine.c — pooled events in a ladder queue of compact keys (time, seq, slot).
 *
 * Layout: the pending set (sim/core/ladder.h) holds 16-byte keys only, (time, seq << 32 |
 * slot), so comparing the second word compares seq (unique) and the slot rides along for
 * free; events (target, type, payload) live apart in slots.  The ladder gives keys back in
 * (time, seq) order, the order a heap of the same keys gives; its next keys sit sorted in an
 * array, so dispatch prefetches the records of events a few places ahead.  Sequence numbers
 * are 32-bit: when they run out the pending events are sorted by (time, seq) and renumbered
 * 0, 1, 2, ..., which keeps their order, so dispatch order is that of an unbounded counter.
 * Cancel and reschedule are lazy (Redis, ns-3): the slot's live sequence number changes and
 * its old key becomes stale, to be dropped when it reaches the front or when stale keys
 * outnumber live ones and the set is rebuilt, so it never holds more than about twice the
 * pending events.
 *
 * Invariants: a slot is pending iff its seq != SLOT_DEAD; a key is live iff its seq equals
 * its slot's seq; slot.entries counts the keys naming the slot, and a slot goes on the free
 * list only when it is dead and no key names it.  Keys are unique (seq), so the order of
 * dispatch is the order of (time, seq).  Ids are (generation << 32 | slot + 1); killing a
 * slot bumps its generation, so stale ids never match.
 */
#include "sim/core/engine.h"
#include "sim/core/interrupt.h"
#include "sim/core/ladder.h"

#include <string.h>

#define NOT_PENDING UINT32_MAX
#define SLOT_DEAD   UINT32_MAX
#define SEQ_WRAP    (UINT32_MAX - 1u) /* renumber when the next seq would reach this */
#define STALE_SLACK 1024u           /* stale keys tolerated beyond the live count */
#define PREFETCH_AHEAD 4u           /* dispatch loads the record of the event this far ahead */
#define LINE_BYTES  64u

/* What dispatch and schedule touch of an event, 32 bytes in an array aligned to cache lines,
 * so an event without payload costs one line; its payload lives in an array of its own. */
typedef struct {
    void          *target;
    SimTimeNs      time_ns;         /* of the live key */
    uint32_t       seq;             /* of the live key; SLOT_DEAD: not pending */
    uint32_t       gen;
    uint32_t       entries;         /* keys (live or stale) naming this slot */
    union {
        SimEventTypeId type;        /* while pending or named by a key */
        uint32_t       next_free;   /* on the free list */
    };
} SimSlot;

typedef struct {
    unsigned char bytes[SIM_PAYLOAD_MAX];
} SimPayload;

struct SimEngine {
    SimTimeNs      now_ns;
    uint32_t       seq;             /* the next sequence number */
    uint32_t       seq_wrap;        /* renumber when seq reaches it (SEQ_WRAP) */
    uint64_t       dispatched;
    uint64_t       fingerprint;
    gboolean       stopping;
    SimSlot       *slots;           /* 64-byte aligned (g_aligned_alloc) */
    SimPayload    *payloads;        /* per slot */
    uint32_t       nslots, cap_slots, free_head;
    SimLadder     *pending;         /* keys (time, seq << 32 | slot), live or stale */
    uint32_t       nlive;           /* pending events (live keys) */
    size_t         nlive_max;
    GPtrArray     *types;           /* const SimEventType *, index = id - 1 */
    GArray        *type_hash;       /* uint64_t FNV-1a of each type's name */
    SimProgressFn  progress_fn;
    void          *progress_user;
    uint64_t       progress_every, progress_next;
};

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

SimEngine *sim_engine_new(void)
{
    SimEngine *eng = g_new0(SimEngine, 1);
    eng->types = g_ptr_array_new();
    eng->type_hash = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    eng->free_head = NOT_PENDING;
    eng->seq_wrap = SEQ_WRAP;
    eng->fingerprint = UINT64_C(0xcbf29ce484222325);
    eng->pending = sim_ladder_new();
    return eng;
}

void sim_engine_free(SimEngine *eng)
{
    if (!eng)
        return;
    g_aligned_free(eng->slots);
    g_free(eng->payloads);
    sim_ladder_free(eng->pending);
    g_ptr_array_free(eng->types, TRUE);
    g_array_free(eng->type_hash, TRUE);
    g_free(eng);
}

SimEventTypeId sim_engine_register(SimEngine *eng, const SimEventType *type)
{
    g_return_val_if_fail(type && type->handle, 0);
    g_return_val_if_fail(type->payload_bytes <= SIM_PAYLOAD_MAX, 0);
    for (guint i = 0; i < eng->types->len; i++)
        if (g_ptr_array_index(eng->types, i) == type)
            return i + 1;
    g_ptr_array_add(eng->types, (gpointer)type);
    uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325), type->name, strlen(type->name));
    g_array_append_val(eng->type_hash, h);
    return eng->types->len;
}

static inline uint32_t key_slot(const SimKey *k)
{
    return (uint32_t)k->tag;
}

static inline uint32_t key_seq(const SimKey *k)
{
    return (uint32_t)(k->tag >> 32);
}

static inline SimKey make_key(SimTimeNs at_ns, uint32_t seq, uint32_t s)
{
    return (SimKey){ at_ns, (uint64_t)seq << 32 | s };
}

static void key_push(SimEngine *eng, SimKey k)
{
    sim_ladder_push(eng->pending, k);
    eng->slots[key_slot(&k)].entries++;
}

static uint32_t slot_alloc(SimEngine *eng)
{
    if (eng->free_head != NOT_PENDING) {
        uint32_t s = eng->free_head;
        eng->free_head = eng->slots[s].next_free;
        return s;
    }
    if (eng->nslots == eng->cap_slots) {
        eng->cap_slots = eng->cap_slots ? eng->cap_slots * 2 : 256;
        SimSlot *slots = g_aligned_alloc(eng->cap_slots, sizeof(SimSlot), LINE_BYTES);
        if (eng->nslots)
            memcpy(slots, eng->slots, eng->nslots * sizeof(SimSlot));
        g_aligned_free(eng->slots);
        eng->slots = slots;
        eng->payloads = g_renew(SimPayload, eng->payloads, eng->cap_slots);
    }
    eng->slots[eng->nslots] = (SimSlot){ .gen = 1, .seq = SLOT_DEAD };
    return eng->nslots++;
}

/* The slot stops being pending: its id goes stale at once. */
static void slot_kill(SimEngine *eng, uint32_t s)
{
    eng->slots[s].seq = SLOT_DEAD;
    eng->slots[s].gen++;
    eng->nlive--;
}

/* One key naming s is gone; the slot is free once dead and unnamed. */
static void slot_unref(SimEngine *eng, uint32_t s)
{
    SimSlot *slot = &eng->slots[s];
    if (--slot->entries == 0 && slot->seq == SLOT_DEAD) {
        slot->next_free = eng->free_head;
        eng->free_head = s;
    }
}

/* Removes the least key (the caller has read it). */
static void key_pop(SimEngine *eng, uint32_t s)
{
    sim_ladder_pop(eng->pending);
    slot_unref(eng, s);
}

static inline gboolean key_live(const SimEngine *eng, const SimKey *k)
{
    return eng->slots[key_slot(k)].seq == key_seq(k);
}

/* The least live key, dropping stale ones before it; NULL if nothing is pending.  While no
 * key is stale (size == nlive, the usual case) no slot is read. */
static const SimKey *front(SimEngine *eng)
{
    const SimKey *k = sim_ladder_min(eng->pending);
    while (k && sim_ladder_size(eng->pending) > eng->nlive && !key_live(eng, k)) {
        key_pop(eng, key_slot(k));
        k = sim_ladder_min(eng->pending);
    }
    return k;
}

/* Takes every key out of the pending set, keeps the live ones in keys[] (returned count,
 * g_free it) and lets go of the stale. */
static uint32_t drain_live(SimEngine *eng, SimKey **keys)
{
    SimKey *k = g_new(SimKey, MAX(sim_ladder_size(eng->pending), 1));
    size_t n = sim_ladder_drain(eng->pending, k), live = 0;
    for (size_t i = 0; i < n; i++) {
        if (key_live(eng, &k[i]))
            k[live++] = k[i];
        else
            slot_unref(eng, key_slot(&k[i]));
    }
    *keys = k;
    return (uint32_t)live;
}

/* Rebuilds the pending set from its live keys once stale ones outnumber them. */
static void maybe_compact(SimEngine *eng)
{
    if (sim_ladder_size(eng->pending) - eng->nlive <= eng->nlive + STALE_SLACK)
        return;
    SimKey *keys;
    uint32_t n = drain_live(eng, &keys);
    for (uint32_t i = 0; i < n; i++)
        sim_ladder_push(eng->pending, keys[i]);
    g_free(keys);
}

static int key_cmp(const void *a, const void *b)
{
    return sim_key_less(a, b) ? -1 : sim_key_less(b, a);
}

/* Sequence numbers ran out: sort the pending events by (time, seq) and number them from 0
 * in that order.  Relative order is kept. */
static void renumber(SimEngine *eng)
{
    SimKey *keys;
    uint32_t n = drain_live(eng, &keys);
    qsort(keys, n, sizeof(SimKey), key_cmp);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = key_slot(&keys[i]);
        eng->slots[s].seq = i;
        sim_ladder_push(eng->pending, make_key(keys[i].time_ns, i, s));
    }
    g_free(keys);
    eng->seq = n;
}

static inline uint32_t next_seq(SimEngine *eng)
{
    if (G_UNLIKELY(eng->seq >= eng->seq_wrap))
        renumber(eng);
    return eng->seq++;
}

static inline SimEventId make_id(const SimEngine *eng, uint32_t s)
{
    return ((uint64_t)eng->slots[s].gen << 32) | (uint64_t)(s + 1);
}

/* The slot of a pending event, or NOT_PENDING for 0, stale or dispatched ids. */
static uint32_t slot_of(const SimEngine *eng, SimEventId id)
{
    uint32_t s = (uint32_t)(id & 0xffffffffu) - 1;
    if (id == 0 || s >= eng->nslots)
        return NOT_PENDING;
    const SimSlot *slot = &eng->slots[s];
    if (slot->gen != (uint32_t)(id >> 32) || slot->seq == SLOT_DEAD)
        return NOT_PENDING;
    return s;
}

SimEventId sim_engine_schedule_at(SimEngine *eng, SimTimeNs at_ns, SimEventTypeId type,
                                  void *target, const void *payload)
{
    g_assert(at_ns >= eng->now_ns);   /* "cannot send events into the past" */
    g_assert(type >= 1 && type <= eng->types->len);
    const SimEventType *t = g_ptr_array_index(eng->types, type - 1);
    uint32_t seq = next_seq(eng);      /* before the new slot is pending: renumber skips it */
    uint32_t s = slot_alloc(eng);
    SimSlot *slot = &eng->slots[s];
    slot->time_ns = at_ns;
    slot->seq = seq;
    slot->target = target;
    slot->type = type;
    if (t->payload_bytes)
        memcpy(eng->payloads[s].bytes, payload, t->payload_bytes);
    eng->nlive++;
    eng->nlive_max = MAX(eng->nlive_max, eng->nlive);
    key_push(eng, make_key(at_ns, seq, s));
    return make_id(eng, s);
}

SimEventId sim_engine_schedule(SimEngine *eng, SimTimeNs delay_ns, SimEventTypeId type,
                               void *target, const void *payload)
{
    g_assert(delay_ns >= 0);
    return sim_engine_schedule_at(eng, eng->now_ns + delay_ns, type, target, payload);
}

gboolean sim_engine_cancel(SimEngine *eng, SimEventId id)
{
    uint32_t s = slot_of(eng, id);
    if (s == NOT_PENDING)
        return FALSE;
    slot_kill(eng, s);                  /* its key is now stale */
    maybe_compact(eng);
    return TRUE;
}

SimEventId sim_engine_reschedule_at(SimEngine *eng, SimEventId id, SimTimeNs at_ns)
{
    g_assert(at_ns >= eng->now_ns);
    uint32_t s = slot_of(eng, id);
    if (s == NOT_PENDING)
        return 0;
    uint32_t seq = next_seq(eng);
    eng->slots[s].time_ns = at_ns;
    eng->slots[s].seq = seq;            /* the old key is now stale */
    key_push(eng, make_key(at_ns, seq, s));
    maybe_compact(eng);
    return id;
}

gboolean sim_engine_is_pending(const SimEngine *eng, SimEventId id)
{
    return slot_of(eng, id) != NOT_PENDING;
}

SimTimeNs sim_engine_event_time_ns(const SimEngine *eng, SimEventId id)
{
    uint32_t s = slot_of(eng, id);
    return s == NOT_PENDING ? SIM_TIME_NEVER : eng->slots[s].time_ns;
}

/* Folds one 64-bit word into the fingerprint (FNV-style xor-multiply, word at a time). */
static inline uint64_t fold(uint64_t h, uint64_t word)
{
    return (h ^ word) * UINT64_C(0x100000001b3);
}

/* Pops the least key k (live) and runs its handler; the payload is copied out first so the
 * handler may schedule (and so reuse the slot) freely. */
static void dispatch_one(SimEngine *eng, const SimKey *k)
{
    uint32_t s = key_slot(k);
    SimSlot *slot = &eng->slots[s];
    unsigned char payload[SIM_PAYLOAD_MAX];
    const SimEventType *t = g_ptr_array_index(eng->types, slot->type - 1);
    void *target = slot->target;
    uint64_t type_hash = g_array_index(eng->type_hash, uint64_t, slot->type - 1);
    eng->now_ns = k->time_ns;
    if (t->payload_bytes)
        memcpy(payload, eng->payloads[s].bytes, t->payload_bytes);
    /* The next keys sit sorted in the ladder's bottom: start loading the record of the event
     * a few dispatches ahead, so the cache miss it costs from 10^5 pending events up is over
     * by the time it runs. */
    const SimKey *ahead = sim_ladder_peek_ahead(eng->pending, PREFETCH_AHEAD);
    if (ahead)
        __builtin_prefetch(&eng->slots[key_slot(ahead)]);
    slot_kill(eng, s);
    key_pop(eng, s);
    eng->fingerprint = fold(eng->fingerprint, (uint64_t)eng->now_ns);
    eng->fingerprint = fold(eng->fingerprint, type_hash);
    eng->dispatched++;
    t->handle(eng, target, payload);
    if (eng->progress_fn && eng->dispatched >= eng->progress_next) {
        eng->progress_next = eng->dispatched + eng->progress_every;
        eng->progress_fn(eng, eng->progress_user);
    }
}

uint64_t sim_engine_run_until(SimEngine *eng, SimTimeNs until_ns)
{
    uint64_t start = eng->dispatched;
    eng->stopping = FALSE;
    const SimKey *k;
    while (!eng->stopping && (k = front(eng)) && k->time_ns <= until_ns) {
        if (G_UNLIKELY(sim_interrupt_pending())) {      /* SIGINT/SIGTERM: as if stopped */
            eng->stopping = TRUE;
            break;
        }
        dispatch_one(eng, k);
    }
    if (!eng->stopping && until_ns != SIM_TIME_NEVER && until_ns > eng->now_ns)
        eng->now_ns = until_ns;
    return eng->dispatched - start;
}

uint64_t sim_engine_run(SimEngine *eng)
{
    return sim_engine_run_until(eng, SIM_TIME_NEVER);
}

void sim_engine_stop(SimEngine *eng)
{
    eng->stopping = TRUE;
}

SimTimeNs sim_engine_now_ns(const SimEngine *eng)
{
    return eng->now_ns;
}

SimTimeNs sim_engine_next_time_ns(const SimEngine *eng)
{
    /* Finding the front may drop stale keys and move keys between the ladder's levels: no
     * change anyone can observe, so the const of the interface holds. */
    const SimKey *k = front((SimEngine *)eng);
    return k ? k->time_ns : SIM_TIME_NEVER;
}

size_t sim_engine_pending(const SimEngine *eng)
{
    return eng->nlive;
}

size_t sim_engine_pending_max(const SimEngine *eng)
{
    return eng->nlive_max;
}

uint64_t sim_engine_dispatched(const SimEngine *eng)
{
    return eng->dispatched;
}

uint64_t sim_engine_fingerprint(const SimEngine *eng)
{
    return eng->fingerprint;
}

void sim_engine_set_seq_wrap(SimEngine *eng, uint32_t wrap)
{
    g_return_if_fail(wrap > 0 && wrap <= SEQ_WRAP);
    eng->seq_wrap = wrap;
}

void sim_engine_set_progress(SimEngine *eng, uint64_t every, SimProgressFn fn, void *user)
{
    eng->progress_fn = fn;
    eng->progress_user = user;
    eng->progress_every = every ? every : 1;
    eng->progress_next = eng->dispatched + eng->progress_every;
}
