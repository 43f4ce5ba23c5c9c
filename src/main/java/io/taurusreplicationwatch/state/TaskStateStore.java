package io.taurusreplicationwatch.state;

import java.util.Collection;
import java.util.List;

/** Where {@link TaskStateRepository} keeps its records between runs. */
public interface TaskStateStore {

    /** Every record saved last; empty on a first start. Fails loudly on unreadable state rather than starting over. */
    List<TaskRecord> load();

    /** Replaces what was saved with these records, all or nothing. */
    void save(Collection<TaskRecord> records);

    /** Where the records live, for log lines. */
    String describe();

    /** Releases what the store holds open; the repository calls it at stop, after the last save. */
    default void close() {
    }
}
