/* sim/sweep/config.c — the `sweep:` block's key table; see config.h. */
#include "sim/sweep/config.h"

static const char *const sweep_log_names[] = { "auto", "on", "off", NULL };

#define SWEEP_VALUES_JSON                                                                   \
    "\"oneOf\": [{ \"type\": \"array\", \"items\": { \"type\": [\"string\", \"number\"] } }, " \
    "{ \"type\": \"object\", \"properties\": { \"values\": { \"type\": \"array\" } }, "     \
    "\"required\": [\"values\"], \"additionalProperties\": false }, "                       \
    "{ \"type\": \"object\", \"properties\": { \"from\": { \"type\": \"number\" }, "        \
    "\"to\": { \"type\": \"number\" }, \"step\": { \"type\": \"number\", "                  \
    "\"exclusiveMinimum\": 0 }, \"unit\": { \"type\": \"string\" } }, "                     \
    "\"required\": [\"from\", \"to\", \"step\"], \"additionalProperties\": false }]"

const ScnKey scn_sweep_keys[] = {
    { .key = "parameters", .type = SCN_KEY_CUSTOM, .offset = SCN_NO_FIELD,
      .json = "\"type\": \"object\", \"additionalProperties\": { " SWEEP_VALUES_JSON " }",
      .type_doc = "mapping", .def_doc = "none",
      .doc = "PATH (as in `--set`: `hosts.0.cores`, `vms.web.count`) → a list of values, "
             "`{values: [...]}` or `{from, to, step, unit}`; the cartesian product is run, "
             "the last parameter varying fastest" },
    { .key = "points", .type = SCN_KEY_LIST, .offset = SCN_NO_FIELD,
      .json = "\"type\": \"array\", \"items\": { \"type\": \"object\", "
              "\"additionalProperties\": { \"type\": [\"string\", \"number\"] } }",
      .type_doc = "list", .def_doc = "none",
      .doc = "instead of `parameters`: explicit points `{ PATH: value, ... }`, each setting "
             "every parameter any point sets" },
    { .key = "replications", .type = SCN_KEY_INT,
      .offset = offsetof(ScnSweepSettings, replications), .lo = 1, .hi = 1000000, .def = "1",
      .doc = "1 .. 1000000: runs per point, each with its own seed" },
    { .key = "charts", .type = SCN_KEY_CUSTOM, .offset = SCN_NO_FIELD,
      .json = "\"type\": \"array\", \"items\": { \"type\": \"string\" }",
      .type_doc = "list of metrics", .def_doc = "every metric that varies",
      .doc = "headline metrics of summary.json to chart against each parameter" },
    { .key = "question", .type = SCN_KEY_STRING,
      .offset = offsetof(ScnSweepSettings, question), .def_doc = "none",
      .doc = "the question the sweep answers: the heading of its report.html" },
    { .key = "log_y", .type = SCN_KEY_ENUM, .names = sweep_log_names,
      .offset = offsetof(ScnSweepSettings, log_y), .def = "auto",
      .doc = "the charts' value axis: `auto` is logarithmic when a metric's positive means "
             "span more than two decades" },
    { NULL },
};

void scn_sweep_settings_init(ScnSweepSettings *s)
{
    scn_schema_defaults(scn_sweep_keys, s);
}

void scn_sweep_settings_clear(ScnSweepSettings *s)
{
    scn_schema_clear(scn_sweep_keys, s);
}
