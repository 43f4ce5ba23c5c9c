package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.Credentials;

/** Credentials given once (properties or environment variables) and used as they are for the life of the process. */
public record FixedCredentials(Credentials credentials, String source) implements CredentialsProvider {

    @Override
    public Credentials current(String projectId) {
        return credentials;
    }

    @Override
    public String describe() {
        return credentials.describe() + " from " + source;
    }
}
