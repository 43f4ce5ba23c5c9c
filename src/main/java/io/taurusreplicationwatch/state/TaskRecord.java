package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taurusreplicationwatch.api.TaskSnapshot;

/**
 * What the service remembers of one task: the snapshot last published for it, the sequence number of that event,
 * and for how many complete polls in a row the task has not been listed. A record whose task was announced as
 * removed stays behind as a tombstone ({@code removedAt} set) so that a task that comes back continues its sequence
 * instead of reusing event ids a consumer has already seen.
 */
public record TaskRecord(@JsonProperty("project_id") String projectId,
                         @JsonProperty("instance_id") String instanceId,
                         @JsonProperty("task_name") String taskName,
                         @JsonProperty("seq") long seq,
                         @JsonProperty("snapshot") TaskSnapshot snapshot,
                         @JsonProperty("missed_polls") int missedPolls,
                         @JsonProperty("removed_at") String removedAt) {

    public String taskKey() {
        return TaskKeys.of(instanceId, taskName);
    }

    public boolean removed() {
        return removedAt != null;
    }

    public TaskRecord withMissedPolls(int missed) {
        return new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missed, removedAt);
    }
}
