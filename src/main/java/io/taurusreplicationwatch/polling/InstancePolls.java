package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.api.PageCursor;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/** The poll route's bookkeeping: opens a poll of an instance and takes in its pages one by one. */
public class InstancePolls {

    private final PagingPolicy paging;
    private final TrackedFields trackedFields;
    private final Clock clock;

    public InstancePolls(PagingPolicy paging, TrackedFields trackedFields, Clock clock) {
        this.paging = paging;
        this.trackedFields = trackedFields;
        this.clock = clock;
    }

    /** Body: the {@link WatchedInstance} to poll. */
    public void begin(Exchange exchange) throws InvalidPayloadException {
        WatchedInstance instance = exchange.getMessage().getMandatoryBody(WatchedInstance.class);
        exchange.setProperty(PageCursor.PROPERTY, new PollContext(instance, paging, clock.instant()));
    }

    /** Body: a {@link ReplicationPage}; becomes the list of tasks this poll had not seen yet. */
    public void observe(Exchange exchange) throws InvalidPayloadException {
        ReplicationPage page = exchange.getMessage().getMandatoryBody(ReplicationPage.class);
        List<TaskObservation> fresh = context(exchange).accept(page, clock.instant(), trackedFields);
        exchange.getMessage().setBody(fresh);
    }

    /** Counts an event that Kafka acknowledged. */
    public void published(Exchange exchange) {
        context(exchange).published();
    }

    static PollContext context(Exchange exchange) {
        PollContext context = exchange.getProperty(PageCursor.PROPERTY, PollContext.class);
        if (context == null) {
            throw new IllegalStateException("no poll under way: the route must call instancePolls.begin first");
        }
        return context;
    }
}
