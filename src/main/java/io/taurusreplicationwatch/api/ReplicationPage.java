package io.taurusreplicationwatch.api;

import java.util.List;

/**
 * One page of the replication listing. {@code entries} counts every record the page held, including the
 * {@code invalidEntries} that could not be used (no task name) and the {@code rejectedTaskNames} (names with control
 * characters, which the API documents as letters, digits and underscores), so that record offsets stay right.
 * {@code totalCount} is null when the page had no usable one; {@code unusableTotalCount} then holds the value the page
 * sent instead, if it sent one (negative, fractional, beyond the int range, not a number).
 */
public record ReplicationPage(Integer totalCount, List<TaskSnapshot> tasks, int entries, int invalidEntries,
                              String unusableTotalCount, List<String> rejectedTaskNames) {

    public ReplicationPage {
        tasks = List.copyOf(tasks);
        rejectedTaskNames = List.copyOf(rejectedTaskNames);
    }

    /** A page whose total_count, if any, was usable and whose task names were all accepted. */
    public ReplicationPage(Integer totalCount, List<TaskSnapshot> tasks, int entries, int invalidEntries) {
        this(totalCount, tasks, entries, invalidEntries, null, List.of());
    }
}
