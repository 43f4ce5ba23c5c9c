package io.taurusreplicationwatch.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Four gauges per task, labelled {@code instance} and {@code task}, showing its last published state as of the
 * instance's last poll: status (1 yes, 0 no), stage (one series, value 1, whose {@code stage} label is the current
 * stage), percentage and catchup percentage. A removed task's series go away with the poll that announced it.
 */
public class TaskGauges {

    static final String STATUS = "taurus.watch.task.status";
    static final String STAGE = "taurus.watch.task.stage";
    static final String PERCENTAGE = "taurus.watch.task.percentage";
    static final String CATCHUP_PERCENTAGE = "taurus.watch.task.catchup.percentage";
    /** The stage label of a task whose stage is missing or outside the documented ones: keeps the label set bounded. */
    static final String UNKNOWN_STAGE = "unknown";
    private static final Set<String> STAGES = Set.of("wait", "full", "incremental", "paused", "cancelled");

    private final MeterRegistry registry;
    private final TaskStateRepository state;
    // By instance, then task name; an instance is synced by its own poll only, and its polls never overlap.
    private final Map<String, Map<String, Meters>> gauged = new ConcurrentHashMap<>();

    public TaskGauges(MeterRegistry registry, TaskStateRepository state) {
        this.registry = registry;
        this.state = state;
    }

    /** Brings the instance's gauges to its tasks in the state: new tasks get theirs, removed tasks lose theirs. */
    public void sync(String instanceId) {
        Map<String, Meters> tasks = gauged.computeIfAbsent(instanceId, id -> new ConcurrentHashMap<>());
        Map<String, TaskRecord> listed = new HashMap<>();
        state.recordsOf(instanceId).stream().filter(record -> !record.removed())
                .forEach(record -> listed.put(record.taskName(), record));
        tasks.entrySet().removeIf(entry -> {
            if (listed.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().remove();
            return true;
        });
        listed.forEach((taskName, record) -> tasks.compute(taskName, (name, meters) -> meters == null
                ? new Meters(instanceId, name, record.snapshot()) : meters.update(record.snapshot())));
    }

    /** Removes every task's gauges: a standby would otherwise show, and alert on, what it saw as the poller. */
    public void clear() {
        gauged.values().forEach(tasks -> tasks.values().forEach(Meters::remove));
        gauged.clear();
    }

    private static double status(Meters meters) {
        String status = meters.snapshot.status();
        return "yes".equals(status) ? 1 : "no".equals(status) ? 0 : Double.NaN;
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private static String stageLabel(String stage) {
        return stage != null && STAGES.contains(stage) ? stage : UNKNOWN_STAGE;
    }

    /** The gauges of one task, registered with it, and the snapshot they read. */
    private final class Meters {

        private final String instanceId;
        private final String taskName;
        private final Gauge status;
        private final Gauge percentage;
        private final Gauge catchupPercentage;
        private volatile TaskSnapshot snapshot;
        private String stageLabel;
        private Gauge stage;

        Meters(String instanceId, String taskName, TaskSnapshot snapshot) {
            this.instanceId = instanceId;
            this.taskName = taskName;
            this.snapshot = snapshot;
            status = gauge(STATUS, "Status of the task: 1 yes, 0 no", TaskGauges::status);
            percentage = gauge(PERCENTAGE, "Progress of the task's current stage, in percent",
                    meters -> number(meters.snapshot.percentage()));
            catchupPercentage = gauge(CATCHUP_PERCENTAGE, "Progress of the task's catch-up, in percent",
                    meters -> number(meters.snapshot.catchupPercentage()));
            stageLabel = stageLabel(snapshot.stage());
            stage = stageGauge();
        }

        Meters update(TaskSnapshot current) {
            snapshot = current;
            String label = stageLabel(current.stage());
            if (!label.equals(stageLabel)) {
                // The old stage's series must disappear, not read 0: a sum by stage then counts every task once.
                registry.remove(stage);
                stageLabel = label;
                stage = stageGauge();
            }
            return this;
        }

        void remove() {
            Stream.of(status, stage, percentage, catchupPercentage).forEach(registry::remove);
        }

        private Gauge gauge(String name, String description, ToDoubleFunction<Meters> value) {
            return Gauge.builder(name, this, value).description(description).strongReference(true)
                    .tag("instance", instanceId).tag("task", taskName).register(registry);
        }

        private Gauge stageGauge() {
            return Gauge.builder(STAGE, () -> 1).description("1 for the task's current stage, named by the stage label")
                    .tag("instance", instanceId).tag("task", taskName).tag("stage", stageLabel).register(registry);
        }
    }
}
