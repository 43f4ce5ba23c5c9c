package io.taurusreplicationwatch.simulator;

import com.huaweicloud.sdk.core.HttpListener;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.gaussdb.v3.GaussDBClient;
import com.huaweicloud.sdk.gaussdb.v3.model.ListStarRocksDataReplicationsRequest;
import com.huaweicloud.sdk.gaussdb.v3.model.ListStarRocksDataReplicationsResponse;
import com.huaweicloud.sdk.gaussdb.v3.model.StarRocksReplicationInfo;
import com.huaweicloud.sdk.gaussdb.v3.model.StarRocksReplicationInfo.StageEnum;
import com.huaweicloud.sdk.gaussdb.v3.model.StarRocksReplicationInfo.StatusEnum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vendor's own GaussDB client (huaweicloud-sdk-gaussdb 3.1.143) against the simulator, proving it speaks the vendor's contract. */
class OfficialSdkAgainstSimulatorTest {

    private static final String PROJECT = "0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e";
    private static final String INSTANCE = "3b8f2d1a-6c4e-4f7a-9d2b-1e5c7a9b0d3f";
    private static final String AK = "SDKORACLETESTAK0000001";
    private static final String SK = "sdk-oracle-test-secret-key-00000000001";
    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([^,\\s]+)");

    private TaurusDbSimulator sim;
    private final List<String> urisTheSdkSent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSimulator() {
        sim = TaurusDbSimulator.start().acceptAkSk(AK, SK).numberStyle(NumberStyle.STRINGS);
        sim.addInstance(PROJECT, INSTANCE);
    }

    @AfterEach
    void everyRequestStayedOnTheSimulator() {
        try {
            assertThat(urisTheSdkSent).allSatisfy(uri -> assertThat(uri).startsWith(sim.endpoint() + "/v3/" + PROJECT + "/instances/"));
            // The IAM endpoint points at the simulator too: an IAM lookup would show up here as a request off the route.
            assertThat(sim.requests()).allSatisfy(r -> assertThat(r.path()).endsWith("/starrocks/databases/replication"));
            assertThat(sim.requests()).hasSize(urisTheSdkSent.size());
        } finally {
            sim.close();
        }
    }

    @Test
    void the_sdks_signed_request_is_accepted_and_it_parses_total_count_and_the_tasks_of_a_page() {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "incremental", "Yes").withPercentage(100));
        sim.putTask(INSTANCE, SimulatedTask.of("task_b", "full", "No").withPercentage(42).withCatchupStage("wait"));
        sim.putTask(INSTANCE, SimulatedTask.of("task_c", "wait", "Yes").withPercentage(0));

        ListStarRocksDataReplicationsResponse page = client(SK).listStarRocksDataReplications(request("10", "0"));

        assertThat(page.getHttpStatusCode()).isEqualTo(200);
        assertThat(page.getTotalCount()).isEqualTo("3");
        assertThat(page.getReplications()).extracting(StarRocksReplicationInfo::getTaskName)
                .containsExactly("task_a", "task_b", "task_c");
        assertThat(page.getReplications()).extracting(StarRocksReplicationInfo::getStatus)
                .containsExactly(StatusEnum.YES, StatusEnum.NO, StatusEnum.YES);
        assertThat(page.getReplications()).extracting(StarRocksReplicationInfo::getStage)
                .containsExactly(StageEnum.INCREMENTAL, StageEnum.FULL, StageEnum.WAIT);
        assertThat(page.getReplications()).extracting(StarRocksReplicationInfo::getPercentage)
                .containsExactly("100", "42", "0");
        assertThat(page.getReplications().get(1).getSourceDatabase()).isEqualTo("src_task_b");
        assertThat(page.getReplications().get(1).getCatchupStage()).hasToString("wait");
        assertThat(sim.requests(INSTANCE)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void records_mode_pages_250_tasks_with_limit_100_at_offsets_0_100_200_as_100_100_and_50() {
        putNumberedTasks(250);
        GaussDBClient client = client(SK);

        List<ListStarRocksDataReplicationsResponse> pages = new ArrayList<>();
        for (String offset : List.of("0", "100", "200")) {
            pages.add(client.listStarRocksDataReplications(request("100", offset)));
        }

        assertThat(pages).extracting(p -> p.getReplications().size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.getReplications().get(0).getTaskName()).containsExactly("task_000", "task_100", "task_200");
        assertThat(pages).extracting(ListStarRocksDataReplicationsResponse::getTotalCount).containsOnly("250");
        assertThat(sim.requests(INSTANCE)).extracting(RecordedRequest::rawQuery)
                .allSatisfy(q -> assertThat(q).contains("limit=100"));
    }

    @Test
    void pages_mode_gives_the_same_split_for_offsets_1_2_and_3() {
        putNumberedTasks(250);
        sim.offsetMode(OffsetMode.PAGES);
        GaussDBClient client = client(SK);

        List<ListStarRocksDataReplicationsResponse> pages = new ArrayList<>();
        for (String offset : List.of("1", "2", "3")) {
            pages.add(client.listStarRocksDataReplications(request("100", offset)));
        }

        assertThat(pages).extracting(p -> p.getReplications().size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.getReplications().get(0).getTaskName()).containsExactly("task_000", "task_100", "task_200");
        assertThat(pages).extracting(ListStarRocksDataReplicationsResponse::getTotalCount).containsOnly("250");
    }

    @Test
    void a_capitalised_incremental_stays_a_distinct_stage_value_in_the_sdk() {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "Incremental", "Yes"));

        StageEnum stage = client(SK).listStarRocksDataReplications(request("10", "0")).getReplications().get(0).getStage();

        // The SDK's fromValue is case-sensitive and falls back to a new value: no error, but not INCREMENTAL either.
        assertThat(stage.getValue()).isEqualTo("Incremental");
        assertThat(stage).isNotEqualTo(StageEnum.INCREMENTAL);
        assertThat(StageEnum.INCREMENTAL.getValue()).isEqualTo("incremental");
    }

    @Test
    void an_unknown_instance_is_a_service_response_exception_400_dbs_200022_with_the_chinese_message() {
        Throwable thrown = catchThrowable(() -> client(SK).listStarRocksDataReplications(
                new ListStarRocksDataReplicationsRequest().withInstanceId("no-such-instance").withXLanguage("en-us").withLimit("10")));

        // ClientRequestException is the SDK's ServiceResponseException for 4xx answers.
        assertThat(thrown).isInstanceOf(ClientRequestException.class).isInstanceOf(ServiceResponseException.class);
        ServiceResponseException e = (ServiceResponseException) thrown;
        assertThat(e.getHttpStatusCode()).isEqualTo(400);
        assertThat(e.getErrorCode()).isEqualTo("DBS.200022");
        assertThat(e.getErrorMsg()).isEqualTo("实例不存在");
    }

    @Test
    void a_wrong_secret_key_is_a_service_response_exception_401_apigw_0301() {
        Throwable thrown = catchThrowable(() -> client("not-the-secret-key").listStarRocksDataReplications(request("10", "0")));

        assertThat(thrown).isInstanceOf(ClientRequestException.class);
        ServiceResponseException e = (ServiceResponseException) thrown;
        assertThat(e.getHttpStatusCode()).isEqualTo(401);
        assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
        assertThat(sim.requests(INSTANCE)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void the_sdk_cannot_parse_the_numbers_the_api_pages_example_shows() {
        // The API page's example sends total_count and percentage as JSON numbers; the SDK, generated from the
        // service's spec, wants strings and fails on numbers. Which shape the live service sends is not settled,
        // which is why our own parser accepts both. The SDK logs an ERROR stack trace here: expected noise.
        sim.numberStyle(NumberStyle.NUMBERS);
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "incremental", "Yes"));

        Throwable thrown = catchThrowable(() -> client(SK).listStarRocksDataReplications(request("10", "0")));

        // A 200 it cannot parse surfaces as a ServerResponseException (the 5xx kind) carrying status 200 and no code.
        assertThat(thrown).isInstanceOf(ServerResponseException.class);
        ServiceResponseException e = (ServiceResponseException) thrown;
        assertThat(e.getHttpStatusCode()).isEqualTo(200);
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getErrorMsg()).startsWith("json parse error").contains("VALUE_NUMBER_INT");
        assertThat(sim.requests(INSTANCE)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void a_request_without_x_language_is_refused_by_the_sdk_before_anything_is_sent() {
        assertThatThrownBy(() -> client(SK).listStarRocksDataReplications(
                new ListStarRocksDataReplicationsRequest().withInstanceId(INSTANCE).withLimit("10")))
                .isExactlyInstanceOf(SdkException.class)
                .hasMessageContaining("X-Language");
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void the_sdk_signs_host_x_language_x_project_id_and_x_sdk_date() {
        client(SK).listStarRocksDataReplications(request("10", "0"));

        String authorization = sim.requests(INSTANCE).get(0).header("Authorization");
        Matcher signed = SIGNED_HEADERS.matcher(authorization);
        assertThat(signed.find()).as(authorization).isTrue();
        List<String> signedHeaders = Arrays.asList(signed.group(1).split(";"));

        assertThat(authorization).startsWith("SDK-HMAC-SHA256 Access=" + AK + ",");
        assertThat(signedHeaders).contains("host", "x-language", "x-project-id", "x-sdk-date");
        assertThat(sim.requests(INSTANCE).get(0).header("X-Project-Id")).isEqualTo(PROJECT);
    }

    // -----------------------------------------------------------------------------------------------------------------

    /**
     * The vendor's client as a user would build it, but confined to the simulator: no region (so no IAM project
     * lookup), the project id given, the IAM endpoint pointed at the simulator, and a DNS that resolves nothing else.
     */
    private GaussDBClient client(String sk) {
        URI endpoint = sim.endpoint();
        HttpConfig config = HttpConfig.getDefaultHttpConfig()
                .withTimeout(10)
                .withDns(host -> {
                    if (host.equals(endpoint.getHost())) {
                        return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                    }
                    throw new UnknownHostException("this test talks to " + endpoint.getHost() + " only, not " + host);
                })
                .withHttpListeners(List.of(HttpListener.forRequestListener(r -> urisTheSdkSent.add(r.uri()))));
        return GaussDBClient.newBuilder()
                .withHttpConfig(config)
                .withCredential(new BasicCredentials().withAk(AK).withSk(sk).withProjectId(PROJECT)
                        .withIamEndpoint(endpoint.toString()))
                .withEndpoints(List.of(endpoint.toString()))
                .build();
    }

    private static ListStarRocksDataReplicationsRequest request(String limit, String offset) {
        return new ListStarRocksDataReplicationsRequest().withInstanceId(INSTANCE).withXLanguage("en-us")
                .withLimit(limit).withOffset(offset);
    }

    private void putNumberedTasks(int n) {
        sim.putTasks(INSTANCE, IntStream.range(0, n)
                .mapToObj(i -> SimulatedTask.of(String.format("task_%03d", i), "incremental", "Yes")).toList());
    }
}
