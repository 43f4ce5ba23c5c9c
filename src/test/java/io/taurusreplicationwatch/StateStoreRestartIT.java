package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stop and a new start of the service, once on each state store ({@code watch.state.store}): the new process
 * continues from the state the first one left, in the file or in the compacted Kafka topic.
 */
class StateStoreRestartIT extends PipelineTestSupport {

    @ParameterizedTest(name = "watch.state.store={0}")
    @ValueSource(strings = {"file", "kafka"})
    void should_not_reannounce_after_a_restart_but_publish_once_what_changed_while_down(String store)
            throws Exception {
        Map<String, String> settings = settingsFor(store);
        putTasks(3);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        events.awaitTotal(3, EVENT_WAIT);
        stopService();

        simulator.putTask(INSTANCE, task("task_002").withStage("incremental"));
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        List<Event> afterRestart = events.awaitTotal(4, EVENT_WAIT);
        assertThat(afterRestart).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(key("task_002"));
            assertThat(event.type()).isEqualTo("taurusdb.starrocks.replication.changed");
            assertThat(event.header("ce_id")).isEqualTo(key("task_002") + "/2");
        });
        assertThat(events.readFor(QUIET)).isEmpty();
        assertThat(events.all()).extracting(event -> event.header("ce_id")).doesNotHaveDuplicates();
        assertThat(Files.exists(stateDirectory.resolve("state.json"))).as("a state file on the local disk")
                .isEqualTo(store.equals("file"));
    }

    private Map<String, String> settingsFor(String store) {
        Map<String, String> settings = settings();
        settings.put("watch.state.store", store);
        if (store.equals("kafka")) {
            settings.put("watch.state.kafka-topic", topic + "-state");
            settings.remove("watch.state.file");
        }
        return settings;
    }
}
