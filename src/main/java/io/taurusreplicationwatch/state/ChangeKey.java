package io.taurusreplicationwatch.state;

/**
 * The message id the idempotent consumer sees: a task and the values of its tracked fields,
 * {@code {instance_id}/{task_name}#{fingerprint}}. Two observations of a task share a key exactly when nothing
 * tracked changed between them. Task names are matched up to the last {@code '#'}, and fingerprints never hold one.
 */
public record ChangeKey(String taskKey, String fingerprint) {

    /** The fingerprint of a task that is no longer listed. */
    public static final String GONE = "(gone)";

    public static ChangeKey parse(String key) {
        int separator = key.lastIndexOf('#');
        if (separator < 0) {
            throw new IllegalArgumentException("not a change key (no '#'): " + key);
        }
        return new ChangeKey(key.substring(0, separator), key.substring(separator + 1));
    }

    @Override
    public String toString() {
        return taskKey + "#" + fingerprint;
    }
}
