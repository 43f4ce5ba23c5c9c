package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.DeliveryLedger;
import io.taurusreplicationwatch.testing.DeliveryLedger.Tally;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §5's promises under faults, with the real broker and the simulator: each scenario scripts task changes,
 * injects a fault, and counts at the consumer what was injected, delivered, duplicated and lost. A scenario fails
 * on anything lost and on a duplicate that carries a new ce_id. Each prints one line, also appended to
 * {@code target/fault-suite.txt}. Runs with the other integration tests, or alone: {@code mvn -B verify
 * -Dgroups=faults}.
 */
@Tag("faults")
class FaultSuiteIT extends PipelineTestSupport {

    private static final Path REPORT = Path.of("target", "fault-suite.txt");
    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private final DeliveryLedger ledger = new DeliveryLedger();

    @Test
    void kafka_outage_of_three_poll_intervals_while_tasks_change() throws Exception {
        tasks(20);
        runtime = WatchRuntime.start(timerDriven());
        events.awaitTotal(20, EVENT_WAIT);

        broker.stop();
        for (int round = 0; round < 3; round++) {
            long failed = runtime.outcomes().failedPolls();
            for (int i = 1; i <= 5; i++) {
                change(name(round * 5 + i), "incremental");
            }
            awaitFailedPollAfter(failed);
        }
        broker.restart();

        report(ledger.awaitDelivery("kafka-outage", events, DELIVERY, QUIET));
    }

    @Test
    void api_failing_then_timing_out_then_good() throws Exception {
        tasks(10);
        Map<String, String> settings = timerDriven();
        settings.put("camel.component.http.response-timeout", "700");
        settings.put("camel.component.http.so-timeout", "700");
        runtime = WatchRuntime.start(settings);
        events.awaitTotal(10, EVENT_WAIT);

        long failed = runtime.outcomes().failedPolls();
        simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error").times(3));
        IntStream.rangeClosed(1, 3).forEach(i -> change(name(i), "incremental"));
        Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.outcomes().failedPolls() >= failed + 3);
        simulator.inject(INSTANCE, Fault.delay(Duration.ofSeconds(2)).times(2));
        IntStream.rangeClosed(4, 6).forEach(i -> change(name(i), "incremental"));
        Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.outcomes().failedPolls() >= failed + 5);

        report(ledger.awaitDelivery("api-500-then-timeouts", events, DELIVERY, QUIET));
        assertThat(runtime.outcomes().errorsByCode()).containsKeys("DBS.05000001", "WATCH.SocketTimeoutException");
    }

    @Test
    void a_thousand_changes_in_one_poll_with_the_broker_going_down_mid_poll() throws Exception {
        tasks(1000);
        runtime = WatchRuntime.start(timerDriven());
        events.awaitTotal(1000, DELIVERY);

        long failed = runtime.outcomes().failedPolls();
        simulator.putTasks(INSTANCE, simulator.tasks(INSTANCE).stream().map(t -> t.withStage("incremental"))
                .toList());
        simulator.tasks(INSTANCE).forEach(t -> ledger.injected(key(t.taskName()), "incremental", "yes"));
        // Halfway through the listing the broker goes away, under the poll's feet.
        simulator.beforePage(INSTANCE, 500, broker::stop);
        awaitFailedPollAfter(failed);
        broker.restart();

        report(ledger.awaitDelivery("1000-changes-broker-down-mid-poll", events, DELIVERY, QUIET));
    }

    @Test
    void service_killed_with_sigkill_mid_poll_and_started_again() throws Exception {
        stoppedMidPoll("sigkill-mid-poll", ChildService::kill);
    }

    /** Graceful shutdown: SIGTERM during a poll; what was not published is not recorded and comes with the next start. */
    @Test
    void service_stopped_with_sigterm_mid_poll_and_started_again() throws Exception {
        String output = stoppedMidPoll("sigterm-mid-poll", ChildService::terminate);

        // Camel's graceful shutdown ran (the process exits before Main's own last line is always written).
        assertThat(output).contains("triggered by SIGTERM").containsPattern("\\(taurus-replication-watch\\) shutdown in");
    }

    @Test
    void damaged_state_file_stops_the_start_instead_of_resetting_and_nothing_is_lost_once_restored()
            throws Exception {
        tasks(5);
        startService();
        runtime.pollCycle();
        events.awaitTotal(5, EVENT_WAIT);
        stopService();
        Path state = stateDirectory.resolve("state.json");
        byte[] good = Files.readAllBytes(state);

        for (byte[] damaged : List.of(java.util.Arrays.copyOf(good, good.length / 2), "{\"format\":1,\"tasks\":[{]}"
                .getBytes())) {
            Files.write(state, damaged, StandardOpenOption.TRUNCATE_EXISTING);
            assertThatThrownBy(this::startService).hasStackTraceContaining("cannot read the state file " + state)
                    .hasStackTraceContaining("Restore it from a backup");
            runtime = null;
        }
        assertThat(events.readFor(QUIET)).as("a refused start publishes nothing").isEmpty();

        Files.write(state, good, StandardOpenOption.TRUNCATE_EXISTING);
        change(name(2), "incremental");
        startService();
        runtime.pollCycle();

        report(ledger.awaitDelivery("state-file-damaged-then-restored", events, DELIVERY, QUIET));
        assertThat(events.all()).hasSize(6);
    }

    /** Starts the jar, lets it announce 250 tasks, changes them all, stops it at the third page, starts it again. */
    private String stoppedMidPoll(String scenario, java.util.function.Consumer<ChildService> stop) throws Exception {
        tasks(250);
        Map<String, String> settings = timerDriven(childSettings());
        settings.put("watch.poll.interval", "1s");
        Path log = Files.createTempFile(stateDirectory, "service", ".log");
        String output;
        try (ChildService first = ChildService.start(settings, List.of(), childEnvironment(), log)) {
            events.awaitTotal(250, DELIVERY);
            simulator.putTasks(INSTANCE, simulator.tasks(INSTANCE).stream().map(t -> t.withStage("incremental"))
                    .toList());
            simulator.tasks(INSTANCE).forEach(t -> ledger.injected(key(t.taskName()), "incremental", "yes"));
            simulator.beforePage(INSTANCE, 200, () -> stop.accept(first));
            assertThat(first.awaitExit(90)).as(scenario + ": the service stopped").isTrue();
            output = first.output();
        }
        settings.put("camel.management.port", Integer.toString(LoopbackPorts.free()));
        try (ChildService second = ChildService.start(settings, List.of(), childEnvironment(), log)) {
            report(ledger.awaitDelivery(scenario, events, DELIVERY, QUIET));
            second.terminate();
            second.awaitExit(60);
        }
        return output;
    }

    private Map<String, String> timerDriven() {
        return timerDriven(settings());
    }

    private static Map<String, String> timerDriven(Map<String, String> settings) {
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "500ms");
        settings.put("watch.poll.max-backoff", "2s");
        return settings;
    }

    private void tasks(int count) {
        putTasks(count);
        IntStream.rangeClosed(1, count).forEach(i -> ledger.injected(key(name(i)), "full", "yes"));
    }

    private void change(String name, String stage) {
        simulator.putTask(INSTANCE, task(name).withStage(stage));
        ledger.injected(key(name), stage, "yes");
    }

    private static String name(int i) {
        return "task_%03d".formatted(i);
    }

    private void awaitFailedPollAfter(long failed) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> runtime.outcomes().failedPolls() > failed);
    }

    private static void report(Tally tally) throws IOException {
        System.out.println("[fault-suite] " + tally);
        Files.writeString(REPORT, tally + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(tally.lost()).as(tally.toString()).isZero();
        assertThat(tally.conflicting()).as(tally.toString()).isZero();
        assertThat(tally.delivered()).isEqualTo(tally.injected());
    }
}
