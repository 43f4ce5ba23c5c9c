package io.taurusreplicationwatch.cluster;

import io.taurusreplicationwatch.state.TaskStateRepository;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With leader election, the scheduler route runs only while this process is the active poller. The previous leader
 * may have published since this process loaded the state, so the state is read again from the shared store on the
 * route's first tick after it (re)starts, before that tick queues any poll: numbering events from a stale state
 * would reuse ce_ids. On the tick, not in {@code onStart}: Camel may start the timer, and fire it, before
 * {@code onStart} runs.
 */
public class StateReloadOnLeadership extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(StateReloadOnLeadership.class);

    private final TaskStateRepository state;
    private final AtomicBoolean stale = new AtomicBoolean(true);

    public StateReloadOnLeadership(TaskStateRepository state) {
        this.state = state;
    }

    @Override
    public void onStop(Route route) {
        stale.set(true);
    }

    /**
     * A reload that fails (the change topic cannot be read back) stops this tick before it queues a poll, and the next
     * tick tries again: polling from a state that misses the previous leader's last events would reuse ce_ids.
     */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (stale.get()) {
            try {
                state.reload();
                stale.set(false);
            } catch (RuntimeException e) {
                LOG.warn("Cannot take over polling yet: {}", e.getMessage());
                exchange.setRouteStop(true);
            }
        }
    }
}
