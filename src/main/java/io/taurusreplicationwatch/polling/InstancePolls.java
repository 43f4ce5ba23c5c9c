package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.PageCursor;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.events.ChangeEventFactory;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/** The poll route's bookkeeping: opens a poll of an instance and takes in its pages one by one. */
public class InstancePolls {

    private final PagingPolicy paging;
    private final TrackedFields trackedFields;
    private final TaskStateRepository state;
    private final Clock clock;
    private final WatchMetrics metrics;

    public InstancePolls(PagingPolicy paging, TrackedFields trackedFields, TaskStateRepository state, Clock clock,
                         WatchMetrics metrics) {
        this.paging = paging;
        this.trackedFields = trackedFields;
        this.state = state;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Body: the {@link WatchedInstance} to poll. */
    public void begin(Exchange exchange) throws InvalidPayloadException {
        WatchedInstance instance = exchange.getMessage().getMandatoryBody(WatchedInstance.class);
        exchange.setProperty(PageCursor.PROPERTY, new PollContext(instance, paging, clock.instant()));
    }

    /**
     * Body: a {@link ReplicationPage}; becomes the tasks this poll had not seen yet whose tracked fields differ from
     * their last published state. Most tasks of most polls have not changed: dropping them here spares each an
     * exchange in the publish route, whose idempotent consumer stays the gate that records what was published.
     * A listing that reached total_count on a full page ends here when every task the state knows was listed.
     */
    public void observe(Exchange exchange) throws InvalidPayloadException {
        ReplicationPage page = exchange.getMessage().getMandatoryBody(ReplicationPage.class);
        PollContext poll = context(exchange);
        List<TaskObservation> changed = poll.accept(page, clock.instant(), trackedFields).stream()
                .filter(observation -> !state.contains(observation.changeKey()))
                .toList();
        if (poll.isEndToConfirm() && everyKnownTaskListed(poll)) {
            poll.endWithoutConfirmation();
        }
        exchange.getMessage().setBody(changed);
    }

    // The request that confirms total_count matters only for a known task not listed: it alone could be removed.
    private boolean everyKnownTaskListed(PollContext poll) {
        return state.recordsOf(poll.instance().instanceId()).stream()
                .allMatch(record -> record.removed() || poll.hasSeen(record.taskName()));
    }

    /** Counts an event that Kafka acknowledged. */
    public void published(Exchange exchange) {
        context(exchange).published();
        metrics.published(exchange.getMessage().getHeader(ChangeEventFactory.TYPE_HEADER, String.class));
    }

    static PollContext context(Exchange exchange) {
        PollContext context = exchange.getProperty(PageCursor.PROPERTY, PollContext.class);
        if (context == null) {
            throw new IllegalStateException("no poll under way: the route must call instancePolls.begin first");
        }
        return context;
    }
}
