package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRecord}: the record each kind of event leaves, and its JSON (the journal's lines and the Kafka state
 * store's record values), with and without the times older states lack.
 */
class TaskRecordTest {

    private static final String EARLIER = "2026-03-01T10:00:00Z";
    private static final String MOVED = "2026-03-01T10:05:00Z";
    private static final String NOW = "2026-03-01T11:00:00Z";

    private static TaskSnapshot full(long percentage) {
        return TaskSnapshot.fromFields(Map.of("task_name", "task_a", "stage", "full", "status", "yes",
                "percentage", percentage));
    }

    private static TaskRecord known(String stalledAt) {
        return new TaskRecord("p", "i", "task_a", 4, full(37), 0, null, EARLIER, "percentage=37", MOVED, stalledAt);
    }

    private static TaskRecord after(TaskRecord previous, Assessment what, TaskSnapshot snapshot) {
        return TaskRecord.afterEvent(previous, what, "p", "i", "task_a", 5, snapshot, NOW);
    }

    @Test
    void should_date_a_discovery_change_and_progress_by_the_event() {
        TaskRecord record = after(null, Assessment.CHANGED, full(0));

        assertThat(record.changedAt()).isEqualTo(NOW);
        assertThat(record.progressAt()).isEqualTo(NOW);
        assertThat(record.progress()).isEqualTo("percentage=0");
        assertThat(record.stalledAt()).isNull();
    }

    @Test
    void should_keep_the_times_of_the_last_change_and_move_when_a_stall_is_announced() {
        TaskRecord record = after(known(null), Assessment.STALLED, full(37));

        assertThat(record.changedAt()).isEqualTo(EARLIER);
        assertThat(record.progressAt()).isEqualTo(MOVED);
        assertThat(record.stalledAt()).isEqualTo(NOW);
        assertThat(record.seq()).isEqualTo(5);
    }

    @Test
    void should_end_the_stall_and_date_the_move_at_a_resumption() {
        TaskRecord record = after(known(NOW), Assessment.RESUMED, full(38));

        assertThat(record.stalledAt()).isNull();
        assertThat(record.progressAt()).isEqualTo(NOW);
        assertThat(record.changedAt()).isEqualTo(EARLIER);
    }

    @Test
    void should_keep_the_time_of_the_last_move_through_a_change_that_did_not_move_the_progress() {
        TaskSnapshot statusChanged = TaskSnapshot.fromFields(Map.of("task_name", "task_a", "stage", "full",
                "status", "yes", "percentage", 37L, "source_database", "renamed"));

        TaskRecord record = after(known(null), Assessment.CHANGED, statusChanged);

        assertThat(record.changedAt()).isEqualTo(NOW);
        assertThat(record.progressAt()).isEqualTo(MOVED);
    }

    @Test
    void should_leave_a_tombstone_without_progress_at_a_removal() {
        TaskRecord record = after(known(NOW), Assessment.CHANGED, null);

        assertThat(record.removedAt()).isEqualTo(NOW);
        assertThat(record.progressAt()).isNull();
        assertThat(record.stalledAt()).isNull();
    }

    @Test
    void should_write_and_read_back_the_times_as_json() throws Exception {
        String json = Json.mapper().writeValueAsString(known(NOW));

        assertThat(Json.mapper().readTree(json).fieldNames()).toIterable().containsExactly("project_id",
                "instance_id", "task_name", "seq", "snapshot", "missed_polls", "removed_at", "changed_at", "progress",
                "progress_at", "stalled_at");
        assertThat(Json.mapper().readValue(json, TaskRecord.class)).isEqualTo(known(NOW));
    }

    @Test
    void should_read_a_json_record_written_before_the_times_were_kept() throws Exception {
        TaskRecord record = Json.mapper().readValue("""
                {"project_id":"p","instance_id":"i","task_name":"task_a","seq":4,
                 "snapshot":{"task_name":"task_a","stage":"full","status":"yes","percentage":37},
                 "missed_polls":1,"removed_at":null}
                """, TaskRecord.class);

        assertThat(record).isEqualTo(new TaskRecord("p", "i", "task_a", 4, record.snapshot(), 1, null));
        assertThat(record.snapshot().percentage()).isEqualTo(37L);
        assertThat(record.changedAt()).isNull();
        assertThat(record.progressAt()).isNull();
        assertThat(record.stalledAt()).isNull();
    }
}
