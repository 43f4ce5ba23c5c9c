package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;

/**
 * Fresh three-partition topics, created before anything is measured. A producer that writes to a partition the
 * broker has not finished creating gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then be stuck on
 * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout: so every partition must have a leader first.
 */
final class Topics {

    static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    static void create(EmbeddedKafkaBroker broker, List<String> names) throws InterruptedException {
        names.forEach(name -> broker.createTopic(name, PARTITIONS));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> metadata = new KafkaConsumer<>(broker.consumerProps("bench-metadata"))) {
            for (String name : names) {
                while (!ready(metadata.partitionsFor(name, READY_TIMEOUT))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topic " + name + " has partitions without a leader");
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static boolean ready(List<PartitionInfo> partitions) {
        return partitions.size() == PARTITIONS && partitions.stream().allMatch(p -> p.leader() != null);
    }
}
