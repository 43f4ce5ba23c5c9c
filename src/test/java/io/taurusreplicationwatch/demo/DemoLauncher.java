package io.taurusreplicationwatch.demo;

import io.taurusreplicationwatch.WatchApplication;
import io.taurusreplicationwatch.config.WatchConfiguration;
import io.taurusreplicationwatch.observability.BoardServer;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The demo behind the README's first command: the service as shipped, pointed at the TaurusDB simulator and an
 * in-process Kafka broker, while the simulator moves tasks through wait → full → incremental with an occasional
 * {@code No}, and a plain consumer prints every change event as it arrives; the status board's address is printed
 * once the service has started, so the board is already serving. Runs until Ctrl+C, or for
 * {@code -Ddemo.seconds=N}.
 */
public final class DemoLauncher {

    static final String AK = "DEMOACCESSKEY0000000";
    static final String SK = "demo-secret-key-not-a-real-one-000000000";
    static final Map<String, String> INSTANCES = Map.of(
            "e7c1d0b6a9f84c2d9e3b5a7f6c8d0e1fin07", "0605767a3300d5762fb0c0186d9e1c0e",
            "3b9d2f4e6a8c4d1e8f0a2b4c6d8e0f1ain07", "1f2e3d4c5b6a79808f7e6d5c4b3a2910");
    static final List<String> STAGES = List.of("wait", "full", "Incremental");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("demo.seconds", 0);
        String topic = "taurusdb.starrocks.replication.changes";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             TaurusDbSimulator simulator = TaurusDbSimulator.start().acceptAkSk(AK, SK)) {
            broker.createTopic(topic, 3);
            INSTANCES.forEach((instance, project) -> {
                simulator.addInstance(project, instance);
                for (int i = 1; i <= 4; i++) {
                    simulator.putTask(instance, SimulatedTask.of("sync_orders_" + i, "wait", "Yes").withPercentage(0));
                }
            });
            ScheduledExecutorService scenario = Executors.newSingleThreadScheduledExecutor();
            Random random = new Random(7);
            scenario.scheduleAtFixedRate(() -> advanceOneTask(simulator, random), 3, 2, TimeUnit.SECONDS);

            Main main = WatchApplication.newMain(
                    "file:config/application-demo.properties,file:config/application.properties",
                    new WatchConfiguration(Map.of(), Clock.systemUTC()));
            main.addOverrideProperty("watch.api.endpoint", simulator.endpoint().toString());
            main.addOverrideProperty("watch.auth.access-key", AK);
            main.addOverrideProperty("watch.auth.secret-key", SK);
            main.addOverrideProperty("watch.kafka.brokers", broker.bootstrapServers());
            main.addOverrideProperty("watch.instances", String.join(",",
                    INSTANCES.entrySet().stream().map(e -> e.getValue() + ":" + e.getKey()).toList()));
            main.start();
            InetSocketAddress board = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("boardServer", BoardServer.class).address();
            System.out.printf("%nDemo running: TaurusDB simulator at %s, Kafka at %s, topic %s. Ctrl+C to stop.%n"
                    + "Status board: http://%s:%d/%n%n", simulator.endpoint(), broker.bootstrapServers(), topic,
                    board.getHostString(), board.getPort());
            try {
                printEvents(broker, topic, seconds);
            } finally {
                scenario.shutdownNow();
                main.stop();
            }
        }
    }

    /** Moves one random task a stage forward (cycling), now and then flipping its status. */
    static void advanceOneTask(TaurusDbSimulator simulator, Random random) {
        List<String> instances = List.copyOf(INSTANCES.keySet());
        String instance = instances.get(random.nextInt(instances.size()));
        List<SimulatedTask> tasks = simulator.tasks(instance);
        SimulatedTask task = tasks.get(random.nextInt(tasks.size()));
        if (random.nextInt(5) == 0) {
            simulator.putTask(instance, task.withStatus("Yes".equals(task.status()) ? "No" : "Yes"));
            return;
        }
        int next = (STAGES.indexOf(task.stage()) + 1) % STAGES.size();
        simulator.putTask(instance, task.withStage(STAGES.get(next)).withPercentage(next == 0 ? 0 : 50 * next));
    }

    /** One line per event: its type, id, and each changed field as before → after. */
    static String describe(ConsumerRecord<String, String> record) {
        String type = new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
        String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder(String.format("%-10s %s", type.substring(type.lastIndexOf('.') + 1),
                id));
        try {
            JsonNode value = JSON.readTree(record.value());
            JsonNode before = value.get("before");
            JsonNode after = value.get("after");
            for (JsonNode field : value.get("changed_fields")) {
                String name = field.asText();
                if (List.of("stage", "status", "percentage").contains(name)) {
                    line.append(String.format("  %s: %s → %s", name, before.path(name).asText("-"),
                            after.path(name).asText("-")));
                }
            }
        } catch (IOException e) {
            line.append("  (value is not JSON: ").append(record.value()).append(')');
        }
        return line.toString();
    }

    private static void printEvents(EmbeddedKafkaBroker broker, String topic, long seconds) {
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(broker.consumerProps("demo"))) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(describe(record));
                }
            }
        }
    }
}
