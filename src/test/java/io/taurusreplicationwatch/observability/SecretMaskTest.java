package io.taurusreplicationwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.SignableRequest;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.support.processor.DefaultMaskingFormatter;
import org.junit.jupiter.api.Test;

/** {@link SecretMask} on the text shapes Camel logs: exchange dumps, HTTP activity lines, JSON, exception messages. */
class SecretMaskTest {

    private static final AkSkCredentials TEMPORARY = new AkSkCredentials("AKMASKTEST0000000001",
            "mask-test-secret-key-0123456789", "mask-test-security-token-ABCDEFGH");
    private static final SignableRequest REQUEST = new SignableRequest("GET", "gaussdb.example:443",
            "/v3/p/instances/i/starrocks/databases/replication", Map.of("limit", List.of("100")),
            Map.of("X-Language", "en-us"), null);

    private final SecretMask mask = new SecretMask(TEMPORARY.secrets(), new DefaultMaskingFormatter());
    private final Map<String, String> signed = TEMPORARY.authenticate(REQUEST, Instant.parse("2026-12-01T10:00:00Z"));
    private final String signature = signed.get("Authorization").replaceAll(".*Signature=", "");

    @Test
    void should_hide_keys_token_and_signature_in_a_camel_header_map_and_keep_the_rest() {
        String dump = "Exchange[Id: 1, Headers: {Authorization=" + signed.get("Authorization")
                + ", CamelHttpUri=https://gaussdb.example/v3/p, X-Sdk-Date=" + signed.get("X-Sdk-Date")
                + ", X-Security-Token=" + signed.get("X-Security-Token") + "}, Body: [Body is null]]";

        String masked = mask.format(dump);

        assertThat(masked).doesNotContain(TEMPORARY.accessKey()).doesNotContain(TEMPORARY.securityToken())
                .doesNotContain(signature)
                .contains("Authorization=xxxxx").contains("Signature=xxxxx").contains("X-Security-Token=xxxxx")
                .contains("CamelHttpUri=https://gaussdb.example/v3/p").contains("X-Sdk-Date=20261201T100000Z")
                .contains("SignedHeaders=host;x-language;x-sdk-date;x-security-token");
    }

    @Test
    void should_hide_header_values_in_http_activity_lines_and_json() {
        String activity = "Authorization: " + signed.get("Authorization") + "\nX-Security-Token: "
                + signed.get("X-Security-Token") + "\nX-Language: en-us";
        String json = "{\"X-Auth-Token\":\"some-other-iam-token\",\"X-Language\":\"en-us\"}";

        assertThat(mask.format(activity)).doesNotContain(TEMPORARY.securityToken()).doesNotContain(signature)
                .contains("Authorization: xxxxx").contains("X-Language: en-us");
        assertThat(mask.format(json)).doesNotContain("some-other-iam-token").contains("\"X-Language\":\"en-us\"");
    }

    @Test
    void should_hide_a_secret_registered_after_start_up_from_then_on() {
        String refreshed = "refreshed-security-token-0000000007";
        assertThat(mask.format("token " + refreshed)).contains(refreshed);

        mask.register(List.of(refreshed));

        assertThat(mask.format("token " + refreshed)).isEqualTo("token " + SecretMask.MASK);
    }

    @Test
    void should_hide_a_configured_secret_wherever_it_appears() {
        String message = "java.lang.IllegalStateException: cannot use mask-test-secret-key-0123456789 here";

        assertThat(mask.format(message)).isEqualTo("java.lang.IllegalStateException: cannot use xxxxx here");
    }

    @Test
    void should_hide_an_iam_token_and_still_apply_camels_keywords() {
        SecretMask tokenMask = new SecretMask(new TokenCredentials("iam-token-value-XYZ").secrets(),
                new DefaultMaskingFormatter());

        assertThat(tokenMask.format("sent iam-token-value-XYZ with password=hunter2"))
                .isEqualTo("sent xxxxx with password=xxxxx");
    }
}
