package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.events.ChangeEvent;
import io.taurusreplicationwatch.events.ChangeType;
import io.taurusreplicationwatch.testing.ConsumerGroupProgress;
import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import io.taurusreplicationwatch.testing.EventSchema;
import io.taurusreplicationwatch.testing.KafkaBrokerExtension;
import io.taurusreplicationwatch.testing.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code routes/examples/replication-alerts.camel.yaml} as shipped, with its properties file, consuming from a real
 * broker the events a consumer meets: a stopped task, the same event redelivered, a healthy change, a paused task, a
 * stalled task and a removal. Its output is read where a user would see it: the log, and an HTTP webhook.
 */
class ReplicationAlertsExampleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String INSTANCE = "4f5e6d7c8b9a0f1e2d3c4b5a69788796in07";
    private static final AtomicInteger RUNS = new AtomicInteger();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.perClass();

    private EmbeddedKafkaBroker broker;

    /** A POST the webhook received. */
    record Posted(String method, String contentType, String ceId, String body) {
    }

    /** An event as it went to Kafka: its ce_id and its JSON value. */
    record Published(String ceId, String json) {
    }

    private String topic;
    private String group;
    private CamelContext example;
    private LogCapture logs;
    private HttpServer webhook;
    private final List<Posted> posted = new CopyOnWriteArrayList<>();

    private Published stopped;
    private Published paused;
    private Published stalledEvent;

    @BeforeEach
    void createTopicAndCaptureLogs() {
        broker = KAFKA.broker();
        int run = RUNS.incrementAndGet();
        topic = "replication-alerts-" + run;
        group = "replication-alerts-it-" + run;
        broker.createTopic(topic, 3);
        logs = LogCapture.start(Level.WARN);
    }

    @AfterEach
    void stopExampleAndWebhook() throws Exception {
        if (example != null) {
            example.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        logs.close();
    }

    @Test
    void should_log_one_alert_per_stopped_paused_or_stalled_task_and_none_for_a_repeat_a_healthy_task_or_a_removal()
            throws Exception {
        startExample(Map.of());

        publishTheEvents();
        Awaitility.await().atMost(WAIT).until(() -> alerts().size() >= 3);
        Awaitility.await().atMost(WAIT).until(() -> ConsumerGroupProgress.hasReadAll(broker, group, topic));

        List<String> alerts = alerts();
        assertThat(alerts).hasSize(3);
        assertThat(alerts).anySatisfy(line -> assertThat(line).contains("task_001", "status=no", "stage=full",
                "ce_id " + INSTANCE + "/task_001/2"));
        assertThat(alerts).anySatisfy(line -> assertThat(line).contains("task_003", "status=yes", "stage=paused",
                "ce_id " + INSTANCE + "/task_003/2"));
        assertThat(alerts).anySatisfy(line -> assertThat(line).contains("task_005", "status=yes", "stage=full",
                "taurusdb.starrocks.replication.stalled", "ce_id " + INSTANCE + "/task_005/2"));
        assertThat(failures()).as("every event, the removal too, went through without an error").isEmpty();
    }

    @Test
    void should_post_each_alerting_event_as_published_when_a_webhook_url_is_set() throws Exception {
        startWebhook();
        startExample(Map.of("alerts.webhook-url",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts"));

        publishTheEvents();
        Awaitility.await().atMost(WAIT).until(() -> posted.size() >= 3);
        Awaitility.await().atMost(WAIT).until(() -> ConsumerGroupProgress.hasReadAll(broker, group, topic));

        assertThat(posted).hasSize(3);
        assertThat(posted).extracting(Posted::method).containsOnly("POST");
        assertThat(posted).extracting(Posted::contentType).containsOnly("application/json");
        assertThat(posted).extracting(Posted::ceId).containsExactlyInAnyOrder(stopped.ceId(), paused.ceId(),
                stalledEvent.ceId());
        assertThat(posted).extracting(Posted::body).containsExactlyInAnyOrder(stopped.json(), paused.json(),
                stalledEvent.json());
        assertThat(alerts()).hasSize(3);
        assertThat(failures()).isEmpty();
    }

    /** The example as a user runs it: its YAML and its properties file, with this test's broker, topic and group. */
    private void startExample(Map<String, String> moreOverrides) throws Exception {
        example = new DefaultCamelContext();
        Properties overrides = new Properties();
        overrides.put("alerts.kafka.brokers", broker.bootstrapServers());
        overrides.put("alerts.kafka.topic", topic);
        overrides.put("alerts.kafka.group", group);
        overrides.putAll(moreOverrides);
        example.getPropertiesComponent().setLocation("file:routes/examples/replication-alerts.properties");
        example.getPropertiesComponent().setOverrideProperties(overrides);
        PluginHelper.getRoutesLoader(example).loadRoutes(ResourceHelper.resolveMandatoryResource(example,
                "file:routes/examples/replication-alerts.camel.yaml"));
        example.start();
    }

    /**
     * task_001 stops (status no), and that event is delivered twice, as after a crash of the service between Kafka's
     * acknowledgement and its state write; task_002 moves on healthily; task_003 is paused; task_005 stalls in its
     * full stage, status still yes; task_004 is removed.
     */
    private void publishTheEvents() throws Exception {
        ChangeEvent stop = changed("task_001", snapshot("task_001", "yes", "full"), snapshot("task_001", "no", "full"));
        ChangeEvent healthy = changed("task_002", snapshot("task_002", "yes", "wait"),
                snapshot("task_002", "yes", "full"));
        ChangeEvent pause = changed("task_003", snapshot("task_003", "yes", "full"),
                snapshot("task_003", "yes", "paused"));
        ChangeEvent removal = new ChangeEvent(ChangeType.REMOVED, PROJECT, INSTANCE, "task_004", 3,
                List.of("task_name", "source_database", "target_database", "status", "stage", "percentage",
                        "catchup_percentage"), snapshot("task_004", "no", "full"), null,
                "2026-11-24T17:42:25.000Z", "poll-2");
        TaskSnapshot standingStill = snapshot("task_005", "yes", "full");
        ChangeEvent stall = new ChangeEvent(ChangeType.STALLED, PROJECT, INSTANCE, "task_005", 2, List.of(),
                standingStill, standingStill, "2026-11-24T18:12:21.103Z", "poll-9");
        stopped = new Published(stop.id(), json(stop));
        paused = new Published(pause.id(), json(pause));
        stalledEvent = new Published(stall.id(), json(stall));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.producerProps())) {
            for (ChangeEvent event : List.of(stop, stop, healthy, pause, stall, removal)) {
                producer.send(record(event)).get();
            }
        }
    }

    private static ChangeEvent changed(String task, TaskSnapshot before, TaskSnapshot after) {
        List<String> changedFields = before.status().equals(after.status()) ? List.of("stage") : List.of("status");
        return new ChangeEvent(ChangeType.CHANGED, PROJECT, INSTANCE, task, 2, changedFields, before, after,
                "2026-11-24T17:42:21.103Z", "poll-1");
    }

    private static TaskSnapshot snapshot(String task, String status, String stage) {
        return TaskSnapshot.fromFields(Map.of("task_name", task, "source_database", "src_" + task,
                "target_database", "dst_" + task, "status", status, "stage", stage, "percentage", 50,
                "catchup_percentage", 0));
    }

    private static String json(ChangeEvent event) throws IOException {
        String json = Json.mapper().writeValueAsString(event);
        EventSchema.assertValid(Json.mapper().readTree(json));
        return json;
    }

    /** The record exactly as the service's ChangeEventFactory builds it: task key, CloudEvents binary headers. */
    private ProducerRecord<String, String> record(ChangeEvent event) throws IOException {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                topic, event.instanceId() + "/" + event.taskName(), json(event));
        return withHeaders(record, Map.of(
                "ce_specversion", "1.0",
                "ce_id", event.id(),
                "ce_source", event.source(),
                "ce_type", event.type().cloudEventType(),
                "ce_subject", event.taskName(),
                "ce_time", event.observedAt(),
                "content-type", "application/json"));
    }

    private static ProducerRecord<String, String> withHeaders(ProducerRecord<String, String> record,
                                                              Map<String, String> headers) {
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private List<String> alerts() {
        return logs.lines().stream().filter(line -> line.startsWith("replication-alerts ")).toList();
    }

    /** What Camel's error handler and the Kafka consumer log when an event fails in the route. */
    private List<String> failures() {
        return logs.lines().stream().filter(line -> line.startsWith("org.apache.camel.processor.errorhandler")
                || line.contains("Error during processing")).toList();
    }

    private void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/alerts", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posted.add(new Posted(exchange.getRequestMethod(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("ce_id"),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }
}
