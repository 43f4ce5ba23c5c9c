package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Initial sync: 10,000 tasks the service has never seen (fresh state, fresh topic) become 10,000 events that Kafka
 * acknowledged. Each run starts a fresh service; the time runs from the start of the poll cycle until it returned
 * and the state was saved. The baseline sends the very records a service run published with a plain producer.
 */
final class InitialSyncBench {

    static final int INSTANCES = 100;
    static final int TASKS_PER_INSTANCE = 100;
    static final int WARM_UP_RUNS = 1;
    static final int RUNS = 3;
    static final double TARGET = 0.7;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedKafkaBroker broker;
    // Three per run: the service through its pollers, the service one instance at a time, the baseline.
    private final List<String> topicNames = IntStream.rangeClosed(1, 3 * (WARM_UP_RUNS + RUNS))
            .mapToObj(n -> "bench-sync-" + n).toList();
    private final Iterator<String> topics = topicNames.iterator();

    InitialSyncBench(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    void run(Report report) throws Exception {
        Topics.create(broker, topicNames);
        List<Sample> pollers = new ArrayList<>();
        List<Sample> sequential = new ArrayList<>();
        List<Sample> baseline = new ArrayList<>();
        try (Fleet fleet = new Fleet(INSTANCES, TASKS_PER_INSTANCE)) {
            List<ConsumerRecord<String, String>> published = null;
            for (int run = 0; run < WARM_UP_RUNS + RUNS; run++) {
                boolean measured = run >= WARM_UP_RUNS;
                String topic = freshTopic();
                Sample shipped = sync(fleet, topic, true);
                published = publishedRecords(fleet, topic);
                Sample oneByOne = sync(fleet, freshTopic(), false);
                Sample plain = BaselineProducer.sendAll(broker, freshTopic(), published);
                if (measured) {
                    pollers.add(shipped);
                    sequential.add(oneByOne);
                    baseline.add(plain);
                }
            }
            report.row("initial sync, event size (key + value + headers)",
                    recordBytes(published.get(0)) + " B", "same records", "-", "-");
        }
        double b = rate(baseline);
        double shipped = rate(pollers) / b;
        report.row("initial sync, 10,000 events, 4 pollers (shipped)", Report.rate(rate(pollers)),
                Report.rate(b), Report.ratio(shipped), ">= " + Report.ratio(TARGET));
        report.row("initial sync, 10,000 events, 1 poller", Report.rate(rate(sequential)), Report.rate(b),
                Report.ratio(rate(sequential) / b), ">= " + Report.ratio(TARGET));
        double cpu = cpuMillis(pollers);
        double baselineCpu = cpuMillis(baseline);
        report.row("initial sync, CPU for 10,000 events, 4 pollers (shipped)", Report.ms(cpu), Report.ms(baselineCpu),
                Report.ratio(cpu / baselineCpu), "-");
        report.goal("initial-sync-ratio", Report.ratio(shipped), ">= " + Report.ratio(TARGET), shipped >= TARGET);
    }

    /** One initial sync by a fresh service, through its pollers or one instance at a time. */
    private Sample sync(Fleet fleet, String topic, boolean throughPollers) throws Exception {
        var settings = fleet.serviceSettings(broker.bootstrapServers(), topic,
                Files.createTempDirectory("bench-sync-").resolve("state.json"));
        try (WatchRuntime runtime = WatchRuntime.start(settings);
             ServicePolls service = new ServicePolls(runtime, fleet.instances())) {
            return Sample.measure(() -> {
                if (throughPollers) {
                    service.pollThroughPollers(fleet.taskCount());
                } else {
                    service.pollSequentially(fleet.taskCount());
                }
                service.saveState();
            });
        }
    }

    /** What a consumer reads from the topic: one event per task, no more, no less. */
    private List<ConsumerRecord<String, String>> publishedRecords(Fleet fleet, String topic) {
        List<ConsumerRecord<String, String>> records = TopicRecords.readAll(broker, topic, fleet.taskCount(),
                READ_TIMEOUT);
        if (new HashSet<>(records.stream().map(ConsumerRecord::key).toList()).size() != fleet.taskCount()) {
            throw new IllegalStateException("the initial sync published some task twice and another not at all");
        }
        return records;
    }

    private String freshTopic() {
        return topics.next();
    }

    /** Events per second of the median run. */
    private static double rate(List<Sample> runs) {
        return INSTANCES * TASKS_PER_INSTANCE / (Stats.median(runs.stream().map(Sample::wallMillis).toList()) / 1e3);
    }

    private static double cpuMillis(List<Sample> runs) {
        return Stats.median(runs.stream().map(Sample::cpuMillis).toList());
    }

    private static int recordBytes(ConsumerRecord<String, String> record) {
        int headers = 0;
        for (var header : record.headers()) {
            headers += header.key().length() + header.value().length;
        }
        return record.serializedKeySize() + record.serializedValueSize() + headers;
    }
}
