package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Health and Prometheus metrics scraped over HTTP from the management server while a scripted scenario runs. */
class ObservabilityIT extends PipelineTestSupport {

    private static final String DISCOVERED = "taurusdb.starrocks.replication.discovered";
    private static final String CHANGED = "taurusdb.starrocks.replication.changed";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void should_be_live_at_once_and_ready_only_after_the_first_poll_of_every_instance() throws Exception {
        putTasks(3);
        startService();

        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> before = get("/observe/health/ready");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("first-polls").contains("not polled yet");

        simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error").times(1));
        runtime.pollCycle();

        HttpResponse<String> after = get("/observe/health/ready");
        assertThat(after.statusCode()).as("a failed first poll was tried all the same").isEqualTo(200);
        assertThat(after.body()).contains("UP");
    }

    @Test
    void should_count_polls_tasks_events_and_errors_as_the_scenario_runs() throws Exception {
        putTasks(3);
        startService();
        assertThat(value(metrics(), "taurus_watch_polls_total")).as("no poll yet").isEmpty();

        runtime.pollCycle();
        events.awaitTotal(3, EVENT_WAIT);
        String first = metrics();
        assertThat(value(first, "taurus_watch_polls_total", instance(), "outcome=\"complete\"")).hasValue(1);
        assertThat(value(first, "taurus_watch_tasks_seen", instance())).hasValue(3);
        assertThat(value(first, "taurus_watch_events_published_total", "type=\"" + DISCOVERED + "\"")).hasValue(3);
        assertThat(value(first, "taurus_watch_state_tasks")).hasValue(3);
        assertThat(value(first, "taurus_watch_poll_duration_seconds_count", instance())).hasValue(1);
        assertThat(value(first, "taurus_watch_seconds_since_last_success", instance())).isPresent();

        simulator.inject(INSTANCE, Fault.error(400, "DBS.200022", "instance does not exist").times(1));
        runtime.pollCycle();
        String second = metrics();
        assertThat(value(second, "taurus_watch_polls_total", instance(), "outcome=\"failed\"")).hasValue(1);
        assertThat(value(second, "taurus_watch_api_errors_total", "error_code=\"DBS.200022\"")).hasValue(1);

        simulator.putTask(INSTANCE, task("task_002").withStage("incremental"));
        runtime.pollCycle();
        events.awaitTotal(4, EVENT_WAIT);
        String third = metrics();
        assertThat(value(third, "taurus_watch_polls_total", instance(), "outcome=\"complete\"")).hasValue(2);
        assertThat(value(third, "taurus_watch_events_published_total", "type=\"" + CHANGED + "\"")).hasValue(1);
        assertThat(value(third, "taurus_watch_poll_duration_seconds_count", instance())).hasValue(3);
        assertThat(value(third, "taurus_watch_poll_duration_seconds_bucket", instance(), "le=\"+Inf\""))
                .hasValue(3);
        assertThat(third).doesNotContain(AK).doesNotContain(SK);
    }

    private static String instance() {
        return "instance=\"" + INSTANCE + "\"";
    }

    private String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the sample with this name whose labels include all of the given ones. */
    private static OptionalDouble value(String exposition, String name, String... labels) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(runtime.management() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
