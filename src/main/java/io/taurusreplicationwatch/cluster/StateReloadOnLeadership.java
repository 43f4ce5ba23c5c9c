package io.taurusreplicationwatch.cluster;

import io.taurusreplicationwatch.state.TaskStateRepository;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * With leader election, the scheduler route runs only while this process is the active poller. The previous leader
 * may have published since this process loaded the state, so the state is read again from the shared store on the
 * route's first tick after it (re)starts, before that tick queues any poll: numbering events from a stale state
 * would reuse ce_ids. On the tick, not in {@code onStart}: Camel may start the timer, and fire it, before
 * {@code onStart} runs.
 */
public class StateReloadOnLeadership extends RoutePolicySupport {

    private final TaskStateRepository state;
    private final AtomicBoolean stale = new AtomicBoolean(true);

    public StateReloadOnLeadership(TaskStateRepository state) {
        this.state = state;
    }

    @Override
    public void onStop(Route route) {
        stale.set(true);
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (stale.getAndSet(false)) {
            state.reload();
        }
    }
}
