package io.taurusreplicationwatch.observability;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One acknowledged change event as the board's JSON shows it: {@code type} is the last part of its {@code ce_type}
 * ({@code discovered}, {@code changed}, {@code removed}, ...), status and stage are those it announced ({@code null}
 * for a removal), {@code time} its {@code ce_time}.
 */
public record BoardEvent(@JsonProperty("ce_id") String id,
                         @JsonProperty("type") String type,
                         @JsonProperty("project_id") String projectId,
                         @JsonProperty("instance_id") String instanceId,
                         @JsonProperty("task_name") String taskName,
                         @JsonProperty("seq") long seq,
                         @JsonProperty("status") String status,
                         @JsonProperty("stage") String stage,
                         @JsonProperty("time") String time) {
}
