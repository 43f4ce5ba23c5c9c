package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taurusreplicationwatch.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the last state of every task in a compacted Kafka topic, keyed by task: one record per task survives
 * compaction, and a task forgotten for good (an expired tombstone) becomes a Kafka tombstone (null value). Every
 * replica reads the whole topic at start-up, so state follows the active poller instead of one pod's disk.
 * <p>
 * Camel's {@code KafkaIdempotentRepository} was the first candidate and is not used: it keeps a set of seen keys
 * (a key is added, never replaced), while the service needs the last value per task (snapshot, seq, missed polls),
 * written only after the event was acknowledged.
 * <p>
 * A save writes only the records that changed, each with the save's time as its record timestamp, and waits for every
 * write to be acknowledged (acks=all): a save that fails throws, and the repository saves those records again later.
 * The newest timestamp read back is the checkpoint's time.
 */
public class KafkaTaskStateStore implements TaskStateStore {

    private final KafkaClientProperties kafka;
    private final String topic;
    private final String clientId;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;

    public KafkaTaskStateStore(KafkaClientProperties kafka, String topic, String clientId, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.clientId = clientId;
        this.timeout = timeout;
    }

    @Override
    public synchronized StateCheckpoint load() {
        createTopicIfMissing();
        Map<String, String> latest = new HashMap<>();
        long newest = -1;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw unreadable("it was not read to its end within " + timeout.toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    newest = Math.max(newest, record.timestamp());
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreadable(e.getMessage(), e);
        }
        List<TaskRecord> records = new ArrayList<>(latest.size());
        latest.forEach((key, json) -> records.add(parse(key, json)));
        return new StateCheckpoint(records, newest < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest)));
    }

    @Override
    public synchronized void save(StateChanges changes) {
        Long timestamp = changes.takenAt().toEpochMilli();
        List<Future<?>> sends = new ArrayList<>();
        for (TaskRecord record : changes.changed()) {
            sends.add(producer().send(new ProducerRecord<>(topic, null, timestamp, record.taskKey(), json(record))));
        }
        for (String taskKey : changes.forgotten()) {
            sends.add(producer().send(new ProducerRecord<String, String>(topic, null, timestamp, taskKey, (String) null)));
        }
        for (Future<?> send : sends) {
            try {
                send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot write the task state to Kafka topic " + topic + ": "
                        + Optional.ofNullable(e.getCause()).orElse(e).getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the task state to Kafka topic " + topic, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " at " + kafka.brokers();
    }

    private void createTopicIfMissing() {
        // Without the two timeouts an unreachable cluster holds start-up for the client's default minute.
        Map<String, Object> adminProperties = kafka.common(clientId + "-state-admin");
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(adminProperties)) {
            // One partition: the state is small and read whole; broker default replication factor.
            NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unreadable("it cannot be created: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw unreadable("the brokers did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable("interrupted", e);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> properties = kafka.common(clientId + "-state");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = kafka.common(clientId + "-state-loader");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return properties;
    }

    private static String json(TaskRecord record) {
        try {
            return Json.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state of task " + record.taskKey(), e);
        }
    }

    private TaskRecord parse(String key, String json) {
        try {
            TaskRecord record = Json.mapper().readValue(json, TaskRecord.class);
            if (record.instanceId() == null || record.taskName() == null || !record.taskKey().equals(key)) {
                throw unreadable("the record of " + key + " does not name that task", null);
            }
            return record;
        } catch (JsonProcessingException e) {
            throw unreadable("the record of " + key + " is not a task state (" + e.getOriginalMessage() + ")", e);
        }
    }

    private StateUnavailableException unreadable(String reason, Exception cause) {
        String advice = KafkaSecurityFailure.advice(cause)
                .orElse("Check watch.kafka.brokers and watch.state.kafka-topic");
        return new StateUnavailableException("cannot read the task state from Kafka topic " + topic + " at "
                + kafka.brokers() + ": " + reason + ". " + advice + "; starting without it would announce every task"
                + " again", cause);
    }
}
