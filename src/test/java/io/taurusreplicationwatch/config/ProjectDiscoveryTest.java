package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.api.ApiHttpClient;
import io.taurusreplicationwatch.api.TokenRefusalRetry;
import io.taurusreplicationwatch.credentials.FixedCredentials;
import io.taurusreplicationwatch.api.ApiRequestGuard;
import io.taurusreplicationwatch.api.RequestLimits;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.observability.SecretMask;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import io.taurusreplicationwatch.simulator.IamSimulator;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.support.processor.DefaultMaskingFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectDiscovery} against a stand-in IAM on 127.0.0.1 that checks every signature with the vendor's signer:
 * one project, none, two, and error answers.
 */
class ProjectDiscoveryTest {

    // Fake secrets, only ever used in this test.
    private static final String AK = "FAKEIAMAK00000000001";
    private static final String SK = "fake-iam-secret-key-0123456789abcdefghij";
    private static final String TOKEN = "fake-iam-token-0123456789";
    private static final String NORTH_PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String SOUTH_PROJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String GIVEN_PROJECT = "11112222333344445555666677778888";
    private static final String A = "0123456789abcdef0123456789abcdefin07";
    private static final String B = "fedcba9876543210fedcba9876543210in07";
    private static final String C = "00000000000000000000000000000000in07";

    private final IamSimulator iam = IamSimulator.start().acceptAkSk(AK, SK).acceptToken(TOKEN);
    private final ApiRequestGuard guard = new ApiRequestGuard(new RequestLimits(1 << 20, Duration.ofSeconds(5)));

    @AfterEach
    void stop() {
        iam.close();
        guard.close();
    }

    @Test
    void should_give_each_instance_without_a_project_the_one_project_iam_lists_for_its_region_asking_once_per_region() {
        iam.addProject(NORTH_PROJECT, "cn-north-4").addProject(SOUTH_PROJECT, "cn-south-1")
                .addProject("ffffffffffffffffffffffffffffffff", "cn-south-1_sub");

        List<WatchedInstance> watched = discovery(iam.endpoint(), new AkSkCredentials(AK, SK, null)).watched(List.of(
                new InstanceEntry("cn-north-4", Optional.empty(), A),
                new InstanceEntry("cn-south-1", Optional.empty(), B),
                new InstanceEntry("cn-south-1", Optional.of(GIVEN_PROJECT), C),
                new InstanceEntry("cn-north-4", Optional.empty(), C)));

        assertThat(watched).containsExactly(new WatchedInstance("cn-north-4", NORTH_PROJECT, A),
                new WatchedInstance("cn-south-1", SOUTH_PROJECT, B), new WatchedInstance("cn-south-1", GIVEN_PROJECT, C),
                new WatchedInstance("cn-north-4", NORTH_PROJECT, C));
        assertThat(iam.requests()).extracting(RecordedRequest::rawQuery)
                .containsExactly("name=cn-north-4", "name=cn-south-1");
        assertThat(iam.requests()).allSatisfy(request -> {
            assertThat(request.status()).as("signature accepted").isEqualTo(200);
            assertThat(request.header("Authorization")).startsWith("SDK-HMAC-SHA256 Access=" + AK);
        });
    }

    @Test
    void should_ask_iam_with_the_token_when_a_token_is_configured() {
        iam.addProject(SOUTH_PROJECT, "cn-south-1");

        List<WatchedInstance> watched = discovery(iam.endpoint(), new TokenCredentials(TOKEN))
                .watched(List.of(new InstanceEntry("cn-south-1", Optional.empty(), A)));

        assertThat(watched).containsExactly(new WatchedInstance("cn-south-1", SOUTH_PROJECT, A));
        assertThat(iam.requests()).singleElement().satisfies(request -> {
            assertThat(request.status()).isEqualTo(200);
            assertThat(request.header("X-Auth-Token")).isEqualTo(TOKEN);
        });
    }

    @Test
    void should_not_ask_iam_when_every_instance_has_its_project() {
        URI nobodyListens = URI.create("http://127.0.0.1:" + LoopbackPorts.free());

        List<WatchedInstance> watched = discovery(nobodyListens, new AkSkCredentials(AK, SK, null))
                .watched(List.of(new InstanceEntry("cn-south-1", Optional.of(GIVEN_PROJECT), A)));

        assertThat(watched).containsExactly(new WatchedInstance("cn-south-1", GIVEN_PROJECT, A));
    }

    @Test
    void should_stop_the_start_naming_the_region_and_the_fix_when_iam_lists_no_project_of_that_name() {
        iam.addProject(NORTH_PROJECT, "cn-north-4");

        InvalidSettingException error = failure(new AkSkCredentials(AK, SK, null), "cn-south-1");

        assertThat(error.property()).isEqualTo("watch.instances");
        assertThat(error.getMessage()).contains("lists no project named 'cn-south-1'",
                "set the project id: write the entries as cn-south-1/<project_id>:<instance_id>");
    }

    @Test
    void should_stop_the_start_naming_both_projects_when_iam_lists_two_of_that_name() {
        iam.addProject(NORTH_PROJECT, "cn-south-1").addProject(SOUTH_PROJECT, "cn-south-1");

        InvalidSettingException error = failure(new AkSkCredentials(AK, SK, null), "cn-south-1");

        assertThat(error.getMessage()).contains("lists 2 projects [" + NORTH_PROJECT + ", " + SOUTH_PROJECT
                + "] named 'cn-south-1'", "set the project id");
    }

    @Test
    void should_stop_the_start_with_the_iam_error_code_when_iam_refuses() {
        iam.answerNext(403, "{\"error\":{\"code\":\"IAM.0003\",\"message\":\"Policy doesn't allow iam:projects:list"
                + " to be performed.\",\"title\":\"Forbidden\"}}");

        InvalidSettingException error = failure(new AkSkCredentials(AK, SK, null), "cn-south-1");

        assertThat(error.getMessage()).contains("cannot discover the project of region 'cn-south-1'",
                "HTTP 403 IAM.0003: Policy doesn't allow iam:projects:list", "set the project id");
    }

    @Test
    void should_stop_the_start_with_the_gateway_code_when_the_signature_is_refused_without_showing_the_secret() {
        String wrongSecret = "not-the-secret-key-iam-accepts-01234567";

        InvalidSettingException error = failure(new AkSkCredentials(AK, wrongSecret, null), "cn-south-1");

        assertThat(error.getMessage()).contains("HTTP 401 APIGW.0301", "check the credentials")
                .doesNotContain(wrongSecret);
    }

    @Test
    void should_stop_the_start_as_malformed_when_iam_answers_without_a_list_of_projects() {
        iam.answerNext(200, "{\"links\":{}}");

        InvalidSettingException error = failure(new AkSkCredentials(AK, SK, null), "cn-south-1");

        assertThat(error.getMessage()).contains("WATCH.MALFORMED_RESPONSE: IAM's answer holds no list of projects");
    }

    @Test
    void should_mask_the_credentials_when_iams_error_text_repeats_them() {
        iam.answerNext(401, "{\"error_msg\":\"The access key " + AK + " with secret " + SK + " is invalid\","
                + "\"error_code\":\"IAM.0101\"}");

        InvalidSettingException error = failure(new AkSkCredentials(AK, SK, null), "cn-south-1");

        assertThat(error.getMessage()).contains("HTTP 401 IAM.0101: The access key " + SecretMask.MASK)
                .doesNotContain(AK).doesNotContain(SK);
    }

    @Test
    void should_stop_the_start_naming_the_cause_when_iam_cannot_be_reached() {
        URI nobodyListens = URI.create("http://127.0.0.1:" + LoopbackPorts.free());

        InvalidSettingException error = catchThrowableOfType(InvalidSettingException.class,
                () -> discovery(nobodyListens, new AkSkCredentials(AK, SK, null))
                        .watched(List.of(new InstanceEntry("cn-south-1", Optional.empty(), A))));

        assertThat(error.getMessage()).contains("from IAM at " + nobodyListens, "WATCH.HttpHostConnectException",
                "watch.iam.endpoint");
    }

    private InvalidSettingException failure(Credentials credentials, String region) {
        return catchThrowableOfType(InvalidSettingException.class, () -> discovery(iam.endpoint(), credentials)
                .watched(List.of(new InstanceEntry(region, Optional.empty(), A))));
    }

    private ProjectDiscovery discovery(URI endpoint, Credentials credentials) {
        FixedCredentials provider = new FixedCredentials(credentials, "test");
        return new ProjectDiscovery(endpoint, provider, new ApiHttpClient(guard,
                ApiTransportSettings.from(key -> Optional.empty(), Map.of()), new TokenRefusalRetry(provider)),
                new SecretMask(credentials.secrets(), new DefaultMaskingFormatter()), Clock.systemUTC());
    }
}
