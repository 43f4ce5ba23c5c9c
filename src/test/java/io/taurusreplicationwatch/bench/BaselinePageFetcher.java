package io.taurusreplicationwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.SignableRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The steady-poll baseline: what any poller must do at the least. The same HTTP client camel-http uses (Apache
 * HttpClient 5, pooled keep-alive connections) sends the same signed requests for the first page of every instance
 * and Jackson parses each answer into a tree. No Camel, no state, no Kafka.
 */
final class BaselinePageFetcher implements AutoCloseable {

    private static final String PATH = "/v3/%s/instances/%s/starrocks/databases/replication";

    private final URI endpoint;
    private final Credentials credentials;
    private final int limit;
    private final ExecutorService threads;
    private final CloseableHttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    BaselinePageFetcher(URI endpoint, Credentials credentials, int limit, int threadCount) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.limit = limit;
        this.threads = Executors.newFixedThreadPool(threadCount);
        // camel-http's pool size, so neither side ever waits for a connection.
        this.client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(20).setMaxConnTotal(200).build()).build();
    }

    /** Fetches and parses one page per instance; returns the number of tasks the pages listed. */
    int fetchAll(List<WatchedInstance> instances) throws Exception {
        List<Callable<Integer>> fetches = new ArrayList<>();
        instances.forEach(instance -> fetches.add(() -> fetch(instance)));
        int tasks = 0;
        for (Future<Integer> fetched : threads.invokeAll(fetches)) {
            tasks += fetched.get();
        }
        return tasks;
    }

    private int fetch(WatchedInstance instance) throws IOException {
        String path = PATH.formatted(instance.projectId(), instance.instanceId());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Language", "en-us");
        headers.put("X-Project-Id", instance.projectId());
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("limit", List.of(Integer.toString(limit)));
        query.put("offset", List.of("0"));
        headers.putAll(credentials.authenticate(
                new SignableRequest("GET", endpoint.getRawAuthority(), path, query, headers, null), Instant.now()));
        HttpGet get = new HttpGet(endpoint.resolve(path + "?limit=" + limit + "&offset=0"));
        headers.forEach(get::addHeader);
        return client.execute(get, response -> {
            byte[] body = EntityUtils.toByteArray(response.getEntity());
            if (response.getCode() != 200) {
                throw new IOException("baseline request answered " + response.getCode() + ": " + new String(body));
            }
            JsonNode page = json.readTree(body);
            return page.get("replications").size();
        });
    }

    @Override
    public void close() throws IOException {
        threads.shutdownNow();
        client.close();
    }
}
