package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.polling.FailureAdvice;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.InstanceStatus;
import io.taurusreplicationwatch.polling.PollOutcome;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the status board shows, read from the records the service already keeps: the instance records of the
 * {@link InstanceSchedule}, the last published state of every task, and the {@link RecentEvents}. It keeps nothing
 * of its own, so the board can never disagree with the meters or the events. Instances come in the configured order,
 * the tasks of each by name, so that two answers list the same tasks in the same order.
 */
public class StatusBoard {

    private final List<WatchedInstance> instances;
    private final InstanceSchedule schedule;
    private final TaskStateRepository state;
    private final RecentEvents events;
    private final BooleanSupplier leader;
    private final Clock clock;

    public StatusBoard(List<WatchedInstance> instances, InstanceSchedule schedule, TaskStateRepository state,
                       RecentEvents events, BooleanSupplier leader, Clock clock) {
        this.instances = List.copyOf(instances);
        this.schedule = schedule;
        this.state = state;
        this.events = events;
        this.leader = leader;
        this.clock = clock;
    }

    public BoardState snapshot() {
        List<BoardInstance> boardInstances = new ArrayList<>();
        List<BoardTask> boardTasks = new ArrayList<>();
        for (WatchedInstance instance : instances) {
            InstanceStatus status = schedule.status(instance);
            List<TaskRecord> tracked = state.recordsOf(instance.instanceId()).stream()
                    .filter(record -> !record.removed() && record.snapshot() != null)
                    .sorted(Comparator.comparing(TaskRecord::taskName))
                    .toList();
            BoardInstance boardInstance = instance(instance, status, tracked.size());
            boardInstances.add(boardInstance);
            tracked.forEach(record -> boardTasks.add(task(record, boardInstance.failing())));
        }
        return new BoardState(clock.instant().toString(), leader.getAsBoolean() ? "leader" : "standby",
                boardInstances, boardTasks, events.newestFirst());
    }

    static BoardInstance instance(WatchedInstance instance, InstanceStatus status, int tracked) {
        PollOutcome outcome = status.lastOutcome();
        String health = outcome == null ? "not_polled" : switch (outcome) {
            case COMPLETE -> "ok";
            case INCOMPLETE -> "incomplete";
            case FAILED -> "failing";
        };
        String code = status.lastErrorCode();
        return new BoardInstance(instance.projectId(), instance.instanceId(), health, text(status.lastPollAt()),
                outcome == null ? null : outcome.tag(), code, code == null ? null : FailureAdvice.forCode(code),
                status.consecutiveFailures(), text(status.lastSuccess()), text(status.nextPollAt()),
                status.inFlight(), status.tasksSeen(), tracked);
    }

    static BoardTask task(TaskRecord record, boolean instanceFailing) {
        TaskSnapshot snapshot = record.snapshot();
        boolean stalled = record.stalledAt() != null;
        List<String> problems = new ArrayList<>();
        if ("no".equals(snapshot.status())) {
            problems.add("status_no");
        }
        if ("paused".equals(snapshot.stage())) {
            problems.add("paused");
        }
        if (stalled) {
            problems.add("stalled");
        }
        if (instanceFailing) {
            problems.add("instance_failing");
        }
        return new BoardTask(record.projectId(), record.instanceId(), record.taskName(), snapshot.sourceDatabase(),
                snapshot.targetDatabase(), snapshot.status(), snapshot.stage(), snapshot.percentage(),
                snapshot.catchupStage(), snapshot.catchupPercentage(), record.seq(), record.changedAt(),
                stalled, List.copyOf(problems));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
