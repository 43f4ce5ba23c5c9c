package io.taurusreplicationwatch.observability;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything the status board shows, as one JSON answer: when it was taken, whether this process is the active
 * poller ({@code leader}) or a standby, every watched instance, every task the state tracks (removed ones left out),
 * and the last acknowledged events, newest first.
 */
public record BoardState(@JsonProperty("generated_at") String generatedAt,
                         @JsonProperty("role") String role,
                         @JsonProperty("instances") List<BoardInstance> instances,
                         @JsonProperty("tasks") List<BoardTask> tasks,
                         @JsonProperty("events") List<BoardEvent> events) {
}
