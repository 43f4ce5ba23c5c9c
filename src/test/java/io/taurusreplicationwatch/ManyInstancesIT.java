package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Fifty instances in three projects on the real scheduler: polls run at most watch.poll.max-concurrent-instances at
 * a time, and a slow instance and a failing one do not delay the others' events beyond one interval.
 */
class ManyInstancesIT extends PipelineTestSupport {

    static final String[] PROJECTS = {"11111111111111111111111111111111", "22222222222222222222222222222222",
        "33333333333333333333333333333333"};
    static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void should_keep_every_healthy_instance_on_pace_while_one_is_slow_and_one_fails() throws Exception {
        List<String> instances = IntStream.range(0, 50).mapToObj("%032din07"::formatted).toList();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            String project = PROJECTS[i % PROJECTS.length];
            simulator.addInstance(project, instances.get(i));
            simulator.putTask(instances.get(i), SimulatedTask.of("orders", "full", "Yes"));
            entries.add(project + ":" + instances.get(i));
        }
        String slow = instances.get(0);
        String failing = instances.get(1);
        Map<String, String> settings = settings();
        settings.put("watch.instances", String.join(",", entries));
        settings.put("watch.poll.interval", INTERVAL.toMillis() + "ms");
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.max-concurrent-instances", "4");
        settings.put("watch.poll.max-backoff", "2s");
        runtime = WatchRuntime.start(settings);
        List<Event> discovered = events.awaitTotal(50, EVENT_WAIT);
        assertThat(discovered).extracting(e -> e.header("ce_source")).doesNotHaveDuplicates();

        simulator.inject(slow, Fault.delay(Duration.ofSeconds(4)).times(1000));
        simulator.inject(failing, Fault.error(500, "DBS.200001", "Internal error").times(1000));
        simulator.resetConcurrency();
        Instant changedAt = Instant.now();
        instances.forEach(instance -> simulator.putTask(instance, SimulatedTask.of("orders", "incremental", "Yes")));

        List<Event> changed = events.awaitTotal(50 + 48, EVENT_WAIT);

        assertThat(changed).extracting(Event::key).doesNotHaveDuplicates()
                .doesNotContain(slow + "/orders", failing + "/orders");
        Duration latest = changed.stream()
                .map(event -> Duration.between(changedAt, Instant.parse(event.header("ce_time"))))
                .max(Duration::compareTo).orElseThrow();
        // Each healthy instance is polled within one interval of the change (plus the scheduler tick and the
        // machine's noise), although one poller sits in a four-second poll and another instance fails every time.
        assertThat(latest).isLessThan(INTERVAL.plusMillis(700));
        assertThat(simulator.maxConcurrentRequests()).isBetween(2, 4);
    }
}
