package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.InstanceStatus;
import io.taurusreplicationwatch.polling.PollerRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the last poll of every instance failed and no poll has succeeded for
 * {@code failedPollIntervals} poll intervals (since start-up if none ever did). One failing instance among working
 * ones is the metrics' business; all of them failing means the service watches nothing (credentials, network, the
 * API), and a rolling update should stop there. Not a liveness check: a restart would fail the same way. A standby
 * (leader election) polls nothing and is not judged by polls; an elected one is judged from its election on.
 */
public class PollsReadiness extends AbstractHealthCheck {

    private final InstanceSchedule schedule;
    private final PollerRole role;
    private final Duration allowed;
    private final Clock clock;

    public PollsReadiness(InstanceSchedule schedule, PollerRole role, Duration pollInterval, int failedPollIntervals,
                          Clock clock) {
        super("taurus-watch", "polls");
        this.schedule = schedule;
        this.role = role;
        this.allowed = pollInterval.multipliedBy(failedPollIntervals);
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant activeSince = role.activeSince().orElse(null);
        if (activeSince == null) {
            builder.message("standby: polls once elected").up();
            return;
        }
        List<InstanceStatus> statuses = schedule.statuses();
        boolean allFailing = statuses.stream().allMatch(status -> status.consecutiveFailures() > 0);
        if (!allFailing) {
            builder.up();
            return;
        }
        // A success from an earlier term as the poller does not excuse failures since this one began.
        Instant lastSuccess = statuses.stream().map(InstanceStatus::lastSuccess).filter(Objects::nonNull)
                .filter(success -> success.isAfter(activeSince)).max(Instant::compareTo).orElse(activeSince);
        Duration failingFor = Duration.between(lastSuccess, clock.instant());
        builder.detail("polls.failing.seconds", failingFor.toSeconds());
        if (failingFor.compareTo(allowed) > 0) {
            builder.message("the last poll of every instance failed and none succeeded for " + failingFor.toSeconds()
                    + " s (errors " + statuses.stream().map(InstanceStatus::lastErrorCode).distinct()
                    .collect(Collectors.joining(", ")) + ")").down();
        } else {
            builder.up();
        }
    }
}
