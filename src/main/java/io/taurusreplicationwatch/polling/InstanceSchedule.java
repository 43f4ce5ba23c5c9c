package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.WatchedInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one record of each watched instance ({@link InstanceStatus}), and which instances are due for a poll. Each
 * instance keeps its own pace, so a slow or failing instance delays only itself: the scheduler hands out an instance
 * when its time has come and it is not being polled already, and takes it back, with the outcome of its poll and the
 * time of its next one, when that poll ends (see {@link PollPacing}). Readiness and the meters read the same records.
 */
public class InstanceSchedule {

    /** The DBS error code of an instance that does not exist (any more). */
    public static final String MISSING_INSTANCE = "DBS.200022";

    private final PollPacing pacing;
    private final Clock clock;
    private final Map<WatchedInstance, InstanceStatus> statuses = new LinkedHashMap<>();

    public InstanceSchedule(List<WatchedInstance> instances, PollPacing pacing, Clock clock) {
        this.pacing = pacing;
        this.clock = clock;
        Instant now = clock.instant();
        instances.forEach(instance -> statuses.put(instance, InstanceStatus.dueAt(now)));
    }

    /** The instances whose poll is due now, marked as being polled until {@link #recordEnd} hands them back. */
    public synchronized List<WatchedInstance> due() {
        Instant now = clock.instant();
        List<WatchedInstance> due = new ArrayList<>();
        statuses.forEach((instance, status) -> {
            if (!status.inFlight() && !status.nextPollAt().isAfter(now)) {
                due.add(instance);
            }
        });
        due.forEach(instance -> statuses.computeIfPresent(instance, (key, status) -> status.taken()));
        return due;
    }

    /**
     * Hands the instance back with its poll's outcome and returns its record as it was before: the outcome's error
     * code ({@code null} for a complete poll), the failure that ended it, if any, and the tasks it listed.
     */
    synchronized InstanceStatus recordEnd(WatchedInstance instance, Instant startedAt, PollOutcome outcome,
                                          String errorCode, Exception failure, int tasksSeen,
                                          boolean rejectingTaskNames) {
        InstanceStatus before = statuses.getOrDefault(instance, InstanceStatus.dueAt(startedAt));
        Instant now = clock.instant();
        InstanceStatus after;
        if (outcome == PollOutcome.FAILED) {
            int failures = before.consecutiveFailures() + 1;
            after = new InstanceStatus(now.plus(delayAfter(failure, failures)), false, outcome, errorCode, failures,
                    before.lastSuccess(), before.tasksSeen(), before.rejectingTaskNames(), now);
        } else {
            Instant next = startedAt.plus(pacing.interval());
            after = new InstanceStatus(next.isBefore(now) ? now : next, false, outcome, errorCode, 0, now, tasksSeen,
                    rejectingTaskNames, now);
        }
        statuses.put(instance, after);
        return before;
    }

    /** The record of a watched instance; {@code null} for an instance that is not watched. */
    public synchronized InstanceStatus status(WatchedInstance instance) {
        return statuses.get(instance);
    }

    /** The records of every watched instance, in the configured order. */
    public synchronized List<InstanceStatus> statuses() {
        return List.copyOf(statuses.values());
    }

    Duration delayAfter(Exception failure, int failures) {
        ApiErrorException api = ApiErrorException.find(failure);
        if (api != null && MISSING_INSTANCE.equals(api.errorCode())) {
            return pacing.missingInstanceInterval();
        }
        Duration backoff = pacing.interval().multipliedBy(1L << Math.min(failures - 1, 20));
        if (backoff.compareTo(pacing.maxBackoff()) > 0) {
            backoff = pacing.maxBackoff();
        }
        backoff = Duration.ofMillis((long) (backoff.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
        Duration retryAfter = api == null ? null : api.retryAfter();
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }
}
