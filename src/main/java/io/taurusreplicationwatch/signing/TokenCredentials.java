package io.taurusreplicationwatch.signing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A static IAM token sent as {@code X-Auth-Token}; requests are not signed. */
public record TokenCredentials(String token) implements Credentials {

    public static final String AUTH_TOKEN_HEADER = "X-Auth-Token";

    @Override
    public Map<String, String> authenticate(SignableRequest request, Instant now) {
        return Map.of(AUTH_TOKEN_HEADER, token);
    }

    @Override
    public String describe() {
        return "IAM token (X-Auth-Token)";
    }

    @Override
    public List<String> secrets() {
        return List.of(token);
    }

    @Override
    public String toString() {
        return describe();
    }
}
