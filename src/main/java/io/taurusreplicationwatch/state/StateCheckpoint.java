package io.taurusreplicationwatch.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a store holds: the records, and when the repository took them ({@code takenAt}; empty when nothing was ever
 * saved). Every event Kafka acknowledged before {@code takenAt} is in the records; later ones may not be.
 */
public record StateCheckpoint(List<TaskRecord> records, Optional<Instant> takenAt) {

    public static final StateCheckpoint EMPTY = new StateCheckpoint(List.of(), Optional.empty());
}
