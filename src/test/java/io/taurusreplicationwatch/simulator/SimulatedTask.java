package io.taurusreplicationwatch.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One StarRocks replication task as the simulated service lists it.
 *
 * <p>{@code percentage} and {@code catchupPercentage} are {@code Object} on purpose: a test may store a number, a
 * numeric string, an odd string or null, and the {@link NumberStyle} decides how numbers go on the wire.
 * {@code extraFields} are merged into the task's JSON object (fields the service added beyond the API page,
 * e.g. {@code is_need_repair}); they may override a standard field to simulate a malformed answer.
 */
public record SimulatedTask(String sourceDatabase, String targetDatabase, String taskName, String status, String stage,
                            Object percentage, String catchupStage, Object catchupPercentage,
                            Map<String, Object> extraFields) {

    public SimulatedTask {
        Objects.requireNonNull(taskName, "taskName");
        // LinkedHashMap rather than Map.copyOf: keeps the field order on the wire and allows null values.
        extraFields = extraFields == null || extraFields.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
    }

    /** A task like the API page's example: 100 % done, no catch-up stage, catch-up 0 %. */
    public static SimulatedTask of(String taskName, String stage, String status) {
        return new SimulatedTask("src_" + taskName, "dst_" + taskName, taskName, status, stage,
                100, null, 0, Map.of());
    }

    public SimulatedTask withSourceDatabase(String value) {
        return new SimulatedTask(value, targetDatabase, taskName, status, stage, percentage, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withTargetDatabase(String value) {
        return new SimulatedTask(sourceDatabase, value, taskName, status, stage, percentage, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withTaskName(String value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, value, status, stage, percentage, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withStatus(String value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, value, stage, percentage, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withStage(String value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, status, value, percentage, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withPercentage(Object value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, status, stage, value, catchupStage, catchupPercentage, extraFields);
    }

    public SimulatedTask withCatchupStage(String value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, status, stage, percentage, value, catchupPercentage, extraFields);
    }

    public SimulatedTask withCatchupPercentage(Object value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, status, stage, percentage, catchupStage, value, extraFields);
    }

    /** Replaces all extra fields. */
    public SimulatedTask withExtraFields(Map<String, Object> value) {
        return new SimulatedTask(sourceDatabase, targetDatabase, taskName, status, stage, percentage, catchupStage, catchupPercentage, value);
    }

    /** Adds or replaces one extra field (a null value is written as JSON null). */
    public SimulatedTask withExtraField(String name, Object value) {
        Map<String, Object> merged = new LinkedHashMap<>(extraFields);
        merged.put(name, value);
        return withExtraFields(merged);
    }
}
