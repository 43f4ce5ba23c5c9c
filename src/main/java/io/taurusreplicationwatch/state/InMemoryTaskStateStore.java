package io.taurusreplicationwatch.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the records in this JVM only: for tests, and for a deliberately stateless run. */
public class InMemoryTaskStateStore implements TaskStateStore {

    private final Map<String, TaskRecord> saved = new LinkedHashMap<>();
    private StateCheckpoint checkpoint = StateCheckpoint.EMPTY;

    @Override
    public synchronized StateCheckpoint load() {
        return checkpoint;
    }

    @Override
    public synchronized void save(StateChanges changes) {
        changes.changed().forEach(record -> saved.put(record.taskKey(), record));
        changes.forgotten().forEach(saved::remove);
        checkpoint = new StateCheckpoint(List.copyOf(saved.values()), Optional.of(changes.takenAt()));
    }

    @Override
    public String describe() {
        return "memory";
    }
}
