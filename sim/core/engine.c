/* sim/core/engine.c — pooled events in a 4-ary indexed min-heap keyed on (time, seq).
 *
 * Layout: the heap holds compact keys (time, seq, slot); events (target, type, payload)
 * live apart in slots, and each slot's heap position in a dense array of its own, so a
 * sift moves 24-byte keys and writes 4-byte positions without touching the 88-byte slots.
 *
 * Invariants: heap[i] holds a slot index; heap_pos[heap[i]] == i for every pending slot; a
 * free slot has heap_pos == NOT_PENDING and sits on the free list.  The key of a
 * parent is never greater than the key of a child.  Ids are (generation << 32 | slot + 1);
 * freeing a slot bumps its generation, so stale ids never match.
 */
#include "sim/core/engine.h"
#include "sim/core/interrupt.h"

#include <string.h>

#define ARITY       4
#define NOT_PENDING UINT32_MAX

typedef struct {
    SimTimeNs      time_ns;         /* copies of the heap entry's key, for lookups by id */
    uint64_t       seq;
    void          *target;
    uint32_t       gen;
    uint32_t       next_free;
    SimEventTypeId type;
    unsigned char  payload[SIM_PAYLOAD_MAX];
} SimSlot;

/* The heap holds its keys inline, so sifting compares without touching the slots. */
typedef struct {
    SimTimeNs time_ns;
    uint64_t  seq;
    uint32_t  slot;
} SimHeapEntry;

struct SimEngine {
    SimTimeNs      now_ns;
    uint64_t       seq;
    uint64_t       dispatched;
    uint64_t       fingerprint;
    gboolean       stopping;
    SimSlot       *slots;
    uint32_t      *heap_pos;        /* per slot: its index in heap, or NOT_PENDING */
    uint32_t       nslots, cap_slots, free_head;
    SimHeapEntry  *heap;
    uint32_t       nheap;
    size_t         nheap_max;
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
    eng->fingerprint = UINT64_C(0xcbf29ce484222325);
    return eng;
}

void sim_engine_free(SimEngine *eng)
{
    if (!eng)
        return;
    g_free(eng->slots);
    g_free(eng->heap_pos);
    g_free(eng->heap);
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

static inline gboolean key_less(const SimHeapEntry *a, const SimHeapEntry *b)
{
    return a->time_ns < b->time_ns || (a->time_ns == b->time_ns && a->seq < b->seq);
}

static inline void heap_put(SimEngine *eng, uint32_t pos, SimHeapEntry e)
{
    eng->heap[pos] = e;
    eng->heap_pos[e.slot] = pos;
}

static void sift_up(SimEngine *eng, uint32_t pos)
{
    SimHeapEntry e = eng->heap[pos];
    while (pos > 0) {
        uint32_t parent = (pos - 1) / ARITY;
        if (!key_less(&e, &eng->heap[parent]))
            break;
        heap_put(eng, pos, eng->heap[parent]);
        pos = parent;
    }
    heap_put(eng, pos, e);
}

static uint32_t min_child(const SimEngine *eng, uint32_t first)
{
    uint32_t best = first, end = MIN(first + ARITY, eng->nheap);
    for (uint32_t c = first + 1; c < end; c++)
        if (key_less(&eng->heap[c], &eng->heap[best]))
            best = c;
    return best;
}

static void sift_down(SimEngine *eng, uint32_t pos)
{
    SimHeapEntry e = eng->heap[pos];
    for (;;) {
        uint32_t first = pos * ARITY + 1;
        if (first >= eng->nheap)
            break;
        uint32_t c = min_child(eng, first);
        if (!key_less(&eng->heap[c], &e))
            break;
        heap_put(eng, pos, eng->heap[c]);
        pos = c;
    }
    heap_put(eng, pos, e);
}

static void heap_remove(SimEngine *eng, uint32_t pos)
{
    SimHeapEntry last = eng->heap[--eng->nheap];
    if (pos == eng->nheap)
        return;
    heap_put(eng, pos, last);
    if (pos > 0 && key_less(&last, &eng->heap[(pos - 1) / ARITY]))
        sift_up(eng, pos);
    else
        sift_down(eng, pos);
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
        eng->slots = g_renew(SimSlot, eng->slots, eng->cap_slots);
        eng->heap_pos = g_renew(uint32_t, eng->heap_pos, eng->cap_slots);
        eng->heap = g_renew(SimHeapEntry, eng->heap, eng->cap_slots);
    }
    eng->slots[eng->nslots].gen = 1;
    return eng->nslots++;
}

static void slot_release(SimEngine *eng, uint32_t s)
{
    eng->heap_pos[s] = NOT_PENDING;
    eng->slots[s].gen++;
    eng->slots[s].next_free = eng->free_head;
    eng->free_head = s;
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
    if (slot->gen != (uint32_t)(id >> 32) || eng->heap_pos[s] == NOT_PENDING)
        return NOT_PENDING;
    return s;
}

SimEventId sim_engine_schedule_at(SimEngine *eng, SimTimeNs at_ns, SimEventTypeId type,
                                  void *target, const void *payload)
{
    g_assert(at_ns >= eng->now_ns);   /* "cannot send events into the past" */
    g_assert(type >= 1 && type <= eng->types->len);
    const SimEventType *t = g_ptr_array_index(eng->types, type - 1);
    uint32_t s = slot_alloc(eng);
    SimSlot *slot = &eng->slots[s];
    slot->time_ns = at_ns;
    slot->seq = eng->seq++;
    slot->target = target;
    slot->type = type;
    if (t->payload_bytes)
        memcpy(slot->payload, payload, t->payload_bytes);
    eng->heap[eng->nheap] = (SimHeapEntry){ at_ns, slot->seq, s };
    eng->heap_pos[s] = eng->nheap++;
    eng->nheap_max = MAX(eng->nheap_max, eng->nheap);
    sift_up(eng, eng->heap_pos[s]);
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
    heap_remove(eng, eng->heap_pos[s]);
    slot_release(eng, s);
    return TRUE;
}

SimEventId sim_engine_reschedule_at(SimEngine *eng, SimEventId id, SimTimeNs at_ns)
{
    g_assert(at_ns >= eng->now_ns);
    uint32_t s = slot_of(eng, id);
    if (s == NOT_PENDING)
        return 0;
    SimSlot *slot = &eng->slots[s];
    SimTimeNs old = slot->time_ns;
    slot->time_ns = at_ns;
    slot->seq = eng->seq++;
    uint32_t pos = eng->heap_pos[s];
    eng->heap[pos].time_ns = at_ns;
    eng->heap[pos].seq = slot->seq;
    if (at_ns < old)
        sift_up(eng, pos);
    else
        sift_down(eng, pos);
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

/* Pops the minimum and runs its handler; the payload is copied out first so the handler
 * may schedule (and so reuse the slot) freely. */
static void dispatch_one(SimEngine *eng)
{
    uint32_t s = eng->heap[0].slot;
    SimSlot *slot = &eng->slots[s];
    unsigned char payload[SIM_PAYLOAD_MAX];
    const SimEventType *t = g_ptr_array_index(eng->types, slot->type - 1);
    void *target = slot->target;
    uint64_t type_hash = g_array_index(eng->type_hash, uint64_t, slot->type - 1);
    eng->now_ns = slot->time_ns;
    if (t->payload_bytes)
        memcpy(payload, slot->payload, t->payload_bytes);
    heap_remove(eng, 0);
    slot_release(eng, s);
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
    while (eng->nheap > 0 && !eng->stopping && eng->heap[0].time_ns <= until_ns) {
        if (G_UNLIKELY(sim_interrupt_pending())) {      /* SIGINT/SIGTERM: as if stopped */
            eng->stopping = TRUE;
            break;
        }
        dispatch_one(eng);
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
    return eng->nheap ? eng->heap[0].time_ns : SIM_TIME_NEVER;
}

size_t sim_engine_pending(const SimEngine *eng)
{
    return eng->nheap;
}

size_t sim_engine_pending_max(const SimEngine *eng)
{
    return eng->nheap_max;
}

uint64_t sim_engine_dispatched(const SimEngine *eng)
{
    return eng->dispatched;
}

uint64_t sim_engine_fingerprint(const SimEngine *eng)
{
    return eng->fingerprint;
}

void sim_engine_set_progress(SimEngine *eng, uint64_t every, SimProgressFn fn, void *user)
{
    eng->progress_fn = fn;
    eng->progress_user = user;
    eng->progress_every = every ? every : 1;
    eng->progress_next = eng->dispatched + eng->progress_every;
}
