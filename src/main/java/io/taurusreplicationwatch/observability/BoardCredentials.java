package io.taurusreplicationwatch.observability;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Basic auth of the status board against the one configured user. Both parts are compared in constant time, so the
 * time of a refusal tells nothing about how much of a guess was right.
 */
final class BoardCredentials extends BasicAuthenticator {

    private final byte[] username;
    private final byte[] password;

    BoardCredentials(String username, String password) {
        super("taurus-replication-watch status board", StandardCharsets.UTF_8);
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkCredentials(String user, String pass) {
        // Both compared, always: a wrong user name takes as long as a wrong password.
        boolean userMatches = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
        return userMatches & passwordMatches;
    }
}
