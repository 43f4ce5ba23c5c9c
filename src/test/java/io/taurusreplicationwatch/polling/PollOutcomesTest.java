package io.taurusreplicationwatch.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PollMeters;
import io.taurusreplicationwatch.testing.ServiceLogLayouts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.Test;

/** {@link PollOutcomes}: what API error codes and API text become in the metrics and the log lines. */
class PollOutcomesTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final PollPacing PACING = new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10),
            Duration.ofMinutes(15));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String FORGED = "boom\n2026-12-01 12:00:00,000 ERROR [main] i.t.FAKE - forged \u001b[31mred\u001b[0m";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InstanceSchedule schedule;
    private final PollOutcomes outcomes;

    PollOutcomesTest() {
        TaskStateRepository state = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        schedule = new InstanceSchedule(List.of(INSTANCE), PACING, clock);
        outcomes = new PollOutcomes(schedule, new WatchMetrics(registry, state, schedule, clock, false), clock);
    }

    private void failedPoll(Exception cause) {
        outcomes.ended(new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW), cause);
    }

    private void pollThatListed(ReplicationPage page) {
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        poll.accept(page, NOW, TRACKED);
        outcomes.ended(poll, null);
    }

    private Map<String, Double> errorSeries() {
        return registry.find("taurus.watch.api.errors").counters().stream()
                .collect(Collectors.toMap(counter -> counter.getId().getTag("error_code"), Counter::count));
    }

    @Test
    void should_count_fifty_invented_error_codes_in_one_series_and_warn_once() {
        List<String> warnings;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            for (int i = 0; i < 50; i++) {
                failedPoll(ApiErrorException.reported(500, "INVENTED.code-" + i, "m", null));
            }
            warnings = logs.lines();
        }

        assertThat(errorSeries()).containsOnly(Map.entry(ApiErrorException.UNRECOGNIZED, 50.0));
        assertThat(new PollMeters(registry).errorsByCode()).containsOnly(Map.entry(ApiErrorException.UNRECOGNIZED, 50L));
        assertThat(warnings).singleElement().asString().contains("API.UNRECOGNIZED")
                .contains("error_code 'INVENTED.code-0'").contains("outside its documented shape");
    }

    @Test
    void should_count_documented_error_codes_each_under_its_own_series() {
        for (String code : List.of("APIGW.0301", "APIG.0308", "DBS.200022", "DBS.200001")) {
            failedPoll(ApiErrorException.reported(400, code, "m", null));
        }

        assertThat(errorSeries()).containsOnlyKeys("APIGW.0301", "APIG.0308", "DBS.200022", "DBS.200001");
    }

    @Test
    void should_log_an_error_msg_with_a_newline_and_ansi_escapes_as_one_line_in_both_formats() {
        List<LogEvent> events;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            failedPoll(ApiErrorException.reported(500, "DBS.200001", FORGED, "req\u001b[1m-1"));
            events = logs.events();
        }

        ServiceLogLayouts layouts = ServiceLogLayouts.load();
        assertThat(events).singleElement().satisfies(event -> {
            String text = layouts.render("text", event);
            assertThat(text).as(text).endsWith("\n").doesNotContain("\u001b").contains("DBS.200001")
                    .contains("boom\\n2026-12-01 12:00:00,000 ERROR [main] i.t.FAKE - forged \\u001B[31mred\\u001B[0m")
                    .contains("request id req\\u001B[1m-1");
            assertThat(text.lines()).hasSize(1);
            String json = layouts.render("json", event);
            assertThat(json).doesNotContain("\u001b");
            assertThat(json.lines()).hasSize(1);
            assertThat(json).as(json).contains("boom\\\\n2026-12-01").contains("forged \\\\u001B[31mred");
        });
    }

    @Test
    void should_count_polls_with_rejected_task_names_and_warn_once_with_the_names_escaped() {
        ReplicationPage page = new ReplicationPage(2, List.of(), 2, 0, null, List.of("a\nb", "c\u001b[2Jd"));
        List<String> warnings;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            pollThatListed(page);
            pollThatListed(page);
            warnings = logs.lines();
        }

        assertThat(errorSeries()).containsOnly(Map.entry(PollOutcomes.INVALID_TASK_NAME, 2.0));
        assertThat(warnings).singleElement().asString().contains("2 listed task(s) skipped")
                .contains("'a\\nb'").contains("'c\\u001B[2Jd'").doesNotContain("\n").doesNotContain("\u001b");
    }

    @Test
    void should_record_an_incomplete_poll_once_as_incomplete_in_the_instance_record_and_the_meters() {
        pollThatListed(new ReplicationPage(1, List.of(), 1, 1));

        InstanceStatus status = schedule.status(INSTANCE);
        assertThat(status.lastOutcome()).isEqualTo(PollOutcome.INCOMPLETE);
        assertThat(status.lastErrorCode()).isEqualTo(PollOutcomes.INCOMPLETE_LISTING);
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.lastSuccess()).isEqualTo(NOW);
        PollMeters meters = new PollMeters(registry);
        assertThat(meters.polls(PollOutcome.INCOMPLETE)).isEqualTo(1);
        assertThat(meters.polls(PollOutcome.COMPLETE, PollOutcome.FAILED)).isZero();
        assertThat(meters.errorsByCode()).containsOnly(Map.entry(PollOutcomes.INCOMPLETE_LISTING, 1L));
    }
}
