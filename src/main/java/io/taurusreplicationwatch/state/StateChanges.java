package io.taurusreplicationwatch.state;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * One save: the records that changed since the last save, the tasks forgotten since (expired tombstones), and when
 * the repository took them. {@code everything} gives all records, for a store that rewrites itself whole now and
 * then (a journal compacted into a snapshot); {@code atStop} marks the save at stop, when such a store compacts.
 */
public record StateChanges(Instant takenAt, List<TaskRecord> changed, List<String> forgotten,
                           Supplier<Collection<TaskRecord>> everything, boolean atStop) {

    public boolean isEmpty() {
        return changed.isEmpty() && forgotten.isEmpty();
    }
}
