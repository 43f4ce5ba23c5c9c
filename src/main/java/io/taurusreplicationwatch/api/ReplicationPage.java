package io.taurusreplicationwatch.api;

import java.util.List;

/**
 * One page of the replication listing. {@code entries} counts every record the page held, including the
 * {@code invalidEntries} that could not be used (no task name), so that record offsets stay right.
 */
public record ReplicationPage(Integer totalCount, List<TaskSnapshot> tasks, int entries, int invalidEntries) {

    public ReplicationPage {
        tasks = List.copyOf(tasks);
    }
}
