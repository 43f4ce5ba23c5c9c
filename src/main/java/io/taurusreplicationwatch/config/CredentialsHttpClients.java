package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.ApiHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP clients of the credentials sources, built when a source first sends a request (the IAM client needs the
 * {@code apiHttpClient} bean, which needs the credentials) and closed with the context. IAM
 * is reached like the API: its builder goes through the {@code apiHttpClient} bean's configuration (the same
 * bounds, TLS and proxy). The metadata service is link-local: a plain client, no proxy, short timeouts, as the
 * official SDK's (3 s).
 */
final class CredentialsHttpClients extends LifecycleStrategySupport {

    private static final Timeout METADATA_TIMEOUT = Timeout.ofSeconds(3);

    private final Supplier<ApiHttpClient> apiHttpClient;
    private final List<CloseableHttpClient> built = new ArrayList<>();
    private CloseableHttpClient iam;
    private CloseableHttpClient metadata;

    /** {@code apiHttpClient} is asked for only when the IAM client is built, after the bean exists. */
    CredentialsHttpClients(Supplier<ApiHttpClient> apiHttpClient) {
        this.apiHttpClient = apiHttpClient;
    }

    synchronized HttpClient iam() {
        if (iam == null) {
            HttpClientBuilder builder = HttpClientBuilder.create();
            apiHttpClient.get().configureHttpClient(builder);
            iam = keep(builder.build());
        }
        return iam;
    }

    synchronized HttpClient metadata() {
        if (metadata == null) {
            metadata = keep(metadataClient());
        }
        return metadata;
    }

    private static CloseableHttpClient metadataClient() {
        return HttpClientBuilder.create()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(METADATA_TIMEOUT)
                                .setSocketTimeout(METADATA_TIMEOUT).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(METADATA_TIMEOUT)
                        .setResponseTimeout(METADATA_TIMEOUT).build())
                .disableAutomaticRetries()
                .build();
    }

    private CloseableHttpClient keep(CloseableHttpClient client) {
        built.add(client);
        return client;
    }

    @Override
    public synchronized void onContextStopped(CamelContext context) {
        for (CloseableHttpClient client : built) {
            try {
                client.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a credentials source's HTTP client", e);
            }
        }
        built.clear();
        iam = null;
        metadata = null;
    }
}
