package io.taurusreplicationwatch.api;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How the client of the API's endpoint is built, whether it is served by Camel's {@code http} or {@code https}
 * component (the fetch-page step names this bean): every request guarded by {@link ApiRequestGuard}, and no retries
 * inside the client. The client's own retry strategy would resend a throttled request after sleeping its
 * Retry-After in the poll, unseen and uncounted; the service's backoff alone decides when to ask again. The one
 * exception is a refused IAM token, sent once more with a fresh one ({@link TokenRefusalRetry}).
 * <p>
 * The requests in flight are aborted as soon as Camel begins to stop, before its graceful shutdown waits for the
 * polls: a request stuck reading a slow answer would otherwise hold the shutdown past its timeout.
 */
public final class ApiHttpClient extends LifecycleStrategySupport implements HttpClientConfigurer {

    private final ApiRequestGuard guard;
    private final TokenRefusalRetry tokenRetry;

    public ApiHttpClient(ApiRequestGuard guard, TokenRefusalRetry tokenRetry) {
        this.guard = guard;
        this.tokenRetry = tokenRetry;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("watch-request-guard", guard);
        // Inside the guard, so that the retried request counts against the same deadline.
        builder.addExecInterceptorAfter("watch-request-guard", "watch-token-retry", tokenRetry);
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
