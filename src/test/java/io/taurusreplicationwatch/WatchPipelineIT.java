package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.NumberStyle;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.testing.ChangeEventConsumer;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline end to end: the YAML routes as shipped, the TaurusDB simulator over HTTP verifying every
 * signature, and a real Kafka broker read by a plain consumer.
 */
class WatchPipelineIT extends PipelineTestSupport {

    @Test
    void should_announce_each_of_250_tasks_over_three_pages_once_when_the_timer_polls() throws Exception {
        putTasks(250);
        Map<String, String> settings = settings();
        settings.put("watch.poll.interval", "300ms");
        settings.put("watch.poll.initial-delay", "0s");
        runtime = WatchRuntime.start(settings);

        List<Event> discovered = events.awaitTotal(250, EVENT_WAIT);

        assertThat(discovered).hasSize(250);
        assertThat(discovered).extracting(Event::type).containsOnly("taurusdb.starrocks.replication.discovered");
        assertThat(discovered).extracting(Event::key).doesNotHaveDuplicates()
                .contains(key("task_001"), key("task_250"));
        Event first = discovered.stream().filter(e -> e.key().equals(key("task_001"))).findFirst().orElseThrow();
        assertThat(first.headers()).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", key("task_001") + "/1")
                .containsEntry("ce_source", "/projects/" + PROJECT + "/instances/" + INSTANCE)
                .containsEntry("ce_subject", "task_001")
                .containsEntry("content-type", "application/json");
        assertThat(Instant.parse(first.header("ce_time"))).isBeforeOrEqualTo(Instant.now());
        JsonNode value = first.value();
        assertThat(value.get("project_id").asText()).isEqualTo(PROJECT);
        assertThat(value.get("instance_id").asText()).isEqualTo(INSTANCE);
        assertThat(value.get("task_name").asText()).isEqualTo("task_001");
        assertThat(value.get("seq").asLong()).isEqualTo(1);
        assertThat(value.get("before").isNull()).isTrue();
        assertThat(value.get("after").get("stage").asText()).isEqualTo("full");
        assertThat(value.get("after").get("status").asText()).isEqualTo("yes");
        assertThat(value.get("after").get("percentage").isNumber()).isTrue();
        assertThat(value.get("observed_at").asText()).isEqualTo(first.header("ce_time"));
        assertThat(value.get("poll_id").asText()).isNotBlank();
        // Each poll asks for three pages of 100 by record offset, signed (the simulator refuses anything else).
        List<String> queries = simulator.requests().stream().limit(3).map(RecordedRequest::rawQuery).toList();
        assertThat(queries).containsExactly("limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200");
        assertThat(simulator.requests().get(0).header("x-language")).isEqualTo("en-us");
        assertThat(simulator.requests().get(0).header("x-project-id")).isEqualTo(PROJECT);
        // The timer keeps polling; nothing changed, so nothing more is published.
        long polls = runtime.meters().pollsNotFailed();
        org.awaitility.Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.meters().pollsNotFailed() >= polls + 2);
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void should_publish_nothing_when_a_second_poll_sees_no_change() throws Exception {
        putTasks(5);
        startService();
        runtime.pollCycle();
        assertThat(events.awaitTotal(5, EVENT_WAIT)).hasSize(5);

        runtime.pollCycle();

        assertThat(runtime.meters().pollsNotFailed()).isEqualTo(2);
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void should_publish_one_changed_event_with_before_and_after_when_a_stage_changes() throws Exception {
        putTasks(3);
        startService();
        runtime.pollCycle();
        events.awaitTotal(3, EVENT_WAIT);

        simulator.putTask(INSTANCE, task("task_002").withStage("Incremental").withPercentage("42"));
        runtime.pollCycle();

        List<Event> changed = events.awaitTotal(4, EVENT_WAIT);
        assertThat(changed).hasSize(1);
        Event event = changed.get(0);
        assertThat(event.key()).isEqualTo(key("task_002"));
        assertThat(event.type()).isEqualTo("taurusdb.starrocks.replication.changed");
        assertThat(event.header("ce_id")).isEqualTo(key("task_002") + "/2");
        assertThat(event.value().get("seq").asLong()).isEqualTo(2);
        assertThat(event.value().get("before").get("stage").asText()).isEqualTo("full");
        assertThat(event.value().get("after").get("stage").asText()).isEqualTo("incremental");
        assertThat(event.value().get("after").get("percentage").asLong()).isEqualTo(42);
        assertThat(event.value().get("changed_fields")).extracting(JsonNode::asText)
                .containsExactly("stage", "percentage");
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void should_publish_every_step_of_a_status_flip_flop_in_order() throws Exception {
        putTasks(2);
        startService();
        runtime.pollCycle();
        simulator.putTask(INSTANCE, task("task_001").withStatus("No"));
        runtime.pollCycle();
        simulator.putTask(INSTANCE, task("task_001").withStatus("Yes"));
        runtime.pollCycle();

        List<Event> all = events.awaitTotal(4, EVENT_WAIT);

        List<Event> flipFlop = ChangeEventConsumer.byKey(all).get(key("task_001"));
        assertThat(flipFlop).extracting(e -> e.value().get("after").get("status").asText())
                .containsExactly("yes", "no", "yes");
        assertThat(flipFlop).extracting(e -> e.header("ce_id"))
                .containsExactly(key("task_001") + "/1", key("task_001") + "/2", key("task_001") + "/3");
        assertThat(flipFlop).extracting(Event::partition).containsOnly(flipFlop.get(0).partition());
        assertThat(flipFlop).extracting(Event::offset).isSorted();
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void should_announce_a_removal_after_two_complete_polls_and_never_after_an_incomplete_one() throws Exception {
        putTasks(5);
        Map<String, String> settings = settings();
        settings.put("watch.api.page-size", "2");
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        events.awaitTotal(5, EVENT_WAIT);

        simulator.removeTask(INSTANCE, "task_002");
        runtime.pollCycle();
        assertThat(events.readFor(QUIET)).as("one missing poll is not a removal").isEmpty();
        assertThat(missedPolls("task_002")).isEqualTo(1);

        simulator.inject(INSTANCE, Fault.error(500, "DBS.200001", "internal error").atOffset(2));
        runtime.pollCycle();
        assertThat(runtime.meters().failedPolls()).isEqualTo(1);
        assertThat(events.readFor(QUIET)).as("an incomplete poll removes nothing").isEmpty();
        assertThat(missedPolls("task_002")).isEqualTo(1);

        runtime.pollCycle();
        List<Event> removed = events.awaitTotal(6, EVENT_WAIT);
        assertThat(removed).hasSize(1);
        assertThat(removed.get(0).key()).isEqualTo(key("task_002"));
        assertThat(removed.get(0).type()).isEqualTo("taurusdb.starrocks.replication.removed");
        assertThat(removed.get(0).header("ce_id")).isEqualTo(key("task_002") + "/2");
        assertThat(removed.get(0).value().get("after").isNull()).isTrue();
        assertThat(removed.get(0).value().get("before").get("task_name").asText()).isEqualTo("task_002");

        runtime.pollCycle();
        assertThat(events.readFor(QUIET)).as("a removal is announced once").isEmpty();
    }

    int missedPolls(String taskName) {
        return runtime.taskState().record(key(taskName)).map(TaskRecord::missedPolls).orElseThrow();
    }

    @Test
    void should_publish_a_change_made_while_kafka_was_down_once_it_is_back() throws Exception {
        putTasks(2);
        startService();
        runtime.pollCycle();
        events.awaitTotal(2, EVENT_WAIT);

        broker.stop();
        try {
            simulator.putTask(INSTANCE, task("task_001").withStage("paused"));
            runtime.pollCycle();
            assertThat(runtime.meters().failedPolls()).isEqualTo(1);
            assertThat(runtime.taskState().record(key("task_001")).orElseThrow().snapshot().stage())
                    .as("state must not advance without an acknowledgement").isEqualTo("full");
        } finally {
            broker.restart();
        }
        runtime.pollCycle();

        List<Event> published = events.awaitTotal(3, EVENT_WAIT);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).header("ce_id")).isEqualTo(key("task_001") + "/2");
        assertThat(published.get(0).value().get("after").get("stage").asText()).isEqualTo("paused");
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    @Test
    void should_poll_every_instance_with_its_own_project() throws Exception {
        String otherProject = "ffeeddccbbaa99887766554433221100";
        List<String> instances = List.of("00000000000000000000000000000001in07", "00000000000000000000000000000002in07");
        putTasks(2);
        for (String instance : instances) {
            simulator.addInstance(otherProject, instance);
            simulator.putTask(instance, SimulatedTask.of("orders", "wait", "Yes"));
        }
        Map<String, String> settings = settings();
        settings.put("watch.project-id", otherProject);
        settings.put("watch.instances", PROJECT + ":" + INSTANCE + "," + String.join(",", instances));
        runtime = WatchRuntime.start(settings);

        runtime.pollCycle();

        List<Event> discovered = events.awaitTotal(4, EVENT_WAIT);
        assertThat(discovered).extracting(e -> e.header("ce_source")).containsExactlyInAnyOrder(
                "/projects/" + PROJECT + "/instances/" + INSTANCE, "/projects/" + PROJECT + "/instances/" + INSTANCE,
                "/projects/" + otherProject + "/instances/" + instances.get(0),
                "/projects/" + otherProject + "/instances/" + instances.get(1));
        assertThat(simulator.requests()).extracting(r -> r.header("x-project-id"))
                .contains(PROJECT, otherProject);
        assertThat(runtime.meters().pollsNotFailed()).isEqualTo(3);
    }

    @Test
    void should_tolerate_strings_for_numbers_odd_cases_unknown_values_and_a_task_without_a_name() throws Exception {
        simulator.numberStyle(NumberStyle.STRINGS);
        simulator.putTask(INSTANCE, SimulatedTask.of("orders", "Incremental", "YES").withPercentage("87.5")
                .withExtraField("is_need_repair", false));
        simulator.putTask(INSTANCE, SimulatedTask.of("refunds", "syncing", "No").withPercentage(null));
        simulator.putTask(INSTANCE, SimulatedTask.of("nameless", "full", "Yes").withExtraField("task_name", null));
        startService();
        runtime.pollCycle();

        Map<String, List<Event>> byKey = ChangeEventConsumer.byKey(events.awaitTotal(2, EVENT_WAIT));
        JsonNode orders = byKey.get(key("orders")).get(0).value().get("after");
        assertThat(orders.get("stage").asText()).isEqualTo("incremental");
        assertThat(orders.get("status").asText()).isEqualTo("yes");
        assertThat(orders.get("percentage").asDouble()).isEqualTo(87.5);
        assertThat(orders.get("is_need_repair").asBoolean(true)).isFalse();
        JsonNode refunds = byKey.get(key("refunds")).get(0).value().get("after");
        assertThat(refunds.get("stage").asText()).isEqualTo("syncing");
        assertThat(refunds.get("percentage").isNull()).isTrue();
        assertThat(events.readFor(QUIET)).as("the nameless task cannot be announced").isEmpty();
        assertThat(runtime.meters().pollsNotFailed()).isEqualTo(1);
        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.INCOMPLETE_LISTING", 1L);
    }

    @Test
    void should_authenticate_with_a_static_token_instead_of_signing() throws Exception {
        putTasks(1);
        simulator.acceptToken("iam-token-for-the-pipeline-test");
        Map<String, String> settings = settings();
        settings.remove("watch.auth.access-key");
        settings.remove("watch.auth.secret-key");
        settings.put("watch.auth.token", "iam-token-for-the-pipeline-test");
        runtime = WatchRuntime.start(settings);

        runtime.pollCycle();

        assertThat(events.awaitTotal(1, EVENT_WAIT)).hasSize(1);
        RecordedRequest request = simulator.requests(INSTANCE).get(0);
        assertThat(request.header("x-auth-token")).isEqualTo("iam-token-for-the-pipeline-test");
        assertThat(request.header("authorization")).isNull();
    }

    @Test
    void should_never_put_credentials_in_logs_or_events() throws Exception {
        putTasks(2);
        Map<String, String> settings = settings();
        settings.put("watch.auth.security-token", "temporary-security-token-0123456789");
        List<String> secrets = List.of(AK, SK, "temporary-security-token-0123456789");
        try (LogCapture logs = LogCapture.start(Level.DEBUG)) {
            runtime = WatchRuntime.start(settings);
            runtime.pollCycle();
            events.awaitTotal(2, EVENT_WAIT);
            simulator.close();
            simulator = simulators.startAnother(AK, "another-secret-so-signatures-fail");
            runtime.close();
            settings.put("watch.api.endpoint", simulator.endpoint().toString());
            runtime = WatchRuntime.start(settings);
            runtime.pollCycle();
            assertThat(runtime.meters().errorsByCode()).containsKey("APIGW.0301");

            assertThat(logs.lines()).as("captured log lines").isNotEmpty()
                    .anySatisfy(line -> assertThat(line).contains("APIGW.0301"));
            for (String secret : secrets) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
            }
        }
        for (Event event : events.all()) {
            for (String secret : secrets) {
                assertThat(event.value().toString()).doesNotContain(secret);
                assertThat(event.headers().toString()).doesNotContain(secret);
            }
        }
    }
}
