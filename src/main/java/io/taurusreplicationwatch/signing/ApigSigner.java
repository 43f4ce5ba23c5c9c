package io.taurusreplicationwatch.signing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei Cloud API Gateway request signing, algorithm {@code SDK-HMAC-SHA256}.
 * <p>
 * It must agree byte for byte with the official Java SDK's {@code AKSKSigner}, because the gateway recomputes the
 * signature the same way; where that signer departs from AWS SigV4 (values of a repeated query parameter keep their
 * order, header values are not trimmed, {@code Content-Type} is not signed) this class follows the SDK, not SigV4.
 */
public final class ApigSigner {

    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    public static final String SDK_DATE_HEADER = "X-Sdk-Date";
    static final String CONTENT_SHA256_HEADER = "x-sdk-content-sha256";
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private ApigSigner() {
    }

    /** The {@code X-Sdk-Date} value for an instant. */
    public static String sdkDate(Instant instant) {
        return SDK_DATE.format(instant);
    }

    /**
     * The {@code Authorization} header value for a request. The request's headers must hold every header that will be
     * sent, {@code X-Sdk-Date} among them; {@code host} is taken from the request's authority unless a {@code Host}
     * header is given.
     */
    public static String authorization(String accessKey, String secretKey, SignableRequest request) {
        String sdkDate = headerValue(request.headers(), SDK_DATE_HEADER);
        if (sdkDate == null) {
            throw new IllegalArgumentException("the request to sign has no " + SDK_DATE_HEADER + " header");
        }
        Map<String, String> signed = signedHeaders(request);
        String signedHeaderNames = String.join(";", signed.keySet());
        String stringToSign = ALGORITHM + "\n" + sdkDate + "\n" + hex(sha256(canonicalRequest(request, signed)));
        String signature = hex(hmacSha256(secretKey, stringToSign));
        return ALGORITHM + " Access=" + accessKey + ", SignedHeaders=" + signedHeaderNames + ", Signature=" + signature;
    }

    /** The canonical request the signature covers; exposed so that a mismatch can be shown side by side. */
    public static String canonicalRequest(SignableRequest request) {
        return canonicalRequest(request, signedHeaders(request));
    }

    private static String canonicalRequest(SignableRequest request, Map<String, String> signed) {
        StringBuilder headers = new StringBuilder();
        signed.forEach((name, value) -> headers.append(name).append(':').append(value).append('\n'));
        return String.join("\n",
                request.method().toUpperCase(Locale.ROOT),
                canonicalUri(request.path()),
                canonicalQuery(request.queryParameters()),
                headers,
                String.join(";", signed.keySet()),
                payloadHash(request, signed));
    }

    // The SDK never signs Content-Type nor a header whose name holds '_' (proxies may drop those); it signs the Host
    // header when the request sets one, the URL's authority otherwise.
    private static Map<String, String> signedHeaders(SignableRequest request) {
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", request.authority());
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.contains("_")) {
                signed.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return signed;
    }

    // The path arrives raw (already percent-encoded where needed) and each segment is encoded once more, as the SDK
    // does with URL.getPath(); every segment, the last included, ends in '/'.
    static String canonicalUri(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return "/";
        }
        StringBuilder uri = new StringBuilder();
        for (String segment : path.split("/")) {
            uri.append(encode(segment)).append('/');
        }
        return uri.toString();
    }

    static String canonicalQuery(Map<String, List<String>> parameters) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        parameters.forEach((name, values) -> sorted.put(encode(name), values.stream().map(ApigSigner::encode).toList()));
        StringJoiner query = new StringJoiner("&");
        sorted.forEach((name, values) -> {
            if (values.isEmpty()) {
                query.add(name + "=");
            }
            values.forEach(value -> query.add(name + "=" + value));
        });
        return query.toString();
    }

    private static String payloadHash(SignableRequest request, Map<String, String> signed) {
        String declared = signed.get(CONTENT_SHA256_HEADER);
        if (declared != null) {
            return declared;
        }
        return hex(sha256(new String(request.body(), StandardCharsets.UTF_8)));
    }

    /** Percent-encoding as the gateway expects it: RFC 3986 unreserved characters stay, everything else is encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String headerValue(Map<String, String> headers, String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] hmacSha256(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
