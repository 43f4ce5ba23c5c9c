package io.taurusreplicationwatch.events;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.TaskKeys;

/**
 * What one poll saw of one task: its snapshot, or {@code null} when the task has gone from the listing. The change
 * key is what the idempotent consumer compares with the last published state.
 */
public record TaskObservation(WatchedInstance instance, String taskName, TaskSnapshot snapshot, String pollId,
                              String observedAt, String changeKey) {

    public String taskKey() {
        return TaskKeys.of(instance.instanceId(), taskName);
    }
}
