/* sim/yaml/emit.h — the small YAML writer behind resolved.yaml, shared by the section writers.
 *
 * A ScnWriter wraps a libyaml emitter writing into a GString.  Helpers emit one event each
 * (a scalar, the start or end of a map or sequence) or a key with its value; quantities are
 * written in their SI base unit with the shortest decimal that parses back to the same double
 * (scn_unit_format_exact), so a written scenario loads to the same values.  An emitter
 * failure is a bug (g_error).  Ownership: the caller owns `out`.
 */
#ifndef SIM_YAMLWRITE_H
#define SIM_YAMLWRITE_H

#include <glib.h>
#include <stdint.h>
#include <yaml.h>

#include "sim/core/units.h"

typedef struct {
    yaml_emitter_t emitter;
    GString       *out;
} ScnWriter;

/* libyaml output callback appending to ((ScnWriter *)data)->out. */
int  scn_yaml_writer_sink(void *data, unsigned char *buffer, size_t size);
void scn_yaml_emit(ScnWriter *w, yaml_event_t *ev);
void scn_yaml_scalar(ScnWriter *w, const char *text);
void scn_yaml_map_begin(ScnWriter *w, gboolean flow);
void scn_yaml_map_end(ScnWriter *w);
void scn_yaml_seq_begin(ScnWriter *w, gboolean flow);
void scn_yaml_seq_end(ScnWriter *w);
void scn_yaml_kv(ScnWriter *w, const char *key, const char *value);
void scn_yaml_kv_unit(ScnWriter *w, const char *key, double value, ScnUnitKind kind);
void scn_yaml_kv_int(ScnWriter *w, const char *key, int64_t value);

#endif
