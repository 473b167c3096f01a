/* sim/elastic/provision.h — rapid provisioning: the pipeline from "start an instance" to
 * "instance ready", with no human step unless the scenario adds one.
 *
 * A request for an instance of a template (a VM or a container: image size, boot time)
 * goes through
 *   approval   a fixed delay (approval_delay; 0 = self-service, the default)
 *   placement  the model's callback picks a host, or rejects the request (fits nowhere)
 *   node       when the host is itself still coming up (a pod placed into a node VM that
 *              the cluster autoscaler has just started), the request waits until the
 *              host_ready_ns hook says it is up (optional hook; no wait without it)
 *   transfer   the image crosses the image store's bandwidth, a SimShare resource that all
 *              concurrent transfers share max-min fairly: N simultaneous transfers of S bytes
 *              over B bytes/s all finish after N·S/B (a boot storm saturates the store).
 *              Skipped when the host already caches the image (a host caches each image it
 *              received, unless cache_images is off; the model may pre-seed caches).
 *   boot       the template's boot time (hypervisor profile boot_ns: tens of seconds for a
 *              VM, ~0.1 s for a microVM, ~0.5 s for a container; Mao & Humphrey 2012,
 *              Agache et al. 2020, Felter et al. 2015 — docs/models.md)
 *   ready      the done hook fires
 * so time-to-ready = approval + node + transfer + boot (placement takes no simulated time).
 * Each part and the total are recorded per request in SimTallies (ns).
 *
 * Units: bytes, bytes/s, SimTimeNs.  Ownership: the provisioner owns its requests (valid
 * until sched_prov_free()); it borrows the engine and the share (which owns the store
 * resource; free the provisioner first).
 */
#ifndef SCHED_PROVISION_H
#define SCHED_PROVISION_H

#include <glib.h>
#include <stdint.h>

#include "sim/core/engine.h"
#include "sim/hypervisor/profile.h"
#include "sim/core/metrics.h"
#include "sim/core/share.h"
#include "sim/elastic/params.h"


typedef enum {
    SCHED_PROV_APPROVAL, SCHED_PROV_TRANSFER, SCHED_PROV_BOOT, SCHED_PROV_READY,
    SCHED_PROV_REJECTED,
    SCHED_PROV_NODE,          /* placed on a host that is not up yet: waits for it */
} SchedProvState;

typedef struct SchedProv SchedProv;

/* One request; read-only for callers. */
typedef struct {
    uint64_t                 id;           /* 1, 2, ... in submission order */
    const SchedProvTemplate *tpl;
    void                    *tag;          /* the submitter's */
    SchedProvState           state;
    uint32_t                 host;         /* valid from placement on */
    gboolean                 cached;       /* image was on the host: no transfer */
    SimTimeNs submit_ns, placed_ns, transferred_ns, ready_ns;   /* NEVER until reached */
    SimTimeNs host_up_ns;         /* when its host was up (placed_ns if it already was) */
    /* private */
    SchedProv   *prov;
    SimConsumer *xfer;
    SimEventId   ev;
} SchedProvRequest;

typedef struct {
    /* Picks a host for an instance of tpl; FALSE = fits nowhere (request rejected). */
    gboolean (*place)(void *user, const SchedProvTemplate *tpl, uint32_t *host_out);
    /* The request is READY (runs on req->host) or REJECTED.  May be NULL. */
    void     (*done)(void *user, SchedProvRequest *req);
    /* When host (as place returned it) is up; before then the request waits.  May be
     * NULL: every host is up. */
    SimTimeNs (*host_ready_ns)(void *user, uint32_t host);
} SchedProvHooks;

void        sched_prov_config_init(SchedProvConfig *cfg);   /* 0 approval, 1 Gbit/s, cache */
/* Template from a hypervisor profile: boot_ns, image_bytes; a container kind if the
 * profile is a container engine.  name = the profile's name. */
void        sched_prov_template_from_profile(SchedProvTemplate *tpl, const HvProfile *p);
const char *sched_unit_kind_name(SchedUnitKind k);
gboolean    sched_unit_kind_from_name(const char *name, SchedUnitKind *out);

SchedProv  *sched_prov_new(SimEngine *eng, SimShare *share, const SchedProvConfig *cfg,
                           const SchedProvHooks *hooks, void *user);
void        sched_prov_free(SchedProv *p);            /* cancels what is in flight */

/* Submits a request now; returns it (owned by p). */
SchedProvRequest *sched_prov_submit(SchedProv *p, const SchedProvTemplate *tpl, void *tag);
void        sched_prov_set_cached(SchedProv *p, uint32_t host, const SchedProvTemplate *tpl);
gboolean    sched_prov_is_cached(const SchedProv *p, uint32_t host, const SchedProvTemplate *tpl);

/* Nominal time-to-ready of an isolated request with an uncached image. */
SimTimeNs   sched_prov_nominal_ns(const SchedProv *p, const SchedProvTemplate *tpl);
guint       sched_prov_in_flight(const SchedProv *p);
guint       sched_prov_rejected(const SchedProv *p);
guint       sched_prov_requests(const SchedProv *p);
SchedProvRequest *sched_prov_request(const SchedProv *p, guint i);   /* in submission order */
SimResource *sched_prov_store(const SchedProv *p);
/* Per READY request, in ns: total, approval (submit→placed), transfer, boot. */
SimTally   *sched_prov_time_to_ready(SchedProv *p);
SimTally   *sched_prov_approval_time(SchedProv *p);
SimTally   *sched_prov_transfer_time(SchedProv *p);
SimTally   *sched_prov_boot_time(SchedProv *p);

#endif
