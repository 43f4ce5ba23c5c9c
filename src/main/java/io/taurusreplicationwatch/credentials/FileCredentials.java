package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials kept in a file that is rotated in place (the SDK's credentials file, a mounted Kubernetes secret): the
 * file is checked on every request and read again when it changed. A file that became unreadable or invalid leaves
 * the last good credentials in use, with one WARN until it is good again.
 */
public final class FileCredentials implements CredentialsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FileCredentials.class);

    private final WatchedFile file;
    private final String kind;
    private final Function<String, Credentials> parser;
    private final Consumer<Collection<String>> secretsObtained;
    private volatile Credentials current;
    private boolean failing;

    private FileCredentials(Path path, String kind, Function<String, Credentials> parser,
                            Consumer<Collection<String>> secretsObtained) {
        this.file = new WatchedFile(path);
        this.kind = kind;
        this.parser = parser;
        this.secretsObtained = secretsObtained;
    }

    /** The SDK's credentials file; read once here, so that a missing or invalid file stops the start. */
    public static FileCredentials sdkFile(Path path, Consumer<Collection<String>> secretsObtained) throws IOException {
        return started(new FileCredentials(path, "AK/SK", content -> SdkCredentialsFile.parse(content).credentials(),
                secretsObtained));
    }

    /** A file whose whole content is an IAM token, sent as {@code X-Auth-Token}. */
    public static FileCredentials tokenFile(Path path, Consumer<Collection<String>> secretsObtained)
            throws IOException {
        return started(new FileCredentials(path, "IAM token", content -> {
            String token = content.strip();
            if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(token.isEmpty() ? "is empty" : "holds more than one token");
            }
            return new TokenCredentials(token);
        }, secretsObtained));
    }

    private static FileCredentials started(FileCredentials credentials) throws IOException {
        try {
            credentials.read(credentials.file.changed().orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return credentials;
    }

    @Override
    public synchronized Credentials current(String projectId) {
        try {
            file.changed().ifPresent(this::read);
            if (failing) {
                LOG.info("{} is readable again; its credentials are in use", file.path());
                failing = false;
            }
        } catch (IOException | IllegalArgumentException e) {
            if (!failing) {
                LOG.warn("Cannot read the credentials in {} ({}: {}); the last ones read stay in use", file.path(),
                        e.getClass().getSimpleName(), e.getMessage());
                failing = true;
            }
        }
        return current;
    }

    @Override
    public Optional<Credentials> refused(String projectId, Credentials used) {
        Credentials now = current(projectId);
        return now.equals(used) ? Optional.empty() : Optional.of(now);
    }

    private void read(String content) {
        Credentials parsed = parser.apply(content);
        secretsObtained.accept(parsed.secrets());
        if (current != null) {
            LOG.info("{} changed; its new {} are in use", file.path(), kind);
        }
        current = parsed;
    }

    @Override
    public String describe() {
        return kind + " from the file " + file.path() + ", read again when it changes";
    }
}
