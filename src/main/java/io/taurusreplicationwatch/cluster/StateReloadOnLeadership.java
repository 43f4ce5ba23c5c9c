package io.taurusreplicationwatch.cluster;

import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.time.Clock;
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
 * {@code onStart} runs. This process counts as the poller ({@link PollerRole}) from that reload until the route stops.
 */
public class StateReloadOnLeadership extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(StateReloadOnLeadership.class);

    private final TaskStateRepository state;
    private final PollerRole role;
    private final Clock clock;
    private final AtomicBoolean stale = new AtomicBoolean(true);

    public StateReloadOnLeadership(TaskStateRepository state, PollerRole role, Clock clock) {
        this.state = state;
        this.role = role;
        this.clock = clock;
    }

    @Override
    public void onStop(Route route) {
        stale.set(true);
        role.standBy();
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
                role.activate(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Cannot take over polling yet: {}", e.getMessage());
                exchange.setRouteStop(true);
            }
        }
    }
}
