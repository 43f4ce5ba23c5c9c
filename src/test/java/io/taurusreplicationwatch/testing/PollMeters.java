package io.taurusreplicationwatch.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.polling.PollOutcome;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's poll (and state save) counters as the registry that {@code /observe/metrics} serves holds them,
 * summed over tags.
 */
public record PollMeters(MeterRegistry registry) {

    public long failedPolls() {
        return polls(PollOutcome.FAILED);
    }

    /** Polls that read the whole listing, consistent or not. */
    public long pollsNotFailed() {
        return polls(PollOutcome.COMPLETE, PollOutcome.INCOMPLETE);
    }

    public long polls(PollOutcome... outcomes) {
        return Arrays.stream(outcomes).mapToLong(outcome -> sum(registry.find(WatchMetrics.POLLS)
                .tag("outcome", outcome.tag()).counters().toArray(Counter[]::new))).sum();
    }

    public long publishedEvents() {
        return sum(registry.find(WatchMetrics.EVENTS).counters().toArray(Counter[]::new));
    }

    public Map<String, Long> errorsByCode() {
        Map<String, Long> counts = new TreeMap<>();
        registry.find(WatchMetrics.API_ERRORS).counters().forEach(counter ->
                counts.merge(counter.getId().getTag("error_code"), (long) counter.count(), Long::sum));
        return counts;
    }

    /** Periodic saves of the task state that ended so: succeeded or failed. */
    public long stateSaves(String outcome) {
        return sum(registry.find(WatchMetrics.STATE_SAVES).tag("outcome", outcome).counters().toArray(Counter[]::new));
    }

    private static long sum(Counter... counters) {
        return (long) Arrays.stream(counters).mapToDouble(Counter::count).sum();
    }
}
