package io.taurusreplicationwatch.api;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How the client of the API's endpoint is built, whether it is served by Camel's {@code http} or {@code https}
 * component (the fetch-page step names this bean): every request guarded by {@link ApiRequestGuard}, and no retries
 * inside the client. The client's own retry strategy would resend a throttled request after sleeping its
 * Retry-After in the poll, unseen and uncounted; the service's backoff alone decides when to ask again.
 * <p>
 * The requests in flight are aborted as soon as Camel begins to stop, before its graceful shutdown waits for the
 * polls: a request stuck reading a slow answer would otherwise hold the shutdown past its timeout.
 */
public final class ApiHttpClient extends LifecycleStrategySupport implements HttpClientConfigurer {

    private final ApiRequestGuard guard;

    public ApiHttpClient(ApiRequestGuard guard) {
        this.guard = guard;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("watch-request-guard", guard);
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
