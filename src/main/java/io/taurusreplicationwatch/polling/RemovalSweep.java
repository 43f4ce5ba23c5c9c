package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.events.TaskObservation;
import io.taurusreplicationwatch.state.ChangeKey;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * After a complete poll, finds the tasks that were not listed for {@code missedPollsBeforeRemoval} complete polls in
 * a row and turns them into "gone" observations, which the publish route announces as removed. One missing poll is
 * not enough by default, because a listing can skip a task while it shifts under a paging client.
 * Tombstones older than the retention are forgotten here too.
 * <p>
 * Whatever the poll's completeness, a task the poll listed is never gone: its name counts as seen from the page that
 * held it, so the removals of a poll are always tasks that none of its pages held.
 */
public class RemovalSweep {

    private final TaskStateRepository state;
    private final int missedPollsBeforeRemoval;
    private final Duration tombstoneRetention;
    private final Clock clock;

    public RemovalSweep(TaskStateRepository state, int missedPollsBeforeRemoval, Duration tombstoneRetention,
                        Clock clock) {
        this.state = state;
        this.missedPollsBeforeRemoval = missedPollsBeforeRemoval;
        this.tombstoneRetention = tombstoneRetention;
        this.clock = clock;
    }

    /** The tasks to announce as removed; none after an incomplete poll. */
    public List<TaskObservation> sweep(PollContext poll) {
        return poll.isComplete() ? removals(poll) : List.of();
    }

    List<TaskObservation> removals(PollContext poll) {
        Instant now = clock.instant();
        List<TaskObservation> gone = new ArrayList<>();
        List<TaskRecord> expired = new ArrayList<>();
        for (TaskRecord record : state.recordsOf(poll.instance().instanceId())) {
            if (record.removed()) {
                if (Instant.parse(record.removedAt()).plus(tombstoneRetention).isBefore(now)) {
                    expired.add(record);
                }
            } else if (poll.hasSeen(record.taskName())) {
                if (record.missedPolls() > 0) {
                    state.update(record.withMissedPolls(0));
                }
            } else {
                int missed = record.missedPolls() + 1;
                state.update(record.withMissedPolls(missed));
                if (missed >= missedPollsBeforeRemoval) {
                    gone.add(new TaskObservation(poll.instance(), record.taskName(), null, poll.pollId(),
                            now.toString(), new ChangeKey(record.taskKey(), ChangeKey.GONE).toString()));
                }
            }
        }
        if (!expired.isEmpty()) {
            state.forget(expired);
        }
        return gone;
    }
}
