package io.taurusreplicationwatch.credentials;

import java.time.Duration;
import java.time.Instant;

/**
 * When credentials that expire are fetched again. The official SDK refreshes once fewer than 40 minutes are left
 * ({@code AbstractCredentials.DEFAULT_EXPIRATION_THRESHOLD_SECONDS}); credentials that live less than two hours are
 * refreshed once a third of their lifetime is left instead, so that short-lived ones are not fetched again on every
 * request. While the source fails, the last credentials stay in use until they expire, and the fetch is tried again
 * after a quarter of the time they have left (at least {@code minRetry}, at most {@code maxRetry}): more often as
 * the expiry comes closer, never in a tight loop.
 */
public record RefreshRule(Duration maxMargin, Duration minRetry, Duration maxRetry) {

    public static final RefreshRule DEFAULT = new RefreshRule(Duration.ofMinutes(40), Duration.ofMillis(100),
            Duration.ofSeconds(30));

    /** When credentials obtained at {@code obtainedAt}, valid until {@code expiresAt}, are to be refreshed. */
    public Instant refreshAt(Instant obtainedAt, Instant expiresAt) {
        Duration lifetime = Duration.between(obtainedAt, expiresAt);
        Duration margin = lifetime.dividedBy(3);
        return expiresAt.minus(margin.compareTo(maxMargin) < 0 ? margin : maxMargin);
    }

    /** When to try again after a failed refresh at {@code now}, with credentials valid until {@code expiresAt}. */
    public Instant retryAt(Instant now, Instant expiresAt) {
        Duration left = Duration.between(now, expiresAt).dividedBy(4);
        Duration wait = left.compareTo(minRetry) < 0 ? minRetry : left.compareTo(maxRetry) > 0 ? maxRetry : left;
        return now.plus(wait);
    }
}
