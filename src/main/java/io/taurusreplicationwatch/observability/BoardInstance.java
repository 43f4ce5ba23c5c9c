package io.taurusreplicationwatch.observability;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One watched instance's polls as the board's JSON shows them. {@code health} is {@code ok} (last poll complete),
 * {@code incomplete}, {@code failing} or {@code not_polled}; {@code error_code} and {@code advice} are those of the
 * last poll, {@code null} after a complete one. Times are ISO-8601 instants.
 */
public record BoardInstance(@JsonProperty("project_id") String projectId,
                            @JsonProperty("instance_id") String instanceId,
                            @JsonProperty("health") String health,
                            @JsonProperty("last_poll_at") String lastPollAt,
                            @JsonProperty("last_outcome") String lastOutcome,
                            @JsonProperty("error_code") String errorCode,
                            @JsonProperty("advice") String advice,
                            @JsonProperty("consecutive_failures") int consecutiveFailures,
                            @JsonProperty("last_success_at") String lastSuccessAt,
                            @JsonProperty("next_poll_at") String nextPollAt,
                            @JsonProperty("polling") boolean polling,
                            @JsonProperty("tasks_listed") int tasksListed,
                            @JsonProperty("tasks") int tasks) {

    public boolean failing() {
        return "failing".equals(health);
    }
}
