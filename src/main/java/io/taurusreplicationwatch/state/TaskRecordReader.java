package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one {@link TaskRecord} from a streaming parser, field by field. Start-up reads every record of the state
 * this way: binding each through Jackson's record deserializer cost most of the first load in a fresh JVM. Values
 * decode as {@link Json#mapper()} decodes them (integers as {@code Long}), so a record reads back equal to the one
 * written.
 */
final class TaskRecordReader {

    private TaskRecordReader() {
    }

    /** The record whose {@code START_OBJECT} the parser is at; null if the entry is not an object. */
    static TaskRecord read(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String projectId = null;
        String instanceId = null;
        String taskName = null;
        long seq = 0;
        TaskSnapshot snapshot = null;
        int missedPolls = 0;
        String removedAt = null;
        String changedAt = null;
        String progress = null;
        String progressAt = null;
        String stalledAt = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "project_id" -> projectId = text(json, value, field);
                case "instance_id" -> instanceId = text(json, value, field);
                case "task_name" -> taskName = text(json, value, field);
                case "seq" -> seq = number(json, value, field);
                case "missed_polls" -> missedPolls = (int) number(json, value, field);
                case "removed_at" -> removedAt = text(json, value, field);
                case "changed_at" -> changedAt = text(json, value, field);
                case "progress" -> progress = text(json, value, field);
                case "progress_at" -> progressAt = text(json, value, field);
                case "stalled_at" -> stalledAt = text(json, value, field);
                case "snapshot" -> snapshot = value == JsonToken.VALUE_NULL ? null : snapshot(json);
                default -> json.skipChildren();
            }
        }
        return new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missedPolls, removedAt, changedAt,
                progress, progressAt, stalledAt);
    }

    private static TaskSnapshot snapshot(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("a snapshot is not an object at " + json.currentLocation());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            fields.put(field, switch (value) {
                case VALUE_STRING -> json.getText();
                case VALUE_NUMBER_INT -> json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? json.getBigIntegerValue() : json.getLongValue();
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> Json.mapper().readValue(json, Object.class);
            });
        }
        return TaskSnapshot.fromFields(fields);
    }

    private static String text(JsonParser json, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException(field + " is not a string at " + json.currentLocation());
        }
        return json.getText();
    }

    private static long number(JsonParser json, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(field + " is not a whole number at " + json.currentLocation());
        }
        return json.getLongValue();
    }
}
