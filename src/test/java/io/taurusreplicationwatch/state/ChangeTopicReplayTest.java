package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChangeTopicReplay#eventOf}: the state an event on the change topic leaves behind. */
class ChangeTopicReplayTest {

    private static final String CHANGED = "taurusdb.starrocks.replication.changed";
    private static final String REMOVED = "taurusdb.starrocks.replication.removed";

    @Test
    void should_turn_a_change_event_into_the_record_of_its_after_state_and_seq() {
        Optional<TaskRecord> record = ChangeTopicReplay.eventOf("""
                {"project_id": "p1", "instance_id": "i1", "task_name": "sync_2", "seq": 7,
                 "changed_fields": ["stage"], "before": {"task_name": "sync_2", "stage": "wait", "status": "yes"},
                 "after": {"task_name": "sync_2", "stage": "full", "status": "yes", "percentage": 50},
                 "observed_at": "2026-11-24T17:42:21.103Z", "poll_id": "x"}
                """, CHANGED).map(event -> event.continuing(null));

        assertThat(record).hasValueSatisfying(r -> {
            assertThat(r.taskKey()).isEqualTo("i1/sync_2");
            assertThat(r.projectId()).isEqualTo("p1");
            assertThat(r.seq()).isEqualTo(7);
            assertThat(r.snapshot().stage()).isEqualTo("full");
            assertThat(r.snapshot().percentage()).isEqualTo(50L);
            assertThat(r.removed()).isFalse();
            assertThat(r.missedPolls()).isZero();
        });
    }

    @Test
    void should_turn_a_removal_into_a_tombstone_dated_by_the_poll_that_saw_it() {
        Optional<TaskRecord> record = ChangeTopicReplay.eventOf("""
                {"project_id": "p1", "instance_id": "i1", "task_name": "sync_2", "seq": 8, "changed_fields": [],
                 "before": {"task_name": "sync_2", "stage": "full"}, "after": null,
                 "observed_at": "2026-11-25T08:00:00Z", "poll_id": "y"}
                """, REMOVED).map(event -> event.continuing(null));

        assertThat(record).hasValueSatisfying(r -> {
            assertThat(r.seq()).isEqualTo(8);
            assertThat(r.snapshot()).isNull();
            assertThat(r.removedAt()).isEqualTo("2026-11-25T08:00:00Z");
        });
    }

    @Test
    void should_rebuild_a_stall_from_its_ce_type_keeping_the_time_the_progress_last_moved() {
        TaskRecord known = new TaskRecord("p1", "i1", "sync_2", 6, null, 0, null, "2026-11-24T16:00:00Z",
                "percentage=50", "2026-11-24T17:00:00Z", null);
        String stall = """
                {"project_id": "p1", "instance_id": "i1", "task_name": "sync_2", "seq": 7, "changed_fields": [],
                 "before": {"task_name": "sync_2", "stage": "full", "status": "yes", "percentage": 50},
                 "after": {"task_name": "sync_2", "stage": "full", "status": "yes", "percentage": 50},
                 "observed_at": "2026-11-24T17:30:00Z", "poll_id": "x"}
                """;

        TaskRecord record = ChangeTopicReplay.eventOf(stall, "taurusdb.starrocks.replication.stalled")
                .orElseThrow().continuing(known);

        assertThat(record.stalledAt()).isEqualTo("2026-11-24T17:30:00Z");
        assertThat(record.progressAt()).isEqualTo("2026-11-24T17:00:00Z");
        assertThat(record.changedAt()).isEqualTo("2026-11-24T16:00:00Z");
        assertThat(ChangeTopicReplay.eventOf(stall, CHANGED).orElseThrow().continuing(known).isStalled())
                .as("the type decides, not the value").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"instance_id\": \"i1\", \"task_name\": \"t\", \"after\": null}",
            "{\"instance_id\": \"i1\", \"seq\": 1, \"after\": null}",
            "{\"instance_id\": \"i1\", \"task_name\": \"t\", \"seq\": 1, \"after\": \"full\"}"})
    void should_skip_a_record_that_is_not_a_change_event(String value) {
        assertThat(ChangeTopicReplay.eventOf(value, CHANGED)).isEmpty();
    }

    @Test
    void should_fail_in_one_message_naming_the_topic_the_brokers_and_the_switch_when_kafka_is_unreachable() {
        ChangeTopicReplay replay = new ChangeTopicReplay(KafkaClientProperties.plaintext("127.0.0.1:1"), "changes",
                "test", Duration.ofMinutes(1), Duration.ofSeconds(2));

        assertThatThrownBy(() -> replay.replay(Optional.empty(), record -> { }))
                .isInstanceOf(IllegalStateException.class).hasNoCause()
                .hasMessageContaining("cannot read the change topic changes at 127.0.0.1:1")
                .hasMessageContaining("watch.state.recover-from-topic=false");
    }

    @Test
    void should_skip_a_null_value() {
        assertThat(ChangeTopicReplay.eventOf(null, CHANGED)).isEmpty();
    }
}
