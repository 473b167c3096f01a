/* sim/plan/config.c — the `planning:` section's key table; see config.h. */
#include "sim/plan/config.h"

#include <math.h>

/* (0, 100 %]: any positive target up to full, in one message. */
static gboolean read_target(void *obj, ScnDoc *d, ScnNode *n, GError **error)
{
    double v;
    if (!scn_get_quantity(d, n, SCN_UNIT_FRAC, -INFINITY, INFINITY, &v, error))
        return FALSE;
    if (!(v > 0 && v <= 1))
        return scn_fail(error, d, n, SCN_ERROR_RANGE, "target_util %s is outside (0 %%, 100 %%] "
                        "(expected a utilization above 0 and at most 100 %%)", scn_scalar(n));
    ((ScnPlanning *)obj)->target_util_frac = v;
    return TRUE;
}

const ScnKey scn_planning_keys[] = {
    { .key = "target_util", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnPlanning, target_util_frac), .lo = 0.0001, .hi = 1, .def = "70%",
      .read = read_target,
      .doc = "above 0 .. 100 %: a host whose utilization percentile is above it is over target" },
    { .key = "percentile", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .offset = offsetof(ScnPlanning, percentile), .lo = 1, .hi = 100, .def = "95",
      .doc = "1 .. 100: the percentile over time of each host's utilization held to the target" },
    { .key = "max_unmet", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_FRAC,
      .offset = offsetof(ScnPlanning, max_unmet_frac), .lo = 0, .hi = 1, .def = "1%",
      .doc = "0 .. 100 %; `vdcsim plan`: the largest unmet demand (headline "
             "`unmet_demand_frac`) a feasible count may have" },
    { .key = "group", .type = SCN_KEY_STRING, .offset = offsetof(ScnPlanning, group),
      .def_doc = "the first host entry",
      .doc = "`vdcsim plan`: the host group (a host entry's `name`) whose `count` it varies" },
    { .key = "min_hosts", .type = SCN_KEY_INT, .offset = offsetof(ScnPlanning, min_hosts),
      .lo = 1, .hi = 10000000, .def = "1", .doc = "1 .. 10^7; `vdcsim plan`: the smallest count tried" },
    { .key = "max_hosts", .type = SCN_KEY_INT, .offset = offsetof(ScnPlanning, max_hosts),
      .lo = 0, .hi = 10000000, .def = "0", .def_doc = "`0`: the group's `count`",
      .doc = "0 .. 10^7; `vdcsim plan`: the largest count tried" },
    { .key = "replications", .type = SCN_KEY_INT, .offset = offsetof(ScnPlanning, replications),
      .lo = 1, .hi = 1000, .def = "1",
      .doc = "1 .. 1000; `vdcsim plan`: seeds per count; a count is feasible when every "
             "replication is" },
    { .key = "max_runs", .type = SCN_KEY_INT, .offset = offsetof(ScnPlanning, max_runs),
      .lo = 1, .hi = 100000, .def = "64",
      .doc = "1 .. 100000; `vdcsim plan`: runs per alternative before it stops with a bracket" },
    { .key = "host_cost", .type = SCN_KEY_QUANTITY, .unit = SCN_UNIT_RATIO,
      .offset = offsetof(ScnPlanning, host_cost_per_day), .lo = 0, .hi = 1e12, .def = "0",
      .doc = "0 ..; `vdcsim plan`: cost of one host per day, any currency (`0`: no cost column)" },
    { NULL },
};

const ScnSection scn_planning_section = {
    .name = "planning", .what = "planning", .keys = scn_planning_keys, .flow = TRUE,
    .doc = "Capacity targets: the headline's hosts over target, and `vdcsim plan`",
};
