package io.taurusreplicationwatch.observability;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One task's last published state as the board's JSON shows it, the event contract's field names and values.
 * {@code since} is when its tracked fields last changed (ISO-8601 instant, {@code null} when not known);
 * {@code problems} names what makes it a problem: {@code status_no}, {@code paused}, {@code stalled},
 * {@code instance_failing}; empty for a healthy task.
 */
public record BoardTask(@JsonProperty("project_id") String projectId,
                        @JsonProperty("instance_id") String instanceId,
                        @JsonProperty("task_name") String taskName,
                        @JsonProperty("source_database") String sourceDatabase,
                        @JsonProperty("target_database") String targetDatabase,
                        @JsonProperty("status") String status,
                        @JsonProperty("stage") String stage,
                        @JsonProperty("percentage") Object percentage,
                        @JsonProperty("catchup_stage") String catchupStage,
                        @JsonProperty("catchup_percentage") Object catchupPercentage,
                        @JsonProperty("seq") long seq,
                        @JsonProperty("since") String since,
                        @JsonProperty("stalled") boolean stalled,
                        @JsonProperty("problems") List<String> problems) {
}
