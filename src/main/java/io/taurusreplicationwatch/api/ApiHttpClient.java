package io.taurusreplicationwatch.api;

import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * How every outbound HTTP client of the service is built: the API's endpoint, whether Camel's {@code http} or
 * {@code https} component serves it (the fetch-page step names this bean), and any other client handed to
 * {@link #configureHttpClient(HttpClientBuilder)}. Each gets the watch.api timeouts, TLS trusting watch.api.truststore
 * (else the JVM's authorities) with the host name always verified, the proxy, every request guarded by
 * {@link ApiRequestGuard}, and no retries inside the client. The client's own retry strategy would resend a throttled
 * request after sleeping its Retry-After in the poll, unseen and uncounted; the service's backoff alone decides when
 * to ask again. The one exception is a refused IAM token, sent once more with a fresh one ({@link TokenRefusalRetry}).
 * <p>
 * Camel's endpoint calls this after it has applied its own defaults (180 s timeouts and no response timeout for
 * {@code https}, whose component {@code camel.component.http.*} does not configure), so the connection manager,
 * request defaults and route planner set here are the ones the client is built with.
 * <p>
 * The requests in flight are aborted as soon as Camel begins to stop, before its graceful shutdown waits for the
 * polls: a request stuck reading a slow answer would otherwise hold the shutdown past its timeout.
 */
public final class ApiHttpClient extends LifecycleStrategySupport implements HttpClientConfigurer {

    private final ApiRequestGuard guard;
    private final ApiTransport transport;
    private final TokenRefusalRetry tokenRetry;

    public ApiHttpClient(ApiRequestGuard guard, ApiTransport transport, TokenRefusalRetry tokenRetry) {
        this.guard = guard;
        this.transport = transport;
        this.tokenRetry = tokenRetry;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        ApiTimeouts timeouts = transport.timeouts();
        // Only the client's own verifier checks the name, so that a mismatch fails as one, not as an untrusted chain.
        DefaultClientTlsStrategy tls = new DefaultClientTlsStrategy(transport.tls(), HostnameVerificationPolicy.CLIENT,
                new DefaultHostnameVerifier());
        builder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tls)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(timeouts.connect().toMillis()))
                        .setSocketTimeout(timeout(timeouts.socket().toMillis()))
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout(timeouts.socket().toMillis()))
                        .build())
                .build());
        builder.setConnectionManagerShared(false);
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout(timeouts.connectionRequest().toMillis()))
                .setResponseTimeout(timeout(timeouts.response().toMillis()))
                .build());
        builder.setRoutePlanner(new ProxyRoutePlanner(transport.proxy()));
        builder.setDefaultCredentialsProvider(transport.proxy().credentials());
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

    private static Timeout timeout(long millis) {
        return Timeout.of(millis, TimeUnit.MILLISECONDS);
    }
}
