package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The jar in a JVM with a small heap (one that dies on its first OutOfMemoryError) against answers that must not
 * take it down or hold it: a 300 MB page, a gzip bomb, a page dripped byte by byte, a 429 with a long Retry-After,
 * and a SIGTERM while a read is stuck. Each prints its figures with the prefix {@code [bounded-requests]}.
 */
class BoundedRequestsIT extends PipelineTestSupport {

    private static final List<String> SMALL_HEAP = List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
    private static final Duration QUICK = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_300_megabyte_answer_and_a_gzip_bomb_are_refused_counted_and_the_next_good_poll_publishes()
            throws Exception {
        putTasks(3);
        simulator.inject(INSTANCE, Fault.hugeBody(300L << 20));
        simulator.inject(INSTANCE, Fault.gzipBomb(1L << 30));
        Map<String, String> settings = polledEverySecond();

        try (ChildService service = start(settings)) {
            assertThat(events.awaitTotal(3, EVENT_WAIT)).hasSize(3);

            assertThat(service.isAlive()).isTrue();
            String metrics = metrics(settings);
            assertThat(value(metrics, "taurus_watch_api_errors_total", "WATCH.RESPONSE_TOO_LARGE")).isEqualTo(2);
            String output = service.output();
            assertThat(Pattern.compile("WARN.*Poll of .* failed .*WATCH\\.RESPONSE_TOO_LARGE").matcher(output)
                    .results().count()).as("logged once for the streak").isEqualTo(1);
            System.out.printf("[bounded-requests] 300 MB answer and 1 GiB gzip bomb refused; peak RSS %d MB"
                    + " (-Xmx128m)%n", peakRssKb(service) >> 10);
            stop(service);
        }
    }

    @Test
    void a_dripped_answer_fails_the_poll_at_the_request_deadline_and_the_next_poll_publishes() throws Exception {
        putTasks(3);
        Duration deadline = Duration.ofSeconds(3);
        simulator.inject(INSTANCE, Fault.drip(Duration.ofMillis(200)));
        Map<String, String> settings = polledEverySecond();
        settings.put("watch.api.request-deadline", "3s");

        try (ChildService service = start(settings)) {
            Awaitility.await().atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> value(metrics(settings), "taurus_watch_api_errors_total",
                            "WATCH.REQUEST_DEADLINE") == 1);
            // The dripped request is the first poll: its duration, by the service's own clock, is the request's.
            Duration took = Duration.ofMillis((long) (1000 * value(metrics(settings),
                    "taurus_watch_poll_duration_seconds_sum", INSTANCE)));

            assertThat(took).isBetween(deadline, deadline.plusSeconds(3));
            assertThat(events.awaitTotal(3, EVENT_WAIT)).hasSize(3);
            System.out.printf("[bounded-requests] the poll of a dripped answer failed after %d ms (deadline 3s)%n",
                    took.toMillis());
            stop(service);
        }
    }

    @Test
    void a_429_with_retry_after_90_is_warned_and_counted_at_once_and_not_retried_inside_the_client()
            throws Exception {
        putTasks(3);
        AtomicReference<Instant> sent = new AtomicReference<>();
        simulator.beforePage(INSTANCE, 0, () -> sent.set(Instant.now()));
        simulator.inject(INSTANCE, Fault.throttled(Duration.ofSeconds(90)));
        Map<String, String> settings = polledEverySecond();

        try (ChildService service = start(settings)) {
            Awaitility.await().atMost(EVENT_WAIT).until(() -> sent.get() != null);
            Awaitility.await().atMost(QUICK).until(() -> service.output()
                    .matches("(?s).*WARN.*Poll of .* failed .*APIGW\\.0308.*"));
            Duration took = Duration.between(sent.get(), Instant.now());
            assertThat(value(metrics(settings), "taurus_watch_api_errors_total", "APIGW.0308")).isEqualTo(1);

            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> simulator.requestCount(INSTANCE) == 1);
            assertThat(events.all()).as("nothing published before Retry-After").isEmpty();
            System.out.printf("[bounded-requests] 429 Retry-After 90: WARN and count %d ms after the request,"
                    + " %d request(s) seen%n", took.toMillis(), simulator.requestCount(INSTANCE));
            stop(service);
        }
    }

    @Test
    void sigterm_during_a_stuck_read_stops_the_jar_within_the_shutdown_timeout() throws Exception {
        putTasks(3);
        Map<String, String> settings = polledEverySecond();
        int shutdownTimeout = 30;
        settings.put("camel.main.shutdown-timeout", Integer.toString(shutdownTimeout));

        try (ChildService service = start(settings)) {
            events.awaitTotal(3, EVENT_WAIT);
            AtomicReference<Instant> sent = new AtomicReference<>();
            simulator.beforePage(INSTANCE, 0, () -> sent.set(Instant.now()));
            simulator.inject(INSTANCE, Fault.drip(Duration.ofSeconds(1)));
            Awaitility.await().atMost(EVENT_WAIT).until(() -> sent.get() != null);
            Instant terminated = Instant.now();
            service.terminate();

            assertThat(service.awaitExit(shutdownTimeout)).as("exited within the shutdown timeout").isTrue();
            Duration took = Duration.between(terminated, Instant.now());
            assertThat(service.output()).contains("WATCH.REQUEST_ABORTED");
            assertThat(stateDirectory.resolve("state.json")).as("state saved at shutdown").exists();
            System.out.printf("[bounded-requests] SIGTERM during a dripped read: exited after %d ms"
                    + " (shutdown timeout %d s)%n", took.toMillis(), shutdownTimeout);
        }
    }

    private Map<String, String> polledEverySecond() {
        Map<String, String> settings = childSettings();
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "1s");
        settings.put("watch.poll.max-backoff", "2s");
        return settings;
    }

    private ChildService start(Map<String, String> settings) throws IOException {
        return ChildService.start(settings, SMALL_HEAP, childEnvironment(),
                Files.createTempFile(stateDirectory, "service", ".log"));
    }

    private static void stop(ChildService service) throws InterruptedException {
        service.terminate();
        assertThat(service.awaitExit(60)).isTrue();
    }

    private String metrics(Map<String, String> settings) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.get("camel.management.port")
                + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The sum of the samples with this name whose line contains the given text; 0 when there is none. */
    private static double value(String exposition, String name, String contained) {
        return exposition.lines().filter(line -> line.startsWith(name + "{") && line.contains(contained))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long peakRssKb(ChildService service) throws IOException {
        Matcher peak = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc",
                Long.toString(service.pid()), "status")));
        return peak.find() ? Long.parseLong(peak.group(1)) : -1;
    }
}
