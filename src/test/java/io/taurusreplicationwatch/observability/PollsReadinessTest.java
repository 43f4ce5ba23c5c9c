package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import io.taurusreplicationwatch.polling.PollContext;
import io.taurusreplicationwatch.polling.PollOutcomes;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import io.taurusreplicationwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * {@link PollsReadiness}: DOWN only while every instance's polls have failed for longer than a few intervals, counted
 * while this process is the poller; a standby is UP.
 */
class PollsReadinessTest {

    private static final WatchedInstance A = new WatchedInstance("cn-north-4", "p", "instance-a");
    private static final WatchedInstance B = new WatchedInstance("cn-north-4", "p", "instance-b");
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final CamelContext camel = new DefaultCamelContext();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InstanceSchedule schedule = new InstanceSchedule(List.of(A, B),
            new PollPacing(INTERVAL, Duration.ofMinutes(10), Duration.ofMinutes(15)), clock);
    private final PollOutcomes outcomes = new PollOutcomes(schedule, new WatchMetrics(new SimpleMeterRegistry(),
            new TaskStateRepository(new InMemoryTaskStateStore(), new TrackedFields(List.of("stage"))), schedule,
            clock, false), clock);
    private final PollerRole role = PollerRole.activeFrom(clock.instant());
    private final PollsReadiness readiness = readiness();

    private PollsReadiness readiness() {
        PollsReadiness check = new PollsReadiness(schedule, role, INTERVAL, 3, clock);
        check.setCamelContext(camel);
        return check;
    }

    @Test
    void should_stay_up_while_one_instance_still_polls_successfully() {
        failed(A);
        succeeded(B);
        clock.advance(INTERVAL.multipliedBy(10));
        failed(A);

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_stay_up_while_every_instance_has_failed_for_no_more_than_the_allowed_intervals() {
        succeeded(A);
        failed(A);
        failed(B);
        clock.advance(INTERVAL.multipliedBy(3));

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_go_down_when_every_instance_failed_for_longer_than_the_allowed_intervals_and_name_the_errors() {
        succeeded(A);
        clock.advance(Duration.ofSeconds(1));
        failed(A);
        failed(B);
        clock.advance(INTERVAL.multipliedBy(3));

        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("every instance").contains("91 s").contains("APIGW.0301"));
    }

    @Test
    void should_count_from_start_up_when_no_poll_ever_succeeded() {
        failed(A);
        failed(B);
        clock.advance(INTERVAL.multipliedBy(3).plusSeconds(1));

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void should_be_up_again_after_one_instance_polls_successfully() {
        failed(A);
        failed(B);
        clock.advance(INTERVAL.multipliedBy(10));
        succeeded(B);

        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_be_up_while_standing_by_whatever_the_polls_of_an_earlier_term() {
        failed(A);
        failed(B);
        clock.advance(INTERVAL.multipliedBy(10));
        role.standBy();

        HealthCheck.Result result = readiness.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("standby"));
    }

    @Test
    void should_count_from_the_election_not_from_a_success_of_an_earlier_term() {
        succeeded(A);
        role.standBy();
        clock.advance(INTERVAL.multipliedBy(10));
        role.activate(clock.instant());
        failed(A);
        failed(B);

        assertThat(readiness.call().getState()).as("just elected").isEqualTo(HealthCheck.State.UP);
        clock.advance(INTERVAL.multipliedBy(3).plusSeconds(1));
        assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    private void succeeded(WatchedInstance instance) {
        outcomes.ended(poll(instance), null);
    }

    private void failed(WatchedInstance instance) {
        outcomes.ended(poll(instance), new ApiErrorException(401, "APIGW.0301",
                "Incorrect IAM authentication information", null));
    }

    private PollContext poll(WatchedInstance instance) {
        return new PollContext(instance, new PagingPolicy(100, OffsetMode.RECORDS, 10), clock.instant());
    }
}
