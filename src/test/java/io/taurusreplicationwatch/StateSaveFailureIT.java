package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.StateSaveOutcomes;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The save-state route when the state file's directory goes away at run time (a lost mount, a full disk): the
 * failure is logged once per streak with its cause and no stack trace, retried every tick, and the recovery once;
 * taurus_watch_state_saves_total counts both outcomes.
 */
class StateSaveFailureIT extends PipelineTestSupport {

    private static final String SAVES = StateSaveOutcomes.class.getName();

    @Test
    void should_log_failed_saves_once_per_streak_without_a_stack_trace_and_save_again_once_possible()
            throws Exception {
        putTasks(2);
        Path directory = stateDirectory.resolve("mount");
        Map<String, String> settings = settings();
        settings.put("watch.state.file", directory.resolve("state.json").toString());
        settings.put("watch.state.save-interval", "100ms");
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        events.awaitTotal(2, EVENT_WAIT);

        try (LogCapture logs = LogCapture.start(Level.DEBUG)) {
            // The snapshot, its journal, or both, depending on how far the store got.
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
            Files.writeString(directory, "in the way");
            runtime.taskState().update(runtime.taskState().recordsOf(INSTANCE).get(0));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> saveLines(logs).stream().filter(line -> line.contains("failed again")).count() >= 3);

            assertThat(runtime.meters().stateSaves("failed")).as("every failed save is counted")
                    .isGreaterThanOrEqualTo(3);
            long savedWhileFailing = runtime.meters().stateSaves("succeeded");

            Files.delete(directory);
            Files.createDirectory(directory);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> saveLines(logs).stream().anyMatch(line -> line.contains("Saved the task state again")));
            assertThat(runtime.meters().stateSaves("succeeded")).isGreaterThan(savedWhileFailing);

            List<String> lines = logs.lines();
            assertThat(lines).filteredOn(line -> line.startsWith(SAVES) && line.contains("Cannot save the task state"))
                    .singleElement().asString().contains(directory.toString()).doesNotContain(" | ");
            assertThat(lines).noneMatch(line -> line.startsWith("org.apache.camel.processor.errorhandler"));
        }
        assertThat(new FileTaskStateStore(directory.resolve("state.json")).load().records()).hasSize(2);
    }

    private static List<String> saveLines(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.startsWith(SAVES)).toList();
    }
}
