/* sim/core/engine.c — pooled events in a 4-ary min-heap of compact keys (time, seq, slot).
 *
 * Layout: the heap holds 16-byte keys only, (time, seq << 32 | slot), so comparing the second
 * word compares seq (unique) and the slot rides along for free; events (target, type,
 * payload) live apart in slots, so a sift moves keys and touches nothing else, as a bare heap
 * does.  The heap array is placed so that the four children of a node share one 64-byte
 * cache line (entry 1 starts a line).  Sequence numbers are 32-bit: when they run out the
 * pending events are sorted by (time, seq) and renumbered 0, 1, 2, ... (a sorted array is
 * a heap), which keeps their order, so dispatch order is that of an unbounded counter.  Cancel and
 * reschedule are lazy (Redis, ns-3): the slot's live sequence number changes and its old
 * heap entry becomes stale, to be dropped when it reaches the top or when stale entries
 * outnumber live ones and the heap is rebuilt (Floyd's heapify, O(n)), so the heap never
 * holds more than about twice the pending events.
 *
 * Invariants: a slot is pending iff its seq != SLOT_DEAD; a heap entry is live iff its seq
 * equals its slot's seq; slot.entries counts the heap entries naming the slot, and a slot
 * goes on the free list only when it is dead and no entry names it.  heap[0] is live
 * whenever the heap is not empty (purge_top after every change).  The key of a parent is
 * never greater than the key of a child; keys are unique (seq), so the order of dispatch is
 * the order of (time, seq) whatever the heap's shape.  Ids are (generation << 32 | slot + 1);
 * killing a slot bumps its generation, so stale ids never match.
 */
#include "sim/core/engine.h"
#include "sim/core/interrupt.h"

#include <string.h>

#define ARITY       4
#define NOT_PENDING UINT32_MAX
#define SLOT_DEAD   UINT32_MAX
#define SEQ_WRAP    (UINT32_MAX - 1u) /* renumber when the next seq would reach this */
#define STALE_SLACK 1024u           /* stale entries tolerated beyond the live count */
#define LINE_BYTES  64u

/* What dispatch and schedule touch of an event, 32 bytes in an array aligned to cache lines,
 * so an event without payload costs one line; its payload lives in an array of its own. */
typedef struct {
    void          *target;
    SimTimeNs      time_ns;         /* of the live entry */
    uint32_t       seq;             /* of the live entry; SLOT_DEAD: not pending */
    uint32_t       gen;
    uint32_t       entries;         /* heap entries (live or stale) naming this slot */
    union {
        SimEventTypeId type;        /* while pending or named by a heap entry */
        uint32_t       next_free;   /* on the free list */
    };
} SimSlot;

typedef struct {
    unsigned char bytes[SIM_PAYLOAD_MAX];
} SimPayload;

typedef struct {
    SimTimeNs time_ns;
    uint64_t  tag;                  /* seq << 32 | slot */
} SimHeapEntry;

struct SimEngine {
    SimTimeNs      now_ns;
    uint32_t       seq;             /* the next sequence number */
    uint32_t       seq_wrap;        /* renumber when seq reaches it (SEQ_WRAP) */
    uint64_t       dispatched;
    uint64_t       fingerprint;
    gboolean       stopping;
    SimSlot       *slots;           /* 64-byte aligned */
    void          *slots_mem;       /* the allocation slots points into */
    SimPayload    *payloads;        /* per slot */
    uint32_t       nslots, cap_slots, free_head;
    SimHeapEntry  *heap;            /* &heap[1] starts a cache line */
    void          *heap_mem;        /* the allocation heap points into */
    uint32_t       nheap, cap_heap;
    uint32_t       nlive;           /* pending events (live heap entries) */
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
    return eng;
}

void sim_engine_free(SimEngine *eng)
{
    if (!eng)
        return;
    g_free(eng->slots_mem);
    g_free(eng->payloads);
    g_free(eng->heap_mem);
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
    return a->time_ns < b->time_ns || (a->time_ns == b->time_ns && a->tag < b->tag);
}

static inline uint32_t entry_slot(const SimHeapEntry *e)
{
    return (uint32_t)e->tag;
}

static inline uint32_t entry_seq(const SimHeapEntry *e)
{
    return (uint32_t)(e->tag >> 32);
}

static inline SimHeapEntry make_entry(SimTimeNs at_ns, uint32_t seq, uint32_t s)
{
    return (SimHeapEntry){ at_ns, (uint64_t)seq << 32 | s };
}

static void sift_up(SimHeapEntry *heap, uint32_t pos)
{
    SimHeapEntry e = heap[pos];
    while (pos > 0) {
        uint32_t parent = (pos - 1) / ARITY;
        if (!key_less(&e, &heap[parent]))
            break;
        heap[pos] = heap[parent];
        pos = parent;
    }
    heap[pos] = e;
}

static void sift_down(SimHeapEntry *heap, uint32_t n, uint32_t pos)
{
    SimHeapEntry e = heap[pos];
    for (;;) {
        uint32_t first = pos * ARITY + 1;
        if (first >= n)
            break;
        uint32_t best = first, end = MIN(first + ARITY, n);
        for (uint32_t c = first + 1; c < end; c++)
            if (key_less(&heap[c], &heap[best]))
                best = c;
        if (!key_less(&heap[best], &e))
            break;
        heap[pos] = heap[best];
        pos = best;
    }
    heap[pos] = e;
}

/* Moves `used` bytes at *data into a new allocation of `bytes`, placed so that the byte
 * `lead` bytes in starts a cache line; *mem is the allocation to free later. */
static void *realloc_lined(void **mem, const void *data, size_t used, size_t bytes, size_t lead)
{
    char *fresh = g_malloc(bytes + LINE_BYTES);
    uintptr_t line = ((uintptr_t)fresh + lead + LINE_BYTES - 1) & ~(uintptr_t)(LINE_BYTES - 1);
    void *out = (void *)(line - lead);
    if (used)
        memcpy(out, data, used);
    g_free(*mem);
    *mem = fresh;
    return out;
}

/* Doubles the heap array, placed so that entry 1 (and so every group of four siblings,
 * 4i+1 .. 4i+4) starts a cache line. */
static void heap_grow(SimEngine *eng)
{
    uint32_t cap = eng->cap_heap ? eng->cap_heap * 2 : 256;
    eng->heap = realloc_lined(&eng->heap_mem, eng->heap, (size_t)eng->nheap * sizeof(SimHeapEntry),
                              (size_t)cap * sizeof(SimHeapEntry), sizeof(SimHeapEntry));
    eng->cap_heap = cap;
}

static void heap_push(SimEngine *eng, SimHeapEntry e)
{
    if (eng->nheap == eng->cap_heap)
        heap_grow(eng);
    eng->heap[eng->nheap++] = e;
    sift_up(eng->heap, eng->nheap - 1);
    eng->slots[entry_slot(&e)].entries++;
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
        eng->slots = realloc_lined(&eng->slots_mem, eng->slots, eng->nslots * sizeof(SimSlot),
                                   eng->cap_slots * sizeof(SimSlot), 0);
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

/* One heap entry naming s is gone; the slot is free once dead and unnamed. */
static void slot_unref(SimEngine *eng, uint32_t s)
{
    SimSlot *slot = &eng->slots[s];
    if (--slot->entries == 0 && slot->seq == SLOT_DEAD) {
        slot->next_free = eng->free_head;
        eng->free_head = s;
    }
}

/* Removes the top entry (the caller has read it). */
static void heap_pop(SimEngine *eng)
{
    uint32_t s = entry_slot(&eng->heap[0]);
    SimHeapEntry last = eng->heap[--eng->nheap];
    if (eng->nheap > 0) {
        eng->heap[0] = last;
        sift_down(eng->heap, eng->nheap, 0);
    }
    slot_unref(eng, s);
}

static inline gboolean entry_live(const SimEngine *eng, const SimHeapEntry *e)
{
    return eng->slots[entry_slot(e)].seq == entry_seq(e);
}

/* Drops stale entries from the top, so heap[0] is live (or the heap empty).  With no stale
 * entry at all (nheap == nlive, the usual case) nothing is read: no slot, no cache miss. */
static void purge_top(SimEngine *eng)
{
    while (eng->nheap > eng->nlive && !entry_live(eng, &eng->heap[0]))
        heap_pop(eng);
}

/* Keeps the live entries only (in heap order no more). */
static void drop_stale(SimEngine *eng)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < eng->nheap; i++) {
        SimHeapEntry e = eng->heap[i];
        if (entry_live(eng, &e))
            eng->heap[n++] = e;
        else
            slot_unref(eng, entry_slot(&e));
    }
    eng->nheap = n;
}

/* Rebuilds the heap from its live entries once stale ones outnumber them. */
static void maybe_compact(SimEngine *eng)
{
    if (eng->nheap - eng->nlive <= eng->nlive + STALE_SLACK)
        return;
    drop_stale(eng);
    uint32_t n = eng->nheap;
    for (uint32_t i = n > 1 ? (n - 2) / ARITY + 1 : 0; i-- > 0;)
        sift_down(eng->heap, n, i);
}

static int entry_cmp(const void *a, const void *b)
{
    return key_less(a, b) ? -1 : key_less(b, a);
}

/* Sequence numbers ran out: sort the pending events by (time, seq) and number them from 0
 * in that order.  Relative order is kept, and a sorted array is a valid heap. */
static void renumber(SimEngine *eng)
{
    drop_stale(eng);
    qsort(eng->heap, eng->nheap, sizeof(SimHeapEntry), entry_cmp);
    for (uint32_t i = 0; i < eng->nheap; i++) {
        uint32_t s = entry_slot(&eng->heap[i]);
        eng->heap[i] = make_entry(eng->heap[i].time_ns, i, s);
        eng->slots[s].seq = i;
    }
    eng->seq = eng->nheap;
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
    heap_push(eng, make_entry(at_ns, seq, s));
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
    slot_kill(eng, s);                  /* its heap entry is now stale */
    purge_top(eng);
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
    eng->slots[s].seq = seq;            /* the old entry is now stale */
    heap_push(eng, make_entry(at_ns, seq, s));
    purge_top(eng);
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

/* The slot of the event that runs next once the top is popped: the least child of the top
 * (one cache line), or NOT_PENDING if the top has no child. */
static inline uint32_t next_top_slot(const SimEngine *eng)
{
    uint32_t n = MIN(eng->nheap, 1u + ARITY), best = 1;
    if (n < 2)
        return NOT_PENDING;
    for (uint32_t c = 2; c < n; c++)
        if (key_less(&eng->heap[c], &eng->heap[best]))
            best = c;
    return entry_slot(&eng->heap[best]);
}

/* Pops the minimum and runs its handler; the payload is copied out first so the handler
 * may schedule (and so reuse the slot) freely. */
static void dispatch_one(SimEngine *eng)
{
    uint32_t s = entry_slot(&eng->heap[0]);
    SimSlot *slot = &eng->slots[s];
    unsigned char payload[SIM_PAYLOAD_MAX];
    const SimEventType *t = g_ptr_array_index(eng->types, slot->type - 1);
    void *target = slot->target;
    uint64_t type_hash = g_array_index(eng->type_hash, uint64_t, slot->type - 1);
    eng->now_ns = eng->heap[0].time_ns;
    if (t->payload_bytes)
        memcpy(payload, eng->payloads[s].bytes, t->payload_bytes);
    /* Start loading the next event's record before the pop, so the cache miss it costs
     * from 10^5 pending events up overlaps the pop's sift instead of stalling the next
     * dispatch.  The prefetch stays here: in a function of its own GCC found the function
     * "pure" (a prefetch is no side effect to it) and dropped the call, prefetch and all. */
    uint32_t next = next_top_slot(eng);
    if (next != NOT_PENDING)
        __builtin_prefetch(&eng->slots[next]);
    slot_kill(eng, s);
    heap_pop(eng);
    purge_top(eng);
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
