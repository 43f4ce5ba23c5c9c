package io.taurusreplicationwatch.polling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether this process is the active poller, and since when. With leader election a process stands by until it holds
 * the leadership and has read the shared state again; without it, every process polls from start-up. Readiness and
 * the leader gauge read it, so that a standby is not judged by polls it is not meant to make.
 */
public final class PollerRole {

    private final boolean elected;
    private final List<Runnable> standByListeners = new CopyOnWriteArrayList<>();
    private volatile Instant activeSince;

    private PollerRole(boolean elected, Instant activeSince) {
        this.elected = elected;
        this.activeSince = activeSince;
    }

    /** A process without leader election: it polls from {@code startedAt} on. */
    public static PollerRole activeFrom(Instant startedAt) {
        return new PollerRole(false, startedAt);
    }

    /** A process with leader election: it polls once it has been elected. */
    public static PollerRole standingBy() {
        return new PollerRole(true, null);
    }

    /** Whether leader election decides when this process polls. */
    public boolean elected() {
        return elected;
    }

    public void activate(Instant now) {
        activeSince = now;
    }

    public void standBy() {
        activeSince = null;
        standByListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} each time this process stops polling (what it shows of the tasks is no longer kept up). */
    public void whenStandingBy(Runnable listener) {
        standByListeners.add(listener);
    }

    public boolean active() {
        return activeSince != null;
    }

    /** When this process last became the poller; empty while it stands by. */
    public Optional<Instant> activeSince() {
        return Optional.ofNullable(activeSince);
    }
}
