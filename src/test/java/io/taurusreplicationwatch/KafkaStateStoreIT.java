package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.KafkaClientProperties;
import io.taurusreplicationwatch.state.KafkaTaskStateStore;
import io.taurusreplicationwatch.state.StateChanges;
import io.taurusreplicationwatch.state.StateCheckpoint;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The task state in a compacted Kafka topic: what a second process (a replica, a restart) starts from. The restart of
 * the whole service on this store is {@link StateStoreRestartIT}'s.
 */
class KafkaStateStoreIT extends PipelineTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private String stateTopic() {
        return topic + "-state";
    }

    @Test
    void should_write_only_what_changed_dated_by_the_save_and_forget_a_task_with_a_kafka_tombstone() {
        KafkaTaskStateStore first = store();
        assertThat(first.load()).isEqualTo(StateCheckpoint.EMPTY);
        TaskRecord a = record("a", "full", 1);
        TaskRecord b = record("b", "full", 1);
        first.save(changes(Instant.parse("2026-03-01T12:00:00Z"), List.of(a, b), List.of()));
        assertThat(endOffset()).isEqualTo(2);

        TaskRecord a2 = record("a", "incremental", 2);
        first.save(changes(Instant.parse("2026-03-01T12:00:05Z"), List.of(a2), List.of()));
        assertThat(endOffset()).as("only a's new state written").isEqualTo(3);
        first.save(changes(Instant.parse("2026-03-01T12:00:10Z"), List.of(), List.of(b.taskKey())));
        assertThat(endOffset()).as("b forgotten by a tombstone").isEqualTo(4);
        first.close();

        KafkaTaskStateStore second = store();
        StateCheckpoint loaded = second.load();
        assertThat(loaded.records()).containsExactly(a2);
        assertThat(loaded.takenAt()).contains(Instant.parse("2026-03-01T12:00:10Z"));
        second.close();
    }

    private static StateChanges changes(Instant takenAt, List<TaskRecord> changed, List<String> forgotten) {
        return new StateChanges(takenAt, changed, forgotten, List::of, false);
    }

    @Test
    void should_refuse_to_start_without_its_state_rather_than_announce_every_task_again() {
        KafkaTaskStateStore unreachable = new KafkaTaskStateStore(KafkaClientProperties.plaintext("127.0.0.1:1"), stateTopic(), "state-it",
                Duration.ofSeconds(2));

        assertThatThrownBy(unreachable::load).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the task state from Kafka topic " + stateTopic())
                .hasMessageContaining("watch.kafka.brokers");
    }

    private KafkaTaskStateStore store() {
        return new KafkaTaskStateStore(KafkaClientProperties.plaintext(broker.bootstrapServers()), stateTopic(), "state-it", TIMEOUT);
    }

    private static TaskRecord record(String task, String stage, long seq) {
        return new TaskRecord(PROJECT, INSTANCE, task, seq,
                TaskSnapshot.fromFields(Map.of("task_name", task, "stage", stage, "status", "yes")), 0, null);
    }

    private long endOffset() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(broker.consumerProps("state-it-offsets"))) {
            TopicPartition partition = new TopicPartition(stateTopic(), 0);
            return consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        }
    }
}
