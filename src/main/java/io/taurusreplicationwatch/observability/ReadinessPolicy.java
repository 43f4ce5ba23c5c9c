package io.taurusreplicationwatch.observability;

import java.time.Duration;

/**
 * When readiness turns DOWN although the service runs: Kafka has not answered for {@code kafkaGrace} (the delivery
 * timeout: an event sent now would already have failed), or every instance's polls have failed for
 * {@code failedPollIntervals} poll intervals. Kafka is asked every {@code kafkaProbeInterval}.
 */
public record ReadinessPolicy(Duration kafkaGrace, Duration kafkaProbeInterval, int failedPollIntervals) {
}
