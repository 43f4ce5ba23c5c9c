package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** {@link KafkaReadiness}: DOWN only once Kafka has been silent for longer than the delivery timeout. */
class KafkaReadinessTest {

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final KafkaReadiness readiness = readiness();

    private KafkaReadiness readiness() {
        KafkaReadiness check = new KafkaReadiness("broker-1:9092", GRACE, clock);
        check.setCamelContext(new DefaultCamelContext());
        return check;
    }

    @Test
    void should_stay_up_while_kafka_has_been_silent_for_no_longer_than_the_delivery_timeout() {
        readiness.unanswered("Timed out waiting for a node assignment");
        clock.advance(GRACE);

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_go_down_once_kafka_has_been_silent_for_longer_than_the_delivery_timeout_and_say_why() {
        readiness.answered();
        clock.advance(Duration.ofSeconds(10));
        readiness.unanswered("Timed out waiting for a node assignment");
        clock.advance(GRACE);

        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("broker-1:9092").contains("40 s").contains("Timed out waiting for a node assignment"));
    }

    @Test
    void should_count_start_up_as_the_last_answer_when_kafka_never_answered() {
        readiness.unanswered("connection refused");
        clock.advance(GRACE.plusSeconds(1));

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void should_be_up_again_as_soon_as_kafka_answers() {
        readiness.unanswered("connection refused");
        clock.advance(GRACE.multipliedBy(3));
        readiness.answered();

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_log_a_streak_of_silence_once_and_its_end_once() {
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            readiness.unanswered("connection refused");
            readiness.unanswered("connection refused");
            readiness.unanswered("connection refused");
            readiness.answered();
            readiness.answered();

            assertThat(logs.lines()).filteredOn(line -> line.startsWith(KafkaReadiness.class.getName()))
                    .satisfiesExactly(
                            line -> assertThat(line).contains("does not answer: connection refused"),
                            line -> assertThat(line).contains("answers again"));
        }
    }

    @Test
    void should_be_a_readiness_check_only_since_a_restart_brings_no_broker_back() {
        assertThat(readiness.isLiveness()).isFalse();
        assertThat(readiness.isReadiness()).isTrue();
    }
}
