package io.taurusreplicationwatch.polling;

import java.time.Instant;

/**
 * Everything the service knows about one watched instance's polls: when the next one is due and whether one is under
 * way, the last outcome with its error code ({@code null} after a complete poll), the failures in a row, the last poll
 * that did not fail, the tasks it listed, whether the last poll skipped task names, and when the last poll ended.
 * {@code lastOutcome} and {@code lastPollAt} are {@code null} until the first poll ended.
 */
public record InstanceStatus(Instant nextPollAt, boolean inFlight, PollOutcome lastOutcome, String lastErrorCode,
                             int consecutiveFailures, Instant lastSuccess, int tasksSeen,
                             boolean rejectingTaskNames, Instant lastPollAt) {

    static InstanceStatus dueAt(Instant at) {
        return new InstanceStatus(at, false, null, null, 0, null, 0, false, null);
    }

    public boolean polledYet() {
        return lastOutcome != null;
    }

    InstanceStatus taken() {
        return new InstanceStatus(nextPollAt, true, lastOutcome, lastErrorCode, consecutiveFailures, lastSuccess,
                tasksSeen, rejectingTaskNames, lastPollAt);
    }
}
