package io.taurusreplicationwatch.state;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the periodic saves of the task state end. A save that fails (a full disk, a lost mount, Kafka away) is retried
 * by the next tick; its cause is logged at WARN once per streak, without a stack trace, repeats at DEBUG, and the
 * recovery at INFO, so that a night of failures every few seconds leaves two lines. Every save is counted by the
 * listener, successes too, so that an alert can tell a store that fails from one that works again.
 */
public class StateSaveOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(StateSaveOutcomes.class);

    private final Duration saveInterval;
    private final StateSaveListener listener;
    private final AtomicInteger failuresInRow = new AtomicInteger();

    public StateSaveOutcomes(Duration saveInterval, StateSaveListener listener) {
        this.saveInterval = saveInterval;
        this.listener = listener;
    }

    public void succeeded() {
        listener.saveEnded(true);
        int failures = failuresInRow.getAndSet(0);
        if (failures > 0) {
            LOG.info("Saved the task state again after {} failed attempt(s)", failures);
        }
    }

    /** cause: the exception the save threw. */
    public void failed(Exception cause) {
        listener.saveEnded(false);
        String reason = cause == null ? "unknown cause" : String.valueOf(cause.getMessage());
        int failures = failuresInRow.incrementAndGet();
        if (failures == 1) {
            LOG.warn("Cannot save the task state: {}. Trying again every {} (repeats are logged at DEBUG)", reason,
                    TimeUtils.printDuration(saveInterval));
        } else {
            LOG.debug("Saving the task state failed again ({} in a row): {}", failures, reason);
        }
    }
}
