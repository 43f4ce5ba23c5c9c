package io.taurusreplicationwatch.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.ApiErrorException;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.testing.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

/** When each instance is polled next: its own interval, backoff after failures, Retry-After, a missing instance. */
class InstanceScheduleTest {

    static final WatchedInstance A = new WatchedInstance("cn-north-4", "p", "a");
    static final WatchedInstance B = new WatchedInstance("cn-north-4", "p", "b");
    static final PollPacing PACING = new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10),
            Duration.ofMinutes(15));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    final InstanceSchedule schedule = new InstanceSchedule(List.of(A, B), PACING, clock);

    @Test
    void should_hand_out_every_instance_at_start_and_none_twice_while_it_is_polled() {
        assertThat(schedule.due()).containsExactly(A, B);
        assertThat(schedule.due()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(schedule.due()).as("still being polled").isEmpty();
    }

    @Test
    void should_poll_again_one_interval_after_the_previous_poll_started() {
        Instant started = clock.instant();
        schedule.due();
        clock.advance(Duration.ofSeconds(4));
        succeeded(started);

        assertThat(schedule.status(A).nextPollAt()).isEqualTo(started.plusSeconds(30));
        clock.advance(Duration.ofSeconds(25));
        assertThat(schedule.due()).doesNotContain(A);
        clock.advance(Duration.ofSeconds(1));
        assertThat(schedule.due()).containsExactly(A);
    }

    @Test
    void should_poll_again_at_once_when_a_poll_took_longer_than_the_interval() {
        Instant started = clock.instant();
        schedule.due();
        clock.advance(Duration.ofSeconds(45));
        succeeded(started);

        assertThat(schedule.status(A).nextPollAt()).isEqualTo(clock.instant());
    }

    @Test
    void should_double_the_wait_after_each_failure_up_to_the_cap_with_jitter() {
        List<Long> waits = new java.util.ArrayList<>();
        for (int failure = 1; failure <= 8; failure++) {
            schedule.due();
            failed(new ApiErrorException(503, "HTTP.503", "unavailable", null));
            waits.add(Duration.between(clock.instant(), schedule.status(A).nextPollAt()).toSeconds());
            clock.advance(Duration.between(clock.instant(), schedule.status(A).nextPollAt()));
        }

        assertThat(waits.get(0)).isBetween(24L, 36L);
        assertThat(waits.get(1)).isBetween(48L, 72L);
        assertThat(waits.get(2)).isBetween(96L, 144L);
        assertThat(waits.subList(5, 8)).allSatisfy(wait -> assertThat(wait).isBetween(480L, 720L));
    }

    @Test
    void should_start_over_at_the_normal_pace_after_a_success() {
        schedule.due();
        failed(new ConnectException("refused"));
        failed(new ConnectException("refused"));
        succeeded(clock.instant());
        failed(new ConnectException("refused"));

        assertThat(Duration.between(clock.instant(), schedule.status(A).nextPollAt()).toSeconds()).isBetween(24L, 36L);
    }

    @Test
    void should_wait_at_least_as_long_as_retry_after_asks() {
        ApiErrorException throttled = new ApiErrorException(429, "APIGW.0308", "throttled", "r1")
                .withRetryAfter(Duration.ofMinutes(3));
        schedule.due();
        failed(new CamelExchangeException("wrapped", null, throttled));

        assertThat(schedule.status(A).nextPollAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
    }

    @Test
    void should_poll_a_missing_instance_at_the_slow_pace() {
        schedule.due();
        failed(new ApiErrorException(400, "DBS.200022", "实例不存在", null));

        assertThat(schedule.status(A).nextPollAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(schedule.status(B).nextPollAt()).isEqualTo(clock.instant());
    }

    @Test
    void should_keep_the_outcome_failures_and_last_success_in_the_instance_record() {
        Instant started = clock.instant();
        schedule.due();
        succeeded(started);
        clock.advance(Duration.ofSeconds(40));
        failed(new ConnectException("refused"));
        failed(new ConnectException("refused"));

        InstanceStatus status = schedule.status(A);
        assertThat(status.lastOutcome()).isEqualTo(PollOutcome.FAILED);
        assertThat(status.lastErrorCode()).isEqualTo("WATCH.ConnectException");
        assertThat(status.consecutiveFailures()).isEqualTo(2);
        assertThat(status.lastSuccess()).isEqualTo(started);
        assertThat(status.tasksSeen()).isEqualTo(3);
        assertThat(schedule.status(B).polledYet()).isFalse();
    }

    private void succeeded(Instant startedAt) {
        schedule.recordEnd(A, startedAt, PollOutcome.COMPLETE, null, null, 3, false);
    }

    private void failed(Exception failure) {
        schedule.recordEnd(A, clock.instant(), PollOutcome.FAILED, PollOutcomes.errorCode(failure), failure, 0, false);
    }
}
