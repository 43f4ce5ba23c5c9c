package io.taurusreplicationwatch.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ECS/CCE metadata service as the official SDK's {@code MetadataAccessor} talks to it: {@code PUT
 * /meta-data/latest/api/token} gives a session token, {@code GET /openstack/latest/securitykey} with it the
 * temporary AK/SK of the server's agency ({@code {"credential":{"access","secret","securitytoken","expires_at"}}}).
 * A security-key request without a valid session token is refused with 401, unless the service has no sessions.
 */
public final class MetadataServiceSimulator extends CredentialsIssuerServer {

    private final Set<String> sessionTokens = ConcurrentHashMap.newKeySet();
    private volatile boolean sessions = true;

    public MetadataServiceSimulator(TaurusDbSimulator gateway, Duration lifetime) {
        super(gateway, lifetime);
    }

    /** As an older metadata service: 404 to the session token request, credentials to anyone who asks. */
    public void withoutSessions() {
        sessions = false;
    }

    /** Forgets the session tokens it gave, as when their TTL ran out. */
    public void expireSessions() {
        sessionTokens.clear();
    }

    @Override
    protected Reply answer(HttpExchange exchange, String body) {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("PUT") && path.equals("/meta-data/latest/api/token")) {
            if (!sessions) {
                return new Reply(404, Map.of(), "");
            }
            if (exchange.getRequestHeaders().getFirst("X-Metadata-Token-Ttl-Seconds") == null) {
                return new Reply(400, Map.of(), "");
            }
            String token = secret("session-");
            sessionTokens.add(token);
            return new Reply(200, Map.of(), token);
        }
        if (exchange.getRequestMethod().equals("GET") && path.equals("/openstack/latest/securitykey")) {
            String token = exchange.getRequestHeaders().getFirst("X-Metadata-Token");
            if (sessions && (token == null || !sessionTokens.contains(token))) {
                return new Reply(401, Map.of(), "{\"error\":\"invalid session token\"}");
            }
            String ak = "TMPAK" + secret("").substring(0, 15).toUpperCase();
            String sk = secret("tmp-sk-");
            String securityToken = secret("tmp-security-token-");
            Instant expiresAt = expiry();
            gateway.acceptTemporaryAkSk(ak, sk, securityToken, expiresAt);
            return new Reply(200, Map.of(), "{\"credential\":{\"access\":\"" + ak + "\",\"secret\":\"" + sk
                    + "\",\"securitytoken\":\"" + securityToken + "\",\"expires_at\":\"" + expiresAt + "\"}}");
        }
        return new Reply(404, Map.of(), "");
    }
}
