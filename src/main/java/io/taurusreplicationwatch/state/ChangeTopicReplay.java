package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back the change events the service published after a checkpoint was taken: the change topic is the log of
 * everything Kafka acknowledged, the checkpoint only a recent copy of it. Reading starts {@code margin} before the
 * checkpoint's time, on every partition ({@code offsetsForTimes}), and ends at the end offsets read at the start.
 * The margin covers an event created before the checkpoint but acknowledged after it (at most the producer's
 * delivery timeout) and clock skew between the hosts a poller runs on. Without a checkpoint the whole topic is read:
 * a lost state is rebuilt instead of every task being numbered from 1 again.
 * <p>
 * A plain consumer, assigned, with no group: nothing is committed, and reading never disturbs a consumer group.
 */
public class ChangeTopicReplay {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeTopicReplay.class);
    // The events package names these types; the state, below it, reads them back as published.
    private static final String TYPE_HEADER = "ce_type";
    private static final String TYPE_PREFIX = "taurusdb.starrocks.replication.";

    private final KafkaClientProperties kafka;
    private final String topic;
    private final String clientId;
    private final Duration margin;
    private final Duration timeout;

    public ChangeTopicReplay(KafkaClientProperties kafka, String topic, String clientId, Duration margin,
                             Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.clientId = clientId;
        this.margin = margin;
        this.timeout = timeout;
    }

    /** What one replay read: records on the topic since the start point, and those that were not change events. */
    public record Replayed(long read, long unreadable, Optional<Instant> from) {
    }

    /** A change event read back: what it announced ({@code ce_type}), and enough to rebuild the record it left. */
    public record PublishedEvent(Assessment what, String projectId, String instanceId, String taskName, long seq,
                                 TaskSnapshot after, String observedAt) {

        public String taskKey() {
            return TaskKeys.of(instanceId, taskName);
        }

        /** The record the event left on top of {@code known}, the task's record before it (null if none). */
        public TaskRecord continuing(TaskRecord known) {
            return TaskRecord.afterEvent(known, what, projectId, instanceId, taskName, seq, after, observedAt);
        }
    }

    /**
     * Hands every change event published since {@code margin} before {@code takenAt} to {@code event}, in the order
     * of each partition (so in the order of each task).
     */
    public Replayed replay(Optional<Instant> takenAt, Consumer<PublishedEvent> event) {
        Optional<Instant> from = takenAt.map(at -> at.minus(margin));
        long read = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                LOG.info("The change topic {} does not exist yet: no event to replay", topic);
                return new Replayed(0, 0, from);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, from, beginning, end);
            start.forEach(consumer::seek);
            warnIfRetentionTookRecords(consumer, start, beginning, end, from);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw failure("it was not read to its end within " + timeout.toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    Header type = record.headers().lastHeader(TYPE_HEADER);
                    Optional<PublishedEvent> published = eventOf(record.value(),
                            type == null ? null : new String(type.value(), StandardCharsets.UTF_8));
                    if (published.isPresent()) {
                        event.accept(published.get());
                    } else {
                        unreadable++;
                    }
                }
            }
        } catch (KafkaException e) {
            throw failure(e.getMessage(), e);
        }
        if (unreadable > 0) {
            LOG.warn("Skipped {} record(s) of the change topic {} that are not change events", unreadable, topic);
        }
        return new Replayed(read, unreadable, from);
    }

    private Map<TopicPartition, Long> startOffsets(KafkaConsumer<String, String> consumer,
                                                  List<TopicPartition> partitions, Optional<Instant> from,
                                                  Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end) {
        if (from.isEmpty()) {
            return beginning;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.get().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> start = new HashMap<>();
        // No record at or after the time: nothing on that partition is newer than the checkpoint.
        partitions.forEach(p -> start.put(p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
        return start;
    }

    /**
     * Retention deletes the oldest records first. If a partition starts exactly at the first record after the start
     * time, records before it are gone, and some of them may have been published after the checkpoint.
     */
    private void warnIfRetentionTookRecords(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> start,
                                            Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end,
                                            Optional<Instant> from) {
        List<TopicPartition> gaps = start.keySet().stream()
                .filter(p -> beginning.get(p) > 0 && start.get(p).equals(beginning.get(p))
                        && beginning.get(p) < end.get(p))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (!gaps.isEmpty()) {
            LOG.warn("The change topic {} no longer holds all records since {} (partitions {}: the oldest were deleted"
                            + " by retention while the service was down): events published then are not replayed, and"
                            + " a task whose last event is among them may get its sequence number, and ce_id, again."
                            + " Keep the topic's retention.ms well above the longest time the service may be down",
                    topic, from.map(Instant::toString).orElse("the beginning"),
                    gaps.stream().map(p -> Integer.toString(p.partition())).toList());
        }
    }

    /**
     * The event a record of the change topic holds: its seq and {@code after}, and from its {@code ce_type} whether
     * it announced a stall or a resumption (any other type, or none, is a change).
     */
    static Optional<PublishedEvent> eventOf(String value, String type) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode event = Json.mapper().readTree(value);
            JsonNode after = event.path("after");
            String instanceId = event.path("instance_id").textValue();
            String taskName = event.path("task_name").textValue();
            if (instanceId == null || taskName == null || !event.path("seq").canConvertToLong()
                    || !(after.isObject() || after.isNull())) {
                return Optional.empty();
            }
            TaskSnapshot snapshot = after.isNull() ? null : Json.mapper().treeToValue(after, TaskSnapshot.class);
            Assessment what = (TYPE_PREFIX + "stalled").equals(type) ? Assessment.STALLED
                    : (TYPE_PREFIX + "resumed").equals(type) ? Assessment.RESUMED : Assessment.CHANGED;
            return Optional.of(new PublishedEvent(what, event.path("project_id").textValue(), instanceId, taskName,
                    event.path("seq").asLong(), snapshot, event.path("observed_at").asText(Instant.EPOCH.toString())));
        } catch (IOException | IllegalArgumentException notAnEvent) {
            return Optional.empty();
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = kafka.common(clientId + "-recovery");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must never create the topic with the broker's defaults, before the operator has.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return properties;
    }

    /** Names the topic, the brokers and what to do; the Kafka reason is in the message, so no cause is kept. */
    private StateUnavailableException failure(String reason, KafkaException cause) {
        String advice = KafkaSecurityFailure.advice(cause).orElse("Check watch.kafka.brokers and watch.kafka.topic");
        return new StateUnavailableException("cannot read the change topic " + topic + " at " + kafka.brokers()
                + " to recover the events published after the last state checkpoint: " + reason + ". " + advice
                + ", or set watch.state.recover-from-topic=false (a crash between an acknowledgement and the next save"
                + " may then reuse a ce_id)", null);
    }

    public String describe() {
        return "topic " + topic;
    }
}
