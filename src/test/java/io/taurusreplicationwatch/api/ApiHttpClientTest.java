package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.credentials.FixedCredentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.ssl.SSLContexts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's HTTP client as {@link ApiHttpClient} builds it, against the simulator over real HTTP: answers bounded in
 * size (inflated size for gzip) and time, no retries inside the client, requests in flight aborted on demand.
 */
class ApiHttpClientTest {

    private static final String TOKEN = "api-http-client-test-token";
    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String INSTANCE = "4f5e6d7c8b9a0f1e2d3c4b5a69788796in07";
    private static final long LIMIT = 64 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final ApiTransport DIRECT = new ApiTransport(new ApiTimeouts(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10)), SSLContexts.createDefault(),
            ProxyPlan.direct());

    private TaurusDbSimulator simulator;
    private ApiRequestGuard guard;
    private CloseableHttpClient client;

    @BeforeEach
    void start() {
        simulator = TaurusDbSimulator.start().acceptToken(TOKEN);
        simulator.addInstance(PROJECT, INSTANCE);
        simulator.putTasks(INSTANCE, IntStream.rangeClosed(1, 100)
                .mapToObj(i -> SimulatedTask.of("task_%03d".formatted(i), "full", "Yes")).toList());
        guard = new ApiRequestGuard(new RequestLimits(LIMIT, DEADLINE));
        HttpClientBuilder builder = HttpClientBuilder.create();
        new ApiHttpClient(guard, DIRECT, noTokenRetry()).configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        guard.close();
        simulator.close();
    }

    @Test
    void a_page_under_the_limit_is_read_whole_and_leaves_nothing_in_flight() throws IOException {
        byte[] page = get();

        assertThat(new String(page)).contains("task_100");
        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void a_full_page_of_1000_tasks_with_long_names_is_an_eighth_of_the_default_limit() throws IOException {
        String padding = "x".repeat(48);
        simulator.putTasks(INSTANCE, IntStream.rangeClosed(1, 1000).mapToObj(i -> SimulatedTask.of(
                "sync_%s_%04d".formatted(padding, i), "incremental", "Yes")).toList());
        HttpClientBuilder builder = HttpClientBuilder.create();
        new ApiHttpClient(new ApiRequestGuard(new RequestLimits(4L << 20, DEADLINE)), DIRECT, noTokenRetry())
                .configureHttpClient(builder);
        byte[] page;
        try (CloseableHttpClient defaultClient = builder.build()) {
            page = defaultClient.execute(request(1000), response -> EntityUtils.toByteArray(response.getEntity()));
        }

        System.out.println("[bounded-requests] a page of 1000 tasks with 58-character names: " + page.length
                + " bytes");
        assertThat(page.length).isLessThan((4 << 20) / 8);
    }

    @Test
    void an_endless_answer_is_refused_after_the_limit_without_reading_the_rest() {
        simulator.inject(INSTANCE, Fault.hugeBody(300L << 20));
        long started = System.nanoTime();

        ApiErrorException refused = catchThrowableOfType(this::get, ApiErrorException.class);

        assertThat(refused.errorCode()).isEqualTo("WATCH.RESPONSE_TOO_LARGE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 300 MB").isLessThan(DEADLINE);
        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void a_gzip_bomb_is_refused_on_its_inflated_size() {
        simulator.inject(INSTANCE, Fault.gzipBomb(1L << 30));

        ApiErrorException refused = catchThrowableOfType(this::get, ApiErrorException.class);

        assertThat(refused.errorCode()).isEqualTo("WATCH.RESPONSE_TOO_LARGE");
        assertThat(refused.getMessage()).contains("more than 65536 bytes were read");
    }

    @Test
    void an_answer_whose_content_length_exceeds_the_limit_is_refused_before_it_is_read() {
        simulator.inject(INSTANCE, Fault.rawBody(200, " ".repeat((int) LIMIT + 1)));

        ApiErrorException refused = catchThrowableOfType(this::get, ApiErrorException.class);

        assertThat(refused.getMessage()).contains("its Content-Length is 65537 bytes");
    }

    @Test
    void a_dripped_answer_is_aborted_at_the_deadline() {
        simulator.inject(INSTANCE, Fault.drip(Duration.ofMillis(50)));
        long started = System.nanoTime();

        ApiErrorException late = catchThrowableOfType(this::get, ApiErrorException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(late.errorCode()).isEqualTo("WATCH.REQUEST_DEADLINE");
        assertThat(late.httpStatus()).isEqualTo(200);
        assertThat(took).isBetween(DEADLINE, DEADLINE.plusSeconds(2));
        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void a_client_configured_by_this_method_alone_waits_no_longer_than_the_response_timeout() throws IOException {
        simulator.inject(INSTANCE, Fault.delay(Duration.ofSeconds(20)));
        ApiTransport quick = new ApiTransport(new ApiTimeouts(Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(10)), SSLContexts.createDefault(), ProxyPlan.direct());
        HttpClientBuilder builder = HttpClientBuilder.create();
        new ApiHttpClient(new ApiRequestGuard(new RequestLimits(LIMIT, Duration.ofMinutes(1))), quick, noTokenRetry())
                .configureHttpClient(builder);
        long started = System.nanoTime();

        try (CloseableHttpClient quickClient = builder.build()) {
            Throwable timedOut = catchThrowableOfType(() -> quickClient.execute(request(),
                    response -> EntityUtils.toByteArray(response.getEntity())), SocketTimeoutException.class);

            assertThat(timedOut).isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_throttled_answer_comes_back_at_once_and_is_not_retried_inside_the_client() throws IOException {
        simulator.inject(INSTANCE, Fault.throttled(Duration.ofSeconds(90)));
        long started = System.nanoTime();

        int status = client.execute(request(), response -> response.getCode());

        assertThat(status).isEqualTo(429);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(simulator.requestCount(INSTANCE)).isEqualTo(1);
    }

    @Test
    void abort_all_ends_a_request_stuck_reading_and_refuses_the_next() {
        simulator.inject(INSTANCE, Fault.drip(Duration.ofMillis(50)));
        ApiRequestGuard patient = new ApiRequestGuard(new RequestLimits(LIMIT, Duration.ofMinutes(5)));
        HttpClientBuilder builder = HttpClientBuilder.create();
        new ApiHttpClient(patient, DIRECT, noTokenRetry()).configureHttpClient(builder);
        try (CloseableHttpClient stuckClient = builder.build()) {
            CompletableFuture<byte[]> stuck = CompletableFuture.supplyAsync(() -> {
                try {
                    return stuckClient.execute(request(), response -> EntityUtils.toByteArray(response.getEntity()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestCount(INSTANCE) == 1);
            assertThat(patient.inFlight()).isEqualTo(1);
            long aborting = System.nanoTime();

            patient.abortAll();

            Throwable aborted = catchThrowableOfType(() -> stuck.get(), Exception.class).getCause();
            assertThat(Duration.ofNanos(System.nanoTime() - aborting)).isLessThan(Duration.ofSeconds(1));
            assertThat(ApiErrorException.find(aborted).errorCode()).isEqualTo("WATCH.REQUEST_ABORTED");
            ApiErrorException refused = catchThrowableOfType(() -> stuckClient.execute(request(),
                    response -> EntityUtils.toByteArray(response.getEntity())), ApiErrorException.class);
            assertThat(refused.errorCode()).isEqualTo("WATCH.REQUEST_ABORTED");
            assertThat(simulator.requestCount(INSTANCE)).as("the refused request was never sent").isEqualTo(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            patient.close();
        }
    }

    private byte[] get() throws IOException {
        return client.execute(request(), response -> EntityUtils.toByteArray(response.getEntity()));
    }

    private HttpGet request() {
        return request(100);
    }

    private HttpGet request(int limit) {
        HttpGet get = new HttpGet(simulator.endpoint() + "/v3/" + PROJECT + "/instances/" + INSTANCE
                + "/starrocks/databases/replication?limit=" + limit + "&offset=0");
        get.setHeader("X-Auth-Token", TOKEN);
        return get;
    }

    // These tests sign nothing: a retry of a refused token has nothing to do here.
    private static TokenRefusalRetry noTokenRetry() {
        return new TokenRefusalRetry(new FixedCredentials(new TokenCredentials("unused-token"), "test"));
    }
}
