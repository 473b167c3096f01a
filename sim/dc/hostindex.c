/* sim/dc/hostindex.c — a max segment tree over host room; see hostindex.h. */
#include "sim/dc/hostindex.h"

typedef struct {
    double vcpu_room, memory_room;
} SimRoom;

struct SimHostIndex {
    guint    n, size;      /* size: leaves, a power of two >= n */
    SimRoom *node;         /* 2 × size; node 1 is the root, leaves at size + i */
};

SimHostIndex *sim_host_index_new(guint n_hosts)
{
    SimHostIndex *ix = g_new0(SimHostIndex, 1);
    ix->n = n_hosts;
    ix->size = 1;
    while (ix->size < MAX(n_hosts, 1u))
        ix->size *= 2;
    ix->node = g_new0(SimRoom, 2 * ix->size);
    return ix;
}

void sim_host_index_free(SimHostIndex *ix)
{
    if (!ix)
        return;
    g_free(ix->node);
    g_free(ix);
}

void sim_host_index_set(SimHostIndex *ix, guint host, double vcpu_room, double memory_room_bytes)
{
    g_assert(host < ix->n);
    guint i = ix->size + host;
    ix->node[i] = (SimRoom){ vcpu_room, memory_room_bytes };
    for (i /= 2; i >= 1; i /= 2) {
        const SimRoom *l = &ix->node[2 * i], *r = &ix->node[2 * i + 1];
        ix->node[i] = (SimRoom){ MAX(l->vcpu_room, r->vcpu_room),
                                 MAX(l->memory_room, r->memory_room) };
    }
}

static gboolean covers(const SimRoom *r, double vcpus, double memory)
{
    return r->vcpu_room >= vcpus - 1e-9 && r->memory_room >= memory;
}

static int descend(const SimHostIndex *ix, guint i, double vcpus, double memory)
{
    if (!covers(&ix->node[i], vcpus, memory))
        return -1;
    if (i >= ix->size)
        return (int)(i - ix->size);
    int left = descend(ix, 2 * i, vcpus, memory);
    return left >= 0 ? left : descend(ix, 2 * i + 1, vcpus, memory);
}

int sim_host_index_first_fit(const SimHostIndex *ix, double vcpus, double memory_bytes)
{
    return descend(ix, 1, vcpus, memory_bytes);
}
