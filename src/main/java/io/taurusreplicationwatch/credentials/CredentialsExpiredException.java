package io.taurusreplicationwatch.credentials;

/**
 * No valid credentials: the last ones expired and their source did not give new ones. The message names the source
 * and its last failure, never a secret.
 */
public class CredentialsExpiredException extends RuntimeException {

    /** The code under which polls that had no valid credentials are counted. */
    public static final String CODE = "WATCH.CREDENTIALS_EXPIRED";

    public CredentialsExpiredException(String message) {
        super(message);
    }
}
