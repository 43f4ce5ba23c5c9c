package io.taurusreplicationwatch.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;

/**
 * Temporary AK/SK of the agency bound to this ECS server or CCE node, from the metadata service, as the official
 * SDK's {@code MetadataAccessor} gets them: a session token first ({@code PUT /meta-data/latest/api/token}; a
 * metadata service without sessions answers 404, 405 or 503 and is then asked without one), then
 * {@code GET /openstack/latest/securitykey}; a 401 that is not the "configure an agency" refusal means the session
 * token expired, and it is renewed once.
 */
public final class MetadataCredentialsSource implements CredentialsSource {

    static final String TOKEN_PATH = "/meta-data/latest/api/token";
    static final String SECURITY_KEY_PATH = "/openstack/latest/securitykey";
    static final String TOKEN_HEADER = "X-Metadata-Token";
    static final String TOKEN_TTL_HEADER = "X-Metadata-Token-Ttl-Seconds";
    private static final Duration TOKEN_TTL = Duration.ofHours(6);
    private static final String NO_AGENCY = "Please configure Cloud Service Agency first";

    private final URI endpoint;
    private final HttpClient client;
    private final Clock clock;
    private final Consumer<Collection<String>> secretsObtained;
    private String sessionToken;
    private Instant sessionTokenRenewal = Instant.MIN;

    public MetadataCredentialsSource(URI endpoint, HttpClient client, Clock clock,
                                     Consumer<Collection<String>> secretsObtained) {
        this.endpoint = endpoint;
        this.client = client;
        this.clock = clock;
        this.secretsObtained = secretsObtained;
    }

    @Override
    public synchronized IssuedCredentials fetch(String projectId) throws IOException {
        if (!clock.instant().isBefore(sessionTokenRenewal)) {
            renewSessionToken();
        }
        SourceAnswer answer = securityKey();
        if (answer.status() == 401 && !answer.body().contains(NO_AGENCY)) {
            renewSessionToken();
            answer = securityKey();
        }
        if (answer.status() != 200) {
            throw answer.status() == 401 ? answer.failure("the metadata service (no agency bound to this server?)")
                    : answer.failure("the metadata service");
        }
        JsonNode credential = answer.json();
        return new IssuedCredentials(new AkSkCredentials(SourceAnswer.text(credential, "/credential/access"),
                SourceAnswer.text(credential, "/credential/secret"),
                SourceAnswer.text(credential, "/credential/securitytoken")),
                SourceAnswer.instant(credential, "/credential/expires_at"));
    }

    private SourceAnswer securityKey() throws IOException {
        HttpGet get = new HttpGet(endpoint.resolve(SECURITY_KEY_PATH));
        if (sessionToken != null) {
            get.addHeader(TOKEN_HEADER, sessionToken);
        }
        return SourceAnswer.send(client, get);
    }

    private void renewSessionToken() throws IOException {
        HttpPut put = new HttpPut(endpoint.resolve(TOKEN_PATH));
        put.addHeader(TOKEN_TTL_HEADER, Long.toString(TOKEN_TTL.toSeconds()));
        SourceAnswer answer = SourceAnswer.send(client, put);
        switch (answer.status()) {
            case 200 -> {
                sessionToken = answer.body().trim();
                secretsObtained.accept(List.of(sessionToken));
            }
            case 404, 405, 503 -> sessionToken = null;
            default -> throw answer.failure("the metadata service's session token request");
        }
        // A minute before the TTL, so that a token is never sent in its last seconds.
        sessionTokenRenewal = clock.instant().plus(TOKEN_TTL).minusSeconds(60);
    }

    @Override
    public boolean scopedByProject() {
        return false;
    }

    @Override
    public String describe() {
        return "temporary AK/SK from the ECS/CCE metadata service at " + endpoint;
    }
}
