package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the simulator's own tests share: a simulator per test that accepts one AK/SK pair and one token and knows one
 * instance, and requests as the vendor's SDK signs them, sent over real HTTP.
 */
abstract class SimulatorHttpTestSupport {

    protected static final String PROJECT = "0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e";
    protected static final String INSTANCE = "3b8f2d1a-6c4e-4f7a-9d2b-1e5c7a9b0d3f";
    protected static final String AK = "SIMULATORTESTAK0000001";
    protected static final String SK = "simulator-test-secret-key-0000000000001";
    protected static final String TOKEN = "MIIsimulated-token";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);

    protected TaurusDbSimulator sim;

    @BeforeEach
    void startSimulator() {
        sim = TaurusDbSimulator.start().acceptAkSk(AK, SK).acceptToken(TOKEN);
        sim.addInstance(PROJECT, INSTANCE);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    protected CompletableFuture<HttpResponse<String>> sendAsync(String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim.endpoint() + replicationPath() + "?" + query))
                .header("X-Auth-Token", TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other requests did not arrive");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected void putNumberedTasks(int n) {
        IntStream.range(0, n).forEach(i -> sim.putTask(INSTANCE, SimulatedTask.of(String.format("task_%03d", i), "incremental", "Yes")));
    }

    protected void putVersionedTasks(int version) {
        sim.putTasks(INSTANCE, IntStream.range(0, 200)
                .mapToObj(i -> SimulatedTask.of("task_" + i, "v" + version, "Yes")).toList());
    }

    protected static String replicationPath() {
        return "/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases/replication";
    }

    protected static String sdkDate(ZonedDateTime time) {
        return SDK_DATE.format(time);
    }

    protected static JsonNode okBody(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    protected static void assertSignatureRefused(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error_code").asText()).isEqualTo("APIGW.0301");
        assertThat(body.get("error_msg").asText()).isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
        assertThat(body.get("request_id").asText()).isNotBlank();
    }

    protected HttpResponse<String> plainGet(String path, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.endpoint() + path + (query.isEmpty() ? "" : "?" + query)));
        headers.forEach(builder::header);
        return HTTP.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected SignedGet signed(Map<String, String> query) {
        return signed(AK, SK, query, sdkDate(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    protected SignedGet signed(String ak, String sk, Map<String, String> query, String sdkDate) {
        return signed(ak, sk, replicationPath(), query, sdkDate, Map.of());
    }

    protected SignedGet signed(String ak, String sk, Map<String, String> query, String sdkDate, Map<String, String> extraHeaders) {
        return signed(ak, sk, replicationPath(), query, sdkDate, extraHeaders);
    }

    /** Signs exactly as the vendor's SDK client does: its HttpRequest, its AKSKSigner, its URL. */
    protected SignedGet signed(String ak, String sk, String path, Map<String, String> query, String sdkDate, Map<String, String> extraHeaders) {
        com.huaweicloud.sdk.core.http.HttpRequest.HttpRequestBuilder builder = com.huaweicloud.sdk.core.http.HttpRequest.newBuilder()
                .withMethod(HttpMethod.GET)
                .withEndpoint(sim.endpoint().toString())
                .withPath(path)
                .addHeader("X-Sdk-Date", sdkDate)
                .addHeader("X-Project-Id", PROJECT)
                .addHeader("X-Language", "en-us");
        extraHeaders.forEach(builder::addHeader);
        query.forEach((name, value) -> builder.addQueryParam(name, List.of(value)));
        com.huaweicloud.sdk.core.http.HttpRequest sdkRequest = builder.build();
        Map<String, String> signature = AKSKSigner.getInstance().sign(sdkRequest, new BasicCredentials().withAk(ak).withSk(sk));

        Map<String, String> headers = new LinkedHashMap<>();
        sdkRequest.getHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        signature.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) { // java.net.http sets Host itself, to the same authority
                headers.put(name, value);
            }
        });
        try {
            return new SignedGet(sdkRequest.getUrl().toURI(), headers);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed request that a test may still tamper with before sending. */
    protected static final class SignedGet {
        URI url;
        final Map<String, String> headers;
        Duration timeout = Duration.ofSeconds(10);

        SignedGet(URI url, Map<String, String> headers) {
            this.url = url;
            this.headers = headers;
        }

        HttpResponse<String> send() throws IOException, InterruptedException {
            HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).GET();
            headers.forEach(builder::header);
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
