package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelException;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * How each instance's polls end: the one step that classifies a poll (complete, incomplete, failed) and records it
 * in the instance's {@link InstanceStatus}, the meters and the log. A poll summary is logged at INFO; a failure is counted by its error code and
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

    private final InstanceSchedule schedule;
    private final PollListener listener;
    private final Clock clock;

    public PollOutcomes(InstanceSchedule schedule, PollListener listener, Clock clock) {
        this.schedule = schedule;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Ends the poll: classifies it once ({@code failure} is the exception that stopped it, {@code null} if none), hands
     * the instance back to the schedule with that outcome, then counts and logs it.
     */
    public void ended(PollContext poll, Exception failure) {
        PollOutcome outcome = PollOutcome.of(poll, failure);
        String code = switch (outcome) {
            case COMPLETE -> null;
            case INCOMPLETE -> INCOMPLETE_LISTING;
            case FAILED -> errorCode(failure);
        };
        boolean rejecting = outcome != PollOutcome.FAILED && !poll.rejectedTaskNames().isEmpty();
        InstanceStatus before = schedule.recordEnd(poll.instance(), poll.startedAt(), outcome, code, failure,
                poll.seenCount(), rejecting);
        Duration elapsed = Duration.between(poll.startedAt(), clock.instant());
        listener.pollEnded(poll.instance(), outcome, elapsed);
        if (code != null) {
            listener.errorCounted(code);
        }
        if (outcome == PollOutcome.FAILED) {
            logFailure(poll, before, code, failure);
            return;
        }
        logSuccess(poll, before, outcome, elapsed.toMillis());
        if (rejecting) {
            listener.errorCounted(INVALID_TASK_NAME);
            LOG.atLevel(before.rejectingTaskNames() ? Level.DEBUG : Level.WARN).log("Polled {}: {} listed task(s)"
                    + " skipped, their task_name holds control characters ({}; no events for them, never taken as"
                    + " removed): {}", poll.instance(), poll.rejectedTaskNames().size(), INVALID_TASK_NAME,
                    poll.rejectedTaskNames().stream().limit(5).map(UntrustedText::quote).toList());
        }
    }

    private static void logSuccess(PollContext poll, InstanceStatus before, PollOutcome outcome, long elapsedMillis) {
        if (before.consecutiveFailures() > 0) {
            LOG.info("Instance {} recovered after {} failed poll(s) (last error {})", poll.instance(),
                    before.consecutiveFailures(), before.lastErrorCode());
        }
        if (outcome == PollOutcome.COMPLETE) {
            LOG.info("Polled {}: {} tasks, {} change event(s), {} page(s), {} ms", poll.instance(), poll.seenCount(),
                    poll.publishedCount(), poll.pagesRequested(), elapsedMillis);
        } else {
            boolean repeated = INCOMPLETE_LISTING.equals(before.lastErrorCode());
            LOG.atLevel(repeated ? Level.INFO : Level.WARN).log("Polled {}: {} tasks, {} change event(s), {} page(s),"
                    + " {} ms; incomplete, so nothing was removed ({}): {}", poll.instance(), poll.seenCount(),
                    poll.publishedCount(), poll.pagesRequested(), elapsedMillis, INCOMPLETE_LISTING,
                    poll.incompleteReason());
        }
    }

    private static void logFailure(PollContext poll, InstanceStatus before, String code, Exception failure) {
        String detail = describe(failure);
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
}
