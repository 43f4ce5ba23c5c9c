package io.taurusreplicationwatch.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness: DOWN once Kafka has not answered for longer than the delivery timeout, the point where an event sent
 * now would already have failed. It only reads what {@link KafkaProbe} last found, so a health request never waits
 * for Kafka. Not a liveness check: a restart does not bring a broker back. The first failure of a streak is logged
 * at WARN and the recovery at INFO, once each.
 */
public class KafkaReadiness extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final String brokers;
    private final Duration grace;
    private final Clock clock;
    // Start-up counts as an answer: Kafka gets the same grace at start as after its last answer.
    private volatile Instant lastAnswer;
    private volatile String failure;

    public KafkaReadiness(String brokers, Duration grace, Clock clock) {
        super("taurus-watch", "kafka");
        this.brokers = brokers;
        this.grace = grace;
        this.clock = clock;
        this.lastAnswer = clock.instant();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Kafka answered a probe. */
    public void answered() {
        if (failure != null) {
            LOG.info("Kafka at {} answers again after {} s", brokers, silence().toSeconds());
        }
        failure = null;
        lastAnswer = clock.instant();
    }

    /** A probe got no answer, for this reason. */
    public void unanswered(String reason) {
        if (failure == null) {
            LOG.warn("Kafka at {} does not answer: {}. Readiness turns DOWN if it stays so for {} s"
                    + " (watch.kafka.delivery-timeout-ms)", brokers, reason, grace.toSeconds());
        }
        failure = reason;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String reason = failure;
        Duration silence = silence();
        builder.detail("kafka.brokers", brokers);
        builder.detail("kafka.last.answer", lastAnswer.toString());
        if (reason != null && silence.compareTo(grace) > 0) {
            builder.message("Kafka at " + brokers + " has not answered for " + silence.toSeconds() + " s, longer than"
                    + " the delivery timeout: " + reason).down();
        } else {
            builder.up();
        }
    }

    private Duration silence() {
        return Duration.between(lastAnswer, clock.instant());
    }
}
