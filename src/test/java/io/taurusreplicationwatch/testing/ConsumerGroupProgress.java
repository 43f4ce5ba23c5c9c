package io.taurusreplicationwatch.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group has read a topic, from the broker's committed offsets. A test that asserts that a
 * consumer let something <em>not</em> through waits for {@link #hasReadAll} first: then "nothing else arrived" is a
 * fact rather than a guess about timing.
 */
public final class ConsumerGroupProgress {

    private ConsumerGroupProgress() {
    }

    /** Whether the group's committed offset on every partition of the topic is that partition's end offset. */
    public static boolean hasReadAll(EmbeddedKafkaBroker broker, String group, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> settings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(settings)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).entrySet().stream().allMatch(end -> {
                OffsetAndMetadata done = committed.get(end.getKey());
                return (done == null ? 0 : done.offset()) == end.getValue().offset();
            });
        }
    }
}
