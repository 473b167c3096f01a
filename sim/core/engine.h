/* sim/core/engine.h — the discrete-event core: simulated time, the pending-event set, dispatch.
 *
 * Time is SimTimeNs, a signed 64-bit count of nanoseconds since t = 0; models may compute in
 * double, but every event time is an integer, so ordering is exact.  The pending set is a
 * 4-ary min-heap of compact keys (time, seq, slot), seq being a global insertion counter:
 * events at the same time run in the order they were scheduled, on every machine, every time.
 *
 * Event records live in a pool with a free list (no malloc per event).  A SimEventId packs
 * (slot index, generation), so a stale id is recognised and ignored.  Cancel is O(1) and
 * lazy (the heap entry is dropped when it surfaces, or when stale entries outnumber live
 * ones and the heap is rebuilt); schedule and reschedule cost O(log n) with n pending.
 *
 * The engine knows events, time and targets; nothing else.  It includes no model header.
 * Models register an event type once ({name, handler, payload_bytes}) and schedule against
 * their own objects.  A handler mutates only its target and schedules events.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/time.h"

typedef uint64_t SimEventId;        /* 0 is never a valid id */
typedef uint32_t SimEventTypeId;
typedef struct SimEngine SimEngine; /* opaque */

/* payload points to the engine's copy; valid only during the call. */
typedef void (*SimHandlerFn)(SimEngine *eng, void *target, const void *payload);

typedef struct {
    const char  *name;              /* "mig.round_done": used in traces and stats */
    SimHandlerFn handle;
    size_t       payload_bytes;     /* copied at schedule time; at most SIM_PAYLOAD_MAX */
} SimEventType;

#define SIM_PAYLOAD_MAX 48

SimEngine     *sim_engine_new(void);
void           sim_engine_free(SimEngine *eng);          /* NULL is a no-op */

/* Registers an event type; the same SimEventType pointer registered twice gets one id. */
SimEventTypeId sim_engine_register(SimEngine *eng, const SimEventType *type);

/* Schedules type at now + delay_ns (delay_ns >= 0, or it is a bug and aborts). */
SimEventId     sim_engine_schedule(SimEngine *eng, SimTimeNs delay_ns, SimEventTypeId type,
                                   void *target, const void *payload);
SimEventId     sim_engine_schedule_at(SimEngine *eng, SimTimeNs at_ns, SimEventTypeId type,
                                      void *target, const void *payload);
/* Removes a pending event; FALSE if id is 0, already dispatched or already cancelled. */
gboolean       sim_engine_cancel(SimEngine *eng, SimEventId id);
/* Moves a pending event to at_ns (>= now), keeping its payload; it gets a fresh sequence
 * number, as if scheduled now.  Returns the new id, or 0 if id was not pending. */
SimEventId     sim_engine_reschedule_at(SimEngine *eng, SimEventId id, SimTimeNs at_ns);
gboolean       sim_engine_is_pending(const SimEngine *eng, SimEventId id);
SimTimeNs      sim_engine_event_time_ns(const SimEngine *eng, SimEventId id); /* NEVER if not */

/* Dispatches events with time <= until_ns in (time, seq) order; the clock then reads
 * until_ns if the run was not stopped and until_ns is finite.  Returns events dispatched. */
uint64_t       sim_engine_run_until(SimEngine *eng, SimTimeNs until_ns);
/* Dispatches until the pending set is empty (or stop).  Returns events dispatched. */
uint64_t       sim_engine_run(SimEngine *eng);
/* Makes the current run_until/run return after the handler in progress. */
void           sim_engine_stop(SimEngine *eng);

SimTimeNs      sim_engine_now_ns(const SimEngine *eng);
SimTimeNs      sim_engine_next_time_ns(const SimEngine *eng);   /* NEVER if empty */
size_t         sim_engine_pending(const SimEngine *eng);
size_t         sim_engine_pending_max(const SimEngine *eng);    /* high-water mark */
uint64_t       sim_engine_dispatched(const SimEngine *eng);
/* 64-bit FNV-style fold of (time_ns, hash of type name) of every dispatched event. */
uint64_t       sim_engine_fingerprint(const SimEngine *eng);

/* Optional progress hook, called every `every` dispatched events (may be NULL to clear). */
typedef void (*SimProgressFn)(const SimEngine *eng, void *user);
void           sim_engine_set_progress(SimEngine *eng, uint64_t every, SimProgressFn fn,
                                       void *user);

/* Tests: renumber pending events when the sequence counter reaches `wrap` (normally
 * 2^32 - 2), so the renumbering that keeps FIFO ties past 4 billion events can be checked. */
void           sim_engine_set_seq_wrap(SimEngine *eng, uint32_t wrap);

#endif
