package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Steady poll: 100 instances × 100 tasks, one page each, with 1 % of the tasks changed before every service poll.
 * Per round the service polls twice (one poller, and the shipped four) and the baseline fetches the same pages
 * twice (one thread, four threads), interleaved so that the machine's noise hits all four alike. A third service
 * poll with nothing changed tells how much of a poll is publishing and how much is looking. A baseline sample is
 * the mean of three fetches of all pages: one takes only a few CPU clock ticks.
 */
final class SteadyPollBench {

    static final int INSTANCES = 100;
    static final int TASKS_PER_INSTANCE = 100;
    static final Duration WARM_UP_LIMIT = Duration.ofSeconds(75);
    static final int ROUNDS = 12;
    static final int BASELINE_REPEATS = 3;
    static final double TARGET = 1.5;
    static final int SHIPPED_POLLERS = 4;

    private final EmbeddedKafkaBroker broker;
    private final Random random = new Random(20240611);
    private final List<Sample> sequential = new ArrayList<>();
    private final List<Sample> pollers = new ArrayList<>();
    private final List<Sample> unchanged = new ArrayList<>();
    private final List<Sample> saves = new ArrayList<>();
    private final List<Sample> baselineSequential = new ArrayList<>();
    private final List<Sample> baselineThreads = new ArrayList<>();

    SteadyPollBench(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    void run(Report report) throws Exception {
        Path stateDir = Files.createTempDirectory("bench-steady-");
        String topic = "bench-steady";
        Topics.create(broker, List.of(topic));
        int warmUpRounds;
        long compileMillis;
        try (Fleet fleet = new Fleet(INSTANCES, TASKS_PER_INSTANCE);
             WatchRuntime runtime = WatchRuntime.start(
                     fleet.serviceSettings(broker.bootstrapServers(), topic, stateDir.resolve("state.json")));
             ServicePolls service = new ServicePolls(runtime, fleet.instances());
             BaselinePageFetcher baseline1 = new BaselinePageFetcher(fleet.simulator().endpoint(),
                     fleet.credentials(), TASKS_PER_INSTANCE, 1);
             BaselinePageFetcher baseline4 = new BaselinePageFetcher(fleet.simulator().endpoint(),
                     fleet.credentials(), TASKS_PER_INSTANCE, SHIPPED_POLLERS)) {
            service.pollSequentially(fleet.taskCount());
            service.saveState();
            warmUpRounds = WarmUp.untilJitSettles(() -> round(fleet, service, baseline1, baseline4, false),
                    WARM_UP_LIMIT);
            long compiledBefore = WarmUp.compileMillis();
            for (int round = 0; round < ROUNDS; round++) {
                round(fleet, service, baseline1, baseline4, true);
            }
            compileMillis = WarmUp.compileMillis() - compiledBefore;
        }
        double wall4 = compare(report, "steady poll, wall, 4 pollers (shipped) vs 4 threads", pollers,
                baselineThreads, Sample::wallMillis);
        double cpu4 = compare(report, "steady poll, CPU, 4 pollers (shipped) vs 4 threads", pollers,
                baselineThreads, Sample::cpuMillis);
        compare(report, "steady poll, wall, 1 poller vs 1 thread", sequential, baselineSequential, Sample::wallMillis);
        compare(report, "steady poll, CPU, 1 poller vs 1 thread", sequential, baselineSequential, Sample::cpuMillis);
        compare(report, "steady poll, wall, 4 pollers, nothing changed (no Kafka)", unchanged, baselineThreads,
                Sample::wallMillis);
        compare(report, "steady poll, CPU, 4 pollers, nothing changed (no Kafka)", unchanged, baselineThreads,
                Sample::cpuMillis);
        report.row("steady poll, of which state save (journal of the 100 changed of 10,000 tasks, fsync), wall",
                Report.ms(median(saves, Sample::wallMillis)), "-", "-", "-");
        report.row("steady poll, warm-up rounds until the JIT settled; JIT time per measured round",
                Integer.toString(warmUpRounds), "-", Report.ms((double) compileMillis / ROUNDS), "-");
        double worse = Math.max(wall4, cpu4);
        report.goal("steady-poll-ratio", Report.ratio(worse), "<= " + Report.ratio(TARGET), worse <= TARGET);
    }

    private void round(Fleet fleet, ServicePolls service, BaselinePageFetcher baseline1, BaselinePageFetcher baseline4,
                       boolean measured) throws Exception {
        Sample b1 = fetchAll(fleet, baseline1);
        changeOnePercent(fleet);
        Sample s1 = Sample.measure(() -> service.pollSequentially(INSTANCES));
        Sample save1 = Sample.measure(service::saveState);
        Sample b4 = fetchAll(fleet, baseline4);
        changeOnePercent(fleet);
        Sample s4 = Sample.measure(() -> service.pollThroughPollers(INSTANCES));
        Sample save4 = Sample.measure(service::saveState);
        Sample s0 = Sample.measure(() -> {
            service.pollThroughPollers(0);
            service.saveState();
        });
        if (measured) {
            baselineSequential.add(b1);
            sequential.add(s1.plus(save1));
            baselineThreads.add(b4);
            pollers.add(s4.plus(save4));
            unchanged.add(s0);
            saves.add(save1);
            saves.add(save4);
        }
    }

    /** One task of every instance moves between full and incremental: 100 of the 10,000 tasks. */
    private void changeOnePercent(Fleet fleet) {
        for (WatchedInstance instance : fleet.instances()) {
            fleet.flipStage(instance, random.nextInt(TASKS_PER_INSTANCE));
        }
    }

    private static Sample fetchAll(Fleet fleet, BaselinePageFetcher baseline) throws Exception {
        return Sample.measure(() -> {
            for (int i = 0; i < BASELINE_REPEATS; i++) {
                int parsed = baseline.fetchAll(fleet.instances());
                if (parsed != fleet.taskCount()) {
                    throw new IllegalStateException("baseline parsed " + parsed + " tasks, not " + fleet.taskCount());
                }
            }
        }).per(BASELINE_REPEATS);
    }

    private static double compare(Report report, String scenario, List<Sample> service, List<Sample> baseline,
                                  ToDoubleFunction<Sample> metric) {
        double s = median(service, metric);
        double b = median(baseline, metric);
        report.row(scenario, Report.ms(s), Report.ms(b), Report.ratio(s / b), "<= " + Report.ratio(TARGET));
        return s / b;
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        return Stats.median(samples.stream().map(metric::applyAsDouble).toList());
    }
}
