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
import org.apache.camel.Exchange;

/**
 * Which instances are due for a poll. Each instance keeps its own pace, so a slow or failing instance delays only
 * itself: the scheduler hands out an instance when its time has come and it is not being polled already, and takes it
 * back, with the time of its next poll, when that poll ends (see {@link PollPacing}).
 */
public class InstanceSchedule {

    /** The DBS error code of an instance that does not exist (any more). */
    public static final String MISSING_INSTANCE = "DBS.200022";

    private record Slot(Instant nextPollAt, boolean inFlight, int failures) {
    }

    private final PollPacing pacing;
    private final Clock clock;
    private final Map<WatchedInstance, Slot> slots = new LinkedHashMap<>();

    public InstanceSchedule(List<WatchedInstance> instances, PollPacing pacing, Clock clock) {
        this.pacing = pacing;
        this.clock = clock;
        Instant now = clock.instant();
        instances.forEach(instance -> slots.put(instance, new Slot(now, false, 0)));
    }

    /** The instances whose poll is due now, marked as being polled until {@link #pollEnded} hands them back. */
    public synchronized List<WatchedInstance> due() {
        Instant now = clock.instant();
        List<WatchedInstance> due = new ArrayList<>();
        slots.forEach((instance, slot) -> {
            if (!slot.inFlight() && !slot.nextPollAt().isAfter(now)) {
                due.add(instance);
            }
        });
        due.forEach(instance -> slots.computeIfPresent(instance, (key, slot) ->
                new Slot(slot.nextPollAt(), true, slot.failures())));
        return due;
    }

    /** Ends the poll under way on the exchange: a caught exception makes it a failure. */
    public void pollEnded(Exchange exchange) {
        PollContext poll = InstancePolls.context(exchange);
        recordEnd(poll.instance(), poll.startedAt(), exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    synchronized void recordEnd(WatchedInstance instance, Instant startedAt, Exception failure) {
        Slot slot = slots.getOrDefault(instance, new Slot(startedAt, false, 0));
        Instant now = clock.instant();
        if (failure == null) {
            Instant next = startedAt.plus(pacing.interval());
            slots.put(instance, new Slot(next.isBefore(now) ? now : next, false, 0));
            return;
        }
        int failures = slot.failures() + 1;
        slots.put(instance, new Slot(now.plus(delayAfter(failure, failures)), false, failures));
    }

    /** When the instance will be polled next; for health reports and tests. */
    public synchronized Instant nextPollAt(WatchedInstance instance) {
        Slot slot = slots.get(instance);
        return slot == null ? null : slot.nextPollAt();
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
