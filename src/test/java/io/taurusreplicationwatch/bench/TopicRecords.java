package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads what a topic holds from its beginning, as a downstream consumer would, to check what was published. */
final class TopicRecords {

    private TopicRecords() {
    }

    /** Exactly {@code expected} records, or an exception saying how many arrived within {@code timeout}. */
    static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker broker, String topic, int expected,
                                                        Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(expected);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(broker.consumerProps("bench-" + topic))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A short look past the expected count: duplicates would be a finding, not noise.
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        if (records.size() != expected) {
            throw new IllegalStateException("topic " + topic + " holds " + records.size() + " records, expected "
                    + expected);
        }
        return records;
    }
}
