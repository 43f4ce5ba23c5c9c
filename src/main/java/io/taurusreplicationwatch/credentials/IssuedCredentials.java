package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.Credentials;
import java.time.Instant;

/** Credentials a source issued, and when the issuer says they stop being accepted. */
public record IssuedCredentials(Credentials credentials, Instant expiresAt) {
}
