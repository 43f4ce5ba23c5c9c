package io.taurusreplicationwatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests {@link ApigSigner}, {@link AkSkCredentials} and {@link TokenCredentials} against the official SDK signer. */
class ApigSignerTest {

    // Fake credentials, only ever used in this test.
    private static final String AK = "AKFAKE0123456789ABCD";
    private static final String SK = "skFake0123456789abcdefghijklmnopqrstuvwx";
    private static final String TOKEN = "fake-security-token-0123456789";
    private static final String SDK_DATE = "20261124T120000Z";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-24T12:00:00Z");
    private static final String HOST = "gaussdb.cn-north-4.myhuaweicloud.com";
    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String INSTANCE = "0123456789abcdef0123456789abcdefin07";
    private static final String LISTING = "/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases/replication";

    // ---------------------------------------------------------------------------------------------------------------
    // Fixed vectors. The expected values were printed once by the official SDK (huaweicloud-sdk-core 3.1.143,
    // AKSKSigner.getInstance().sign(...)) for exactly these requests; they are not produced by ApigSigner.

    @Test
    void should_sign_the_first_listing_page_as_the_official_sdk_does() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100", "offset", "0"),
                headers("X-Language", "en-us", "X-Project-Id", PROJECT, "X-Sdk-Date", SDK_DATE), null);

        assertThat(ApigSigner.authorization(AK, SK, request)).isEqualTo("SDK-HMAC-SHA256 Access=AKFAKE0123456789ABCD,"
                + " SignedHeaders=host;x-language;x-project-id;x-sdk-date,"
                + " Signature=78377c27a68f343bcdb0f54d04e56c45af8be6456e77dc69bfb422486dd0b51e");
    }

    @Test
    void should_sign_a_request_with_a_security_token_as_the_official_sdk_does() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100", "offset", "100"),
                headers("X-Language", "zh-cn", "X-Project-Id", PROJECT, "X-Security-Token", TOKEN,
                        "X-Sdk-Date", SDK_DATE), null);

        assertThat(ApigSigner.authorization(AK, SK, request)).isEqualTo("SDK-HMAC-SHA256 Access=AKFAKE0123456789ABCD,"
                + " SignedHeaders=host;x-language;x-project-id;x-sdk-date;x-security-token,"
                + " Signature=06ebe6ecd2d4cdf4dbc92d393da258c6bfc35398235d2a232b660bec61c410b7");
    }

    @Test
    void should_sign_a_request_with_a_json_body_as_the_official_sdk_does() {
        SignableRequest request = new SignableRequest("POST", HOST, LISTING, Map.of(),
                headers("Content-Type", "application/json;charset=UTF-8", "X-Project-Id", PROJECT,
                        "X-Sdk-Date", SDK_DATE),
                "{\"source_database\":\"sales\",\"target_database\":\"sales_olap\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(ApigSigner.authorization(AK, SK, request)).isEqualTo("SDK-HMAC-SHA256 Access=AKFAKE0123456789ABCD,"
                + " SignedHeaders=host;x-project-id;x-sdk-date,"
                + " Signature=b940df293315111abc96bd43ea165113950d2551ef4a1c78b4ec391f17729216");
    }

    @Test
    void should_sign_the_fixed_listing_vector_through_ak_sk_credentials() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100", "offset", "0"),
                headers("X-Language", "en-us", "X-Project-Id", PROJECT), null);

        Map<String, String> added = new AkSkCredentials(AK, SK, null).authenticate(request, SIGNED_AT);

        assertThat(added).containsEntry("Authorization", "SDK-HMAC-SHA256 Access=AKFAKE0123456789ABCD,"
                + " SignedHeaders=host;x-language;x-project-id;x-sdk-date,"
                + " Signature=78377c27a68f343bcdb0f54d04e56c45af8be6456e77dc69bfb422486dd0b51e");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Oracle: the official SDK signs the same request at the same X-Sdk-Date.

    /** One request as the caller would build it; {@code X-Sdk-Date} (and the token header) are added by the test. */
    record Case(String method, String authority, String path, Map<String, List<String>> query,
                Map<String, String> headers, String body, String securityToken) {
    }

    // Parameter names that need percent-encoding are left out on purpose: the SDK puts such a name unencoded into
    // the URL and then signs it twice ("a b=1&a%20b=1"), a quirk of its HttpRequest, not of the algorithm.
    static Stream<Arguments> requests() {
        Map<String, String> listingHeaders = headers("X-Language", "en-us", "X-Project-Id", PROJECT);
        return Stream.of(
                c("listing, limit then offset", get(LISTING, query("limit", "100", "offset", "0"), listingHeaders)),
                c("listing, offset then limit", get(LISTING, query("offset", "0", "limit", "100"), listingHeaders)),
                c("listing, second page", get(LISTING, query("limit", "100", "offset", "100"), listingHeaders)),
                c("listing, 1-based page offsets", get(LISTING, query("limit", "50", "offset", "1"), listingHeaders)),
                c("no query", get(LISTING, Map.of(), listingHeaders)),
                c("only limit", get(LISTING, query("limit", "1000"), listingHeaders)),
                c("no header but the date", get(LISTING, query("limit", "100"), Map.of())),
                c("value with a space", get("/v3/p/items", query("name", "sales db"), Map.of())),
                c("value with a plus", get("/v3/p/items", query("name", "a+b"), Map.of())),
                c("value with a slash", get("/v3/p/items", query("name", "a/b/c"), Map.of())),
                c("value with a tilde", get("/v3/p/items", query("name", "a~b"), Map.of())),
                c("value with an asterisk", get("/v3/p/items", query("name", "a*b"), Map.of())),
                c("value with u-umlaut", get("/v3/p/items", query("name", "Müller"), Map.of())),
                c("value with CJK", get("/v3/p/items", query("name", "数据库"), Map.of())),
                c("value with = and &", get("/v3/p/items", query("filter", "a=b&c"), Map.of())),
                c("value with every special", get("/v3/p/items", query("q", "a b+c/d~e*f ü 数据"), Map.of())),
                c("empty value", get("/v3/p/items", query("name", "", "limit", "10"), Map.of())),
                c("repeated parameter b,a", get("/v3/p/items", queryList("tag", List.of("b", "a")), Map.of())),
                c("repeated parameter a,b", get("/v3/p/items", queryList("tag", List.of("a", "b")), Map.of())),
                c("names sorted by code point", get("/v3/p/items",
                        query("beta", "2", "Zeta", "3", "alpha", "1", "a-b", "4", "a.b", "5"), Map.of())),
                c("trailing slash", get(LISTING + "/", query("limit", "100", "offset", "0"), listingHeaders)),
                c("root path", get("/", Map.of(), Map.of())),
                c("percent-encoded path segment", get("/v3/p/instances/a%20b/x", Map.of(), Map.of())),
                c("path with colon and tilde", get("/v3/p/tags/a:b~c", Map.of(), Map.of())),
                c("security token", new Case("GET", HOST, LISTING, query("limit", "100", "offset", "0"),
                        listingHeaders, null, TOKEN)),
                c("mixed-case header names", get(LISTING, query("limit", "100"),
                        headers("x-LANGUAGE", "zh-cn", "X-PROJECT-ID", PROJECT, "X-Request-Id", "r-1"))),
                c("Content-Type header is not signed", get(LISTING, query("limit", "100"),
                        headers("Content-Type", "application/json", "X-Project-Id", PROJECT))),
                c("header with underscore is not signed", get(LISTING, query("limit", "100"),
                        headers("X_Custom_Header", "x", "X-Project-Id", PROJECT))),
                c("header values are not trimmed", get(LISTING, Map.of(),
                        headers("X-Padded", " padded  value ", "X-Project-Id", PROJECT))),
                c("non-default port", new Case("GET", "gaussdb.example.com:8443", LISTING,
                        query("limit", "100", "offset", "0"), listingHeaders, null, null)),
                c("explicit default port", new Case("GET", HOST + ":443", LISTING, query("limit", "100"),
                        listingHeaders, null, null)),
                c("Host header overrides the authority", get(LISTING, query("limit", "100"),
                        headers("Host", "proxy.example.com", "X-Project-Id", PROJECT))),
                c("POST with a JSON body", new Case("POST", HOST, LISTING, Map.of(),
                        headers("Content-Type", "application/json", "X-Project-Id", PROJECT),
                        "{\"source_database\":\"sales\",\"target_database\":\"sales_olap\"}", null)),
                c("POST with a UTF-8 body and a query", new Case("POST", HOST, "/v3/p/items", query("dry_run", "true"),
                        headers("Content-Type", "application/json;charset=UTF-8"),
                        "{\"name\":\"数据 Müller\"}", null)),
                c("PUT with a body and a token", new Case("PUT", HOST, "/v3/p/items/1", Map.of(),
                        headers("Content-Type", "application/json", "X-Project-Id", PROJECT), "{\"a\":1}", TOKEN)),
                c("DELETE without body", new Case("DELETE", HOST, "/v3/p/items/1", Map.of(), listingHeaders,
                        null, null)),
                c("declared unsigned payload", new Case("POST", HOST, "/v3/p/items", Map.of(),
                        headers("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"), "{\"a\":1}", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void should_agree_with_the_official_sdk_signer(String description, Case request) {
        SignableRequest ours = new SignableRequest(request.method(), request.authority(), request.path(),
                request.query(), request.headers(), bytes(request.body()));
        Map<String, String> signedHeaders = new LinkedHashMap<>(request.headers());
        signedHeaders.put("X-Sdk-Date", SDK_DATE);
        if (request.securityToken() != null) {
            signedHeaders.put("X-Security-Token", request.securityToken());
        }
        SignableRequest oursAsSigned = new SignableRequest(request.method(), request.authority(), request.path(),
                request.query(), signedHeaders, bytes(request.body()));

        CapturingSigner sdk = new CapturingSigner();
        String expected = sdk.sign(sdkRequest(request, signedHeaders), new BasicCredentials().withAk(AK).withSk(SK))
                .get("Authorization");
        String viaCredentials = new AkSkCredentials(AK, SK, request.securityToken()).authenticate(ours, SIGNED_AT)
                .get("Authorization");
        String direct = ApigSigner.authorization(AK, SK, oursAsSigned);

        String mismatch = "\n--- our canonical request ---\n" + ApigSigner.canonicalRequest(oursAsSigned)
                + "\n--- SDK canonical request ---\n" + sdk.canonicalRequest + "\n";
        assertThat(viaCredentials).as("AkSkCredentials.authenticate" + mismatch).isEqualTo(expected);
        assertThat(direct).as("ApigSigner.authorization" + mismatch).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_format_the_sdk_date_in_utc_whatever_the_default_time_zone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
            assertThat(ApigSigner.sdkDate(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("20261231T235959Z");
            assertThat(ApigSigner.sdkDate(Instant.parse("2027-01-05T03:04:05Z"))).isEqualTo("20270105T030405Z");
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void should_reject_a_request_without_an_sdk_date() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100"),
                headers("X-Project-Id", PROJECT), null);

        assertThatThrownBy(() -> ApigSigner.authorization(AK, SK, request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Sdk-Date");
    }

    @Test
    void should_add_the_date_and_the_authorization_and_no_token_for_permanent_credentials() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100"),
                headers("X-Language", "en-us", "X-Project-Id", PROJECT), null);

        Map<String, String> added = new AkSkCredentials(AK, SK, null).authenticate(request, SIGNED_AT);

        assertThat(added).containsOnlyKeys("X-Sdk-Date", "Authorization");
        assertThat(added.get("X-Sdk-Date")).isEqualTo(SDK_DATE);
        assertThat(added.get("Authorization")).startsWith("SDK-HMAC-SHA256 Access=" + AK
                + ", SignedHeaders=host;x-language;x-project-id;x-sdk-date, Signature=");
    }

    @Test
    void should_add_and_sign_the_security_token_for_temporary_credentials() {
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100"),
                headers("X-Project-Id", PROJECT), null);

        Map<String, String> added = new AkSkCredentials(AK, SK, TOKEN).authenticate(request, SIGNED_AT);

        assertThat(added).containsOnlyKeys("X-Sdk-Date", "X-Security-Token", "Authorization");
        assertThat(added.get("X-Security-Token")).isEqualTo(TOKEN);
        String signedHeaders = added.get("Authorization").replaceAll(".*SignedHeaders=([^,]*),.*", "$1");
        assertThat(signedHeaders.split(";")).contains("x-security-token", "x-sdk-date", "host");
    }

    @Test
    void should_never_show_the_secret_key_the_full_access_key_or_the_token_in_a_description() {
        AkSkCredentials credentials = new AkSkCredentials(AK, SK, TOKEN);

        for (String shown : List.of(credentials.toString(), credentials.describe(),
                new AkSkCredentials(AK, SK, null).toString())) {
            assertThat(shown).doesNotContain(SK).doesNotContain(AK).doesNotContain(TOKEN)
                    .doesNotContain(SK.substring(4, 12));
        }
        assertThat(credentials.describe()).contains(AK.substring(0, 4));
    }

    @Test
    void should_send_only_the_auth_token_header_for_token_credentials() {
        TokenCredentials credentials = new TokenCredentials("fake-iam-token-MIIabc");
        SignableRequest request = new SignableRequest("GET", HOST, LISTING, query("limit", "100"),
                headers("X-Project-Id", PROJECT), null);

        assertThat(credentials.authenticate(request, SIGNED_AT))
                .containsExactly(Map.entry("X-Auth-Token", "fake-iam-token-MIIabc"));
        assertThat(credentials.toString()).doesNotContain("fake-iam-token-MIIabc");
        assertThat(credentials.describe()).doesNotContain("fake-iam-token-MIIabc");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The official signer, unchanged, except that it keeps the canonical request it signed for a failure message. */
    private static final class CapturingSigner extends AKSKSigner {
        String canonicalRequest = "(not built)";

        @Override
        protected String buildCanonicalRequest(String... parts) {
            canonicalRequest = super.buildCanonicalRequest(parts);
            return canonicalRequest;
        }
    }

    private static HttpRequest sdkRequest(Case request, Map<String, String> headers) {
        HttpRequest.HttpRequestBuilder builder = HttpRequest.newBuilder()
                .withMethod(HttpMethod.valueOf(request.method()))
                .withEndpoint("https://" + request.authority())
                .withPath(request.path());
        request.query().forEach(builder::addQueryParam);
        headers.forEach(builder::addHeader);
        if (request.body() != null) {
            builder.withBodyAsString(request.body());
        }
        return builder.build();
    }

    private static Arguments c(String description, Case request) {
        return arguments(description, request);
    }

    private static Case get(String path, Map<String, List<String>> query, Map<String, String> headers) {
        return new Case("GET", HOST, path, query, headers, null, null);
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    /** Query parameters in the order given (name, value, name, value, …). */
    private static Map<String, List<String>> query(String... nameValues) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return query;
    }

    private static Map<String, List<String>> queryList(String name, List<String> values) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put(name, values);
        return query;
    }

    /** Headers in the order given (name, value, name, value, …). */
    private static Map<String, String> headers(String... nameValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.put(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }
}
