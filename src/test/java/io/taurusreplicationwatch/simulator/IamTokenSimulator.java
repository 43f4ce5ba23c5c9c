package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * IAM's token service, {@code POST /v3/auth/tokens}: a project-scoped token for the one IAM user and password it knows, or for
 * assuming its one agency with a request signed by an access key ({@code assume_role}); the token in the
 * {@code X-Subject-Token} header, its expiry in {@code token.expires_at}. Anything else is 401.
 */
public final class IamTokenSimulator extends CredentialsIssuerServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String domain;
    private final String user;
    private final String password;
    private final String agency;

    public IamTokenSimulator(TaurusDbSimulator gateway, Duration lifetime, String domain, String user, String password,
                        String agency) {
        super(gateway, lifetime);
        this.domain = domain;
        this.user = user;
        this.password = password;
        this.agency = agency;
    }

    @Override
    protected Reply answer(HttpExchange exchange, String body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v3/auth/tokens")) {
            return new Reply(404, Map.of(), "");
        }
        JsonNode auth = JSON.readTree(body).path("auth");
        String method = auth.at("/identity/methods/0").asText();
        String project = auth.at("/scope/project/id").asText();
        boolean accepted = switch (method) {
            case "password" -> user.equals(auth.at("/identity/password/user/name").asText())
                    && password.equals(auth.at("/identity/password/user/password").asText())
                    && domain.equals(auth.at("/identity/password/user/domain/name").asText());
            case "assume_role" -> agency.equals(auth.at("/identity/assume_role/agency_name").asText())
                    && domain.equals(auth.at("/identity/assume_role/domain_name").asText())
                    && String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                    .startsWith("SDK-HMAC-SHA256 Access=");
            default -> false;
        };
        if (!accepted || project.isEmpty()) {
            return new Reply(401, Map.of(), "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\"}}");
        }
        String token = secret("MIIiam-token-");
        Instant expiresAt = expiry();
        gateway.acceptToken(token, expiresAt);
        return new Reply(201, Map.of("X-Subject-Token", token), "{\"token\":{\"expires_at\":\"" + expiresAt
                + "\",\"methods\":[\"" + method + "\"],\"project\":{\"id\":\"" + project + "\"}}}");
    }
}
