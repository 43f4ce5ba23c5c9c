package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.util.Objects;

/**
 * What the service remembers of one task: the snapshot last published for it, the sequence number of that event,
 * and for how many complete polls in a row the task has not been listed. A record whose task was announced as
 * removed stays behind as a tombstone ({@code removedAt} set) so that a task that comes back continues its sequence
 * instead of reusing event ids a consumer has already seen.
 * <p>
 * The times are ISO-8601 instants: {@code changedAt} when the tracked fields last changed, {@code progressAt} when
 * the task's progress ({@link StallWatch#progressOf}, kept in {@code progress}) last moved, {@code stalledAt} when
 * the task was announced as stalled (null unless it is). A state written before they were kept has them null until
 * the task's next event (changedAt) or poll (progressAt).
 */
public record TaskRecord(@JsonProperty("project_id") String projectId,
                         @JsonProperty("instance_id") String instanceId,
                         @JsonProperty("task_name") String taskName,
                         @JsonProperty("seq") long seq,
                         @JsonProperty("snapshot") TaskSnapshot snapshot,
                         @JsonProperty("missed_polls") int missedPolls,
                         @JsonProperty("removed_at") String removedAt,
                         @JsonProperty("changed_at") String changedAt,
                         @JsonProperty("progress") String progress,
                         @JsonProperty("progress_at") String progressAt,
                         @JsonProperty("stalled_at") String stalledAt) {

    /** A record without times, as a state written before they were kept holds it. */
    public TaskRecord(String projectId, String instanceId, String taskName, long seq, TaskSnapshot snapshot,
                      int missedPolls, String removedAt) {
        this(projectId, instanceId, taskName, seq, snapshot, missedPolls, removedAt, null, null, null, null);
    }

    /**
     * The record an event leaves behind, given the task's record before it ({@code previous}, null when there was
     * none): a removal leaves a tombstone; a stall keeps the times of the last change and move; every other event
     * ends a stall, and a change keeps the time of the last move when the progress did not move.
     */
    public static TaskRecord afterEvent(TaskRecord previous, Assessment what, String projectId, String instanceId,
                                        String taskName, long seq, TaskSnapshot after, String observedAt) {
        String progress = after == null ? null : StallWatch.progressOf(after);
        boolean sameProgress = previous != null && !previous.removed() && previous.progressAt() != null
                && Objects.equals(previous.progress(), progress);
        String changedAt = what == Assessment.CHANGED || previous == null ? observedAt : previous.changedAt();
        String progressAt = what == Assessment.RESUMED || !sameProgress ? observedAt : previous.progressAt();
        return new TaskRecord(projectId, instanceId, taskName, seq, after, 0, after == null ? observedAt : null,
                changedAt, progress, after == null ? null : progressAt,
                what == Assessment.STALLED ? observedAt : null);
    }

    public String taskKey() {
        return TaskKeys.of(instanceId, taskName);
    }

    public boolean removed() {
        return removedAt != null;
    }

    @JsonIgnore
    public boolean isStalled() {
        return stalledAt != null;
    }

    public TaskRecord withMissedPolls(int missed) {
        return new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missed, removedAt, changedAt, progress,
                progressAt, stalledAt);
    }

    /** The record after a poll saw the task's progress move, without an event. */
    public TaskRecord withProgress(String moved, String at) {
        return new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missedPolls, removedAt, changedAt, moved,
                at, stalledAt);
    }
}
