package io.taurusreplicationwatch.simulator;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's authentication: AK/SK signatures made by the vendor's own AKSKSigner, static tokens, and the
 * gateway's 404 for a route it does not know, all over real HTTP.
 */
class GatewayAuthTest extends SimulatorHttpTestSupport {

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
    void an_unknown_route_or_method_gets_the_gateways_404() throws Exception {
        HttpResponse<String> wrongPath = plainGet("/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases", "", Map.of("X-Auth-Token", TOKEN));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(sim.endpoint().resolve(replicationPath()))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Auth-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(wrongPath, post)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error_code").asText()).isEqualTo("APIGW.0101");
        }
    }
}
