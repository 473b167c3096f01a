/* sim/core/share.h — fluid sharing of resources: weighted max-min fair rates.
 *
 * A resource (a host's cores, a network link, a device's bandwidth) has a capacity in units
 * per second (cycles/s, bytes/s).  A consumer (a vCPU's work, a flow, an I/O stream) crosses
 * one or more resources and has a weight, an optional cap on its rate, an amount of work
 * left (INFINITY for "runs until stopped") and an efficiency: it draws `rate` units/s from
 * every resource it crosses, and its work shrinks by rate × efficiency per second (a VM that
 * runs at 80 % of native speed burns cycles at `rate` but makes progress at 0.8 × rate).
 *
 * Rates are weighted max-min fair (progressive filling, as in SimGrid's LMM): every
 * unfrozen consumer runs at weight × λ; λ grows until a resource saturates or a consumer
 * reaches its cap; those consumers freeze; repeat.  Invariants after every solve: no
 * resource above capacity, no consumer above its cap, and a consumer's rate can only be
 * raised by lowering one whose rate/weight is no larger.
 *
 * Changes (start, stop, weight, cap, capacity, efficiency) mark the touched consumer's
 * connected component dirty; one zero-delay engine event then re-solves only the dirty
 * components, settles every consumer there lazily (remaining -= rate × efficiency × dt) and
 * reschedules its completion event.  Solving a component of C consumers over R resources
 * costs O(k × (C + R)) for k freeze steps.
 *
 * Ownership: the SimShare owns resources and consumers; sim_share_free() frees them all.
 */
#ifndef SIM_SHARE_H
#define SIM_SHARE_H

#include "sim/core/engine.h"

typedef struct SimShare    SimShare;
typedef struct SimResource SimResource;
typedef struct SimConsumer SimConsumer;

/* Called (from an engine event) when a consumer's work reaches zero; the consumer is then
 * stopped but not freed: the callback may free it, restart it with new work, or keep it. */
typedef void (*SimShareDoneFn)(SimShare *share, SimConsumer *c, void *owner);

SimShare    *sim_share_new(SimEngine *eng);
void         sim_share_free(SimShare *share);                        /* NULL is a no-op */

SimResource *sim_share_resource_new(SimShare *share, const char *name, double capacity_per_s);
void         sim_share_resource_set_capacity(SimShare *share, SimResource *r,
                                             double capacity_per_s);
double       sim_share_resource_capacity(const SimResource *r);
double       sim_share_resource_used(const SimResource *r);        /* Σ rates, units/s */
const char  *sim_share_resource_name(const SimResource *r);
/* Called after every solve that changes the resource's use (may be NULL). */
typedef void (*SimResourceFn)(SimResource *r, double used_per_s, void *user);
void         sim_share_resource_watch(SimResource *r, SimResourceFn fn, void *user);

/* A new consumer is stopped; attach resources, then start it. */
SimConsumer *sim_share_consumer_new(SimShare *share, double weight, double cap_per_s,
                                    SimShareDoneFn done, void *owner);
void         sim_share_consumer_attach(SimShare *share, SimConsumer *c, SimResource *r);
void         sim_share_consumer_detach_all(SimShare *share, SimConsumer *c);  /* stopped only */
/* Starts with `work` units (INFINITY: until stopped). */
void         sim_share_consumer_start(SimShare *share, SimConsumer *c, double work);
/* Stops it; settles and keeps the remaining work (read it with _remaining). */
void         sim_share_consumer_stop(SimShare *share, SimConsumer *c);
void         sim_share_consumer_free(SimShare *share, SimConsumer *c);  /* NULL is a no-op */

void         sim_share_consumer_set_weight(SimShare *share, SimConsumer *c, double weight);
void         sim_share_consumer_set_cap(SimShare *share, SimConsumer *c, double cap_per_s);
void         sim_share_consumer_set_efficiency(SimShare *share, SimConsumer *c, double eff);

gboolean     sim_share_consumer_running(const SimConsumer *c);
double       sim_share_consumer_rate(const SimConsumer *c);        /* units/s drawn */
double       sim_share_consumer_remaining(SimShare *share, SimConsumer *c); /* settled */
double       sim_share_consumer_consumed(SimShare *share, SimConsumer *c);  /* Σ units drawn */
/* Σ units drawn × efficiency: the useful work done, also for consumers with no work limit. */
double       sim_share_consumer_progress(SimShare *share, SimConsumer *c);
void        *sim_share_consumer_owner(const SimConsumer *c);
/* Called whenever the consumer's rate may have changed: it was started, stopped or re-solved
 * (may be NULL).  Lets an owner keep state derived from the rate without polling it. */
typedef void (*SimConsumerFn)(SimConsumer *c, void *user);
void         sim_share_consumer_watch(SimConsumer *c, SimConsumerFn fn, void *user);

/* Solves now rather than at the end of the instant (tests, and readers that need rates). */
void         sim_share_flush(SimShare *share);
uint64_t     sim_share_solves(const SimShare *share);            /* component solves run */

#endif
