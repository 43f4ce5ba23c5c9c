package io.taurusreplicationwatch.state;

import io.taurusreplicationwatch.api.TaskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * When a task counts as stalled: its status is {@code yes}, its stage (or its catch-up stage) is {@code full}, and
 * the percentage of that stage has not moved for {@code stallAfter}. The progress is the text of those percentages,
 * so that entering or leaving a full stage also counts as a move. A zero {@code stallAfter} declares no new stall; a
 * task declared stalled before still resumes when it moves.
 */
public record StallWatch(Duration stallAfter) {

    public static final StallWatch OFF = new StallWatch(Duration.ZERO);

    public StallWatch {
        Objects.requireNonNull(stallAfter, "stallAfter");
    }

    /** The progress a stall is judged on; null when the task is not in a stage that can stall. */
    public static String progressOf(TaskSnapshot snapshot) {
        if (snapshot == null || !"yes".equals(snapshot.status())) {
            return null;
        }
        boolean full = "full".equals(snapshot.stage());
        boolean catchupFull = "full".equals(snapshot.catchupStage());
        if (!full && !catchupFull) {
            return null;
        }
        StringJoiner progress = new StringJoiner("&");
        if (full) {
            progress.add(TrackedFields.pair(TaskSnapshot.PERCENTAGE, snapshot.percentage()));
        }
        if (catchupFull) {
            progress.add(TrackedFields.pair(TaskSnapshot.CATCHUP_PERCENTAGE, snapshot.catchupPercentage()));
        }
        return progress.toString();
    }

    /** Whether a task with this record and this progress observed {@code now} is stalled. */
    public boolean stalled(TaskRecord record, String progress, Instant now) {
        if (record == null || record.removed() || progress == null || !progress.equals(record.progress())) {
            return false;
        }
        if (record.isStalled()) {
            return true;
        }
        return !stallAfter.isZero() && record.progressAt() != null
                && !now.isBefore(Instant.parse(record.progressAt()).plus(stallAfter));
    }
}
