package io.taurusreplicationwatch.signing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An access key pair, optionally temporary (with a security token). Signs each request with {@link ApigSigner}.
 * {@link #toString()} never shows the secret parts, so the record is safe in any log or exception message.
 */
public record AkSkCredentials(String accessKey, String secretKey, String securityToken) implements Credentials {

    public static final String SECURITY_TOKEN_HEADER = "X-Security-Token";

    @Override
    public Map<String, String> authenticate(SignableRequest request, Instant now) {
        Map<String, String> signedHeaders = new LinkedHashMap<>(request.headers());
        signedHeaders.put(ApigSigner.SDK_DATE_HEADER, ApigSigner.sdkDate(now));
        if (securityToken != null) {
            // Temporary credentials are only accepted when the token is itself covered by the signature.
            signedHeaders.put(SECURITY_TOKEN_HEADER, securityToken);
        }
        SignableRequest toSign = new SignableRequest(request.method(), request.authority(), request.path(),
                request.queryParameters(), signedHeaders, request.body());
        Map<String, String> added = new LinkedHashMap<>();
        added.put(ApigSigner.SDK_DATE_HEADER, signedHeaders.get(ApigSigner.SDK_DATE_HEADER));
        if (securityToken != null) {
            added.put(SECURITY_TOKEN_HEADER, securityToken);
        }
        added.put("Authorization", ApigSigner.authorization(accessKey, secretKey, toSign));
        return added;
    }

    @Override
    public String describe() {
        return (securityToken == null ? "AK/SK" : "temporary AK/SK with security token") + " (access key "
                + mask(accessKey) + ")";
    }

    @Override
    public List<String> secrets() {
        // The access key is only an identifier, but together with a leaked signature it names whose request it was.
        return Stream.of(accessKey, secretKey, securityToken).filter(value -> value != null).toList();
    }

    @Override
    public String toString() {
        return describe();
    }

    static String mask(String value) {
        return value.length() <= 4 ? "****" : value.substring(0, 4) + "****";
    }
}
