package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Tests how {@link CredentialsResolver} chooses the credentials from properties and environment variables. */
class CredentialsResolverTest {

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
        CredentialsResolver.Resolved resolved = resolve(
                Map.of(CredentialsResolver.ACCESS_KEY, PROP_AK, CredentialsResolver.SECRET_KEY, PROP_SK),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK,
                        "CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(PROP_AK, PROP_SK, null));
        assertThat(resolved.source()).contains(CredentialsResolver.ACCESS_KEY);
    }

    @Test
    void should_use_a_token_property_alone_as_token_credentials() {
        CredentialsResolver.Resolved resolved = resolve(Map.of(CredentialsResolver.TOKEN, IAM_TOKEN), Map.of());

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
        CredentialsResolver.Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
                "HUAWEICLOUD_SDK_SK", ENV_SK, "HUAWEICLOUD_SDK_SECURITY_TOKEN", STS_TOKEN));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, STS_TOKEN));
        assertThat(resolved.source()).contains("HUAWEICLOUD_SDK_AK");
    }

    @Test
    void should_read_the_official_sdk_environment_variables_without_a_security_token() {
        CredentialsResolver.Resolved resolved = resolve(Map.of(),
                Map.of("HUAWEICLOUD_SDK_AK", ENV_AK, "HUAWEICLOUD_SDK_SK", ENV_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(ENV_AK, ENV_SK, null));
    }

    @Test
    void should_read_the_api_sample_environment_variables() {
        CredentialsResolver.Resolved resolved = resolve(Map.of(),
                Map.of("CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(SAMPLE_AK, SAMPLE_SK, null));
        assertThat(resolved.source()).contains("CLOUD_SDK_AK");
    }

    @Test
    void should_prefer_the_official_sdk_variables_over_the_api_sample_variables() {
        CredentialsResolver.Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
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
        CredentialsResolver.Resolved resolved = resolve(
                Map.of(CredentialsResolver.TOKEN, "  ", CredentialsResolver.ACCESS_KEY, "",
                        CredentialsResolver.SECRET_KEY, " \t"),
                Map.of("HUAWEICLOUD_SDK_AK", " ", "HUAWEICLOUD_SDK_SK", "",
                        "CLOUD_SDK_AK", SAMPLE_AK, "CLOUD_SDK_SK", SAMPLE_SK));

        assertThat(resolved.credentials()).isEqualTo(new AkSkCredentials(SAMPLE_AK, SAMPLE_SK, null));
    }

    @Test
    void should_treat_a_blank_security_token_as_absent() {
        CredentialsResolver.Resolved resolved = resolve(Map.of(), Map.of("HUAWEICLOUD_SDK_AK", ENV_AK,
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

    private static CredentialsResolver.Resolved resolve(Map<String, String> properties, Map<String, String> env) {
        return new CredentialsResolver(lookup(properties), env).resolve();
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
