package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * Recovery from the change topic: the service published an event, and the state save that would have recorded it was
 * lost (the files are put back as they were before, as a crash right after the acknowledgement leaves them). The
 * restarted service reads the event back from the topic, so the next change gets a new seq and a change back to the
 * saved state is published.
 */
class StateRecoveryIT extends PipelineTestSupport {

    @Test
    void a_change_back_to_the_saved_state_after_a_lost_save_is_published_so_the_last_event_matches_the_api()
            throws Exception {
        checkpointThenPublishAndLoseTheSave();

        simulator.putTask(INSTANCE, task("task_002").withStage("full"));
        startService();
        runtime.pollCycle();

        List<Event> next = events.awaitTotal(5, EVENT_WAIT);
        assertThat(next).singleElement().satisfies(event -> {
            assertThat(event.header("ce_id")).isEqualTo(key("task_002") + "/3");
            assertThat(event.value().path("after").path("stage").asText()).isEqualTo("full");
            assertThat(event.value().path("before").path("stage").asText()).isEqualTo("incremental");
        });
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void a_change_forward_after_a_lost_save_gets_a_new_ce_id() throws Exception {
        checkpointThenPublishAndLoseTheSave();

        simulator.putTask(INSTANCE, task("task_002").withStage("paused"));
        startService();
        runtime.pollCycle();

        List<Event> next = events.awaitTotal(5, EVENT_WAIT);
        assertThat(next).singleElement().satisfies(event -> {
            assertThat(event.header("ce_id")).isEqualTo(key("task_002") + "/3");
            assertThat(event.value().path("after").path("stage").asText()).isEqualTo("paused");
        });
    }

    @Test
    void with_recovery_off_a_change_back_after_a_lost_save_goes_unannounced() throws Exception {
        checkpointThenPublishAndLoseTheSave();

        simulator.putTask(INSTANCE, task("task_002").withStage("full"));
        Map<String, String> settings = settings();
        settings.put("watch.state.recover-from-topic", "false");
        runtime = io.taurusreplicationwatch.testing.WatchRuntime.start(settings);
        runtime.pollCycle();

        assertThat(events.readFor(QUIET)).as("the documented window: the last event says incremental").isEmpty();
    }

    @Test
    void a_lost_state_file_is_rebuilt_from_the_topic_instead_of_numbering_from_1_again() throws Exception {
        putTasks(2);
        startService();
        runtime.pollCycle();
        events.awaitTotal(2, EVENT_WAIT);
        stopService();
        try (var files = Files.list(stateDirectory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }

        simulator.putTask(INSTANCE, task("task_001").withStage("incremental"));
        startService();
        runtime.pollCycle();

        assertThat(events.awaitTotal(3, EVENT_WAIT)).singleElement()
                .satisfies(event -> assertThat(event.header("ce_id")).isEqualTo(key("task_001") + "/2"));
        assertThat(events.readFor(QUIET)).as("task_002 is not announced again").isEmpty();
    }

    @Test
    void a_start_whose_events_after_the_checkpoint_may_be_deleted_by_retention_says_so_and_what_to_do()
            throws Exception {
        putTasks(30);
        startService();
        runtime.pollCycle();
        events.awaitTotal(30, EVENT_WAIT);
        stopService();
        Path state = stateDirectory.resolve("state.json");
        // A checkpoint older than the oldest record the topic still holds: the state as a first-format file last
        // written in 2020. Replay starts 64 s before it (the tests' 4 s delivery timeout plus a minute).
        List<TaskRecord> saved = new FileTaskStateStore(state).load().records();
        Files.writeString(state, Json.mapper().writeValueAsString(Map.of("format", 1, "tasks", saved)));
        Files.setLastModifiedTime(state, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, RecordsToDelete> oldest = new java.util.HashMap<>();
            for (Event event : events.all()) {
                oldest.merge(new TopicPartition(topic, event.partition()), RecordsToDelete.beforeOffset(event.offset()),
                        (a, b) -> a.beforeOffset() > b.beforeOffset() ? a : b);
            }
            admin.deleteRecords(oldest).all().get(20, TimeUnit.SECONDS);
        }

        try (LogCapture log = LogCapture.start(Level.WARN)) {
            startService();

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("no longer holds all records since 2019-12-31T23:58:56Z")
                    .contains("retention.ms"));
        }
    }

    /** task_001..003 published and saved; then task_002 → incremental published (seq 2) and that save lost. */
    private void checkpointThenPublishAndLoseTheSave() throws Exception {
        putTasks(3);
        startService();
        runtime.pollCycle();
        events.awaitTotal(3, EVENT_WAIT);
        stopService();
        Path saved = Files.createDirectories(stateDirectory.resolve("saved"));
        copy(stateDirectory, saved);

        simulator.putTask(INSTANCE, task("task_002").withStage("incremental"));
        startService();
        runtime.pollCycle();
        assertThat(events.awaitTotal(4, EVENT_WAIT)).singleElement()
                .satisfies(event -> assertThat(event.header("ce_id")).isEqualTo(key("task_002") + "/2"));
        stopService();
        copy(saved, stateDirectory);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (var files = Files.list(to)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.notExists(from.resolve(file.getFileName()))) {
                    Files.delete(file);
                }
            }
        }
    }
}
