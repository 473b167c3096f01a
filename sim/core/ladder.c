/* sim/core/ladder.c — the ladder queue (Tang, Goh & Thng 2005, after Brown's 1988 calendar
 * queue): top, rungs of time buckets, a sorted bottom.
 *
 * Invariants, with cur_ns(r) the start of rung r's first unconsumed bucket:
 *  - top holds keys with time >= top_start_ns; rung 0 covers [cur_ns(0), top_start_ns);
 *    rung r + 1 covers [cur_ns(r + 1), cur_ns(r)), the rest of the bucket of rung r it was
 *    split from; bottom holds keys below cur_ns of the finest rung (below top_start_ns when
 *    there is no rung).  So every key in bottom precedes every key in a rung, every key in
 *    a finer rung precedes every key in a coarser one, and rung keys precede top keys.
 *  - bottom[bhead .. bend) is sorted by (time, tag); buckets and top are not sorted.
 *  - Buckets before cur are empty.  A bucket is a singly linked list of nodes from one pool.
 * Keys leave through bottom only, so they leave in (time, tag) order.  A key equal in time to
 * top_start_ns goes to top; rung 0's end is clamped at INT64_MAX, so keys at INT64_MAX pushed
 * after a transfer follow the ones transferred (the engine's tags grow, so that is their order).
 */
#include "sim/core/ladder.h"

#include <stdlib.h>
#include <string.h>

#define LQ_THRES      50u           /* a bucket with more keys is split into a finer rung */
#define LQ_RUNGS      8u            /* rungs at most (Tang et al.: 8 suffice in practice) */
#define LQ_BOTTOM_MAX 256u          /* a longer bottom is spread over a new rung on push */
#define LQ_BOTTOM_MIN 8u            /* refill takes buckets until the bottom holds this many */
#define LQ_SCAN       16u           /* ... or it has looked this many buckets further */
#define LQ_AHEAD      16u           /* refill prefetches the first key of the bucket this far on */
#define NIL           UINT32_MAX

typedef struct {
    SimKey   key;
    uint32_t next;                  /* next node of the bucket, or of the free list */
} LqNode;

typedef struct {
    uint32_t head, count;
} LqBucket;

typedef struct {
    SimTimeNs start_ns;             /* bucket b covers [start + b width, start + (b + 1) width) */
    uint64_t  width_ns;             /* >= 1 */
    SimTimeNs cur_ns;               /* start of bucket cur, clamped at INT64_MAX */
    uint32_t  nbuckets, cur;        /* buckets before cur are empty */
    uint32_t  cap;
    LqBucket *buckets;
} LqRung;

struct SimLadder {
    SimKey   *top;
    size_t    ntop, cap_top;
    SimTimeNs top_start_ns, top_min_ns, top_max_ns;
    LqRung    rungs[LQ_RUNGS];
    uint32_t  nrungs;
    SimKey   *bottom;
    size_t    bhead, bend, cap_bottom;
    LqNode   *nodes;
    uint32_t  nnodes, cap_nodes, free_node;
    size_t    size;
};

static void reset(SimLadder *lq)
{
    lq->ntop = 0;
    lq->top_start_ns = INT64_MIN;   /* no rung yet: every key goes to top */
    lq->top_min_ns = INT64_MAX;
    lq->top_max_ns = INT64_MIN;
    lq->nrungs = 0;
    lq->bhead = lq->bend = 0;
    lq->nnodes = 0;
    lq->free_node = NIL;
    lq->size = 0;
}

SimLadder *sim_ladder_new(void)
{
    SimLadder *lq = g_new0(SimLadder, 1);
    reset(lq);
    return lq;
}

void sim_ladder_free(SimLadder *lq)
{
    if (!lq)
        return;
    for (uint32_t r = 0; r < LQ_RUNGS; r++)
        g_free(lq->rungs[r].buckets);
    g_free(lq->top);
    g_free(lq->bottom);
    g_free(lq->nodes);
    g_free(lq);
}

size_t sim_ladder_size(const SimLadder *lq)
{
    return lq->size;
}

/* ---- nodes and rungs ---- */

static uint32_t node_alloc(SimLadder *lq)
{
    if (lq->free_node != NIL) {
        uint32_t i = lq->free_node;
        lq->free_node = lq->nodes[i].next;
        return i;
    }
    if (lq->nnodes == lq->cap_nodes) {
        lq->cap_nodes = lq->cap_nodes ? lq->cap_nodes * 2 : 1024;
        lq->nodes = g_renew(LqNode, lq->nodes, lq->cap_nodes);
    }
    return lq->nnodes++;
}

static void node_free(SimLadder *lq, uint32_t i)
{
    lq->nodes[i].next = lq->free_node;
    lq->free_node = i;
}

/* start + b * width, clamped at INT64_MAX (the sum fits in 64 unsigned bits: see rung_open). */
static SimTimeNs rung_at(const LqRung *r, uint64_t b)
{
    uint64_t t = (uint64_t)r->start_ns + b * r->width_ns;
    return t > (uint64_t)INT64_MAX ? INT64_MAX : (SimTimeNs)t;
}

/* Opens the next rung over [start_ns, start_ns + span_ns) with one bucket per key expected
 * (Tang et al.): start >= 0 and span <= 2^63, so start + nbuckets * width < 2^64. */
static LqRung *rung_open(SimLadder *lq, SimTimeNs start_ns, uint64_t span_ns, size_t keys)
{
    g_assert(lq->nrungs < LQ_RUNGS);
    LqRung *r = &lq->rungs[lq->nrungs++];
    uint32_t nb = (uint32_t)MAX(MIN(keys, (size_t)1 << 30), 1);
    r->start_ns = start_ns;
    r->width_ns = MAX((span_ns + nb - 1) / nb, UINT64_C(1));
    r->nbuckets = (uint32_t)MIN((uint64_t)nb, (span_ns + r->width_ns - 1) / r->width_ns);
    r->cur = 0;
    r->cur_ns = start_ns;
    if (r->nbuckets > r->cap) {
        r->cap = MAX(r->nbuckets, r->cap * 2);
        g_free(r->buckets);
        r->buckets = g_new(LqBucket, r->cap);
    }
    for (uint32_t b = 0; b < r->nbuckets; b++)
        r->buckets[b] = (LqBucket){ NIL, 0 };
    return r;
}

static void rung_link(LqRung *r, LqNode *nodes, uint32_t i)
{
    uint64_t b = (uint64_t)(nodes[i].key.time_ns - r->start_ns) / r->width_ns;
    g_assert(b < r->nbuckets);
    nodes[i].next = r->buckets[b].head;
    r->buckets[b].head = i;
    r->buckets[b].count++;
}

static void rung_insert(SimLadder *lq, LqRung *r, SimKey key)
{
    uint32_t i = node_alloc(lq);
    lq->nodes[i].key = key;
    rung_link(r, lq->nodes, i);
}

static void rung_advance(LqRung *r)
{
    r->cur++;
    r->cur_ns = rung_at(r, r->cur);
}

/* ---- bottom ---- */

static void bottom_reserve(SimLadder *lq, size_t n)
{
    if (lq->bhead > 0 && lq->bend + n > lq->cap_bottom) {
        memmove(lq->bottom, lq->bottom + lq->bhead, (lq->bend - lq->bhead) * sizeof(SimKey));
        lq->bend -= lq->bhead;
        lq->bhead = 0;
    }
    if (lq->bend + n > lq->cap_bottom) {
        lq->cap_bottom = MAX(lq->bend + n, lq->cap_bottom * 2);
        lq->bottom = g_renew(SimKey, lq->bottom, lq->cap_bottom);
    }
}

static int key_cmp(const void *a, const void *b)
{
    return sim_key_less(a, b) ? -1 : sim_key_less(b, a);
}

static void keys_sort(SimKey *k, size_t n)
{
    if (n > 32) {
        qsort(k, n, sizeof *k, key_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        SimKey x = k[i];
        size_t j = i;
        for (; j > 0 && sim_key_less(&x, &k[j - 1]); j--)
            k[j] = k[j - 1];
        k[j] = x;
    }
}

/* Spreads a long bottom over a new finest rung reaching up to where the next level starts, so
 * inserting into the bottom stays cheap (Tang et al.'s bottom threshold). */
static void bottom_spill(SimLadder *lq)
{
    SimTimeNs lo = lq->bottom[lq->bhead].time_ns;
    SimTimeNs end = lq->nrungs ? lq->rungs[lq->nrungs - 1].cur_ns : lq->top_start_ns;
    if (lq->nrungs == LQ_RUNGS || lq->bottom[lq->bend - 1].time_ns == lo || end <= lo)
        return;
    LqRung *r = rung_open(lq, lo, (uint64_t)(end - lo), lq->bend - lq->bhead);
    for (size_t i = lq->bhead; i < lq->bend; i++)
        rung_insert(lq, r, lq->bottom[i]);
    lq->bhead = lq->bend = 0;
}

static void bottom_insert(SimLadder *lq, SimKey key)
{
    bottom_reserve(lq, 1);
    size_t lo = lq->bhead, hi = lq->bend;         /* first key greater than key */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sim_key_less(&key, &lq->bottom[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    memmove(lq->bottom + lo + 1, lq->bottom + lo, (lq->bend - lo) * sizeof(SimKey));
    lq->bottom[lo] = key;
    lq->bend++;
    if (lq->bend - lq->bhead > LQ_BOTTOM_MAX)
        bottom_spill(lq);
}

/* ---- push ---- */

void sim_ladder_push(SimLadder *lq, SimKey key)
{
    g_assert(key.time_ns >= 0);
    lq->size++;
    if (key.time_ns >= lq->top_start_ns) {
        if (lq->ntop == lq->cap_top) {
            lq->cap_top = lq->cap_top ? lq->cap_top * 2 : 1024;
            lq->top = g_renew(SimKey, lq->top, lq->cap_top);
        }
        lq->top[lq->ntop++] = key;
        lq->top_min_ns = MIN(lq->top_min_ns, key.time_ns);
        lq->top_max_ns = MAX(lq->top_max_ns, key.time_ns);
        return;
    }
    for (uint32_t r = 0; r < lq->nrungs; r++)
        if (key.time_ns >= lq->rungs[r].cur_ns) {
            rung_insert(lq, &lq->rungs[r], key);
            return;
        }
    bottom_insert(lq, key);
}

/* ---- refilling the bottom ---- */

/* Moves every top key into a new rung 0; top then starts where that rung ends. */
static void top_to_rung(SimLadder *lq)
{
    uint64_t span = (uint64_t)(lq->top_max_ns - lq->top_min_ns) + 1;
    LqRung *r = rung_open(lq, lq->top_min_ns, span, lq->ntop);
    for (size_t i = 0; i < lq->ntop; i++)
        rung_insert(lq, r, lq->top[i]);
    lq->top_start_ns = rung_at(r, r->nbuckets);
    lq->ntop = 0;
    lq->top_min_ns = INT64_MAX;
    lq->top_max_ns = INT64_MIN;
}

/* Splits rung r's current bucket into a finer rung if it is big and its keys differ in
 * time; TRUE if it did. */
static gboolean bucket_split(SimLadder *lq, LqRung *r)
{
    LqBucket *bk = &r->buckets[r->cur];
    if (bk->count <= LQ_THRES || lq->nrungs == LQ_RUNGS || r->width_ns == 1)
        return FALSE;
    SimTimeNs lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t i = bk->head; i != NIL; i = lq->nodes[i].next) {
        lo = MIN(lo, lq->nodes[i].key.time_ns);
        hi = MAX(hi, lq->nodes[i].key.time_ns);
    }
    if (lo == hi)
        return FALSE;
    uint64_t end = (uint64_t)r->start_ns + (uint64_t)(r->cur + 1) * r->width_ns;
    uint32_t head = bk->head;
    LqRung *fine = rung_open(lq, lo, end - (uint64_t)lo, bk->count);
    r->buckets[r->cur] = (LqBucket){ NIL, 0 };
    rung_advance(r);
    for (uint32_t i = head, next; i != NIL; i = next) {
        next = lq->nodes[i].next;
        rung_link(fine, lq->nodes, i);
    }
    return TRUE;
}

/* Appends rung r's current bucket, sorted, to the bottom: its keys follow every key there. */
static void bucket_to_bottom(SimLadder *lq, LqRung *r)
{
    LqBucket *bk = &r->buckets[r->cur];
    if (r->cur + LQ_AHEAD < r->nbuckets) {         /* a node is a random read: start early */
        uint32_t h = r->buckets[r->cur + LQ_AHEAD].head;
        if (h != NIL)
            __builtin_prefetch(&lq->nodes[h]);
    }
    bottom_reserve(lq, bk->count);
    SimKey *out = lq->bottom + lq->bend;
    size_t n = 0;
    for (uint32_t i = bk->head, next; i != NIL; i = next) {
        next = lq->nodes[i].next;
        out[n++] = lq->nodes[i].key;
        node_free(lq, i);
    }
    keys_sort(out, n);
    lq->bend += n;
    *bk = (LqBucket){ NIL, 0 };
    rung_advance(r);
}

/* Fills the empty bottom from the finest rung (splitting big buckets, dropping spent rungs,
 * opening rung 0 from top when none is left), then takes the next small buckets of that
 * rung too while the bottom is short, so the keys of the next few dispatches are known in
 * order.  FALSE if the ladder is empty. */
static gboolean refill(SimLadder *lq)
{
    lq->bhead = lq->bend = 0;
    for (;;) {
        if (lq->nrungs == 0) {
            if (lq->ntop == 0)
                return FALSE;
            top_to_rung(lq);
        }
        LqRung *r = &lq->rungs[lq->nrungs - 1];
        while (r->cur < r->nbuckets && r->buckets[r->cur].head == NIL)
            r->cur++;
        r->cur_ns = rung_at(r, r->cur);
        if (r->cur == r->nbuckets) {
            lq->nrungs--;
            continue;
        }
        if (bucket_split(lq, r))
            continue;
        bucket_to_bottom(lq, r);
        for (uint32_t scan = 0; lq->bend < LQ_BOTTOM_MIN && scan < LQ_SCAN
                                && r->cur < r->nbuckets; scan++) {
            uint32_t c = r->buckets[r->cur].count;
            if (c > LQ_THRES)
                break;
            if (c)
                bucket_to_bottom(lq, r);
            else
                rung_advance(r);
        }
        return TRUE;
    }
}

const SimKey *sim_ladder_min(SimLadder *lq)
{
    if (lq->bhead == lq->bend && !refill(lq))
        return NULL;
    return &lq->bottom[lq->bhead];
}

void sim_ladder_pop(SimLadder *lq)
{
    g_assert(lq->bhead < lq->bend);
    lq->bhead++;
    lq->size--;
}

const SimKey *sim_ladder_peek_ahead(const SimLadder *lq, size_t ahead)
{
    size_t i = lq->bhead + ahead;
    return i < lq->bend ? &lq->bottom[i] : NULL;
}

size_t sim_ladder_drain(SimLadder *lq, SimKey *out)
{
    size_t n = 0;
    memcpy(out, lq->top, lq->ntop * sizeof(SimKey));
    n += lq->ntop;
    for (uint32_t r = 0; r < lq->nrungs; r++) {
        const LqRung *rg = &lq->rungs[r];
        for (uint32_t b = rg->cur; b < rg->nbuckets; b++)
            for (uint32_t i = rg->buckets[b].head; i != NIL; i = lq->nodes[i].next)
                out[n++] = lq->nodes[i].key;
    }
    memcpy(out + n, lq->bottom + lq->bhead, (lq->bend - lq->bhead) * sizeof(SimKey));
    n += lq->bend - lq->bhead;
    g_assert(n == lq->size);
    reset(lq);
    return n;
}
