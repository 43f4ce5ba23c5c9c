package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Stall detection end to end: the scheduler polls the simulator every 300 ms, a full task's percentage stands still
 * past {@code watch.detect.stall-after} (2 s), and the real broker receives one {@code stalled} event; a stop and a
 * start with the file store neither announce it again nor restart its clock; its move is announced as
 * {@code resumed}.
 */
class StallDetectionIT extends PipelineTestSupport {

    private static final String STALLED = "taurusdb.starrocks.replication.stalled";
    private static final String RESUMED = "taurusdb.starrocks.replication.resumed";
    private static final Duration STALL_AFTER = Duration.ofSeconds(2);

    private Map<String, String> stallSettings() {
        Map<String, String> settings = settings();
        settings.put("watch.detect.stall-after", "2s");
        settings.put("watch.poll.interval", "300ms");
        settings.put("watch.poll.initial-delay", "0s");
        return settings;
    }

    @Test
    void should_announce_a_stall_once_keep_it_across_a_restart_and_announce_the_move_as_resumed() throws Exception {
        simulator.putTasks(INSTANCE, List.of(SimulatedTask.of("task_001", "full", "Yes").withPercentage(40),
                SimulatedTask.of("task_002", "incremental", "Yes")));
        runtime = WatchRuntime.start(stallSettings());

        List<Event> first = events.awaitTotal(3, EVENT_WAIT);
        assertThat(first).extracting(Event::type).containsExactlyInAnyOrder(
                "taurusdb.starrocks.replication.discovered", "taurusdb.starrocks.replication.discovered", STALLED);
        Event discovered = first.stream().filter(e -> e.key().equals(key("task_001")) && !e.type().equals(STALLED))
                .findFirst().orElseThrow();
        Event stalled = first.stream().filter(e -> e.type().equals(STALLED)).findFirst().orElseThrow();
        assertThat(stalled.key()).isEqualTo(key("task_001"));
        assertThat(stalled.header("ce_id")).isEqualTo(key("task_001") + "/2");
        assertThat(stalled.value().path("seq").asLong()).isEqualTo(2);
        assertThat(stalled.value().path("after").path("percentage").asLong()).isEqualTo(40);
        assertThat(Duration.between(Instant.parse(discovered.value().path("observed_at").asText()),
                Instant.parse(stalled.value().path("observed_at").asText()))).isGreaterThanOrEqualTo(STALL_AFTER);
        assertThat(events.readFor(QUIET)).as("announced once, the incremental task never").isEmpty();
        assertThat(stalledGauge()).isEqualTo(1.0);

        TaskRecord beforeRestart = runtime.taskState().record(key("task_001")).orElseThrow();
        stopService();
        runtime = WatchRuntime.start(stallSettings());
        Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.meters().pollsNotFailed() >= 3);

        assertThat(events.readFor(QUIET)).as("not announced again after the restart").isEmpty();
        TaskRecord afterRestart = runtime.taskState().record(key("task_001")).orElseThrow();
        assertThat(afterRestart.stalledAt()).isEqualTo(beforeRestart.stalledAt())
                .isEqualTo(stalled.value().path("observed_at").asText());
        assertThat(afterRestart.progressAt()).as("the stall clock is not reset by the restart")
                .isEqualTo(beforeRestart.progressAt()).isEqualTo(discovered.value().path("observed_at").asText());

        simulator.putTask(INSTANCE, task("task_001").withPercentage(41));

        List<Event> moved = events.awaitTotal(4, EVENT_WAIT);
        assertThat(moved).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RESUMED);
            assertThat(event.header("ce_id")).isEqualTo(key("task_001") + "/3");
            assertThat(event.value().path("before").path("percentage").asLong()).isEqualTo(40);
            assertThat(event.value().path("after").path("percentage").asLong()).isEqualTo(41);
        });
        Awaitility.await().atMost(EVENT_WAIT).until(() -> stalledGauge() == 0.0);
        assertThat(events.all()).extracting(event -> event.header("ce_id")).doesNotHaveDuplicates();
    }

    private double stalledGauge() {
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(runtime.context().getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        Gauge gauge = registry.find(WatchMetrics.TASKS_STALLED).tag("instance", INSTANCE).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
