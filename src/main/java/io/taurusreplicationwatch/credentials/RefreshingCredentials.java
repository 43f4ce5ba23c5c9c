package io.taurusreplicationwatch.credentials;

import io.taurusreplicationwatch.signing.Credentials;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a {@link CredentialsSource}, held until {@link RefreshRule} says to fetch new ones. One fetch at a
 * time per scope: a request that finds the credentials due waits for that one fetch, and only while the held ones
 * are past their refresh time; until then requests never wait. A failed fetch keeps the held credentials in use
 * until they expire, then requests fail with {@link CredentialsExpiredException}. A failure is logged at WARN once
 * per streak, the recovery at INFO. Every secret obtained is handed to {@code secretsObtained} before it is used.
 */
public final class RefreshingCredentials implements CredentialsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingCredentials.class);
    private static final String UNSCOPED = "";

    private final CredentialsSource source;
    private final RefreshRule rule;
    private final Clock clock;
    private final Consumer<Collection<String>> secretsObtained;
    private final ConcurrentMap<String, Scope> scopes = new ConcurrentHashMap<>();

    public RefreshingCredentials(CredentialsSource source, RefreshRule rule, Clock clock,
                                 Consumer<Collection<String>> secretsObtained) {
        this.source = source;
        this.rule = rule;
        this.clock = clock;
        this.secretsObtained = secretsObtained;
    }

    private record Held(IssuedCredentials issued, Instant refreshAt) {

        boolean validAt(Instant now) {
            return now.isBefore(issued.expiresAt());
        }
    }

    /** The credentials of one scope (a project, or all of them) and the state of their refresh. */
    private static final class Scope {
        private volatile Held held;
        private Instant nextAttempt = Instant.MIN;
        private volatile String failure;
    }

    @Override
    public Credentials current(String projectId) {
        Scope scope = scopes.computeIfAbsent(key(projectId), key -> new Scope());
        Held held = scope.held;
        if (held != null && clock.instant().isBefore(held.refreshAt())) {
            return held.issued().credentials();
        }
        synchronized (scope) {
            Instant now = clock.instant();
            held = scope.held;
            if (held != null && now.isBefore(held.refreshAt())) {
                return held.issued().credentials();
            }
            if (!now.isBefore(scope.nextAttempt)) {
                refresh(scope, projectId, now);
            }
            held = scope.held;
            if (held != null && held.validAt(clock.instant())) {
                return held.issued().credentials();
            }
            throw new CredentialsExpiredException(expiredMessage(scope));
        }
    }

    @Override
    public Optional<Credentials> refused(String projectId, Credentials used) {
        Scope scope = scopes.computeIfAbsent(key(projectId), key -> new Scope());
        synchronized (scope) {
            Held held = scope.held;
            if (held != null && !held.issued().credentials().equals(used)) {
                return Optional.of(held.issued().credentials());
            }
            // The API refused what the source issued (revoked, or the issuer's clock ahead of ours): once, now.
            refresh(scope, projectId, clock.instant());
            Held fresh = scope.held;
            return fresh == null || fresh == held ? Optional.empty() : Optional.of(fresh.issued().credentials());
        }
    }

    @Override
    public String describe() {
        return source.describe() + ", refreshed before they expire";
    }

    @Override
    public Optional<String> problem() {
        Instant now = clock.instant();
        return scopes.values().stream()
                .filter(scope -> scope.failure != null && (scope.held == null || !scope.held.validAt(now)))
                .findFirst().map(this::expiredMessage);
    }

    private void refresh(Scope scope, String projectId, Instant now) {
        Held before = scope.held;
        try {
            IssuedCredentials issued = source.fetch(projectId);
            secretsObtained.accept(issued.credentials().secrets());
            if (!issued.expiresAt().isAfter(now)) {
                throw new IOException("the credentials issued expired already at " + issued.expiresAt()
                        + " (is this host's clock right?)");
            }
            scope.held = new Held(issued, rule.refreshAt(now, issued.expiresAt()));
            if (scope.failure != null) {
                LOG.info("Credentials obtained again from {} (valid until {})", source.describe(), issued.expiresAt());
            } else {
                LOG.debug("Credentials obtained from {}, valid until {}", source.describe(), issued.expiresAt());
            }
            scope.failure = null;
            scope.nextAttempt = Instant.MIN;
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            // With nothing valid held, every poll may try again: the polls back off themselves.
            scope.nextAttempt = before == null || !before.validAt(now) ? now
                    : rule.retryAt(now, before.issued().expiresAt());
            if (scope.failure == null) {
                LOG.warn("Cannot refresh the credentials from {}: {}; {} (repeats are logged at DEBUG)",
                        source.describe(), reason, before != null && before.validAt(now)
                                ? "the current ones stay in use until " + before.issued().expiresAt()
                                : "polls fail with " + CredentialsExpiredException.CODE + " until it answers");
            } else {
                LOG.debug("Cannot refresh the credentials from {}: {}", source.describe(), reason);
            }
            scope.failure = reason;
        }
    }

    private String expiredMessage(Scope scope) {
        Held held = scope.held;
        return (held == null ? "no credentials obtained yet" : "the credentials expired at "
                + held.issued().expiresAt()) + " and " + source.describe() + " did not give new ones ("
                + (scope.failure == null ? "not asked yet" : scope.failure) + ")";
    }

    private String key(String projectId) {
        return source.scopedByProject() ? projectId : UNSCOPED;
    }
}
