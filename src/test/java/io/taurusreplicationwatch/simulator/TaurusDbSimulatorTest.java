package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The simulator against requests signed by the vendor's own AKSKSigner and sent over real HTTP. */
class TaurusDbSimulatorTest {

    private static final String PROJECT = "0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e";
    private static final String INSTANCE = "3b8f2d1a-6c4e-4f7a-9d2b-1e5c7a9b0d3f";
    private static final String AK = "SIMULATORTESTAK0000001";
    private static final String SK = "simulator-test-secret-key-0000000000001";
    private static final String TOKEN = "MIIsimulated-token";
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TaurusDbSimulator sim;

    @BeforeEach
    void startSimulator() {
        sim = TaurusDbSimulator.start().acceptAkSk(AK, SK).acceptToken(TOKEN);
        sim.addInstance(PROJECT, INSTANCE);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void a_correctly_signed_request_gets_200_with_the_requested_page_in_the_pages_json_shape() throws Exception {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "Incremental", "Yes").withExtraField("is_need_repair", false));
        sim.putTask(INSTANCE, SimulatedTask.of("task_b", "full", "No").withPercentage(42).withCatchupStage("wait"));
        sim.putTask(INSTANCE, SimulatedTask.of("task_c", "wait", "Yes"));

        HttpResponse<String> response = signed(Map.of("limit", "2", "offset", "0")).send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("total_count").isNumber()).isTrue();
        assertThat(body.get("total_count").asInt()).isEqualTo(3);
        assertThat(body.has("ext_text")).isTrue();
        assertThat(body.get("ext_text").isNull()).isTrue();
        JsonNode first = body.get("replications").get(0);
        assertThat(first.get("task_name").asText()).isEqualTo("task_a");
        assertThat(first.get("stage").asText()).isEqualTo("Incremental");
        assertThat(first.get("status").asText()).isEqualTo("Yes");
        assertThat(first.get("source_database").asText()).isEqualTo("src_task_a");
        assertThat(first.get("target_database").asText()).isEqualTo("dst_task_a");
        assertThat(first.get("percentage").isNumber()).isTrue();
        assertThat(first.get("catchup_stage").isNull()).isTrue();
        assertThat(first.get("catchup_percentage").asInt()).isZero();
        assertThat(first.get("is_need_repair").isBoolean()).isTrue();
        JsonNode second = body.get("replications").get(1);
        assertThat(second.get("percentage").asInt()).isEqualTo(42);
        assertThat(second.get("catchup_stage").asText()).isEqualTo("wait");
        assertThat(body.get("replications")).hasSize(2);
        assertThat(sim.requestCount(INSTANCE)).isEqualTo(1);
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.rawQuery()).contains("limit=2");
            assertThat(r.headers()).containsKey("x-sdk-date");
        });
    }

    @Test
    void records_mode_serves_250_tasks_over_limit_100_as_pages_of_100_100_and_50() throws Exception {
        putNumberedTasks(250);

        List<JsonNode> pages = new ArrayList<>();
        for (int offset : new int[] {0, 100, 200}) {
            pages.add(okBody(signed(Map.of("limit", "100", "offset", Integer.toString(offset))).send()));
        }

        assertThat(pages).extracting(p -> p.get("replications").size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.get("replications").get(0).get("task_name").asText())
                .containsExactly("task_000", "task_100", "task_200");
        assertThat(pages).allSatisfy(p -> assertThat(p.get("total_count").asInt()).isEqualTo(250));
    }

    @Test
    void pages_mode_reads_offset_as_a_one_based_page_number() throws Exception {
        putNumberedTasks(250);
        sim.offsetMode(OffsetMode.PAGES);

        List<JsonNode> pages = new ArrayList<>();
        for (int offset : new int[] {1, 2, 3}) {
            pages.add(okBody(signed(Map.of("limit", "100", "offset", Integer.toString(offset))).send()));
        }
        JsonNode pageZero = okBody(signed(Map.of("limit", "100", "offset", "0")).send());

        assertThat(pages).extracting(p -> p.get("replications").size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.get("replications").get(0).get("task_name").asText())
                .containsExactly("task_000", "task_100", "task_200");
        assertThat(pageZero.get("replications").get(0).get("task_name").asText()).isEqualTo("task_000");
    }

    @Test
    void a_tampered_signature_is_refused_with_401_apigw_0301() throws Exception {
        SignedGet request = signed(Map.of("limit", "10"));
        String auth = request.headers.get("Authorization");
        char last = auth.charAt(auth.length() - 1);
        request.headers.put("Authorization", auth.substring(0, auth.length() - 1) + (last == '0' ? '1' : '0'));

        assertSignatureRefused(request.send());
    }

    @Test
    void a_tampered_query_under_a_valid_signature_is_refused() throws Exception {
        SignedGet request = signed(Map.of("limit", "10", "offset", "0"));
        request.url = URI.create(request.url.toString().replace("offset=0", "offset=10"));

        assertSignatureRefused(request.send());
    }

    @Test
    void a_signature_made_with_the_wrong_secret_key_is_refused() throws Exception {
        assertSignatureRefused(signed(AK, "not-the-secret-key", Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC))).send());
    }

    @Test
    void an_unknown_access_key_is_refused() throws Exception {
        assertSignatureRefused(signed("UNKNOWNAK", SK, Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC))).send());
    }

    @Test
    void a_correct_signature_with_an_x_sdk_date_20_minutes_old_is_refused_as_expired() throws Exception {
        String twentyMinutesAgo = sdkDate(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20));
        String fiveMinutesAgo = sdkDate(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5));

        assertSignatureRefused(signed(AK, SK, Map.of("limit", "10"), twentyMinutesAgo).send());
        assertThat(signed(AK, SK, Map.of("limit", "10"), fiveMinutesAgo).send().statusCode()).isEqualTo(200);
    }

    @Test
    void an_x_security_token_must_be_among_the_signed_headers() throws Exception {
        SignedGet unsigned = signed(Map.of("limit", "10"));
        unsigned.headers.put("X-Security-Token", "temporary-token");
        SignedGet signedWithToken = signed(AK, SK, Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC)),
                Map.of("X-Security-Token", "temporary-token"));

        assertSignatureRefused(unsigned.send());
        assertThat(signedWithToken.send().statusCode()).isEqualTo(200);
    }

    @Test
    void query_values_needing_percent_encoding_verify_like_the_vendor_signer_encodes_them() throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", "10");
        query.put("marker", "a b*~/ü");

        assertThat(signed(query).send().statusCode()).isEqualTo(200);
    }

    @Test
    void a_static_token_is_accepted_and_a_wrong_or_missing_credential_is_refused() throws Exception {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "incremental", "Yes"));

        HttpResponse<String> good = plainGet(replicationPath(), "limit=10", Map.of("X-Auth-Token", TOKEN));
        HttpResponse<String> wrong = plainGet(replicationPath(), "limit=10", Map.of("X-Auth-Token", "other"));
        HttpResponse<String> none = plainGet(replicationPath(), "limit=10", Map.of());

        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(okBody(good).get("replications")).hasSize(1);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("error_code").asText()).isEqualTo("APIGW.0301");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("error_code").asText()).isEqualTo("APIGW.0301");
        assertThat(sim.requests().get(0).toString()).doesNotContain(TOKEN);
    }

    @Test
    void an_unknown_instance_a_foreign_project_and_a_removed_instance_get_400_dbs_200022_in_chinese() throws Exception {
        HttpResponse<String> unknown = signed(AK, SK, "/v3/" + PROJECT + "/instances/no-such-instance/starrocks/databases/replication",
                Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        HttpResponse<String> foreignProject = signed(AK, SK, "/v3/otherproject/instances/" + INSTANCE + "/starrocks/databases/replication",
                Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        sim.removeInstance(INSTANCE);
        HttpResponse<String> removed = signed(Map.of("limit", "10")).send();

        for (HttpResponse<String> response : List.of(unknown, foreignProject, removed)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("error_code").asText()).isEqualTo("DBS.200022");
            assertThat(body.get("error_msg").asText()).isEqualTo("实例不存在");
        }
    }

    @Test
    void strings_style_writes_total_count_and_percentages_as_json_strings() throws Exception {
        putNumberedTasks(250);
        sim.numberStyle(NumberStyle.STRINGS);

        HttpResponse<String> response = signed(Map.of("limit", "1")).send();

        assertThat(response.body()).contains("\"total_count\":\"250\"");
        JsonNode task = okBody(response).get("replications").get(0);
        assertThat(task.get("percentage").isTextual()).isTrue();
        assertThat(task.get("percentage").asText()).isEqualTo("100");
        assertThat(task.get("catchup_percentage").asText()).isEqualTo("0");
        assertThat(task.get("catchup_stage").isNull()).isTrue();
    }

    @Test
    void an_injected_500_is_served_once_and_then_the_normal_page_again() throws Exception {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "incremental", "Yes"));
        sim.inject(INSTANCE, Fault.error(500, "DBS.200001", "Internal error"));

        HttpResponse<String> faulty = signed(Map.of("limit", "10")).send();
        HttpResponse<String> next = signed(Map.of("limit", "10")).send();

        assertThat(faulty.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(faulty.body()).get("error_code").asText()).isEqualTo("DBS.200001");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(okBody(next).get("replications")).hasSize(1);
        assertThat(sim.requests()).extracting(RecordedRequest::status).containsExactly(500, 200);
    }

    @Test
    void a_fault_at_an_offset_hits_only_the_page_at_that_offset() throws Exception {
        putNumberedTasks(250);
        sim.inject(INSTANCE, Fault.rawBody(502, "<html>Bad Gateway</html>").withHeader("Content-Type", "text/html").atOffset(100));

        HttpResponse<String> page0 = signed(Map.of("limit", "100", "offset", "0")).send();
        HttpResponse<String> page100 = signed(Map.of("limit", "100", "offset", "100")).send();
        HttpResponse<String> page100Again = signed(Map.of("limit", "100", "offset", "100")).send();

        assertThat(page0.statusCode()).isEqualTo(200);
        assertThat(page100.statusCode()).isEqualTo(502);
        assertThat(page100.body()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(page100.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(page100Again.statusCode()).isEqualTo(200);
    }

    @Test
    void a_fault_repeated_n_times_is_served_n_times() throws Exception {
        sim.inject(INSTANCE, Fault.throttled(Duration.ofSeconds(3)).times(2));

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> first = signed(Map.of("limit", "10")).send();
        statuses.add(first.statusCode());
        statuses.add(signed(Map.of("limit", "10")).send().statusCode());
        statuses.add(signed(Map.of("limit", "10")).send().statusCode());

        assertThat(statuses).containsExactly(429, 429, 200);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(JSON.readTree(first.body()).get("error_code").asText()).isEqualTo("APIGW.0308");
    }

    @Test
    void a_delay_fault_makes_a_client_with_a_shorter_read_timeout_time_out() throws Exception {
        sim.inject(INSTANCE, Fault.delay(Duration.ofSeconds(5)));
        SignedGet delayed = signed(Map.of("limit", "10"));
        delayed.timeout = Duration.ofMillis(300);

        assertThatThrownBy(delayed::send).isInstanceOf(HttpTimeoutException.class);
        assertThat(signed(Map.of("limit", "10")).send().statusCode()).isEqualTo(200);
    }

    @Test
    void an_unknown_route_or_method_gets_the_gateways_404() throws Exception {
        HttpResponse<String> wrongPath = plainGet("/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases", "", Map.of("X-Auth-Token", TOKEN));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(sim.endpoint().resolve(replicationPath()))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Auth-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(wrongPath, post)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error_code").asText()).isEqualTo("APIGW.0101");
        }
    }

    @Test
    void a_trailing_slash_is_tolerated_and_a_limit_out_of_range_is_a_400_invalid_parameter() throws Exception {
        HttpResponse<String> trailing = signed(AK, SK, replicationPath() + "/", Map.of("limit", "10"),
                sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        HttpResponse<String> tooLarge = signed(Map.of("limit", "1001")).send();
        HttpResponse<String> negativeOffset = signed(Map.of("limit", "10", "offset", "-1")).send();

        assertThat(trailing.statusCode()).isEqualTo(200);
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLarge.body()).get("error_code").asText()).isEqualTo("DBS.280001");
        assertThat(JSON.readTree(tooLarge.body()).get("error_msg").asText()).isEqualTo("Invalid parameter: limit");
        assertThat(negativeOffset.statusCode()).isEqualTo(400);
    }

    @Test
    void a_page_is_served_from_one_consistent_snapshot_while_tasks_are_replaced_concurrently() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        putVersionedTasks(0);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int version = 1; running.get(); version++) {
                putVersionedTasks(version);
            }
        });
        try {
            for (int i = 0; i < 10; i++) {
                JsonNode body = okBody(plainGet(replicationPath(), "limit=1000", Map.of("X-Auth-Token", TOKEN)));
                List<String> stages = new ArrayList<>();
                body.get("replications").forEach(t -> stages.add(t.get("stage").asText()));
                assertThat(stages).hasSize(200).containsOnly(stages.get(0));
            }
        } finally {
            running.set(false);
            writer.join();
        }
    }

    @Test
    void a_before_page_action_changes_the_tasks_between_two_page_requests_of_one_listing_and_runs_only_once() throws Exception {
        putNumberedTasks(250);
        AtomicInteger runs = new AtomicInteger();
        sim.beforePage(INSTANCE, 100, () -> {
            runs.incrementAndGet();
            sim.removeTask(INSTANCE, "task_000");
            sim.putTask(INSTANCE, SimulatedTask.of("task_new", "incremental", "Yes"));
        });

        JsonNode page0 = okBody(signed(Map.of("limit", "100", "offset", "0")).send());
        JsonNode page200 = okBody(signed(Map.of("limit", "100", "offset", "200")).send());
        int runsBeforeOffset100 = runs.get();
        HttpResponse<String> unsigned = plainGet(replicationPath(), "limit=100&offset=100", Map.of());
        JsonNode page100 = okBody(signed(Map.of("limit", "100", "offset", "100")).send());
        okBody(signed(Map.of("limit", "100", "offset", "100")).send());

        assertThat(runsBeforeOffset100).isZero();
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(runs).hasValue(1);
        assertThat(page0.get("replications").get(0).get("task_name").asText()).isEqualTo("task_000");
        assertThat(page200.get("total_count").asInt()).isEqualTo(250);
        // The page at offset 100 already sees the change: task_000 gone shifts every task one place forward.
        assertThat(page100.get("replications").get(0).get("task_name").asText()).isEqualTo("task_101");
        assertThat(page100.get("total_count").asInt()).isEqualTo(250);
        assertThat(sim.tasks(INSTANCE)).extracting(SimulatedTask::taskName).contains("task_new").doesNotContain("task_000");
    }

    @Test
    void a_before_page_action_runs_once_when_many_requests_for_its_offset_arrive_together() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        sim.beforePage(INSTANCE, 0, runs::incrementAndGet);

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 8)
                .mapToObj(i -> sendAsync("limit=10"))
                .toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        assertThat(runs).hasValue(1);
    }

    @Test
    void max_concurrent_requests_counts_requests_held_at_the_same_time_and_restarts_on_reset() throws Exception {
        CountDownLatch allArrived = new CountDownLatch(3);
        for (int offset : new int[] {0, 100, 200}) {
            sim.beforePage(INSTANCE, offset, () -> {
                allArrived.countDown();
                awaitQuietly(allArrived);
            });
        }
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.of(0, 100, 200)
                .mapToObj(offset -> sendAsync("limit=100&offset=" + offset))
                .toList();
        held.forEach(CompletableFuture::join);
        int whileHeld = sim.maxConcurrentRequests();

        sim.resetConcurrency();
        int afterReset = sim.maxConcurrentRequests();
        for (int i = 0; i < 5; i++) {
            okBody(plainGet(replicationPath(), "limit=10", Map.of("X-Auth-Token", TOKEN)));
        }

        assertThat(whileHeld).isEqualTo(3);
        assertThat(afterReset).isZero();
        // A client that waits for each answer before the next request is never counted twice.
        assertThat(sim.maxConcurrentRequests()).isEqualTo(1);
    }

    @Test
    void a_request_in_a_fault_delay_is_still_counted_as_being_handled() throws Exception {
        CountDownLatch delayedArrived = new CountDownLatch(1);
        sim.beforePage(INSTANCE, 0, delayedArrived::countDown);
        sim.inject(INSTANCE, Fault.delay(Duration.ofSeconds(2)).atOffset(0));
        CompletableFuture<HttpResponse<String>> delayed = sendAsync("limit=10&offset=0");
        assertThat(delayedArrived.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> quick = plainGet(replicationPath(), "limit=10&offset=10", Map.of("X-Auth-Token", TOKEN));
        int whileDelayed = sim.maxConcurrentRequests();

        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(whileDelayed).isEqualTo(2);
        assertThat(delayed.join().statusCode()).isEqualTo(200);
    }

    @Test
    void requests_of_one_instance_lists_only_that_instances_requests_in_arrival_order() throws Exception {
        String other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        sim.addInstance(PROJECT, other);
        String otherPath = "/v3/" + PROJECT + "/instances/" + other + "/starrocks/databases/replication";

        plainGet(replicationPath(), "limit=10&offset=0", Map.of("X-Auth-Token", TOKEN));
        plainGet(otherPath, "limit=10", Map.of("X-Auth-Token", TOKEN));
        plainGet(replicationPath(), "limit=10&offset=10", Map.of());
        plainGet("/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases", "", Map.of("X-Auth-Token", TOKEN));
        plainGet(replicationPath(), "limit=10&offset=20", Map.of("X-Auth-Token", TOKEN));

        assertThat(sim.requests(INSTANCE)).extracting(RecordedRequest::rawQuery, RecordedRequest::status)
                .containsExactly(tuple("limit=10&offset=0", 200), tuple("limit=10&offset=10", 401), tuple("limit=10&offset=20", 200));
        assertThat(sim.requests(INSTANCE)).hasSize(sim.requestCount(INSTANCE));
        assertThat(sim.requests(other)).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo(otherPath));
        assertThat(sim.requests("never-asked")).isEmpty();
        assertThat(sim.requests()).hasSize(5);
    }

    // -----------------------------------------------------------------------------------------------------------------

    private CompletableFuture<HttpResponse<String>> sendAsync(String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim.endpoint() + replicationPath() + "?" + query))
                .header("X-Auth-Token", TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other requests did not arrive");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void putNumberedTasks(int n) {
        IntStream.range(0, n).forEach(i -> sim.putTask(INSTANCE, SimulatedTask.of(String.format("task_%03d", i), "incremental", "Yes")));
    }

    private void putVersionedTasks(int version) {
        sim.putTasks(INSTANCE, IntStream.range(0, 200)
                .mapToObj(i -> SimulatedTask.of("task_" + i, "v" + version, "Yes")).toList());
    }

    private static String replicationPath() {
        return "/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases/replication";
    }

    private static String sdkDate(ZonedDateTime time) {
        return SDK_DATE.format(time);
    }

    private static JsonNode okBody(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertSignatureRefused(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error_code").asText()).isEqualTo("APIGW.0301");
        assertThat(body.get("error_msg").asText()).isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
        assertThat(body.get("request_id").asText()).isNotBlank();
    }

    private HttpResponse<String> plainGet(String path, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.endpoint() + path + (query.isEmpty() ? "" : "?" + query)));
        headers.forEach(builder::header);
        return HTTP.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private SignedGet signed(Map<String, String> query) {
        return signed(AK, SK, query, sdkDate(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    private SignedGet signed(String ak, String sk, Map<String, String> query, String sdkDate) {
        return signed(ak, sk, replicationPath(), query, sdkDate, Map.of());
    }

    private SignedGet signed(String ak, String sk, Map<String, String> query, String sdkDate, Map<String, String> extraHeaders) {
        return signed(ak, sk, replicationPath(), query, sdkDate, extraHeaders);
    }

    /** Signs exactly as the vendor's SDK client does: its HttpRequest, its AKSKSigner, its URL. */
    private SignedGet signed(String ak, String sk, String path, Map<String, String> query, String sdkDate, Map<String, String> extraHeaders) {
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
    private static final class SignedGet {
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
