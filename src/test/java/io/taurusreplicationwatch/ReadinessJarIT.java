package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
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
 * Readiness of the jar over HTTP, as Kubernetes reads it: DOWN while the broker is stopped for longer than the
 * delivery timeout, and while every poll fails for longer than the allowed intervals; UP again after each recovery.
 * Liveness stays UP throughout: neither is cured by a restart.
 */
class ReadinessJarIT extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_turn_unready_while_kafka_is_away_or_every_poll_fails_and_ready_again_after_recovery()
            throws Exception {
        putTasks(2);
        Map<String, String> settings = childSettings();
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "1s");
        settings.put("watch.poll.max-backoff", "2s");
        settings.put("watch.kafka.delivery-timeout-ms", "3000");
        settings.put("watch.kafka.request-timeout-ms", "1000");
        settings.put("watch.kafka.max-block-ms", "1000");
        settings.put("watch.health.kafka-probe-interval", "500ms");
        settings.put("watch.health.failed-poll-intervals", "2");
        String management = "http://127.0.0.1:" + settings.get("camel.management.port");
        try (ChildService service = ChildService.start(settings, List.of(), childEnvironment(),
                Files.createTempFile(stateDirectory, "service", ".log"))) {
            awaitReadiness(management, 200, "UP");

            broker.stop();
            try {
                HttpResponse<String> down = awaitReadiness(management, 503, "\"kafka\",\"status\":\"DOWN\"");
                assertThat(down.body()).contains("has not answered");
                assertThat(get(management + "/observe/health/live").statusCode()).isEqualTo(200);
            } finally {
                broker.restart();
            }
            awaitReadiness(management, 200, "UP");

            simulator.inject(INSTANCE, Fault.error(500, "DBS.01010000", "Internal error").times(10_000));
            HttpResponse<String> failing = awaitReadiness(management, 503, "\"polls\",\"status\":\"DOWN\"");
            assertThat(failing.body()).contains("DBS.01010000");
            assertThat(get(management + "/observe/health/live").statusCode()).isEqualTo(200);

            simulator.clearFaults();
            awaitReadiness(management, 200, "UP");
            assertThat(service.isAlive()).isTrue();
            service.terminate();
            assertThat(service.awaitExit(60)).isTrue();
            assertThat(service.output()).contains("does not answer").contains("answers again").doesNotContain(SK);
        }
    }

    private HttpResponse<String> awaitReadiness(String management, int status, String bodyPart) {
        // Connection refused until the management server listens: asked again, not failed.
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get(management + "/observe/health/ready"),
                        response -> response.statusCode() == status && response.body().contains(bodyPart));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
