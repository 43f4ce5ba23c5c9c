package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.InstanceStatus;
import io.taurusreplicationwatch.polling.PollOutcome;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the status board makes of the service's records: problems, instance health, advice, and the event ring. */
class StatusBoardTest {

    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String INSTANCE = "4f5e6d7c8b9a0f1e2d3c4b5a69788796in07";
    private static final WatchedInstance WATCHED = new WatchedInstance("cn-north-4", PROJECT, INSTANCE);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void should_name_every_reason_a_task_is_a_problem_and_none_for_a_healthy_one() {
        assertThat(StatusBoard.task(record("a", "yes", "full", null), false).problems()).isEmpty();
        assertThat(StatusBoard.task(record("b", "no", "full", null), false).problems()).containsExactly("status_no");
        assertThat(StatusBoard.task(record("c", "yes", "paused", null), false).problems()).containsExactly("paused");
        assertThat(StatusBoard.task(record("d", "no", "paused", null), true).problems())
                .containsExactly("status_no", "paused", "instance_failing");
    }

    @Test
    void should_carry_the_task_fields_with_since_and_stalled_from_the_task_state() {
        BoardTask task = StatusBoard.task(record("sync_1", "yes", "incremental", null), false);
        TaskRecord stalledRecord = record("sync_2", "yes", "full", null);
        BoardTask stalled = StatusBoard.task(new TaskRecord(PROJECT, INSTANCE, "sync_2", 4, stalledRecord.snapshot(),
                0, null, NOW.minusSeconds(7200).toString(), "40", NOW.minusSeconds(3600).toString(),
                NOW.minusSeconds(1800).toString()), false);

        assertThat(task.taskName()).isEqualTo("sync_1");
        assertThat(task.sourceDatabase()).isEqualTo("src_sync_1");
        assertThat(task.percentage()).isEqualTo(40L);
        assertThat(task.seq()).isEqualTo(3);
        assertThat(task.since()).as("a state written before changes were timed").isNull();
        assertThat(task.stalled()).isFalse();
        assertThat(stalled.since()).isEqualTo(NOW.minusSeconds(7200).toString());
        assertThat(stalled.stalled()).isTrue();
        assertThat(stalled.problems()).containsExactly("stalled");
    }

    @Test
    void should_show_a_failed_poll_as_failing_with_its_code_and_advice_and_a_complete_one_as_ok_without() {
        InstanceStatus failed = new InstanceStatus(NOW.plusSeconds(60), false, PollOutcome.FAILED, "APIGW.0301", 2,
                NOW.minusSeconds(90), 5, false, NOW);
        InstanceStatus complete = new InstanceStatus(NOW.plusSeconds(30), false, PollOutcome.COMPLETE, null, 0, NOW,
                5, false, NOW);

        BoardInstance failing = StatusBoard.instance(WATCHED, failed, 5);
        BoardInstance ok = StatusBoard.instance(WATCHED, complete, 5);

        assertThat(failing.health()).isEqualTo("failing");
        assertThat(failing.failing()).isTrue();
        assertThat(failing.errorCode()).isEqualTo("APIGW.0301");
        assertThat(failing.advice()).contains("clock");
        assertThat(failing.consecutiveFailures()).isEqualTo(2);
        assertThat(failing.lastPollAt()).isEqualTo(NOW.toString());
        assertThat(ok.health()).isEqualTo("ok");
        assertThat(ok.errorCode()).isNull();
        assertThat(ok.advice()).isNull();
    }

    @Test
    void should_list_every_watched_instance_and_leave_removed_tasks_out() {
        TaskStateRepository state = new TaskStateRepository(new InMemoryTaskStateStore(),
                new TrackedFields(List.of("stage", "status")));
        state.update(record("kept", "yes", "full", null));
        state.update(record("gone", "yes", "full", NOW.toString()));
        InstanceSchedule schedule = new InstanceSchedule(List.of(WATCHED), new PollPacing(Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(10)), Clock.fixed(NOW, ZoneOffset.UTC));
        StatusBoard board = new StatusBoard(List.of(WATCHED), schedule, state, new RecentEvents(100), () -> false,
                Clock.fixed(NOW, ZoneOffset.UTC));

        BoardState snapshot = board.snapshot();

        assertThat(snapshot.role()).isEqualTo("standby");
        assertThat(snapshot.generatedAt()).isEqualTo(NOW.toString());
        assertThat(snapshot.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.health()).isEqualTo("not_polled");
            assertThat(instance.tasks()).isEqualTo(1);
        });
        assertThat(snapshot.tasks()).extracting(BoardTask::taskName).containsExactly("kept");
    }

    @Test
    void should_keep_only_the_newest_events_newest_first() {
        RecentEvents events = new RecentEvents(100);
        IntStream.rangeClosed(1, 130).forEach(i -> events.acknowledged(INSTANCE + "/t" + i + "/1",
                "taurusdb.starrocks.replication.discovered", NOW.plusSeconds(i).toString(),
                record("t" + i, "yes", "wait", null)));
        events.acknowledged(INSTANCE + "/t1/2", "taurusdb.starrocks.replication.removed", NOW.toString(),
                new TaskRecord(PROJECT, INSTANCE, "t1", 2, null, 0, NOW.toString()));

        List<BoardEvent> kept = events.newestFirst();

        assertThat(kept).hasSize(100);
        assertThat(kept.get(0)).satisfies(removed -> {
            assertThat(removed.type()).isEqualTo("removed");
            assertThat(removed.status()).isNull();
            assertThat(removed.id()).isEqualTo(INSTANCE + "/t1/2");
        });
        assertThat(kept.get(1).taskName()).isEqualTo("t130");
        assertThat(kept.get(1).type()).isEqualTo("discovered");
        assertThat(kept.get(99).taskName()).isEqualTo("t32");
    }

    private static TaskRecord record(String name, String status, String stage, String removedAt) {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(Map.of("task_name", name, "source_database", "src_" + name,
                "target_database", "dst_" + name, "status", status, "stage", stage, "percentage", 40));
        return new TaskRecord(PROJECT, INSTANCE, name, 3, snapshot, 0, removedAt);
    }
}
