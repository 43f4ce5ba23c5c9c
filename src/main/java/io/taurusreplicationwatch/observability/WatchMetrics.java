package io.taurusreplicationwatch.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own meters, on the registry Camel's Prometheus endpoint ({@code /observe/metrics}) serves. Names
 * follow Micrometer's conventions and reach Prometheus as {@code taurus_watch_*}; see the README's monitoring table.
 * Instance tags are the instance ids the operator configured, so their number is bounded by the configuration.
 */
public class WatchMetrics {

    static final String POLLS = "taurus.watch.polls";
    static final String POLL_DURATION = "taurus.watch.poll.duration";
    static final String TASKS_SEEN = "taurus.watch.tasks.seen";
    static final String EVENTS = "taurus.watch.events.published";
    static final String API_ERRORS = "taurus.watch.api.errors";
    static final String SINCE_SUCCESS = "taurus.watch.seconds.since.last.success";
    static final String STATE_TASKS = "taurus.watch.state.tasks";

    // Nine buckets per instance, not Micrometer's ~70 for a percentile histogram: a hundred instances stay cheap to
    // scrape and store, and these bounds still tell a normal poll from a slow one and from a timeout.
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> tasksSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

    public WatchMetrics(MeterRegistry registry, TaskStateRepository state, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder(STATE_TASKS, state, TaskStateRepository::size)
                .description("Tasks whose last published state is kept (tombstones excluded)")
                .register(registry);
    }

    /** outcome: {@code complete}, {@code incomplete} (nothing removed) or {@code failed}. */
    public void pollEnded(String instanceId, String outcome, Duration duration, int tasks) {
        Counter.builder(POLLS).description("Polls of an instance by outcome")
                .tag("instance", instanceId).tag("outcome", outcome).register(registry).increment();
        Timer.builder(POLL_DURATION).description("Time to read all pages of an instance and publish its changes")
                .tag("instance", instanceId).serviceLevelObjectives(BUCKETS)
                .register(registry).record(duration);
        if (!outcome.equals("failed")) {
            tasksSeen.computeIfAbsent(instanceId, this::registerTasksSeen).set(tasks);
            if (lastSuccess.put(instanceId, clock.instant()) == null) {
                Gauge.builder(SINCE_SUCCESS, () -> secondsSince(instanceId))
                        .description("Seconds since the last poll of the instance that did not fail")
                        .tag("instance", instanceId).register(registry);
            }
        }
    }

    public void apiError(String errorCode) {
        Counter.builder(API_ERRORS)
                .description("Failed or incomplete polls, and polls that skipped a task name, by error_code")
                .tag("error_code", errorCode).register(registry).increment();
    }

    /** type: the CloudEvents type of an event Kafka acknowledged. */
    public void published(String type) {
        Counter.builder(EVENTS).description("Change events acknowledged by Kafka, by type")
                .tag("type", type).register(registry).increment();
    }

    private AtomicLong registerTasksSeen(String instanceId) {
        AtomicLong seen = new AtomicLong();
        Gauge.builder(TASKS_SEEN, seen, AtomicLong::get).description("Tasks the instance's last poll listed")
                .tag("instance", instanceId).register(registry);
        return seen;
    }

    private double secondsSince(String instanceId) {
        Instant last = lastSuccess.get(instanceId);
        return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
