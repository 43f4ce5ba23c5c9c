package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import io.taurusreplicationwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstPollsReadiness}: without leader election, DOWN until every instance had its first poll; with it, UP once
 * the state is loaded, standby or elected, since Kubernetes lets only ready pods hold the Lease.
 */
class FirstPollsReadinessTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "p", "instance-a");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InstanceSchedule schedule = new InstanceSchedule(List.of(INSTANCE),
            new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15)), clock);
    private final TaskStateRepository state = new TaskStateRepository(new InMemoryTaskStateStore(),
            new TrackedFields(List.of("stage")));

    @AfterEach
    void stopState() {
        state.stop();
    }

    @Test
    void should_be_down_until_the_first_polls_without_leader_election() {
        state.start();

        assertThat(call(PollerRole.activeFrom(clock.instant())).getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void should_be_up_while_standing_by_once_the_state_is_loaded() {
        state.start();

        HealthCheck.Result result = call(PollerRole.standingBy());

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("standby"));
    }

    @Test
    void should_stay_up_when_elected_before_its_first_polls() {
        state.start();
        PollerRole role = PollerRole.standingBy();
        role.activate(clock.instant());

        assertThat(call(role).getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void should_be_down_while_the_state_is_not_loaded_even_standing_by() {
        assertThat(call(PollerRole.standingBy()).getState()).isEqualTo(HealthCheck.State.DOWN);
    }

    private HealthCheck.Result call(PollerRole role) {
        FirstPollsReadiness check = new FirstPollsReadiness(state, schedule, role);
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }
}
