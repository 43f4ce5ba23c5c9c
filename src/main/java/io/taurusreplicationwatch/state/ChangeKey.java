package io.taurusreplicationwatch.state;

/**
 * The message id the idempotent consumer sees: a task, the values of its tracked fields, and its progress when it is
 * in a stage that can stall ({@link StallWatch#progressOf}), {@code {instance_id}/{task_name}#{fingerprint}} or
 * {@code …#{fingerprint}|{progress}}. Two observations of a task share a key exactly when nothing tracked changed
 * between them and the progress stayed put. Task names are matched up to the last {@code '#'}; fingerprints and
 * progress are URL-encoded, so they never hold a {@code '#'} or a {@code '|'}.
 */
public record ChangeKey(String taskKey, String fingerprint, String progress) {

    /** The fingerprint of a task that is no longer listed. */
    public static final String GONE = "(gone)";

    /** A key without progress: a task gone, or not in a stage that can stall. */
    public ChangeKey(String taskKey, String fingerprint) {
        this(taskKey, fingerprint, null);
    }

    public static ChangeKey parse(String key) {
        int separator = key.lastIndexOf('#');
        if (separator < 0) {
            throw new IllegalArgumentException("not a change key (no '#'): " + key);
        }
        int progress = key.indexOf('|', separator);
        return progress < 0 ? new ChangeKey(key.substring(0, separator), key.substring(separator + 1))
                : new ChangeKey(key.substring(0, separator), key.substring(separator + 1, progress),
                        key.substring(progress + 1));
    }

    @Override
    public String toString() {
        return taskKey + "#" + fingerprint + (progress == null ? "" : "|" + progress);
    }
}
