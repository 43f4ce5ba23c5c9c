package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * A consumer that notes when each awaited change event becomes readable. The broker is asked to answer a fetch
 * after 10 ms at most, so that the consumer adds little to the latency it measures.
 */
final class EventArrivals implements AutoCloseable {

    private static final String DISCOVERED = "taurusdb.starrocks.replication.discovered";
    private static final String CHANGED = "taurusdb.starrocks.replication.changed";

    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final Map<String, Long> awaitedSince = new ConcurrentHashMap<>();
    private final List<Double> latenciesMillis = new ArrayList<>();
    private final AtomicInteger discovered = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private volatile boolean running = true;

    EventArrivals(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> props = new HashMap<>(broker.consumerProps("bench-" + topic));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::read, "bench-event-arrivals");
        reader.start();
    }

    /** Registers a change before it is made, so that its event can never arrive unawaited. */
    void expect(String key, long changedAtNanos) {
        awaitedSince.put(key, changedAtNanos);
    }

    boolean isAwaited(String key) {
        return awaitedSince.containsKey(key);
    }

    void awaitDiscovered(int count, Duration timeout) throws InterruptedException {
        awaitUntil(() -> discovered.get() >= count, timeout, count + " discovered events");
    }

    void awaitNoneOutstanding(Duration timeout) throws InterruptedException {
        awaitUntil(awaitedSince::isEmpty, timeout, "the events of changes " + awaitedSince.keySet());
    }

    synchronized List<Double> latenciesMillis() {
        return List.copyOf(latenciesMillis);
    }

    int unexpectedEvents() {
        return unexpected.get();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    arrived(record, System.nanoTime());
                }
            }
        } catch (WakeupException closing) {
            // close() ends the loop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void arrived(ConsumerRecord<String, String> record, long now) {
        Header type = record.headers().lastHeader("ce_type");
        String kind = type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
        if (DISCOVERED.equals(kind)) {
            discovered.incrementAndGet();
            return;
        }
        Long since = CHANGED.equals(kind) ? awaitedSince.remove(record.key()) : null;
        if (since == null) {
            unexpected.incrementAndGet();
            return;
        }
        synchronized (this) {
            latenciesMillis.add((now - since) / 1e6);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not read within " + timeout + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(5_000);
    }
}
