package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * Stall detection in {@link TaskStateRepository}, driven by a clock the test moves: one poll of one task is what the
 * poll and publish routes do with it ({@code contains}, then the event recorded as acknowledged, or the move noted).
 */
class StallDetectionTest {

    private static final Duration STALL_AFTER = Duration.ofMinutes(30);
    private static final String TASK = "instance-1/task_a";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final MutableClock clock = new MutableClock(START);

    private TaskStateRepository repository(TaskStateStore store, List<String> tracked, StallWatch watch) {
        TaskStateRepository repository = new TaskStateRepository(store, new TrackedFields(tracked), Optional.empty(),
                clock, watch);
        repository.start();
        return repository;
    }

    private TaskStateRepository repository(StallWatch watch) {
        return repository(new InMemoryTaskStateStore(), List.of("stage", "status"), watch);
    }

    private TaskStateRepository repository() {
        return repository(new StallWatch(STALL_AFTER));
    }

    private static TaskSnapshot task(String stage, Object percentage, String catchupStage, Object catchupPercentage,
                                     String status) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("task_name", "task_a");
        fields.put("status", status);
        fields.put("stage", stage);
        fields.put("percentage", percentage);
        fields.put("catchup_stage", catchupStage);
        fields.put("catchup_percentage", catchupPercentage);
        return TaskSnapshot.fromFields(fields);
    }

    private static TaskSnapshot full(Object percentage) {
        return task("full", percentage, null, 0, "Yes");
    }

    /** One poll that lists the task: what it announces, the event recorded as acknowledged, or the move noted. */
    private Assessment poll(TaskStateRepository repository, TaskSnapshot snapshot, List<String> tracked) {
        String key = new TrackedFields(tracked).changeKey(TASK, snapshot).toString();
        String now = clock.instant().toString();
        if (repository.contains(key)) {
            repository.noteProgress(key, now);
            return Assessment.UNCHANGED;
        }
        Assessment what = repository.assess(key);
        TaskRecord previous = repository.record(TASK).orElse(null);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, TaskRecord.afterEvent(previous, what,
                "project-1", "instance-1", "task_a", previous == null ? 1 : previous.seq() + 1, snapshot, now));
        repository.add(exchange, key);
        return what;
    }

    private Assessment poll(TaskStateRepository repository, TaskSnapshot snapshot) {
        return poll(repository, snapshot, List.of("stage", "status"));
    }

    private TaskRecord record(TaskStateRepository repository) {
        return repository.record(TASK).orElseThrow();
    }

    @Test
    void should_announce_a_stall_exactly_stall_after_the_last_move_and_only_once() {
        TaskStateRepository repository = repository();
        assertThat(poll(repository, full(40))).as("discovered").isEqualTo(Assessment.CHANGED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(poll(repository, full(50))).as("a move alone").isEqualTo(Assessment.UNCHANGED);
        Instant moved = clock.instant();

        clock.advance(STALL_AFTER.minusMillis(1));
        assertThat(poll(repository, full(50))).as("a millisecond before").isEqualTo(Assessment.UNCHANGED);
        clock.advance(Duration.ofMillis(1));
        assertThat(poll(repository, full(50))).as("exactly stall-after after the move")
                .isEqualTo(Assessment.STALLED);
        assertThat(record(repository).stalledAt()).isEqualTo(clock.instant().toString());
        assertThat(record(repository).progressAt()).isEqualTo(moved.toString());
        assertThat(record(repository).seq()).isEqualTo(2);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofHours(1));
            assertThat(poll(repository, full(50))).as("still stalled, hour " + i).isEqualTo(Assessment.UNCHANGED);
        }
        assertThat(record(repository).seq()).isEqualTo(2);
    }

    @Test
    void should_announce_the_resumption_when_the_percentage_moves_and_start_the_clock_again() {
        TaskStateRepository repository = repository();
        poll(repository, full(40));
        clock.advance(STALL_AFTER);
        assertThat(poll(repository, full(40))).isEqualTo(Assessment.STALLED);

        clock.advance(Duration.ofMinutes(5));
        assertThat(poll(repository, full(41))).isEqualTo(Assessment.RESUMED);
        Instant resumed = clock.instant();

        assertThat(record(repository).isStalled()).isFalse();
        assertThat(record(repository).progressAt()).isEqualTo(resumed.toString());
        assertThat(record(repository).changedAt()).as("the tracked fields did not change")
                .isEqualTo(START.toString());
        clock.advance(STALL_AFTER.minusSeconds(1));
        assertThat(poll(repository, full(41))).isEqualTo(Assessment.UNCHANGED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(poll(repository, full(41))).isEqualTo(Assessment.STALLED);
    }

    @Test
    void should_end_a_stall_with_the_usual_change_when_the_stage_changes_and_watch_incremental_no_more() {
        TaskStateRepository repository = repository();
        poll(repository, full(99));
        clock.advance(STALL_AFTER);
        assertThat(poll(repository, full(99))).isEqualTo(Assessment.STALLED);

        clock.advance(Duration.ofMinutes(1));
        assertThat(poll(repository, task("incremental", 100, null, 0, "Yes"))).isEqualTo(Assessment.CHANGED);

        assertThat(record(repository).isStalled()).isFalse();
        assertThat(record(repository).changedAt()).isEqualTo(clock.instant().toString());
        clock.advance(Duration.ofDays(1));
        assertThat(poll(repository, task("incremental", 100, null, 0, "Yes"))).isEqualTo(Assessment.UNCHANGED);
    }

    @Test
    void should_announce_a_move_of_a_stalled_task_as_changed_when_the_percentage_is_tracked() {
        List<String> tracked = List.of("stage", "status", "percentage");
        TaskStateRepository repository = repository(new InMemoryTaskStateStore(), tracked,
                new StallWatch(STALL_AFTER));
        poll(repository, full(10), tracked);
        clock.advance(STALL_AFTER);
        assertThat(poll(repository, full(10), tracked)).isEqualTo(Assessment.STALLED);

        assertThat(poll(repository, full(11), tracked)).isEqualTo(Assessment.CHANGED);
        assertThat(record(repository).isStalled()).isFalse();
    }

    @Test
    void should_declare_no_stall_when_stall_after_is_zero() {
        TaskStateRepository repository = repository(StallWatch.OFF);
        poll(repository, full(40));

        clock.advance(Duration.ofDays(30));

        assertThat(poll(repository, full(40))).isEqualTo(Assessment.UNCHANGED);
        assertThat(record(repository).isStalled()).isFalse();
    }

    @Test
    void should_still_resume_a_task_stalled_before_stall_detection_was_turned_off() {
        InMemoryTaskStateStore store = new InMemoryTaskStateStore();
        TaskStateRepository before = repository(store, List.of("stage", "status"), new StallWatch(STALL_AFTER));
        poll(before, full(40));
        clock.advance(STALL_AFTER);
        poll(before, full(40));
        before.stop();

        TaskStateRepository off = repository(store, List.of("stage", "status"), StallWatch.OFF);

        assertThat(poll(off, full(40))).as("no repeat, no false resumption").isEqualTo(Assessment.UNCHANGED);
        assertThat(poll(off, full(45))).isEqualTo(Assessment.RESUMED);
    }

    @Test
    void should_announce_a_stalled_catch_up_of_an_incremental_task() {
        TaskStateRepository repository = repository();
        poll(repository, task("incremental", 100, "full", 20, "Yes"));
        clock.advance(Duration.ofMinutes(20));
        assertThat(poll(repository, task("incremental", 100, "full", 25, "Yes"))).isEqualTo(Assessment.UNCHANGED);

        clock.advance(STALL_AFTER.minusSeconds(1));
        assertThat(poll(repository, task("incremental", 100, "full", 25, "Yes"))).isEqualTo(Assessment.UNCHANGED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(poll(repository, task("incremental", 100, "full", 25, "Yes"))).isEqualTo(Assessment.STALLED);

        assertThat(poll(repository, task("incremental", 100, "incremental", 100, "Yes")))
                .as("the catch-up left full, an untracked field").isEqualTo(Assessment.RESUMED);
    }

    @Test
    void should_not_watch_a_task_whose_status_is_no_nor_one_outside_full() {
        TaskStateRepository repository = repository();
        poll(repository, task("full", 40, null, 0, "No"));
        clock.advance(Duration.ofDays(1));
        assertThat(poll(repository, task("full", 40, null, 0, "No"))).isEqualTo(Assessment.UNCHANGED);

        TaskStateRepository waiting = repository();
        poll(waiting, task("wait", 0, null, 0, "Yes"));
        clock.advance(Duration.ofDays(1));
        assertThat(poll(waiting, task("wait", 0, null, 0, "Yes"))).isEqualTo(Assessment.UNCHANGED);
    }

    @Test
    void should_start_the_clock_when_the_task_enters_full_not_when_its_percentage_last_changed() {
        TaskStateRepository repository = repository();
        poll(repository, task("wait", 0, null, 0, "Yes"));
        clock.advance(Duration.ofHours(2));
        assertThat(poll(repository, full(0))).isEqualTo(Assessment.CHANGED);

        clock.advance(STALL_AFTER.minusSeconds(1));
        assertThat(poll(repository, full(0))).isEqualTo(Assessment.UNCHANGED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(poll(repository, full(0))).isEqualTo(Assessment.STALLED);
    }

    @Test
    void should_keep_the_stall_clock_and_the_stall_across_a_reload_of_the_state() {
        InMemoryTaskStateStore store = new InMemoryTaskStateStore();
        TaskStateRepository first = repository(store, List.of("stage", "status"), new StallWatch(STALL_AFTER));
        poll(first, full(40));
        clock.advance(Duration.ofMinutes(20));
        poll(first, full(45));
        first.stop();

        TaskStateRepository second = repository(store, List.of("stage", "status"), new StallWatch(STALL_AFTER));
        clock.advance(STALL_AFTER.minusMinutes(1));
        assertThat(poll(second, full(45))).as("not reset by the restart").isEqualTo(Assessment.UNCHANGED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(poll(second, full(45))).isEqualTo(Assessment.STALLED);
        second.stop();

        TaskStateRepository third = repository(store, List.of("stage", "status"), new StallWatch(STALL_AFTER));
        clock.advance(Duration.ofHours(3));
        assertThat(poll(third, full(45))).as("not announced again").isEqualTo(Assessment.UNCHANGED);
    }

    @Test
    void should_count_the_stalled_tasks_of_each_instance() {
        TaskStateRepository repository = repository();
        poll(repository, full(40));
        assertThat(repository.stalledCount("instance-1")).isZero();

        clock.advance(STALL_AFTER);
        poll(repository, full(40));

        assertThat(repository.stalledCount("instance-1")).isEqualTo(1);
        assertThat(repository.stalledCount("instance-2")).isZero();
    }
}
