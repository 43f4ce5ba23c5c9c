package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The jar {@code mvn package} builds, started as operators start it ({@code java -jar}) from a directory holding
 * {@code config/} and {@code routes/}, with the JSON log layout, against the simulator and the in-process broker.
 */
class RunnableJarIT extends PipelineTestSupport {

    @Test
    void should_poll_publish_report_ready_and_stop_on_sigterm_when_run_with_java_jar() throws Exception {
        putTasks(5);
        Map<String, String> settings = childSettings();
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "1s");
        // The JSON layout, as log collectors take it: every line must then be one JSON object.
        try (ChildService service = ChildService.start(settings, List.of("-Dwatch.log.format=json"), childEnvironment(),
                Files.createTempFile(stateDirectory, "service", ".log"))) {
            try {
                List<Event> discovered = events.awaitTotal(5, EVENT_WAIT);
                assertThat(discovered).extracting(Event::key).containsExactlyInAnyOrder(
                        key("task_001"), key("task_002"), key("task_003"), key("task_004"), key("task_005"));

                HttpClient http = HttpClient.newHttpClient();
                URI ready = URI.create("http://127.0.0.1:" + settings.get("camel.management.port")
                        + "/observe/health/ready");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(ready)
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            } finally {
                service.terminate();
            }
            assertThat(service.awaitExit(60)).as("stops on SIGTERM").isTrue();
            String output = service.output();
            assertThat(output).contains("Polled " + PROJECT + ":" + INSTANCE).contains("Apache Camel (Main)")
                    .doesNotContain(SK);
            ObjectMapper json = new ObjectMapper();
            for (String line : output.lines().filter(line -> !line.isBlank()).toList()) {
                JsonNode entry = json.readTree(line);
                assertThat(entry.has("level") && entry.has("message") && entry.has("timestamp")).as(line).isTrue();
            }
        }
        assertThat(stateDirectory.resolve("state.json")).as("state saved at shutdown").exists();
    }
}
