package io.taurusreplicationwatch.state;

import io.taurusreplicationwatch.api.TaskSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/**
 * The fields whose change is worth an event (by default stage and status). Percentages move on every poll and are
 * deliberately not tracked: they travel in the event's snapshots instead.
 */
public final class TrackedFields {

    private final List<String> names;

    public TrackedFields(List<String> names) {
        this.names = names.stream().sorted().distinct().toList();
    }

    /** A stable text of the tracked values; URL-encoded so that it never contains the key separator. */
    public String fingerprint(TaskSnapshot snapshot) {
        if (snapshot == null) {
            return ChangeKey.GONE;
        }
        StringJoiner fingerprint = new StringJoiner("&");
        for (String name : names) {
            fingerprint.add(pair(name, snapshot.field(name)));
        }
        return fingerprint.toString();
    }

    /** {@code name=value}, the value URL-encoded; a missing value (name alone) differs from an empty one (name=). */
    static String pair(String name, Object value) {
        return value == null ? name : name + "=" + encode(value.toString());
    }

    // Runs for every task of every poll: the usual values (full, yes, 42) need no encoding and are not copied.
    private static String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_')) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    /** The key of an observation: its tracked values, and the progress a stall is judged on. */
    public ChangeKey changeKey(String taskKey, TaskSnapshot snapshot) {
        return new ChangeKey(taskKey, fingerprint(snapshot), StallWatch.progressOf(snapshot));
    }
}
