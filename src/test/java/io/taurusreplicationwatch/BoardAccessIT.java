package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * Who may read the status board: by default only this machine (the board binds the loopback address and asks for
 * nothing); with {@code watch.board.username} every request needs basic auth with {@code WATCH_BOARD_PASSWORD},
 * which no log line shows. Also the JSON API's field names, read over HTTP after a real poll.
 */
class BoardAccessIT extends PipelineTestSupport {

    private static final String PASSWORD = "board-password-never-logged-42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_answer_401_without_or_with_wrong_credentials_and_200_with_the_right_ones() throws Exception {
        putTasks(2);
        Map<String, String> settings = settings();
        settings.put("watch.board.username", "operator");
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            runtime = WatchRuntime.start(settings, Map.of("WATCH_BOARD_PASSWORD", PASSWORD));
            runtime.pollCycle();
            URI status = base(runtime.board()).resolve("/api/status");

            HttpResponse<String> anonymous = get(status, null);
            HttpResponse<String> wrongPassword = get(status, "operator:" + PASSWORD + "x");
            HttpResponse<String> wrongUser = get(status, "admin:" + PASSWORD);
            HttpResponse<String> page = get(base(runtime.board()), null);
            HttpResponse<String> right = get(status, "operator:" + PASSWORD);

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic realm="));
            assertThat(wrongPassword.statusCode()).isEqualTo(401);
            assertThat(wrongUser.statusCode()).isEqualTo(401);
            assertThat(page.statusCode()).as("the page itself is protected too").isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(right.body()).path("tasks")).hasSize(2);
            stopService();
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        }
    }

    @Test
    void should_listen_on_the_loopback_address_and_serve_the_page_and_snake_case_json_without_credentials()
            throws Exception {
        putTasks(3);
        simulator.putTask(INSTANCE, task("task_002").withStatus("No"));
        startService();
        runtime.pollCycle();
        InetSocketAddress address = runtime.board();

        HttpResponse<String> page = get(base(address), null);
        JsonNode status = JSON.readTree(get(base(address).resolve("/api/status"), null).body());
        JsonNode tasks = JSON.readTree(get(base(address).resolve("/api/tasks"), null).body());
        JsonNode events = JSON.readTree(get(base(address).resolve("/api/events"), null).body());
        JsonNode instances = JSON.readTree(get(base(address).resolve("/api/instances"), null).body());

        assertThat(address.getAddress().isLoopbackAddress()).as("bound to %s", address).isTrue();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
        assertThat(page.body()).contains("<script src=\"board.js\"");
        assertThat(status.path("role").asText()).isEqualTo("leader");
        assertThat(status.path("tasks")).isEqualTo(tasks);
        assertThat(tasks).hasSize(3);
        JsonNode stopped = tasks.findParents("task_name").stream()
                .filter(task -> task.path("task_name").asText().equals("task_002")).findFirst().orElseThrow();
        assertThat(fieldNames(stopped)).containsExactly("project_id", "instance_id", "task_name", "source_database",
                "target_database", "status", "stage", "percentage", "catchup_stage", "catchup_percentage", "seq",
                "since", "stalled", "problems");
        assertThat(stopped.path("status").asText()).isEqualTo("no");
        assertThat(stopped.path("problems")).extracting(JsonNode::asText).containsExactly("status_no");
        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).path("health").asText()).isEqualTo("ok");
        assertThat(instances.get(0).path("tasks").asInt()).isEqualTo(3);
        assertThat(instances.get(0).path("last_poll_at").asText()).isNotEmpty();
        assertThat(events).hasSize(3);
        assertThat(events.get(0).path("type").asText()).isEqualTo("discovered");
        assertThat(events.get(0).path("ce_id").asText()).startsWith(INSTANCE + "/task_00");
        assertThat(get(base(address).resolve("/nothing"), null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> compressed = http.send(HttpRequest.newBuilder(base(address).resolve("/api/status"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
            assertThat(JSON.readTree(json).path("tasks")).isEqualTo(tasks);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static URI base(InetSocketAddress address) {
        return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    private HttpResponse<String> get(URI uri, String userAndPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (userAndPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
