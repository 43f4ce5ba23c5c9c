package io.taurusreplicationwatch.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "replication-tasks";

    // A broker per test: tests stop it, restart it and take its port.
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.perTest();

    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void createTopic() {
        broker = KAFKA.broker();
        broker.createTopic(TOPIC, 1);
    }

    @Test
    void should_deliver_a_keyed_record_with_headers() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.producerProps())) {
            ProducerRecord<String, String> sent = new ProducerRecord<>(TOPIC, "task-1", "{\"status\":\"RUNNING\"}");
            sent.headers().add("event-type", "TASK_CHANGED".getBytes(UTF_8));
            producer.send(sent).get(10, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, String> received = readAll("reader").get(0);

        assertThat(received.key()).isEqualTo("task-1");
        assertThat(received.value()).isEqualTo("{\"status\":\"RUNNING\"}");
        Header header = received.headers().lastHeader("event-type");
        assertThat(new String(header.value(), UTF_8)).isEqualTo("TASK_CHANGED");
    }

    @Test
    void should_fail_sends_while_the_broker_is_stopped() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(impatientProducerProps())) {
            // Warm up first so the failure is a delivery timeout, as for a live application, not a metadata wait.
            producer.send(new ProducerRecord<>(TOPIC, "task-1", "before")).get(10, TimeUnit.SECONDS);

            broker.stop();

            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "task-1", "during")).get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void should_keep_records_across_restart() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(impatientProducerProps())) {
            producer.send(new ProducerRecord<>(TOPIC, "task-1", "before")).get(10, TimeUnit.SECONDS);

            broker.stop();
            broker.restart();

            // The same producer must find the broker again on the same port.
            producer.send(new ProducerRecord<>(TOPIC, "task-1", "after")).get(10, TimeUnit.SECONDS);
        }

        assertThat(readAll("after-restart")).extracting(ConsumerRecord::value).containsExactly("before", "after");
    }

    @Test
    void should_refuse_to_restart_when_its_port_was_taken() throws Exception {
        broker.stop();

        String[] hostPort = broker.bootstrapServers().split(":");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1])));

            assertThatThrownBy(broker::restart)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker port " + broker.bootstrapServers() + " was taken");
        }
    }

    private Map<String, Object> impatientProducerProps() {
        Map<String, Object> props = new HashMap<>(broker.producerProps());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        return props;
    }

    // The group is new, so it reads the topic from the beginning; waits until the records stop growing.
    private List<ConsumerRecord<String, String>> readAll(String groupId) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(broker.consumerProps(groupId))) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(20))
                    .pollInSameThread()
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return !records.isEmpty() && consumer.assignment().stream()
                                .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
                    });
        }
        return records;
    }
}
