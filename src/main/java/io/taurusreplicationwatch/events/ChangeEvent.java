package io.taurusreplicationwatch.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.util.List;

/**
 * The value of a change event, as documented by {@code schemas/replication-change-event.schema.json}. Its type
 * travels in the {@code ce_type} header, not in the value; {@code before} is null for a discovered task and
 * {@code after} for a removed one.
 */
@JsonPropertyOrder({"project_id", "instance_id", "task_name", "seq", "changed_fields", "before", "after",
        "observed_at", "poll_id"})
public record ChangeEvent(@JsonIgnore ChangeType type,
                          @JsonProperty("project_id") String projectId,
                          @JsonProperty("instance_id") String instanceId,
                          @JsonProperty("task_name") String taskName,
                          @JsonProperty("seq") long seq,
                          @JsonProperty("changed_fields") List<String> changedFields,
                          @JsonProperty("before") TaskSnapshot before,
                          @JsonProperty("after") TaskSnapshot after,
                          @JsonProperty("observed_at") String observedAt,
                          @JsonProperty("poll_id") String pollId) {

    /** The CloudEvents id: stable across redeliveries of this event, new for every later change of the task. */
    public String id() {
        return instanceId + "/" + taskName + "/" + seq;
    }

    public String source() {
        return "/projects/" + projectId + "/instances/" + instanceId;
    }
}
