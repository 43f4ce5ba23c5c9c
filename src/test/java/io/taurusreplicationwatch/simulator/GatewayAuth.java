package io.taurusreplicationwatch.simulator;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API gateway's authentication, before the service sees a request: a static {@code X-Auth-Token}, or an AK/SK
 * signature ({@code SDK-HMAC-SHA256}) checked by the vendor's own signer over the request as it arrived. Every key
 * pair and token is accepted only until its expiry (none for those given without one), and until it is revoked.
 */
final class GatewayAuth {

    private static final String SIGNATURE_FAILED_MSG = "Incorrect IAM authentication information: verify aksk signature fail";

    private static final String ALGORITHM = "SDK-HMAC-SHA256";
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);
    // The gateway's tolerance for X-Sdk-Date; beyond it a correctly signed request is refused as a replay.
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private static final String EXPIRED_MSG = "Incorrect IAM authentication information: the credentials expired";

    /** A key pair the gateway accepts until {@code expiresAt}; temporary ones only with their security token. */
    private record IssuedKey(String sk, String securityToken, Instant expiresAt) {
    }

    private final Map<String, IssuedKey> keysByAccessKey = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

    void acceptAkSk(String ak, String sk) {
        acceptAkSk(ak, sk, null, Instant.MAX);
    }

    void acceptAkSk(String ak, String sk, String securityToken, Instant expiresAt) {
        if (ak == null || ak.isEmpty() || sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("ak and sk must not be empty");
        }
        keysByAccessKey.put(ak, new IssuedKey(sk, securityToken, expiresAt));
    }

    void acceptToken(String token) {
        acceptToken(token, Instant.MAX);
    }

    void acceptToken(String token, Instant expiresAt) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        tokens.put(token, expiresAt);
    }

    /** Refuses a key pair or token from now on, as a rotation in IAM does. */
    void revoke(String akOrToken) {
        keysByAccessKey.remove(akOrToken);
        tokens.remove(akOrToken);
    }

    /**
     * Null when authenticated, else the error_msg of the gateway's 401. {@code defaultHost} stands in for a missing
     * {@code Host} header.
     */
    String authenticate(Headers headers, String rawPath, QueryParameters query, byte[] body, String defaultHost) {
        String token = headers.getFirst("X-Auth-Token");
        if (token != null) {
            if (!constantTimeContains(tokens.keySet(), token)) {
                return "Incorrect IAM authentication information: decrypt token fail";
            }
            Instant expiresAt = tokens.get(token);
            return expiresAt != null && Instant.now().isBefore(expiresAt) ? null : EXPIRED_MSG;
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return "Incorrect IAM authentication information: Authorization not found";
        }
        if (!verifyAkSk(headers, authorization.trim(), rawPath, query, body, defaultHost)) {
            return SIGNATURE_FAILED_MSG;
        }
        IssuedKey key = keysByAccessKey.get(accessKeyOf(authorization));
        return key != null && Instant.now().isBefore(key.expiresAt()) ? null : EXPIRED_MSG;
    }

    private boolean verifyAkSk(Headers headers, String authorization, String rawPath, QueryParameters query,
                               byte[] body, String defaultHost) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return false;
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String ak = parts.get("Access");
        String signedHeadersValue = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (ak == null || signedHeadersValue == null || signature == null) {
            return false;
        }
        IssuedKey key = keysByAccessKey.get(ak);
        if (key == null) {
            return false;
        }
        String sk = key.sk();
        // Temporary credentials are accepted only with the security token they were issued with.
        if (key.securityToken() != null && !key.securityToken().equals(headers.getFirst("X-Security-Token"))) {
            return false;
        }
        List<String> signedHeaders = Arrays.stream(signedHeadersValue.split(";"))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-sdk-date")) {
            return false;
        }
        // Temporary credentials: an unsigned token could be swapped onto someone else's signature.
        if (headers.getFirst("X-Security-Token") != null && !signedHeaders.contains("x-security-token")) {
            return false;
        }
        if (!withinClockSkew(headers.getFirst("X-Sdk-Date"))) {
            return false;
        }
        String host = headers.getFirst("Host");
        if (host == null || host.isBlank()) {
            host = defaultHost;
        }

        // Rebuild the request as the client's SDK saw it and let the vendor's own signer compute the signature.
        HttpRequest.HttpRequestBuilder rebuilt = HttpRequest.newBuilder()
                .withMethod(HttpMethod.GET)
                .withEndpoint("http://" + host)
                .withPath(rawPath);
        // Decoded values: the signer encodes them itself (RFC 3986 style, %20 for space).
        query.values().forEach(rebuilt::addQueryParam);
        for (String name : signedHeaders) {
            if (name.equals("host")) {
                continue; // the signer takes it from the URL's authority, built above from the Host header
            }
            String value = headers.getFirst(name);
            if (value == null) {
                return false; // a signed header that did not arrive
            }
            // The signer looks these two up by exact (case-sensitive) name.
            String sdkName = switch (name) {
                case "x-sdk-date" -> "X-Sdk-Date";
                case "x-sdk-content-sha256" -> "X-Sdk-Content-Sha256";
                default -> name;
            };
            rebuilt.addHeader(sdkName, value);
        }
        if (body.length > 0) {
            rebuilt.withBodyAsString(new String(body, StandardCharsets.UTF_8));
        }
        Map<String, String> expected;
        try {
            expected = AKSKSigner.getInstance().sign(rebuilt.build(),
                    new BasicCredentials().withAk(ak).withSk(sk));
        } catch (RuntimeException unsignable) {
            return false;
        }
        String expectedSignature = signatureOf(expected.get("Authorization"));
        return expectedSignature != null && MessageDigest.isEqual(
                expectedSignature.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }

    private static String accessKeyOf(String authorization) {
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("Access=")) {
                return trimmed.substring("Access=".length());
            }
        }
        return "";
    }

    private static String signatureOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.lastIndexOf("Signature=");
        return at < 0 ? null : authorization.substring(at + "Signature=".length()).trim();
    }

    private static boolean withinClockSkew(String sdkDate) {
        if (sdkDate == null) {
            return false;
        }
        try {
            Instant signedAt = LocalDateTime.parse(sdkDate, SDK_DATE).toInstant(ZoneOffset.UTC);
            return Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) <= 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // Compares against every accepted token so the time taken does not reveal which prefix matched.
    private static boolean constantTimeContains(Set<String> accepted, String candidate) {
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (String token : accepted) {
            found |= MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given);
        }
        return found;
    }
}
