package io.taurusreplicationwatch.testing;

import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import io.taurusreplicationwatch.state.TaskKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test stands on: one real Kafka broker per test class ({@link KafkaBrokerExtension}), and per
 * test a TaurusDB simulator that verifies signatures ({@link SimulatorExtension}), a fresh three-partition topic read
 * by a plain consumer, and a state directory.
 */
public abstract class PipelineTestSupport {

    protected static final String AK = "HPUAIT0PIPELINE0AK00";
    protected static final String SK = "pipeline-secret-key-0123456789abcdefghij";
    protected static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    protected static final String INSTANCE = "4f5e6d7c8b9a0f1e2d3c4b5a69788796in07";
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(30);
    protected static final Duration QUIET = Duration.ofMillis(1500);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @RegisterExtension
    protected static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.perClass();
    @RegisterExtension
    protected final SimulatorExtension simulators = new SimulatorExtension(AK, SK, PROJECT, INSTANCE);

    protected static EmbeddedKafkaBroker broker;

    @TempDir
    protected Path stateDirectory;
    protected TaurusDbSimulator simulator;
    protected String topic;
    protected WatchRuntime runtime;
    protected ChangeEventConsumer events;

    @BeforeAll
    static void useTheBroker() {
        broker = KAFKA.broker();
    }

    @BeforeEach
    void useTheSimulatorAndATopic() {
        simulator = simulators.simulator();
        topic = "replication-changes-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, 3);
        events = new ChangeEventConsumer(broker, topic);
    }

    // Runs before the extensions close the simulator and, after the class, the broker: the service goes first.
    @AfterEach
    void stopServiceAndConsumer() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        events.close();
    }

    /** The settings that point the service at this test's simulator, broker, topic and state directory. */
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("watch.api.endpoint", simulator.endpoint().toString());
        settings.put("watch.auth.access-key", AK);
        settings.put("watch.auth.secret-key", SK);
        settings.put("watch.instances", PROJECT + ":" + INSTANCE);
        settings.put("watch.kafka.brokers", broker.bootstrapServers());
        settings.put("watch.kafka.topic", topic);
        settings.put("watch.state.file", stateDirectory.resolve("state.json").toString());
        return settings;
    }

    /**
     * {@link #settings()} for the jar in its own JVM ({@link ChildService}): the keys go to
     * {@link #childEnvironment()} because a command line is readable by any user of the machine, and each process
     * gets its management server on a free loopback port.
     */
    protected Map<String, String> childSettings() {
        Map<String, String> settings = settings();
        settings.remove("watch.auth.access-key");
        settings.remove("watch.auth.secret-key");
        settings.put("camel.management.host", "127.0.0.1");
        settings.put("camel.management.port", Integer.toString(LoopbackPorts.free()));
        return settings;
    }

    /** The keys of {@link #settings()}, where the service looks for them in its environment. */
    protected static Map<String, String> childEnvironment() {
        return Map.of("HUAWEICLOUD_SDK_AK", AK, "HUAWEICLOUD_SDK_SK", SK);
    }

    protected void startService() throws Exception {
        runtime = WatchRuntime.start(settings());
    }

    /** Stops the service as a shutdown does (state saved); the test may start it again. */
    protected void stopService() throws Exception {
        runtime.close();
        runtime = null;
    }

    /** Tasks task_001 … task_{count} of {@link #INSTANCE}, all full and healthy. */
    protected void putTasks(int count) {
        simulator.putTasks(INSTANCE, IntStream.rangeClosed(1, count)
                .mapToObj(i -> SimulatedTask.of("task_%03d".formatted(i), "full", "Yes")).toList());
    }

    protected SimulatedTask task(String name) {
        return simulator.tasks(INSTANCE).stream().filter(t -> t.taskName().equals(name)).findFirst().orElseThrow();
    }

    protected static String key(String taskName) {
        return TaskKeys.of(INSTANCE, taskName);
    }
}
