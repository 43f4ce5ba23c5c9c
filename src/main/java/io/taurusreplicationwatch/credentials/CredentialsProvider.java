package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.Credentials;
import java.util.Optional;

/**
 * Where the signing of each request gets its credentials: asked on every request, so that credentials that expire
 * (temporary AK/SK, IAM tokens) or are rotated (a credentials file, a token file) are replaced without a restart.
 * Thread-safe; a call blocks at most for one refresh of its source.
 */
public interface CredentialsProvider {

    /**
     * The credentials to authenticate a request to {@code projectId} now (IAM tokens are scoped to a project).
     *
     * @throws CredentialsExpiredException when the source cannot give any that are still valid
     */
    Credentials current(String projectId);

    /**
     * The API refused a request authenticated with {@code used} (HTTP 401): other credentials to try once, if the
     * source can give fresher ones than those.
     */
    default Optional<Credentials> refused(String projectId, Credentials used) {
        return Optional.empty();
    }

    /** The kind of credentials and their source, safe to log: never a secret. */
    String describe();

    /** Why no valid credentials are at hand, while that is so; empty otherwise. */
    default Optional<String> problem() {
        return Optional.empty();
    }
}
