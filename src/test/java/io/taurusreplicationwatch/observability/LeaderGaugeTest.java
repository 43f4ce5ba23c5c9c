package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollOutcome;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code taurus_watch_leader}: 1 while this process polls, 0 while it stands by; the alerts rely on the name. */
class LeaderGaugeTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "p", "instance-a");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskStateRepository state = new TaskStateRepository(new InMemoryTaskStateStore(),
            new TrackedFields(List.of("stage")));
    private final WatchMetrics metrics = new WatchMetrics(registry, state, new InstanceSchedule(List.of(INSTANCE),
            new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15)),
            Clock.systemUTC()), Clock.systemUTC(), true);

    @Test
    void should_follow_the_election_from_standby_to_poller_and_back() {
        PollerRole role = PollerRole.standingBy();
        metrics.gaugeLeadership(role);

        assertThat(leader()).isZero();
        role.activate(Instant.now());
        assertThat(leader()).isEqualTo(1);
        role.standBy();
        assertThat(leader()).isZero();
    }

    @Test
    void should_be_one_without_leader_election() {
        metrics.gaugeLeadership(PollerRole.activeFrom(Instant.now()));

        assertThat(leader()).isEqualTo(1);
    }

    @Test
    void should_drop_the_task_gauges_when_this_process_stands_by() {
        PollerRole role = PollerRole.standingBy();
        metrics.gaugeLeadership(role);
        role.activate(Instant.now());
        state.update(new TaskRecord("p", "instance-a", "sync_orders", 1, TaskSnapshot.fromFields(Map.of(
                TaskSnapshot.TASK_NAME, "sync_orders", TaskSnapshot.STATUS, "no", TaskSnapshot.STAGE, "full")), 0, null));
        metrics.pollEnded(INSTANCE, PollOutcome.COMPLETE, Duration.ofMillis(5));
        assertThat(registry.find(TaskGauges.STATUS).gauges()).hasSize(1);

        role.standBy();

        assertThat(registry.find(TaskGauges.STATUS).gauges()).as("a standby shows no task it no longer polls").isEmpty();
        assertThat(registry.find(TaskGauges.STAGE).gauges()).isEmpty();
    }

    private double leader() {
        return registry.get("taurus.watch.leader").gauge().value();
    }
}
