package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TaskGauges}: one task's four series follow its state, and a removed task's series disappear. */
class TaskGaugesTest {

    private static final String INSTANCE = "instance-1";
    private static final String OTHER = "instance-2";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskStateRepository state = new TaskStateRepository(new InMemoryTaskStateStore(),
            new TrackedFields(List.of("stage", "status")));
    private final TaskGauges gauges = new TaskGauges(registry, state);

    @Test
    void should_show_status_stage_and_both_percentages_of_every_task() {
        state.update(record(INSTANCE, "sync_orders", "Yes", "Incremental", 100, "42%", null));
        state.update(record(INSTANCE, "sync_users", "No", "full", "n/a", null, null));
        gauges.sync(INSTANCE);

        assertThat(value(TaskGauges.STATUS, "sync_orders")).isEqualTo(1.0);
        assertThat(value(TaskGauges.STATUS, "sync_users")).isEqualTo(0.0);
        assertThat(value(TaskGauges.PERCENTAGE, "sync_orders")).isEqualTo(100.0);
        assertThat(value(TaskGauges.CATCHUP_PERCENTAGE, "sync_orders")).isEqualTo(42.0);
        assertThat(value(TaskGauges.PERCENTAGE, "sync_users")).as("not a number").isNaN();
        assertThat(stages("sync_orders")).containsExactly(Map.entry("incremental", 1.0));
        assertThat(stages("sync_users")).containsExactly(Map.entry("full", 1.0));
    }

    @Test
    void should_move_the_stage_series_to_the_new_stage_and_follow_the_status() {
        state.update(record(INSTANCE, "sync_orders", "yes", "full", 50, null, null));
        gauges.sync(INSTANCE);
        state.update(record(INSTANCE, "sync_orders", "no", "paused", 60, null, null));
        gauges.sync(INSTANCE);

        assertThat(stages("sync_orders")).as("the full series is gone, not 0")
                .containsExactly(Map.entry("paused", 1.0));
        assertThat(value(TaskGauges.STATUS, "sync_orders")).isEqualTo(0.0);
        assertThat(value(TaskGauges.PERCENTAGE, "sync_orders")).isEqualTo(60.0);
    }

    @Test
    void should_label_a_stage_outside_the_documented_ones_unknown() {
        state.update(record(INSTANCE, "sync_orders", "yes", "rebuilding\nforged", 0, null, null));
        gauges.sync(INSTANCE);

        assertThat(stages("sync_orders")).containsOnlyKeys(TaskGauges.UNKNOWN_STAGE);
    }

    @Test
    void should_drop_every_series_of_a_removed_task_and_leave_other_instances_alone() {
        state.update(record(INSTANCE, "sync_orders", "yes", "full", 50, null, null));
        state.update(record(INSTANCE, "sync_users", "yes", "full", 50, null, null));
        state.update(record(OTHER, "sync_orders", "yes", "wait", 0, null, null));
        gauges.sync(INSTANCE);
        gauges.sync(OTHER);

        state.update(record(INSTANCE, "sync_users", "yes", "full", 50, null, "2026-03-01T12:00:00Z"));
        gauges.sync(INSTANCE);

        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getTag("task") + "@"
                        + meter.getId().getTag("instance"))
                .doesNotContain("sync_users@" + INSTANCE)
                .contains("sync_orders@" + INSTANCE, "sync_orders@" + OTHER)
                .hasSize(8);
    }

    @Test
    void should_drop_every_task_series_when_cleared_and_bring_them_back_with_the_next_sync() {
        state.update(record(INSTANCE, "sync_orders", "no", "full", 50, null, null));
        state.update(record(OTHER, "sync_orders", "yes", "wait", 0, null, null));
        gauges.sync(INSTANCE);
        gauges.sync(OTHER);

        gauges.clear();

        assertThat(registry.getMeters()).isEmpty();
        gauges.sync(INSTANCE);
        assertThat(value(TaskGauges.STATUS, "sync_orders")).isEqualTo(0.0);
    }

    private double value(String name, String task) {
        return registry.get(name).tag("instance", INSTANCE).tag("task", task).gauge().value();
    }

    private Map<String, Double> stages(String task) {
        Map<String, Double> stages = new HashMap<>();
        registry.find(TaskGauges.STAGE).tag("instance", INSTANCE).tag("task", task).gauges()
                .forEach(gauge -> stages.put(gauge.getId().getTag("stage"), gauge.value()));
        return stages;
    }

    private static TaskRecord record(String instance, String task, String status, String stage, Object percentage,
                                     Object catchupPercentage, String removedAt) {
        Map<String, Object> fields = new HashMap<>();
        fields.put(TaskSnapshot.TASK_NAME, task);
        fields.put(TaskSnapshot.STATUS, status);
        fields.put(TaskSnapshot.STAGE, stage);
        fields.put(TaskSnapshot.PERCENTAGE, percentage);
        fields.put(TaskSnapshot.CATCHUP_PERCENTAGE, catchupPercentage);
        return new TaskRecord("project-1", instance, task, 1, TaskSnapshot.fromFields(fields), 0, removedAt);
    }
}
