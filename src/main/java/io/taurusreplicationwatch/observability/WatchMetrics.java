package io.taurusreplicationwatch.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollListener;
import io.taurusreplicationwatch.polling.PollOutcome;
import io.taurusreplicationwatch.state.StateSaveListener;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own meters, on the registry Camel's Prometheus endpoint ({@code /observe/metrics}) serves. Names
 * follow Micrometer's conventions and reach Prometheus as {@code taurus_watch_*}; see the README's monitoring table.
 * Instance tags are the instance ids the operator configured, so their number is bounded by the configuration.
 */
public class WatchMetrics implements PollListener, StateSaveListener {

    public static final String POLLS = "taurus.watch.polls";
    static final String POLL_DURATION = "taurus.watch.poll.duration";
    static final String TASKS_SEEN = "taurus.watch.tasks.seen";
    public static final String EVENTS = "taurus.watch.events.published";
    public static final String API_ERRORS = "taurus.watch.api.errors";
    static final String SINCE_SUCCESS = "taurus.watch.seconds.since.last.success";
    static final String STATE_TASKS = "taurus.watch.state.tasks";
    public static final String STATE_SAVES = "taurus.watch.state.saves";
    public static final String TASKS_STALLED = "taurus.watch.tasks.stalled";
    // Alerts read it by this name: max(taurus_watch_leader) < 1 is a fleet without a poller.
    public static final String LEADER = "taurus.watch.leader";

    // Nine buckets per instance, not Micrometer's ~70 for a percentile histogram: a hundred instances stay cheap to
    // scrape and store, and these bounds still tell a normal poll from a slow one and from a timeout.
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final TaskStateRepository state;
    private final InstanceSchedule schedule;
    private final Clock clock;
    private final Optional<TaskGauges> taskGauges;
    private final Set<WatchedInstance> gauged = ConcurrentHashMap.newKeySet();
    private final Counter savesSucceeded;
    private final Counter savesFailed;

    /** taskGauges: whether every task gets its own gauges ({@link TaskGauges}). */
    public WatchMetrics(MeterRegistry registry, TaskStateRepository state, InstanceSchedule schedule, Clock clock,
                        boolean taskGauges) {
        this.registry = registry;
        this.state = state;
        this.schedule = schedule;
        this.clock = clock;
        this.taskGauges = taskGauges ? Optional.of(new TaskGauges(registry, state)) : Optional.empty();
        Gauge.builder(STATE_TASKS, state, TaskStateRepository::size)
                .description("Tasks whose last published state is kept (tombstones excluded)")
                .register(registry);
        // Both from the start, at 0: an alert's increase() cannot see the first failure of a series that appears at 1.
        savesSucceeded = saves("succeeded");
        savesFailed = saves("failed");
    }

    private Counter saves(String outcome) {
        return Counter.builder(STATE_SAVES).description("Periodic saves of the task state by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /**
     * 1 while this process is the poller, 0 while it stands by; without leader election always 1. A standby drops
     * its tasks' gauges: another process polls them now.
     */
    public void gaugeLeadership(PollerRole role) {
        Gauge.builder(LEADER, () -> role.active() ? 1 : 0)
                .description("1 while this process polls, 0 while it stands by (leader election)")
                .register(registry);
        taskGauges.ifPresent(gauges -> role.whenStandingBy(gauges::clear));
    }

    /**
     * Counts the poll by outcome and times it; the gauges of an instance appear with its first poll not failed, and
     * its tasks' gauges follow the state after every poll.
     */
    @Override
    public void pollEnded(WatchedInstance instance, PollOutcome outcome, Duration duration) {
        String instanceId = instance.instanceId();
        Counter.builder(POLLS).description("Polls of an instance by outcome")
                .tag("instance", instanceId).tag("outcome", outcome.tag()).register(registry).increment();
        Timer.builder(POLL_DURATION).description("Time to read all pages of an instance and publish its changes")
                .tag("instance", instanceId).serviceLevelObjectives(BUCKETS)
                .register(registry).record(duration);
        if (outcome != PollOutcome.FAILED && gauged.add(instance)) {
            // They read the instance's status and the task state, never a copy of them.
            Gauge.builder(TASKS_SEEN, () -> schedule.status(instance).tasksSeen())
                    .description("Tasks the instance's last poll listed")
                    .tag("instance", instanceId).register(registry);
            Gauge.builder(SINCE_SUCCESS, () -> secondsSince(schedule.status(instance).lastSuccess()))
                    .description("Seconds since the last poll of the instance that did not fail")
                    .tag("instance", instanceId).register(registry);
            Gauge.builder(TASKS_STALLED, () -> state.stalledCount(instanceId))
                    .description("Tasks of the instance announced as stalled and not resumed since")
                    .tag("instance", instanceId).register(registry);
        }
        taskGauges.ifPresent(gauges -> gauges.sync(instanceId));
    }

    @Override
    public void saveEnded(boolean succeeded) {
        (succeeded ? savesSucceeded : savesFailed).increment();
    }

    @Override
    public void errorCounted(String errorCode) {
        Counter.builder(API_ERRORS)
                .description("Failed or incomplete polls, and polls that skipped a task name, by error_code")
                .tag("error_code", errorCode).register(registry).increment();
    }

    /** eventType: the CloudEvents type of an event Kafka acknowledged. */
    @Override
    public void published(String eventType) {
        Counter.builder(EVENTS).description("Change events acknowledged by Kafka, by type")
                .tag("type", eventType).register(registry).increment();
    }

    private double secondsSince(Instant last) {
        return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
