package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Detection latency: the service on its real scheduler with a 1 s poll interval, 10 instances × 20 tasks. 200 tasks
 * change one at a time at random moments; each latency runs from just before the simulator changed the task until
 * a consumer has read its event.
 */
final class DetectionLatencyBench {

    static final int INSTANCES = 10;
    static final int TASKS_PER_INSTANCE = 20;
    static final int CHANGES = 200;
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int MAX_GAP_MILLIS = 1200;
    static final Duration TARGET = INTERVAL.plusMillis(100);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final Random random = new Random(1_000_003);

    DetectionLatencyBench(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    void run(Report report) throws Exception {
        String topic = "bench-latency";
        Topics.create(broker, List.of(topic));
        List<Double> latencies;
        int unexpected;
        try (Fleet fleet = new Fleet(INSTANCES, TASKS_PER_INSTANCE);
             EventArrivals arrivals = new EventArrivals(broker, topic)) {
            Map<String, String> settings = fleet.serviceSettings(broker.bootstrapServers(), topic,
                    Files.createTempDirectory("bench-latency-").resolve("state.json"));
            settings.put("watch.poll.interval", INTERVAL.toMillis() + "ms");
            settings.put("watch.poll.initial-delay", "0s");
            try (WatchRuntime runtime = WatchRuntime.start(settings)) {
                arrivals.awaitDiscovered(fleet.taskCount(), EVENT_WAIT);
                for (int change = 0; change < CHANGES; change++) {
                    Thread.sleep(random.nextInt(MAX_GAP_MILLIS + 1));
                    changeOneTask(fleet, arrivals);
                }
                arrivals.awaitNoneOutstanding(EVENT_WAIT);
            }
            latencies = arrivals.latenciesMillis();
            unexpected = arrivals.unexpectedEvents();
        }
        if (latencies.size() != CHANGES || unexpected != 0) {
            throw new IllegalStateException(latencies.size() + " changes seen of " + CHANGES + ", " + unexpected
                    + " unexpected event(s)");
        }
        double p99 = Stats.percentile(latencies, 99);
        report.row("detection latency p50 (1 s interval, 200 changes)", Report.ms(Stats.percentile(latencies, 50)),
                "-", Report.ms(Stats.percentile(latencies, 50)), "-");
        report.row("detection latency p99", Report.ms(p99), "-", Report.ms(p99), "<= " + TARGET.toMillis() + " ms");
        report.row("detection latency max", Report.ms(Stats.max(latencies)), "-", Report.ms(Stats.max(latencies)),
                "-");
        report.goal("detection-p99", Report.ms(p99), "<= " + TARGET.toMillis() + " ms", p99 <= TARGET.toMillis());
    }

    /** A random task whose previous change has been read already, so that every change has its own event. */
    private void changeOneTask(Fleet fleet, EventArrivals arrivals) {
        while (true) {
            WatchedInstance instance = fleet.instances().get(random.nextInt(INSTANCES));
            int task = random.nextInt(TASKS_PER_INSTANCE);
            String key = Fleet.taskKey(instance, task);
            if (!arrivals.isAwaited(key)) {
                arrivals.expect(key, System.nanoTime());
                fleet.flipStage(instance, task);
                return;
            }
        }
    }
}
