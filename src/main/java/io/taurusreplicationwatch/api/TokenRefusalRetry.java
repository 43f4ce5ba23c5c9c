package io.taurusreplicationwatch.api;

import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.io.IOException;
import java.util.Optional;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * An IAM token the API refuses (401) although it had not expired by its own {@code expires_at} (revoked, rotated in
 * its file, or IAM's clock ahead of ours): the page request is sent once more with the token the provider gives
 * instead, if it gives another. One retry, never a loop; a second 401 is the poll's failure. Signed requests are left
 * alone: a signature cannot be swapped inside the client.
 */
public final class TokenRefusalRetry implements ExecChainHandler {

    private final CredentialsProvider credentials;

    public TokenRefusalRetry(CredentialsProvider credentials) {
        this.credentials = credentials;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        Header token = request.getFirstHeader(TokenCredentials.AUTH_TOKEN_HEADER);
        Header project = request.getFirstHeader("X-Project-Id");
        if (response.getCode() != HttpStatus.SC_UNAUTHORIZED || token == null || project == null) {
            return response;
        }
        Optional<Credentials> other = credentials.refused(project.getValue(), new TokenCredentials(token.getValue()));
        if (other.isEmpty() || !(other.get() instanceof TokenCredentials fresh)) {
            return response;
        }
        response.close();
        ClassicHttpRequest again = ClassicRequestBuilder.copy(request).build();
        again.setHeader(TokenCredentials.AUTH_TOKEN_HEADER, fresh.token());
        return chain.proceed(again, scope);
    }
}
