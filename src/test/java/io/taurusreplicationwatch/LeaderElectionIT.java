package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.DeliveryLedger;
import io.taurusreplicationwatch.testing.DeliveryLedger.Tally;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two service processes (the jar, two JVMs) sharing the Kafka state store and a lock directory: only one polls;
 * killed, the other takes over, loses nothing and numbers its events from the state the first one left.
 */
@Tag("faults")
class LeaderElectionIT extends PipelineTestSupport {

    private final DeliveryLedger ledger = new DeliveryLedger();

    @Test
    void should_poll_in_one_process_only_and_fail_over_to_the_other_when_it_is_killed() throws Exception {
        putTasks(20);
        IntStream.rangeClosed(1, 20).forEach(i -> ledger.injected(key(name(i)), "full", "yes"));
        Path lockDir = Files.createDirectory(stateDirectory.resolve("lock"));

        try (ChildService first = ChildService.start(settings(lockDir), List.of(), childEnvironment(), log("first"));
             ChildService second = startWhenFirstPolls(first, lockDir)) {
            // The standby has been up for several of the leader's polls and has polled nothing.
            int leaderPolls = polls(first);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> polls(first) >= leaderPolls + 5);
            assertThat(polls(second)).as("the standby polls nothing").isZero();

            first.kill();
            long killedAt = System.nanoTime();
            IntStream.rangeClosed(1, 5).forEach(i -> {
                simulator.putTask(INSTANCE, task(name(i)).withStage("incremental"));
                ledger.injected(key(name(i)), "incremental", "yes");
            });
            Tally tally = ledger.awaitDelivery("leader-killed", events, Duration.ofSeconds(60), QUIET);
            long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.println("[fault-suite] " + tally + "; the standby published within " + takeoverMillis
                    + " ms of the kill");

            assertThat(tally.lost()).as(tally.toString()).isZero();
            assertThat(tally.conflicting()).as(tally.toString()).isZero();
            assertThat(events.all()).filteredOn(e -> e.type().endsWith("changed"))
                    .allSatisfy(e -> assertThat(e.header("ce_id")).endsWith("/2"));
            assertThat(polls(second)).isPositive();
        }
    }

    private ChildService startWhenFirstPolls(ChildService first, Path lockDir) throws IOException {
        events.awaitTotal(20, EVENT_WAIT);
        Awaitility.await().atMost(EVENT_WAIT).until(() -> polls(first) > 0);
        return ChildService.start(settings(lockDir), List.of(), childEnvironment(), log("second"));
    }

    private Map<String, String> settings(Path lockDir) {
        Map<String, String> settings = childSettings();
        settings.remove("watch.state.file");
        settings.put("watch.state.store", "kafka");
        settings.put("watch.state.kafka-topic", topic + "-state");
        settings.put("watch.cluster.lock-dir", lockDir.toString());
        settings.put("watch.cluster.lock-interval", "1s");
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "500ms");
        return settings;
    }

    private Path log(String name) throws IOException {
        return Files.createTempFile(Path.of("target"), "leader-election-" + name + "-", ".log");
    }

    private static int polls(ChildService service) throws IOException {
        return (int) service.output().lines().filter(line -> line.contains("Polled " + PROJECT + ":" + INSTANCE))
                .count();
    }

    private static String name(int i) {
        return "task_%03d".formatted(i);
    }
}
