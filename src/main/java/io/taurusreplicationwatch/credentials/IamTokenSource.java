package io.taurusreplicationwatch.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taurusreplicationwatch.signing.SignableRequest;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * IAM tokens scoped to a project, from {@code POST /v3/auth/tokens}: with an IAM user's password, or by assuming an
 * agency ({@code assume_role}), that request authenticated with the credentials of another provider. The token is
 * the answer's {@code X-Subject-Token} header, its expiry the body's {@code token.expires_at}. The client is asked
 * for at each request: it is built at the first.
 */
public final class IamTokenSource implements CredentialsSource {

    static final String TOKENS_PATH = "/v3/auth/tokens";

    private final URI iamEndpoint;
    private final Supplier<HttpClient> client;
    private final Clock clock;
    private final ObjectNode identity;
    private final CredentialsProvider signer;
    private final String description;

    private IamTokenSource(URI iamEndpoint, Supplier<HttpClient> client, Clock clock, ObjectNode identity,
                           CredentialsProvider signer, String description) {
        this.iamEndpoint = iamEndpoint;
        this.client = client;
        this.clock = clock;
        this.identity = identity;
        this.signer = signer;
        this.description = description;
    }

    /** Tokens of IAM user {@code user} of account {@code domain}, with its password. */
    public static IamTokenSource password(URI iamEndpoint, Supplier<HttpClient> client, Clock clock, String domain,
                                          String user, String password) {
        ObjectNode identity = SourceAnswer.JSON.createObjectNode();
        identity.putArray("methods").add("password");
        ObjectNode userNode = identity.putObject("password").putObject("user");
        userNode.put("name", user).put("password", password);
        userNode.putObject("domain").put("name", domain);
        return new IamTokenSource(iamEndpoint, client, clock, identity, null,
                "IAM tokens of user " + user + " (password) from " + iamEndpoint);
    }

    /** Tokens of agency {@code agency} that account {@code domain} created, assumed with {@code signer}'s credentials. */
    public static IamTokenSource agency(URI iamEndpoint, Supplier<HttpClient> client, Clock clock, String domain,
                                        String agency, CredentialsProvider signer) {
        ObjectNode identity = SourceAnswer.JSON.createObjectNode();
        identity.putArray("methods").add("assume_role");
        identity.putObject("assume_role").put("domain_name", domain).put("agency_name", agency);
        return new IamTokenSource(iamEndpoint, client, clock, identity, signer, "IAM tokens of agency " + agency
                + " of account " + domain + " from " + iamEndpoint + ", assumed with " + signer.describe());
    }

    @Override
    public IssuedCredentials fetch(String projectId) throws IOException {
        ObjectNode body = SourceAnswer.JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        auth.set("identity", identity);
        auth.putObject("scope").putObject("project").put("id", projectId);
        byte[] bytes = SourceAnswer.JSON.writeValueAsBytes(body);
        URI uri = iamEndpoint.resolve(TOKENS_PATH);
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        if (signer != null) {
            SignableRequest request = new SignableRequest("POST", uri.getRawAuthority(), uri.getRawPath(), Map.of(),
                    new LinkedHashMap<>(), bytes);
            signer.current(projectId).authenticate(request, clock.instant()).forEach(post::addHeader);
        }
        SourceAnswer answer = SourceAnswer.send(client.get(), post);
        if (answer.status() != 201 && answer.status() != 200) {
            throw answer.failure("IAM " + uri);
        }
        if (answer.subjectToken() == null || answer.subjectToken().isBlank()) {
            throw new IOException("IAM " + uri + " answered without an X-Subject-Token header");
        }
        JsonNode token = answer.json();
        return new IssuedCredentials(new TokenCredentials(answer.subjectToken().trim()),
                SourceAnswer.instant(token, "/token/expires_at"));
    }

    @Override
    public boolean scopedByProject() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }
}
