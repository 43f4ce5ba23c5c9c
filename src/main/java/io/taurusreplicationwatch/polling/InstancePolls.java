package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.events.TaskObservation;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The poll route's steps between the requests: opens a poll of an instance, takes in its pages one by one, and counts
 * what the publish route published for it. The route keeps the {@link PollContext} and passes it in.
 */
public class InstancePolls {

    private final PagingPolicy paging;
    private final TrackedFields trackedFields;
    private final TaskStateRepository state;
    private final Clock clock;
    private final PollListener listener;

    public InstancePolls(PagingPolicy paging, TrackedFields trackedFields, TaskStateRepository state, Clock clock,
                         PollListener listener) {
        this.paging = paging;
        this.trackedFields = trackedFields;
        this.state = state;
        this.clock = clock;
        this.listener = listener;
    }

    /** A new poll of the instance, starting now. */
    public PollContext begin(WatchedInstance instance) {
        return new PollContext(instance, paging, clock.instant());
    }

    /** Whether the poll asks for another page. */
    public boolean morePages(PollContext poll) {
        return poll.isMorePages();
    }

    /**
     * The tasks of the page this poll had not seen yet whose tracked fields differ from their last published state, or
     * whose stall begins or ends now. Most tasks of most polls have not changed: dropping them here spares each an
     * exchange in the publish route. The test is the task state's own {@link TaskStateRepository#contains}, the
     * idempotent consumer's, so change detection has one definition; the consumer asks again only for the few tasks
     * that pass, and records them. A task dropped here whose progress moved has the move noted, which restarts its
     * stall clock. A listing that reached total_count on a full page ends here when every task the state knows was
     * listed.
     */
    public List<TaskObservation> observe(PollContext poll, ReplicationPage page) {
        List<TaskObservation> changed = new ArrayList<>();
        for (TaskObservation observation : poll.accept(page, clock.instant(), trackedFields)) {
            if (state.contains(observation.changeKey())) {
                state.noteProgress(observation.changeKey(), observation.observedAt());
            } else {
                changed.add(observation);
            }
        }
        if (poll.isEndToConfirm() && everyKnownTaskListed(poll)) {
            poll.endWithoutConfirmation();
        }
        return changed;
    }

    // The request that confirms total_count matters only for a known task not listed: it alone could be removed.
    private boolean everyKnownTaskListed(PollContext poll) {
        return state.recordsOf(poll.instance().instanceId()).stream()
                .allMatch(record -> record.removed() || poll.hasSeen(record.taskName()));
    }

    /** Counts an event of this CloudEvents type that Kafka acknowledged during the poll. */
    public void published(PollContext poll, String eventType) {
        poll.published();
        listener.published(eventType);
    }
}
