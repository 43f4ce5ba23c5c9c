package io.taurusreplicationwatch.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.PageCursor;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RemovalSweep}: missed-poll counting, removal after the threshold, incomplete polls, tombstone expiry. */
class RemovalSweepTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);

    private TaskStateRepository state;
    private RemovalSweep sweep;

    @BeforeEach
    void startRepository() {
        state = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
        state.start();
        sweep = new RemovalSweep(state, 2, RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TaskSnapshot snapshot(String name) {
        return TaskSnapshot.fromFields(Map.of("task_name", name, "stage", "incremental", "status", "Yes"));
    }

    private static TaskRecord live(String instanceId, String name, int missed) {
        return new TaskRecord("project-1", instanceId, name, 3, snapshot(name), missed, null);
    }

    private static TaskRecord tombstone(String name, Instant removedAt) {
        return new TaskRecord("project-1", "instance-1", name, 4, null, 0, removedAt.toString());
    }

    /** A complete poll that listed exactly these tasks. */
    private static PollContext completePoll(String... listed) {
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        List<TaskSnapshot> tasks = Arrays.stream(listed).map(RemovalSweepTest::snapshot).toList();
        poll.accept(new ReplicationPage(tasks.size(), tasks, tasks.size(), 0), NOW, TRACKED);
        assertThat(poll.isComplete()).isTrue();
        return poll;
    }

    /** A poll that listed these tasks but also an entry without a task name. */
    private static PollContext incompletePoll(String... listed) {
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        List<TaskSnapshot> tasks = Arrays.stream(listed).map(RemovalSweepTest::snapshot).toList();
        poll.accept(new ReplicationPage(tasks.size() + 1, tasks, tasks.size() + 1, 1), NOW, TRACKED);
        assertThat(poll.isComplete()).isFalse();
        return poll;
    }

    private int missedPolls(String name) {
        return state.record("instance-1/" + name).orElseThrow().missedPolls();
    }

    @Test
    void should_count_a_first_missed_poll_without_removing_the_task() {
        state.update(live("instance-1", "a", 0));
        state.update(live("instance-1", "b", 0));

        List<TaskObservation> gone = sweep.sweep(completePoll("b"));

        assertThat(gone).isEmpty();
        assertThat(missedPolls("a")).isEqualTo(1);
        assertThat(missedPolls("b")).isZero();
        assertThat(state.record("instance-1/a").orElseThrow().removed()).isFalse();
    }

    @Test
    void should_announce_a_task_gone_at_the_threshold() {
        state.update(live("instance-1", "a", 0));

        assertThat(sweep.sweep(completePoll())).isEmpty();
        List<TaskObservation> gone = sweep.sweep(completePoll());

        assertThat(gone).singleElement().satisfies(observation -> {
            assertThat(observation.taskName()).isEqualTo("a");
            assertThat(observation.snapshot()).isNull();
            assertThat(observation.changeKey()).isEqualTo("instance-1/a#(gone)").endsWith("#(gone)");
            assertThat(observation.instance()).isEqualTo(INSTANCE);
            assertThat(observation.observedAt()).isEqualTo(NOW.toString());
        });
        assertThat(missedPolls("a")).isEqualTo(2);
    }

    @Test
    void should_let_the_gone_observation_pass_change_detection() {
        state.update(live("instance-1", "a", 1));

        TaskObservation gone = sweep.sweep(completePoll()).get(0);

        assertThat(state.contains(gone.changeKey())).isFalse();
    }

    @Test
    void should_reset_the_count_of_a_task_seen_again() {
        state.update(live("instance-1", "a", 1));

        List<TaskObservation> gone = sweep.sweep(completePoll("a"));

        assertThat(gone).isEmpty();
        assertThat(missedPolls("a")).isZero();
    }

    @Test
    void should_remove_nothing_and_count_nothing_after_an_incomplete_poll() {
        state.update(live("instance-1", "a", 1));
        state.update(live("instance-1", "b", 0));
        state.update(live("instance-1", "c", 1));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PageCursor.PROPERTY, incompletePoll("c"));
        exchange.getMessage().setBody("the last page");

        sweep.sweep(exchange);

        assertThat(exchange.getMessage().getBody(List.class)).isEmpty();
        assertThat(missedPolls("a")).isEqualTo(1);
        assertThat(missedPolls("b")).isZero();
        assertThat(missedPolls("c")).isEqualTo(1);
    }

    @Test
    void should_put_the_gone_tasks_in_the_body_after_a_complete_poll() {
        state.update(live("instance-1", "a", 1));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PageCursor.PROPERTY, completePoll());

        sweep.sweep(exchange);

        List<?> body = exchange.getMessage().getBody(List.class);
        assertThat(body).singleElement().isInstanceOf(TaskObservation.class);
        assertThat(((TaskObservation) body.get(0)).taskName()).isEqualTo("a");
    }

    @Test
    void should_leave_the_tasks_of_other_instances_alone() {
        state.update(live("instance-2", "a", 1));

        assertThat(sweep.sweep(completePoll())).isEmpty();
        assertThat(state.record("instance-2/a").orElseThrow().missedPolls()).isEqualTo(1);
    }

    @Test
    void should_forget_tombstones_older_than_the_retention_and_keep_younger_ones() {
        state.update(tombstone("old", NOW.minus(RETENTION).minusSeconds(1)));
        state.update(tombstone("young", NOW.minus(RETENTION).plusSeconds(1)));

        List<TaskObservation> gone = sweep.sweep(completePoll());

        assertThat(gone).as("a tombstone is never announced again").isEmpty();
        assertThat(state.record("instance-1/old")).isEmpty();
        assertThat(state.record("instance-1/young")).isPresent();
        assertThat(state.record("instance-1/young").orElseThrow().missedPolls()).isZero();
    }

    @Test
    void should_keep_expired_tombstones_after_an_incomplete_poll() {
        state.update(tombstone("old", NOW.minus(RETENTION).minusSeconds(1)));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PageCursor.PROPERTY, incompletePoll());

        sweep.sweep(exchange);

        assertThat(state.record("instance-1/old")).isPresent();
    }
}
