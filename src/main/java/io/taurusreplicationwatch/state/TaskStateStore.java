package io.taurusreplicationwatch.state;

/** Where {@link TaskStateRepository} keeps its records between runs. */
public interface TaskStateStore {

    /**
     * Every record of the last checkpoint, and when it was taken; empty on a first start. Fails loudly on unreadable
     * state rather than starting over.
     */
    StateCheckpoint load();

    /**
     * Writes what changed since the last save, all or nothing: after a crash at any moment a load returns either the
     * state before this save or the state after it.
     */
    void save(StateChanges changes);

    /** Where the records live, for log lines. */
    String describe();

    /** Releases what the store holds open; the repository calls it at stop, after the last save. */
    default void close() {
    }
}
