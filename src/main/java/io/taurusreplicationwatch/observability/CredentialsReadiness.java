package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.credentials.CredentialsProvider;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the credentials expired and their source gives no new ones, so that every poll fails; UP
 * again at the first refresh that succeeds. Not a liveness check: a restart would ask the same source.
 */
public class CredentialsReadiness extends AbstractHealthCheck {

    private final CredentialsProvider credentials;

    public CredentialsReadiness(CredentialsProvider credentials) {
        super("taurus-watch", "credentials");
        this.credentials = credentials;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> problem = credentials.problem();
        if (problem.isPresent()) {
            builder.message(problem.get()).down();
        } else {
            builder.up();
        }
    }
}
