package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.InstanceStatus;
import io.taurusreplicationwatch.polling.PollOutcomes;
import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each API fault of the README's error table, injected with the simulator: what is logged (once, with the error
 * code), what is counted, when the instance is polled next, and that the next good poll publishes the change.
 */
class ApiFaultsIT extends PipelineTestSupport {

    static final Duration INTERVAL = Duration.ofSeconds(20);
    static final Duration MISSING_INSTANCE_INTERVAL = Duration.ofMinutes(7);

    /** A fault, the code it must be counted under, a phrase of its log line, and the wait before the next poll. */
    record FaultCase(String name, Fault fault, String code, String logPhrase, Duration minWait, Duration maxWait) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FaultCase> faults() {
        Duration backoffMin = INTERVAL.multipliedBy(8).dividedBy(10);
        Duration backoffMax = INTERVAL.multipliedBy(12).dividedBy(10);
        return Stream.of(
                new FaultCase("instance gone", Fault.error(400, "DBS.200022", "实例不存在"), "DBS.200022",
                        "does not exist", MISSING_INSTANCE_INTERVAL, MISSING_INSTANCE_INTERVAL),
                new FaultCase("other 400", Fault.error(400, "DBS.280001", "Invalid parameter: limit"), "DBS.280001",
                        "Invalid parameter: limit", backoffMin, backoffMax),
                new FaultCase("401 bad signature or clock", Fault.error(401, "APIGW.0301",
                        "Incorrect IAM authentication information: verify aksk signature fail"), "APIGW.0301",
                        "clock", backoffMin, backoffMax),
                new FaultCase("401 on a dedicated gateway", Fault.error(401, "APIG.0301",
                        "Incorrect IAM authentication information"), "APIG.0301", "clock", backoffMin, backoffMax),
                new FaultCase("403 without body", Fault.rawBody(403, ""), "HTTP.403", "credentials", backoffMin,
                        backoffMax),
                new FaultCase("404", Fault.error(404, "APIGW.0101", "The API does not exist"), "APIGW.0101",
                        "watch.api.endpoint", backoffMin, backoffMax),
                new FaultCase("429 with Retry-After", Fault.throttled(Duration.ofSeconds(120)), "APIGW.0308",
                        "Retry-After", Duration.ofSeconds(120), Duration.ofSeconds(120)),
                new FaultCase("429 on a dedicated gateway", Fault.error(429, "APIG.0308", "throttled")
                        .withHeader("Retry-After", "90"), "APIG.0308", "throttles", Duration.ofSeconds(90),
                        Duration.ofSeconds(90)),
                new FaultCase("500", Fault.error(500, "DBS.200001", "Internal error"), "DBS.200001",
                        "Internal error", backoffMin, backoffMax),
                new FaultCase("500 with an invented code and a forged log line",
                        Fault.error(500, "Some.New-Code\n", "boom\n2026-12-01 ERROR [main] i.t.FAKE - \u001b[31mforged"),
                        "API.UNRECOGNIZED", "(error_code 'Some.New-Code\\n'): boom\\n2026-12-01 ERROR [main] i.t.FAKE"
                        + " - \\u001B[31mforged", backoffMin, backoffMax),
                new FaultCase("502 from a proxy", Fault.rawBody(502, "<html><body>Bad Gateway</body></html>"),
                        "HTTP.502", "Bad Gateway", backoffMin, backoffMax),
                new FaultCase("503", Fault.rawBody(503, "Service Unavailable"), "HTTP.503", "Service Unavailable",
                        backoffMin, backoffMax),
                new FaultCase("504", Fault.rawBody(504, ""), "HTTP.504", "backoff", backoffMin, backoffMax),
                new FaultCase("read timeout", Fault.delay(Duration.ofSeconds(3)), "WATCH.SocketTimeoutException",
                        "timed out", backoffMin, backoffMax),
                new FaultCase("body not JSON", Fault.rawBody(200, "<html>maintenance</html>"),
                        "WATCH.MALFORMED_RESPONSE", "not JSON", backoffMin, backoffMax),
                new FaultCase("JSON of the wrong shape", Fault.rawBody(200, "{\"replications\": {\"a\": 1}}"),
                        "WATCH.MALFORMED_RESPONSE", "not an array", backoffMin, backoffMax),
                new FaultCase("empty 200", Fault.rawBody(200, ""), "WATCH.EMPTY_RESPONSE", "empty body", backoffMin,
                        backoffMax));
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = super.settings();
        settings.put("watch.poll.interval", INTERVAL.toSeconds() + "s");
        settings.put("watch.poll.missing-instance-interval", MISSING_INSTANCE_INTERVAL.toMinutes() + "m");
        settings.put("watch.api.response-timeout", "700ms");
        settings.put("watch.api.socket-timeout", "700ms");
        return settings;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void should_log_count_and_pace_the_fault_then_publish_on_the_next_good_poll(FaultCase fault) throws Exception {
        putTasks(2);
        startService();
        runtime.pollCycle();
        events.awaitTotal(2, EVENT_WAIT);
        simulator.putTask(INSTANCE, task("task_001").withStage("paused"));
        simulator.inject(INSTANCE, fault.fault().withHeader("X-Request-Id", "req-" + fault.code()));

        List<String> warnings;
        Instant before;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            before = Instant.now();
            runtime.pollCycle();
            warnings = logs.lines();
        }

        assertThat(runtime.meters().failedPolls()).isEqualTo(1);
        assertThat(runtime.meters().errorsByCode()).containsEntry(fault.code(), 1L);
        assertThat(health().lastErrorCode()).isEqualTo(fault.code());
        assertThat(warnings).filteredOn(line -> line.contains(fault.code())).singleElement().satisfies(line -> {
            assertThat(line).contains(INSTANCE).contains(fault.logPhrase()).doesNotContain("\n", "\r", "\u001b");
            if (fault.fault().status() >= 400) {
                assertThat(line).contains("req-" + fault.code());
            }
        });
        Duration wait = Duration.between(before, schedule().status(watched()).nextPollAt());
        assertThat(wait).isBetween(fault.minWait().minusSeconds(1), fault.maxWait().plusSeconds(5));
        assertThat(events.readFor(Duration.ofMillis(300))).as("nothing published by the failed poll").isEmpty();

        runtime.pollCycle();

        List<Event> published = events.awaitTotal(3, EVENT_WAIT);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(key("task_001"));
            assertThat(event.value().get("after").get("stage").asText()).isEqualTo("paused");
        });
        assertThat(health().consecutiveFailures()).isZero();
    }

    @Test
    void should_log_a_repeated_failure_once_and_its_recovery_once() throws Exception {
        putTasks(1);
        startService();
        simulator.inject(INSTANCE, Fault.error(503, "DBS.200001", "busy").times(3));
        List<String> lines;
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            runtime.pollCycle();
            runtime.pollCycle();
            runtime.pollCycle();
            runtime.pollCycle();
            lines = logs.lines();
        }

        assertThat(lines).filteredOn(line -> line.startsWith(PollOutcomes.class.getName() + " Poll of") && line.contains("DBS.200001")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.contains("recovered after 3 failed poll(s)")).hasSize(1);
        assertThat(runtime.meters().errorsByCode()).containsEntry("DBS.200001", 3L);
        assertThat(events.awaitTotal(1, EVENT_WAIT)).hasSize(1);
    }

    @Test
    void should_back_off_when_the_api_cannot_be_reached() throws Exception {
        putTasks(1);
        Map<String, String> settings = settings();
        settings.put("watch.api.endpoint", "http://127.0.0.1:" + closedPort());
        runtime = WatchRuntime.start(settings);
        Instant before = Instant.now();

        runtime.pollCycle();

        assertThat(runtime.meters().errorsByCode()).containsKey("WATCH.HttpHostConnectException");
        Duration wait = Duration.between(before, schedule().status(watched()).nextPollAt());
        assertThat(wait).isBetween(INTERVAL.multipliedBy(8).dividedBy(10).minusSeconds(1), INTERVAL.multipliedBy(2));
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private InstanceStatus health() {
        return schedule().status(watched());
    }

    private InstanceSchedule schedule() {
        return runtime.context().getRegistry().lookupByNameAndType("instanceSchedule", InstanceSchedule.class);
    }

    private static WatchedInstance watched() {
        return new WatchedInstance("cn-north-4", PROJECT, INSTANCE);
    }
}
