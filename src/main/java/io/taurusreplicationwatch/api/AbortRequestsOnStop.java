package io.taurusreplicationwatch.api;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Aborts the API requests in flight as soon as Camel begins to stop, before its graceful shutdown waits for the
 * polls: a request stuck reading a slow answer would otherwise hold the shutdown past its timeout.
 */
public final class AbortRequestsOnStop extends LifecycleStrategySupport {

    private final ApiRequestGuard guard;

    public AbortRequestsOnStop(ApiRequestGuard guard) {
        this.guard = guard;
    }

    @Override
    public void onContextStopping(CamelContext context) {
        guard.abortAll();
    }

    @Override
    public void onContextStopped(CamelContext context) {
        guard.close();
    }
}
