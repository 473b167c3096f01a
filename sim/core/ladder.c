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
 *  - Buckets before cur are empty.  A bucket is a list of chunks of 3 keys (one cache line
 *    each) from one pool, newest first; only the newest chunk may be part full, so a
 *    bucket's count says how full it is: taking a bucket down reads one line per 3 keys.
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
#define LQ_AHEAD      16u           /* refill prefetches the bucket this far on */
#define LQ_CHUNK      3u            /* keys per chunk */
#define LQ_LINE       64u
#define NIL           UINT32_MAX

typedef struct {
    SimKey   key[LQ_CHUNK];
    uint32_t next;                  /* the bucket's older chunk, or the free list's next */
    uint32_t pad[3];                /* one chunk, one cache line */
} LqChunk;

G_STATIC_ASSERT(sizeof(LqChunk) == LQ_LINE);

typedef struct {
    uint32_t head, count;           /* head: newest chunk (any if count is 0) */
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
    LqChunk  *chunks;               /* line-aligned (g_aligned_alloc) */
    uint32_t  nchunks, cap_chunks, free_chunk;
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
    lq->nchunks = 0;
    lq->free_chunk = NIL;
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
    g_aligned_free(lq->chunks);
    g_free(lq);
}

size_t sim_ladder_size(const SimLadder *lq)
{
    return lq->size;
}

/* ---- chunks and rungs ---- */

static uint32_t chunk_alloc(SimLadder *lq)
{
    if (lq->free_chunk != NIL) {
        uint32_t i = lq->free_chunk;
        lq->free_chunk = lq->chunks[i].next;
        return i;
    }
    if (lq->nchunks == lq->cap_chunks) {
        lq->cap_chunks = lq->cap_chunks ? lq->cap_chunks * 2 : 1024;
        LqChunk *chunks = g_aligned_alloc(lq->cap_chunks, sizeof(LqChunk), LQ_LINE);
        if (lq->nchunks)
            memcpy(chunks, lq->chunks, (size_t)lq->nchunks * sizeof(LqChunk));
        g_aligned_free(lq->chunks);
        lq->chunks = chunks;
    }
    return lq->nchunks++;
}

static void chunk_free(SimLadder *lq, uint32_t i)
{
    lq->chunks[i].next = lq->free_chunk;
    lq->free_chunk = i;
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
        r->buckets[b].count = 0;
    return r;
}

static void bucket_add(SimLadder *lq, LqBucket *bk, SimKey key)
{
    uint32_t k = bk->count % LQ_CHUNK;
    if (k == 0) {
        uint32_t c = chunk_alloc(lq);
        lq->chunks[c].next = bk->count ? bk->head : NIL;
        bk->head = c;
    }
    lq->chunks[bk->head].key[k] = key;
    bk->count++;
}

static void rung_insert(SimLadder *lq, LqRung *r, SimKey key)
{
    uint64_t b = (uint64_t)(key.time_ns - r->start_ns) / r->width_ns;
    g_assert(b < r->nbuckets);
    bucket_add(lq, &r->buckets[b], key);
}

/* Copies the keys of bk to out[] (bk->count of them), frees its chunks, empties it. */
static void bucket_take(SimLadder *lq, LqBucket *bk, SimKey *out)
{
    if (bk->count == 0)
        return;
    uint32_t fill = (bk->count - 1) % LQ_CHUNK + 1;     /* of the newest chunk */
    for (uint32_t c = bk->head, next; c != NIL; c = next, fill = LQ_CHUNK) {
        next = lq->chunks[c].next;
        memcpy(out, lq->chunks[c].key, fill * sizeof(SimKey));
        out += fill;
        chunk_free(lq, c);
    }
    bk->count = 0;
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

/* Spreads the n keys at bottom[0 ..) (a bucket of rung r just taken, ending at end_ns) over
 * a new finer rung if there are many and they differ in time; TRUE if it did. */
static gboolean bucket_split(SimLadder *lq, const LqRung *r, size_t n, uint64_t end_ns)
{
    if (n <= LQ_THRES || lq->nrungs == LQ_RUNGS || r->width_ns == 1)
        return FALSE;
    SimTimeNs lo = lq->bottom[0].time_ns, hi = lo;
    for (size_t i = 1; i < n; i++) {
        lo = MIN(lo, lq->bottom[i].time_ns);
        hi = MAX(hi, lq->bottom[i].time_ns);
    }
    if (lo == hi)
        return FALSE;
    LqRung *fine = rung_open(lq, lo, end_ns - (uint64_t)lo, n);
    for (size_t i = 0; i < n; i++)
        rung_insert(lq, fine, lq->bottom[i]);
    return TRUE;
}

/* Appends rung r's current bucket, sorted, to the bottom: its keys follow every key there;
 * returns how many keys it moved. */
static size_t bucket_to_bottom(SimLadder *lq, LqRung *r)
{
    LqBucket *bk = &r->buckets[r->cur];
    if (r->cur + LQ_AHEAD < r->nbuckets) {        /* a chunk is a random read: start early */
        const LqBucket *on = &r->buckets[r->cur + LQ_AHEAD];
        if (on->count)
            __builtin_prefetch(&lq->chunks[on->head]);
    }
    size_t n = bk->count;
    bottom_reserve(lq, n);
    bucket_take(lq, bk, lq->bottom + lq->bend);
    rung_advance(r);
    return n;
}

/* Appends the next small buckets of the finest rung to the bottom while it holds fewer than
 * LQ_BOTTOM_MIN keys, so the keys of the next few dispatches are known in order. */
static void bottom_top_up(SimLadder *lq)
{
    if (lq->nrungs == 0)
        return;
    LqRung *r = &lq->rungs[lq->nrungs - 1];
    for (uint32_t scan = 0; lq->bend - lq->bhead < LQ_BOTTOM_MIN && scan < LQ_SCAN
                            && r->cur < r->nbuckets; scan++) {
        size_t c = r->buckets[r->cur].count;
        if (c > LQ_THRES)
            break;
        if (c == 0) {
            rung_advance(r);
            continue;
        }
        bucket_to_bottom(lq, r);
        keys_sort(lq->bottom + lq->bend, c);
        lq->bend += c;
    }
}

/* Fills the empty bottom from the finest rung (splitting big buckets, dropping spent rungs,
 * opening rung 0 from top when none is left), then tops it up.  FALSE if the ladder is
 * empty. */
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
        while (r->cur < r->nbuckets && r->buckets[r->cur].count == 0)
            r->cur++;
        r->cur_ns = rung_at(r, r->cur);
        if (r->cur == r->nbuckets) {
            lq->nrungs--;
            continue;
        }
        uint64_t end_ns = (uint64_t)r->start_ns + (uint64_t)(r->cur + 1) * r->width_ns;
        size_t n = bucket_to_bottom(lq, r);
        if (bucket_split(lq, r, n, end_ns))
            continue;
        keys_sort(lq->bottom, n);
        lq->bend = n;
        bottom_top_up(lq);
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
    if (lq->bend - lq->bhead < LQ_BOTTOM_MIN / 2)
        bottom_top_up(lq);
}

const SimKey *sim_ladder_peek_ahead(const SimLadder *lq, size_t ahead)
{
    size_t i = lq->bhead + ahead;
    return i < lq->bend ? &lq->bottom[i] : NULL;
}

size_t sim_ladder_drain(SimLadder *lq, SimKey *out)
{
    size_t n = lq->ntop;
    if (n)                          /* top may be NULL while empty */
        memcpy(out, lq->top, n * sizeof(SimKey));
    for (uint32_t r = 0; r < lq->nrungs; r++) {
        const LqRung *rg = &lq->rungs[r];
        for (uint32_t b = rg->cur; b < rg->nbuckets; b++) {
            size_t c = rg->buckets[b].count;
            bucket_take(lq, &rg->buckets[b], out + n);
            n += c;
        }
    }
    if (lq->bend > lq->bhead)
        memcpy(out + n, lq->bottom + lq->bhead, (lq->bend - lq->bhead) * sizeof(SimKey));
    n += lq->bend - lq->bhead;
    g_assert(n == lq->size);
    reset(lq);
    return n;
}
