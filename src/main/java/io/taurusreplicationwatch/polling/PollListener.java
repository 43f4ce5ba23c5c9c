package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.WatchedInstance;
import java.time.Duration;

/**
 * Told what polls do, for the meters: polling sits below observability, which implements this, so that the poll
 * route's beans never depend on how they are measured.
 */
public interface PollListener {

    /** A poll ended; the instance's {@link InstanceStatus} already holds its outcome. */
    void pollEnded(WatchedInstance instance, PollOutcome outcome, Duration duration);

    /** A poll failed, was incomplete or skipped task names, under this error code. */
    void errorCounted(String errorCode);

    /** Kafka acknowledged an event of this CloudEvents type. */
    void published(String eventType);
}
