package io.taurusreplicationwatch.api;

/**
 * An HTTP proxy the service's requests go through (by CONNECT for https), with the user and password of its Basic
 * authentication when it demands one; {@code user} is null when it does not. {@link #toString()} shows neither
 * the user nor the password.
 */
public record ProxyServer(String host, int port, String user, String password, String source) {

    /** Where the proxy is and whether it is authenticated to, for a log line: no user, no password. */
    public String describe() {
        return host + ":" + port + " (from " + source + (user == null ? "" : ", with Basic authentication") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
