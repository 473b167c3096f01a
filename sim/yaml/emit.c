/* sim/yaml/emit.c — libyaml emitter helpers; see yamlwrite.h. */
#include "sim/yaml/emit.h"

#include <string.h>

int scn_yaml_writer_sink(void *data, unsigned char *buffer, size_t size)
{
    g_string_append_len(((ScnWriter *)data)->out, (const char *)buffer, (gssize)size);
    return 1;
}

void scn_yaml_emit(ScnWriter *w, yaml_event_t *ev)
{
    if (!yaml_emitter_emit(&w->emitter, ev))
        g_error("resolved.yaml: libyaml emitter failed: %s", w->emitter.problem);
}

void scn_yaml_scalar(ScnWriter *w, const char *text)
{
    yaml_event_t ev;
    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1,
                                 YAML_ANY_SCALAR_STYLE);
    scn_yaml_emit(w, &ev);
}

void scn_yaml_map_begin(ScnWriter *w, gboolean flow)
{
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    scn_yaml_emit(w, &ev);
}

void scn_yaml_map_end(ScnWriter *w)
{
    yaml_event_t ev;
    yaml_mapping_end_event_initialize(&ev);
    scn_yaml_emit(w, &ev);
}

void scn_yaml_seq_begin(ScnWriter *w, gboolean flow)
{
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                         flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    scn_yaml_emit(w, &ev);
}

void scn_yaml_seq_end(ScnWriter *w)
{
    yaml_event_t ev;
    yaml_sequence_end_event_initialize(&ev);
    scn_yaml_emit(w, &ev);
}

void scn_yaml_kv(ScnWriter *w, const char *key, const char *value)
{
    scn_yaml_scalar(w, key);
    scn_yaml_scalar(w, value);
}

void scn_yaml_kv_unit(ScnWriter *w, const char *key, double value, ScnUnitKind kind)
{
    g_autofree char *text = scn_unit_format_exact(value, kind);
    scn_yaml_kv(w, key, text);
}

void scn_yaml_kv_int(ScnWriter *w, const char *key, int64_t value)
{
    g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, value);
    scn_yaml_kv(w, key, text);
}

