package io.taurusreplicationwatch.observability;

import java.util.Optional;

/**
 * Where the status board listens and who may read it: without a user name only this machine (a loopback address)
 * can reach it; with one, every request needs basic auth with that user and {@code password}.
 */
public record BoardSettings(boolean enabled, String host, int port, Optional<String> username, String password) {

    /** The environment variable the board's password is read from; a password never sits in a properties file. */
    public static final String PASSWORD_VARIABLE = "WATCH_BOARD_PASSWORD";

    public boolean authenticated() {
        return username.isPresent();
    }

    // A record prints its components: the password must not reach a log line that prints the settings.
    @Override
    public String toString() {
        return "BoardSettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username="
                + username.orElse("(none)") + ", password=" + (password == null || password.isEmpty() ? "(empty)"
                : "(set)") + "]";
    }
}
