package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests how {@link CredentialsResolver} chooses the credentials: properties, environment variables, files, services. */
class CredentialsResolverTest {

    private static final CloseableHttpClient CLIENT = HttpClientBuilder.create().build();
    private static final List<String> secretsRegistered = new CopyOnWriteArrayList<>();
    @TempDir
    static Path home;

    // Fake secrets, only ever used in this test.
    private static final String PROP_AK = "PROPFAKEAK0000000001";
    private static final String PROP_SK = "propFakeSecretKey000000000000000000000001";
    private static final String ENV_AK = "ENVFAKEAK00000000002";
    private static final String ENV_SK = "envFakeSecretKey0000000000000000000000002";
    private static final String SAMPLE_AK = "SAMPLEFAKEAK00000003";
    private static final String SAMPLE_SK = "sampleFakeSecretKey000000000000000000003";
    private static final String STS_TOKEN = "fake-sts-token-0000000004";
    private static final String IAM_TOKEN = "fake-iam-token-0000000005";

    @Test
    void should_prefer_properties_over_the_environment() {
        Resolved resolved = resolve(
                Map.of(CredentialsResolver.ACCESS_KEY, PROP_AK, CredentialsResolver.SECRET_KEY, PROP_SK),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK,
                        "CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(PROP_AK, PROP_SK, null));
        assertThat(resolved.source()).contains(CredentialsResolver.ACCESS_KEY);
    }

    @Test
    void should_use_a_token_property_alone_as_token_credentials() {
        Resolved resolved = resolve(Map.of(CredentialsResolver.TOKEN, IAM_TOKEN), Map.of());

        assertThat(resolved.credentials()).isEqualTo(new TokenCredentials(IAM_TOKEN));
    }

    @Test
    void should_reject_a_token_together_with_an_access_key_naming_the_token_property() {
        InvalidSettingException error = failure(
                Map.of(CredentialsResolver.TOKEN, IAM_TOKEN, CredentialsResolver.ACCESS_KEY, PROP_AK), Map.of());

        assertThat(error.property()).isEqualTo("watch.auth.token");
    }

    @Test
    void should_name_the_secret_key_property_when_only_the_access_key_property_is_set() {
        InvalidSettingException error = failure(Map.of(CredentialsResolver.ACCESS_KEY, PROP_AK),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK));

        assertThat(error.property()).isEqualTo("watch.auth.secret-key");
    }

    @Test
    void should_name_the_access_key_property_when_only_the_secret_key_property_is_set() {
        InvalidSettingException error = failure(Map.of(CredentialsResolver.SECRET_KEY, PROP_SK), Map.of());

        assertThat(error.property()).isEqualTo("watch.auth.access-key");
    }

    @Test
    void should_read_the_official_sdk_environment_variables_with_a_security_token() {
        Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
                "HUAWEICLOUD_SDK_SK", ENV_SK, "HUAWEICLOUD_SDK_SECURITY_TOKEN", STS_TOKEN));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, STS_TOKEN));
        assertThat(resolved.source()).contains("HUAWEICLOUD_SDK_AK");
    }

    @Test
    void should_read_the_official_sdk_environment_variables_without_a_security_token() {
        Resolved resolved = resolve(Map.of(),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, null));
    }

    @Test
    void should_read_the_api_sample_environment_variables() {
        Resolved resolved = resolve(Map.of(),
                Map.of("CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(SAMPLE_AK, SAMPLE_SK, null));
        assertThat(resolved.source()).contains("CLOUD_SDK_AK");
    }

    @Test
    void should_prefer_the_official_sdk_variables_over_the_api_sample_variables() {
        Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
                "HUAWEICLOUD_SDK_SK", ENV_SK, "CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, null));
    }

    @Test
    void should_name_the_access_key_property_and_the_sample_variable_when_nothing_is_set() {
        InvalidSettingException error = failure(Map.of(), Map.of());

        assertThat(error.property()).isEqualTo("watch.auth.access-key");
        assertThat(error.getMessage()).contains("CLOUD_SDK_AK");
    }

    @Test
    void should_treat_blank_values_as_absent() {
        Resolved resolved = resolve(
                Map.of(CredentialsResolver.TOKEN, "  ", CredentialsResolver.ACCESS_KEY, "",
                        CredentialsResolver.SECRET_KEY, " \t"),
                Map.of("HUAWEICLOUD_SDK_AK", " ", "HUAWEICLOUD_SDK_SK", "",
                        "CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(SAMPLE_AK, SAMPLE_SK, null));
    }

    @Test
    void should_treat_a_blank_security_token_as_absent() {
        Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
                "HUAWEICLOUD_SDK_SK", ENV_SK, "HUAWEICLOUD_SDK_SECURITY_TOKEN", "   "));

        assertThat(((AkSkCredentials) resolved.credentials()).securityToken()).isNull();
    }

    @Test
    void should_never_put_a_secret_value_in_an_exception_message() {
        List<InvalidSettingException> errors = List.of(
                failure(Map.of(CredentialsResolver.TOKEN, IAM_TOKEN, CredentialsResolver.ACCESS_KEY, PROP_AK,
                        CredentialsResolver.SECRET_KEY, PROP_SK), Map.of()),
                failure(Map.of(CredentialsResolver.ACCESS_KEY, PROP_AK,
                        CredentialsResolver.SECURITY_TOKEN, STS_TOKEN), Map.of()),
                failure(Map.of(CredentialsResolver.SECRET_KEY, PROP_SK), Map.of()),
                failure(Map.of(), Map.of("HUAWEICLOUD_SDK_SK", ENV_SK, "HUAWEICLOUD_SDK_SECURITY_TOKEN", STS_TOKEN)),
                failure(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK)),
                failure(Map.of(), Map.of("CLOUD_SDK_SK", SAMPLE_SK)),
                failure(Map.of(), Map.of("CLOUD_SDK_AK", SAMPLE_AK)),
                failure(Map.of(CredentialsResolver.SECURITY_TOKEN, STS_TOKEN), Map.of()));

        for (InvalidSettingException error : errors) {
            assertThat(error.getMessage()).doesNotContain(PROP_AK, PROP_SK, ENV_AK, ENV_SK, SAMPLE_AK, SAMPLE_SK,
                    STS_TOKEN, IAM_TOKEN);
        }
        assertThat(errors).extracting(InvalidSettingException::property).containsExactly(
                "watch.auth.token", "watch.auth.secret-key", "watch.auth.access-key", "HUAWEICLOUD_SDK_AK",
                "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_AK", "CLOUD_SDK_SK", "watch.auth.access-key");
    }

    @Test
    void should_read_the_sdk_credentials_file_when_no_property_or_variable_is_set() throws Exception {
        Path file = home.resolve(".huaweicloud").resolve("credentials");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[basic]\nak = " + ENV_AK + "\nsk = " + ENV_SK + "\nproject_id = p-from-file\n");
        try {
            Resolved resolved = resolve(Map.of(), Map.of());

            assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, null));
            assertThat(resolved.source()).contains(file.toString());
            assertThat(resolver(Map.of(), Map.of()).credentialsFileProject()).contains("p-from-file");
            assertThat(secretsRegistered).contains(ENV_SK);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void should_name_the_credentials_file_setting_when_the_file_lacks_the_secret_key() throws Exception {
        Path file = home.resolve("half-credentials");
        Files.writeString(file, "[basic]\nak = " + ENV_AK + "\n");

        InvalidSettingException error = failure(Map.of("watch.auth.credentials-file", file.toString()), Map.of());

        assertThat(error.property()).isEqualTo("watch.auth.credentials-file");
        assertThat(error.getMessage()).contains("lacks sk").doesNotContain(ENV_AK);
    }

    @Test
    void should_prefer_a_token_file_that_is_set_over_the_environment() throws Exception {
        Path file = home.resolve("token");
        Files.writeString(file, IAM_TOKEN + "\n");

        Resolved resolved = resolve(Map.of("watch.auth.token-file", file.toString()),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK));

        assertThat(resolved.credentials()).isEqualTo(new TokenCredentials(IAM_TOKEN));
        assertThat(secretsRegistered).contains(IAM_TOKEN);
    }

    @Test
    void should_name_the_iam_user_when_the_password_source_is_chosen_without_one() {
        InvalidSettingException error = failure(Map.of(CredentialsResolver.SOURCE, "iam-password",
                "watch.iam.domain", "acme"), Map.of());

        assertThat(error.property()).isEqualTo("watch.iam.user");
    }

    @Test
    void should_name_the_agency_when_no_key_pair_can_assume_it() {
        InvalidSettingException error = failure(Map.of("watch.iam.agency", "watch-agency",
                "watch.iam.domain", "acme"), Map.of());

        assertThat(error.property()).isEqualTo("watch.iam.agency");
    }

    @Test
    void should_ask_the_metadata_service_only_when_chosen() {
        InvalidSettingException error = failure(Map.of(), Map.of());
        Resolved metadata = resolve(Map.of(CredentialsResolver.SOURCE, "metadata",
                "watch.auth.metadata-endpoint", "http://127.0.0.1:9"), Map.of());

        assertThat(error.getMessage()).contains("no credentials found");
        assertThat(metadata.source()).contains("metadata service at http://127.0.0.1:9");
    }

    @Test
    void should_reject_a_metadata_endpoint_that_is_not_a_url() {
        InvalidSettingException error = failure(Map.of(CredentialsResolver.SOURCE, "metadata",
                "watch.auth.metadata-endpoint", "169.254.169.254"), Map.of());

        assertThat(error.property()).isEqualTo("watch.auth.metadata-endpoint");
    }

    /** What the chosen provider gives now, and how it describes itself. */
    private record Resolved(Credentials credentials, String source) {
    }

    private static Resolved resolve(Map<String, String> properties, Map<String, String> env) {
        CredentialsProvider provider = resolver(properties, env).resolve(URI.create("https://iam.myhuaweicloud.com"));
        // The metadata source is only described: nothing listens on its address.
        boolean fetches = provider.describe().contains("metadata service");
        return new Resolved(fetches ? null : provider.current("project"), provider.describe());
    }

    private static CredentialsResolver resolver(Map<String, String> properties, Map<String, String> env) {
        return new CredentialsResolver(lookup(properties), env, home, new CredentialsResolver.Runtime(
                Clock.systemUTC(), secretsRegistered::addAll, () -> CLIENT, () -> CLIENT));
    }

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }
    private static InvalidSettingException failure(Map<String, String> properties, Map<String, String> env) {
        InvalidSettingException error = catchThrowableOfType(InvalidSettingException.class,
                () -> resolve(properties, env));
        assertThat(error).as("resolving %s / %s should fail", properties.keySet(), env.keySet()).isNotNull();
        return error;
    }

    private static Function<String, Optional<String>> lookup(Map<String, String> properties) {
        return name -> Optional.ofNullable(properties.get(name));
    }
}
