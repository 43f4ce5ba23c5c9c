package io.taurusreplicationwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

/**
 * A plain Kafka consumer that reads the change events of one topic from the beginning, as a downstream user would,
 * and checks every value against the shipped JSON Schema.
 */
public final class ChangeEventConsumer implements AutoCloseable {

    /** One consumed record: key, headers as text, value as JSON, and the partition it came from. */
    public record Event(String key, Map<String, String> headers, JsonNode value, int partition, long offset) {

        public String header(String name) {
            return headers.get(name);
        }

        public String type() {
            return headers.get("ce_type");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final List<Event> received = new ArrayList<>();

    public ChangeEventConsumer(EmbeddedKafkaBroker broker, String topic) {
        this(broker.consumerProps("test-" + topic), topic);
    }

    /** A consumer with these properties, such as a secured listener's address and its security. */
    public ChangeEventConsumer(Map<String, Object> properties, String topic) {
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until {@code count} events in all have arrived, and returns those that arrived since the last call. */
    public List<Event> awaitTotal(int count, Duration timeout) {
        int from = received.size();
        Awaitility.await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                .until(() -> {
                    poll(Duration.ofMillis(200));
                    return received.size() >= count;
                });
        return List.copyOf(received.subList(Math.min(from, received.size()), received.size()));
    }

    /** Reads whatever arrives within {@code window} and returns the events that arrived since the last call. */
    public List<Event> readFor(Duration window) {
        int from = received.size();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            poll(Duration.ofMillis(100));
        }
        return List.copyOf(received.subList(from, received.size()));
    }

    public List<Event> all() {
        return List.copyOf(received);
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            try {
                JsonNode value = JSON.readTree(record.value());
                EventSchema.assertValid(value);
                received.add(new Event(record.key(), headers, value, record.partition(), record.offset()));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + record.value(), e);
            }
        }
    }

    public static Map<String, List<Event>> byKey(List<Event> events) {
        return events.stream().collect(Collectors.groupingBy(Event::key, LinkedHashMap::new, Collectors.toList()));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
