package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.UntrustedText;
import io.taurusreplicationwatch.observability.WatchMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * How each instance's polls end. A poll summary is logged at INFO; a failure is counted by its error code and
 * logged at WARN the first time that code occurs for the instance in a row, at DEBUG while it repeats, so that an
 * instance failing every 30 seconds for a night leaves one line, not a thousand. Recovery is logged once too, and so
 * is the start of a streak of incomplete polls (counted as {@value #INCOMPLETE_LISTING}), and of a streak of polls
 * that rejected task names (counted as {@value #INVALID_TASK_NAME}). API error codes outside the documented shape
 * arrive here as {@link ApiErrorException#UNRECOGNIZED}, so invented codes share one series and one streak.
 */
public class PollOutcomes {

    /** The code under which polls that did not see the whole listing are counted. */
    public static final String INCOMPLETE_LISTING = "WATCH.INCOMPLETE_LISTING";
    /** The code under which polls that rejected a task name (control characters) are counted. */
    public static final String INVALID_TASK_NAME = "WATCH.INVALID_TASK_NAME";
    private static final Logger LOG = LoggerFactory.getLogger(PollOutcomes.class);

    /** The state of one instance's recent polls. */
    public record InstanceHealth(int consecutiveFailures, String lastErrorCode, Instant lastSuccess,
                                 long completedPolls, long failedPolls) {

        static final InstanceHealth NEW = new InstanceHealth(0, null, null, 0, 0);
    }

    private final Clock clock;
    private final WatchMetrics metrics;
    private final Map<String, InstanceHealth> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errorsByCode = new ConcurrentHashMap<>();
    private final Set<String> instancesRejectingNames = ConcurrentHashMap.newKeySet();
    private final AtomicLong completedPolls = new AtomicLong();
    private final AtomicLong failedPolls = new AtomicLong();
    private final AtomicLong publishedEvents = new AtomicLong();

    public PollOutcomes(Clock clock, WatchMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public void succeeded(Exchange exchange) {
        PollContext poll = InstancePolls.context(exchange);
        String instanceId = poll.instance().instanceId();
        InstanceHealth before = instances.getOrDefault(instanceId, InstanceHealth.NEW);
        if (before.consecutiveFailures() > 0) {
            LOG.info("Instance {} recovered after {} failed poll(s) (last error {})", poll.instance(),
                    before.consecutiveFailures(), before.lastErrorCode());
        }
        instances.put(instanceId, new InstanceHealth(0, poll.isComplete() ? null : INCOMPLETE_LISTING,
                clock.instant(), before.completedPolls() + 1, before.failedPolls()));
        completedPolls.incrementAndGet();
        publishedEvents.addAndGet(poll.publishedCount());
        metrics.pollEnded(instanceId, poll.isComplete() ? "complete" : "incomplete", elapsed(poll), poll.seenCount());
        if (poll.isComplete()) {
            LOG.info("Polled {}: {} tasks, {} change event(s), {} page(s), {} ms", poll.instance(), poll.seenCount(),
                    poll.publishedCount(), poll.pagesRequested(), elapsedMillis(poll));
        } else {
            errorsByCode.computeIfAbsent(INCOMPLETE_LISTING, ignored -> new AtomicLong()).incrementAndGet();
            metrics.apiError(INCOMPLETE_LISTING);
            boolean repeated = INCOMPLETE_LISTING.equals(before.lastErrorCode());
            LOG.atLevel(repeated ? Level.INFO : Level.WARN).log("Polled {}: {} tasks, {} change event(s), {} page(s),"
                    + " {} ms; incomplete, so nothing was removed ({}): {}", poll.instance(), poll.seenCount(),
                    poll.publishedCount(), poll.pagesRequested(), elapsedMillis(poll), INCOMPLETE_LISTING,
                    poll.incompleteReason());
        }
        rejectedNames(poll);
    }

    private void rejectedNames(PollContext poll) {
        String instanceId = poll.instance().instanceId();
        if (poll.rejectedTaskNames().isEmpty()) {
            instancesRejectingNames.remove(instanceId);
            return;
        }
        errorsByCode.computeIfAbsent(INVALID_TASK_NAME, ignored -> new AtomicLong()).incrementAndGet();
        metrics.apiError(INVALID_TASK_NAME);
        boolean repeated = !instancesRejectingNames.add(instanceId);
        LOG.atLevel(repeated ? Level.DEBUG : Level.WARN).log("Polled {}: {} listed task(s) skipped, their task_name"
                + " holds control characters ({}; no events for them, never taken as removed): {}", poll.instance(),
                poll.rejectedTaskNames().size(), INVALID_TASK_NAME, poll.rejectedTaskNames().stream()
                        .limit(5).map(UntrustedText::quote).toList());
    }

    public void failed(Exchange exchange) {
        PollContext poll = InstancePolls.context(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String code = errorCode(cause);
        String instanceId = poll.instance().instanceId();
        InstanceHealth before = instances.getOrDefault(instanceId, InstanceHealth.NEW);
        instances.put(instanceId, new InstanceHealth(before.consecutiveFailures() + 1, code, before.lastSuccess(),
                before.completedPolls(), before.failedPolls() + 1));
        errorsByCode.computeIfAbsent(code, ignored -> new AtomicLong()).incrementAndGet();
        failedPolls.incrementAndGet();
        metrics.pollEnded(instanceId, "failed", elapsed(poll), poll.seenCount());
        metrics.apiError(code);
        publishedEvents.addAndGet(poll.publishedCount());
        String detail = describe(cause);
        if (code.equals(before.lastErrorCode())) {
            LOG.debug("Poll of {} failed again ({} in a row): {}: {}", poll.instance(),
                    before.consecutiveFailures() + 1, code, detail);
        } else {
            LOG.warn("Poll of {} failed ({} page(s) read, {} change event(s) published, nothing removed): {}: {}. {}"
                    + " (repeats are logged at DEBUG)", poll.instance(), poll.pagesRequested(),
                    poll.publishedCount(), code, detail, FailureAdvice.forCode(code));
        }
    }

    /**
     * The code a failure is counted under: the API's {@code error_code}, else the kind of the underlying failure
     * ({@code KAFKA.TimeoutException}, {@code WATCH.ConnectException}), looking through Camel's wrappers.
     */
    static String errorCode(Exception cause) {
        Throwable failure = unwrap(cause);
        if (failure instanceof ApiErrorException api) {
            return api.errorCode();
        }
        if (failure == null) {
            return "UNKNOWN";
        }
        String prefix = failure.getClass().getName().startsWith("org.apache.kafka.") ? "KAFKA." : "WATCH.";
        return prefix + failure.getClass().getSimpleName();
    }

    private static String describe(Exception cause) {
        Throwable failure = unwrap(cause);
        return failure == null ? "unknown cause" : UntrustedText.escape(String.valueOf(failure.getMessage()));
    }

    // Splitter and producer failures arrive wrapped in CamelExchangeException / RuntimeCamelException.
    private static Throwable unwrap(Exception cause) {
        Throwable failure = cause;
        while (failure instanceof CamelException || failure instanceof RuntimeCamelException) {
            if (failure.getCause() == null) {
                break;
            }
            failure = failure.getCause();
        }
        return failure;
    }

    private long elapsedMillis(PollContext poll) {
        return elapsed(poll).toMillis();
    }

    private Duration elapsed(PollContext poll) {
        return Duration.between(poll.startedAt(), clock.instant());
    }

    public Optional<InstanceHealth> health(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId));
    }

    public Map<String, Long> errorsByCode() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        errorsByCode.forEach((code, count) -> counts.put(code, count.get()));
        return counts;
    }

    public long completedPolls() {
        return completedPolls.get();
    }

    public long failedPolls() {
        return failedPolls.get();
    }

    public long publishedEvents() {
        return publishedEvents.get();
    }
}
