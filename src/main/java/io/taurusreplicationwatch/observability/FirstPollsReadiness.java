package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the task state is loaded and every watched instance has had its first poll tried, failed or not. Until
 * then the service's picture of the tasks is not yet the API's, and a rolling update should wait for it. Not a
 * liveness check: an instance that keeps failing is reported by the metrics, restarting the service would not help.
 * With leader election the process is ready once its state is loaded, standby or elected: a standby polls nothing
 * until it is elected, and Kubernetes counts only ready pods as holders of the Lease, so an elected pod that turned
 * unready until its first polls were done would hand the Lease straight back.
 */
public class FirstPollsReadiness extends AbstractHealthCheck {

    private final TaskStateRepository state;
    private final InstanceSchedule schedule;
    private final PollerRole role;

    public FirstPollsReadiness(TaskStateRepository state, InstanceSchedule schedule, PollerRole role) {
        super("taurus-watch", "first-polls");
        this.state = state;
        this.schedule = schedule;
        this.role = role;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        var statuses = schedule.statuses();
        long waiting = statuses.stream().filter(status -> !status.polledYet()).count();
        builder.detail("instances", statuses.size());
        builder.detail("instances.awaiting.first.poll", waiting);
        builder.detail("poller", role.active() ? "active" : "standby");
        if (!state.isStarted()) {
            builder.message("the task state is not loaded yet").down();
        } else if (!role.active()) {
            builder.message("standby: polls once elected").up();
        } else if (waiting > 0 && !role.elected()) {
            builder.message(waiting + " of " + statuses.size() + " instance(s) not polled yet").down();
        } else {
            builder.up();
        }
    }
}
