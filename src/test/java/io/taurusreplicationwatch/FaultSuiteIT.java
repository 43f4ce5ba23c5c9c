package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.DeliveryLedger;
import io.taurusreplicationwatch.testing.DeliveryLedger.Tally;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.TopicAudit;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service's delivery promise under faults (README "Guarantees": at least once, never lost; a repeat keeps its
 * ce_id), with the real broker and the simulator: each scenario scripts task changes, injects a fault, and counts at
 * the consumer what was injected, delivered, duplicated and lost. A scenario fails on anything lost and on a
 * duplicate that carries a new ce_id. Each prints one line, also appended to
 * {@code target/fault-suite.txt}. Runs with the other integration tests, or alone: {@code mvn -B verify
 * -Dgroups=faults}.
 */
@Tag("faults")
class FaultSuiteIT extends PipelineTestSupport {

    private static final Path REPORT = Path.of("target", "fault-suite.txt");
    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private static final int KILL_ITERATIONS = 20;
    private static final List<String> SOAK_ACTIONS = List.of("none", "api-errors", "api-timeouts", "broker-stop",
            "sigkill", "sigkill-on-ack", "sigterm");
    private static final List<String> STAGES = List.of("wait", "full", "incremental", "paused", "cancelled");
    private final DeliveryLedger ledger = new DeliveryLedger();

    @Test
    void should_deliver_every_change_made_during_a_kafka_outage_of_three_poll_intervals() throws Exception {
        tasks(20);
        runtime = WatchRuntime.start(timerDriven());
        events.awaitTotal(20, EVENT_WAIT);

        broker.stop();
        for (int round = 0; round < 3; round++) {
            long failed = runtime.meters().failedPolls();
            for (int i = 1; i <= 5; i++) {
                change(name(round * 5 + i), "incremental");
            }
            awaitFailedPollAfter(failed);
        }
        broker.restart();

        report(ledger.awaitDelivery("kafka-outage", events, DELIVERY, QUIET));
    }

    @Test
    void should_deliver_every_change_and_count_both_codes_once_api_errors_and_timeouts_end() throws Exception {
        tasks(10);
        Map<String, String> settings = timerDriven();
        settings.put("watch.api.response-timeout", "700ms");
        settings.put("watch.api.socket-timeout", "700ms");
        runtime = WatchRuntime.start(settings);
        events.awaitTotal(10, EVENT_WAIT);

        long failed = runtime.meters().failedPolls();
        simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error").times(3));
        IntStream.rangeClosed(1, 3).forEach(i -> change(name(i), "incremental"));
        Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.meters().failedPolls() >= failed + 3);
        simulator.inject(INSTANCE, Fault.delay(Duration.ofSeconds(2)).times(2));
        IntStream.rangeClosed(4, 6).forEach(i -> change(name(i), "incremental"));
        Awaitility.await().atMost(EVENT_WAIT).until(() -> runtime.meters().failedPolls() >= failed + 5);

        report(ledger.awaitDelivery("api-500-then-timeouts", events, DELIVERY, QUIET));
        assertThat(runtime.meters().errorsByCode()).containsKeys("DBS.05000001", "WATCH.SocketTimeoutException");
    }

    @Test
    void should_deliver_all_thousand_changes_of_a_poll_the_broker_went_down_in() throws Exception {
        tasks(1000);
        runtime = WatchRuntime.start(timerDriven());
        events.awaitTotal(1000, DELIVERY);

        long failed = runtime.meters().failedPolls();
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
    void should_lose_nothing_when_killed_with_sigkill_mid_poll_and_started_again() throws Exception {
        stoppedMidPoll("sigkill-mid-poll", ChildService::kill);
    }

    /** Graceful shutdown: SIGTERM during a poll; what was not published is not recorded and comes with the next start. */
    @Test
    void should_shut_down_gracefully_on_sigterm_mid_poll_and_lose_nothing_after_the_next_start() throws Exception {
        String output = stoppedMidPoll("sigterm-mid-poll", ChildService::terminate);

        // Camel's graceful shutdown ran (the process exits before Main's own last line is always written).
        assertThat(output).contains("triggered by SIGTERM").containsPattern("\\(taurus-replication-watch\\) shutdown in");
    }

    @Test
    void should_refuse_to_start_on_a_damaged_state_file_and_lose_nothing_once_it_is_restored()
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

    /**
     * Issue 11's window, closed: SIGKILL as soon as the consumer has the events of two changes (so after Kafka's
     * acknowledgement, before the next save), then while the service is down one task moves on to a new state and the
     * other goes back to the state the last checkpoint holds; the restarted service reads the lost events back from
     * the topic. An iteration counts only if the checkpoint left on disk really misses the acknowledged event.
     */
    @Test
    void should_lose_no_acknowledged_event_when_killed_before_the_save_while_tasks_change_forward_and_back()
            throws Exception {
        int tasks = 10;
        putTasks(tasks);
        TopicAudit audit = new TopicAudit();
        apiTasks().forEach(audit::injected);
        Map<String, String> settings = timerDriven(childSettings());
        settings.put("watch.state.save-interval", "2s");
        Path log = Files.createTempFile(stateDirectory, "service", ".log");
        Path stateFile = Path.of(settings.get("watch.state.file"));
        int unsavedKills = 0;
        int iteration = 0;
        ChildService service = ChildService.start(settings, List.of(), childEnvironment(), log);
        try {
            awaitConverged(audit, service);
            while (unsavedKills < KILL_ITERATIONS && iteration < KILL_ITERATIONS + 10) {
                String forward = name(1 + (2 * iteration) % tasks);
                String back = name(2 + (2 * iteration) % tasks);
                SimulatedTask saved = task(back);
                changeTo(audit, forward, nextStage(task(forward).stage()));
                changeTo(audit, back, nextStage(saved.stage()));
                Event acknowledged = awaitEventOf(back, nextStage(saved.stage()));
                awaitEventOf(forward, task(forward).stage());
                service.kill();
                assertThat(service.awaitExit(30)).isTrue();
                long checkpointSeq = new FileTaskStateStore(stateFile).load().records().stream()
                        .filter(r -> r.taskKey().equals(key(back))).mapToLong(r -> r.seq()).max().orElse(0);
                if (checkpointSeq < acknowledged.value().path("seq").asLong()) {
                    unsavedKills++;
                }
                changeTo(audit, forward, nextStage(task(forward).stage()));
                changeTo(audit, back, saved.stage());
                settings.put("camel.management.port", Integer.toString(LoopbackPorts.free()));
                service = ChildService.start(settings, List.of(), childEnvironment(), log);
                awaitConverged(audit, service);
                iteration++;
            }
        } finally {
            service.close();
        }
        reportAudit(audit.figures("kill-after-ack-then-change-forward-and-back", "kills " + iteration + " ("
                + unsavedKills + " before the save)", events.all(), apiTasks()));
        assertThat(unsavedKills).as("kills between an acknowledgement and the next save").isGreaterThanOrEqualTo(
                KILL_ITERATIONS);
    }

    /**
     * A seeded random soak of the jar: each round changes a few tasks, then does one of: nothing, API errors, API
     * timeouts, a broker stop, SIGKILL at a random moment, SIGKILL as soon as the changes are acknowledged (then some
     * of those tasks change again, forward or back, while it is down), or SIGTERM; then waits until the topic agrees
     * with the API. {@code -Dfaults.soak.seconds} (default 120) sets the length and {@code -Dfaults.soak.seed} replays a
     * run; the seed is printed first.
     */
    @Test
    void should_bring_the_topic_back_to_the_api_after_every_round_of_a_seeded_random_soak_of_faults() throws Exception {
        long seed = Long.getLong("faults.soak.seed", System.nanoTime());
        Duration length = Duration.ofSeconds(Long.getLong("faults.soak.seconds", 120));
        System.out.println("[fault-suite] soak seed " + seed + " (replay with -Dfaults.soak.seed=" + seed + ")");
        Random random = new Random(seed);
        int tasks = 20;
        putTasks(tasks);
        TopicAudit audit = new TopicAudit();
        apiTasks().forEach(audit::injected);
        Map<String, String> settings = timerDriven(childSettings());
        settings.put("watch.api.response-timeout", "700ms");
        settings.put("watch.api.socket-timeout", "700ms");
        Path log = Files.createTempFile(stateDirectory, "service", ".log");
        Map<String, Integer> actions = new java.util.TreeMap<>();
        long end = System.nanoTime() + length.toNanos();
        int rounds = 0;
        ChildService service = ChildService.start(settings, List.of(), childEnvironment(), log);
        try {
            awaitConverged(audit, service);
            while (System.nanoTime() < end) {
                List<String> changed = new ArrayList<>();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    String name = name(1 + random.nextInt(tasks));
                    if (!changed.contains(name)) {
                        changed.add(name);
                        changeTo(audit, name, STAGES.get(random.nextInt(STAGES.size())));
                    }
                }
                String action = SOAK_ACTIONS.get(random.nextInt(SOAK_ACTIONS.size()));
                actions.merge(action, 1, Integer::sum);
                switch (action) {
                    case "api-errors" -> simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error")
                            .times(1 + random.nextInt(3)));
                    case "api-timeouts" -> simulator.inject(INSTANCE, Fault.delay(Duration.ofSeconds(2))
                            .times(1 + random.nextInt(2)));
                    case "broker-stop" -> {
                        broker.stop();
                        awaitQuietly(Duration.ofMillis(500 + random.nextInt(2500)));
                        broker.restart();
                    }
                    case "sigkill", "sigterm", "sigkill-on-ack" -> {
                        if (action.equals("sigkill-on-ack")) {
                            for (String name : changed) {
                                awaitEventOf(name, task(name).stage());
                            }
                        } else {
                            awaitQuietly(Duration.ofMillis(random.nextInt(1500)));
                        }
                        if (action.equals("sigterm")) {
                            service.terminate();
                        } else {
                            service.kill();
                        }
                        assertThat(service.awaitExit(60)).isTrue();
                        // Only states whose event arrived may change again unseen; the others must stay to be polled.
                        if (action.equals("sigkill-on-ack")) {
                            for (String name : changed) {
                                if (random.nextBoolean()) {
                                    changeTo(audit, name, STAGES.get(random.nextInt(STAGES.size())));
                                }
                            }
                        }
                        settings.put("camel.management.port", Integer.toString(LoopbackPorts.free()));
                        service = ChildService.start(settings, List.of(), childEnvironment(), log);
                    }
                    default -> { }
                }
                awaitConverged(audit, service);
                simulator.clearFaults();
                rounds++;
            }
        } finally {
            service.close();
        }
        reportAudit(audit.figures("soak-" + length.toSeconds() + "s-seed-" + seed, "rounds " + rounds + " " + actions,
                events.all(), apiTasks()));
    }

    /** Lets time pass for a fault to last, without holding a thread in sleep. */
    private static void awaitQuietly(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        Awaitility.await().atMost(duration.plusSeconds(1)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() >= until);
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

    private Map<String, SimulatedTask> apiTasks() {
        Map<String, SimulatedTask> tasks = new java.util.LinkedHashMap<>();
        simulator.tasks(INSTANCE).forEach(t -> tasks.put(key(t.taskName()), t));
        return tasks;
    }

    private void changeTo(TopicAudit audit, String name, String stage) {
        SimulatedTask changed = task(name).withStage(stage);
        simulator.putTask(INSTANCE, changed);
        audit.injected(key(name), changed);
    }

    private static String nextStage(String stage) {
        int at = STAGES.indexOf(stage.toLowerCase(java.util.Locale.ROOT));
        return STAGES.get((at + 1) % STAGES.size());
    }

    /** Reads the topic until an event announces this task in this stage; returns that event. */
    private Event awaitEventOf(String name, String stage) {
        Event[] found = new Event[1];
        Awaitility.await().atMost(DELIVERY).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            events.readFor(Duration.ofMillis(20));
            List<Event> all = events.all();
            for (int i = all.size() - 1; i >= 0; i--) {
                Event event = all.get(i);
                if (event.key().equals(key(name))) {
                    if (event.value().path("after").path("stage").asText().equals(stage)) {
                        found[0] = event;
                        return true;
                    }
                    return false;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits until the last event of every task says what the API lists (or the service died, which fails). */
    private void awaitConverged(TopicAudit audit, ChildService service) {
        Awaitility.await().atMost(DELIVERY).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            events.readFor(Duration.ofMillis(100));
            assertThat(service.isAlive()).as("the service is running").isTrue();
            return audit.converged(events.all(), apiTasks());
        });
    }

    private static void reportAudit(TopicAudit.Figures figures) throws IOException {
        System.out.println("[fault-suite] " + figures);
        Files.writeString(REPORT, figures + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(figures.conflicts()).as(figures.toString()).isZero();
        assertThat(figures.lost()).as(figures.toString()).isZero();
        assertThat(figures.diverged()).as(figures.toString()).isZero();
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
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> runtime.meters().failedPolls() > failed);
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
