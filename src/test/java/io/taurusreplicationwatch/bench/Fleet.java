package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.state.TaskKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The TaurusDB side of a benchmark: the simulator serving {@code instances × tasksPerInstance} replication tasks in
 * three projects, checking every AK/SK signature, and the settings that point the service at it.
 */
final class Fleet implements AutoCloseable {

    static final String AK = "HPUABENCH0000000AK00";
    static final String SK = "bench-secret-key-0123456789abcdefghijklmn";
    private static final String[] PROJECTS = {"0605767a3300d5762fb0c0186d9e1c0e", "1f2e3d4c5b6a79808f7e6d5c4b3a2910",
        "5a6b7c8d9e0f11223344556677889900"};

    private final TaurusDbSimulator simulator = TaurusDbSimulator.start().acceptAkSk(AK, SK);
    private final List<WatchedInstance> instances;
    private final int tasksPerInstance;

    Fleet(int instanceCount, int tasksPerInstance) {
        this.tasksPerInstance = tasksPerInstance;
        this.instances = IntStream.range(0, instanceCount)
                .mapToObj(i -> new WatchedInstance("cn-north-4", PROJECTS[i % PROJECTS.length], "%032din07".formatted(i)))
                .toList();
        for (WatchedInstance instance : instances) {
            simulator.addInstance(instance.projectId(), instance.instanceId());
            simulator.putTasks(instance.instanceId(), IntStream.range(0, tasksPerInstance)
                    .mapToObj(t -> SimulatedTask.of(taskName(t), "incremental", "Yes")
                            .withExtraField("is_need_repair", false))
                    .toList());
        }
    }

    static String taskName(int index) {
        return "sync_orders_%04d".formatted(index);
    }

    List<WatchedInstance> instances() {
        return instances;
    }

    int taskCount() {
        return instances.size() * tasksPerInstance;
    }

    int tasksPerInstance() {
        return tasksPerInstance;
    }

    TaurusDbSimulator simulator() {
        return simulator;
    }

    Credentials credentials() {
        return new AkSkCredentials(AK, SK, null);
    }

    /** The Kafka key of the events of a task. */
    static String taskKey(WatchedInstance instance, int taskIndex) {
        return TaskKeys.of(instance.instanceId(), taskName(taskIndex));
    }

    /** Moves one task between full and incremental: a change of a tracked field. */
    void flipStage(WatchedInstance instance, int taskIndex) {
        SimulatedTask task = simulator.tasks(instance.instanceId()).get(taskIndex);
        simulator.putTask(instance.instanceId(), task.withStage("full".equals(task.stage()) ? "incremental" : "full"));
    }

    /**
     * The service pointed at this fleet, a broker and a topic, with a file state store. The Kafka timeouts are the
     * shipped ones, not the short ones tests use.
     */
    Map<String, String> serviceSettings(String brokers, String topic, Path stateFile) {
        Map<String, String> settings = new HashMap<>();
        settings.put("watch.api.endpoint", simulator.endpoint().toString());
        settings.put("watch.auth.access-key", AK);
        settings.put("watch.auth.secret-key", SK);
        settings.put("watch.instances", instances.stream().map(WatchedInstance::toString)
                .collect(Collectors.joining(",")));
        settings.put("watch.kafka.brokers", brokers);
        settings.put("watch.kafka.topic", topic);
        settings.put("watch.state.file", stateFile.toString());
        settings.put("watch.kafka.delivery-timeout-ms", "30000");
        settings.put("watch.kafka.request-timeout-ms", "10000");
        settings.put("watch.kafka.max-block-ms", "10000");
        return settings;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
