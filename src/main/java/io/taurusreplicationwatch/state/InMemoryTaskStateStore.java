package io.taurusreplicationwatch.state;

import java.util.Collection;
import java.util.List;

/** Keeps the records in this JVM only: for tests, and for a deliberately stateless run. */
public class InMemoryTaskStateStore implements TaskStateStore {

    private volatile List<TaskRecord> saved = List.of();

    @Override
    public List<TaskRecord> load() {
        return saved;
    }

    @Override
    public void save(Collection<TaskRecord> records) {
        saved = List.copyOf(records);
    }

    @Override
    public String describe() {
        return "memory";
    }
}
