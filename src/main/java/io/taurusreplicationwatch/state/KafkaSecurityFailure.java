package io.taurusreplicationwatch.state;

import java.util.Optional;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * What to check when a Kafka client could not authenticate or set up TLS: Kafka's own message names neither the
 * service's settings nor, for a refused certificate, the reason, which sits three causes deep.
 */
final class KafkaSecurityFailure {

    private KafkaSecurityFailure() {
    }

    /** The settings to check if {@code failure} is, or was caused by, an authentication or TLS failure. */
    static Optional<String> advice(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SaslAuthenticationException) {
                return Optional.of("SASL authentication failed: check watch.kafka.username and watch.kafka.password"
                        + " (or watch.kafka.sasl-jaas-config) and watch.kafka.sasl-mechanism");
            }
            if (cause instanceof SslAuthenticationException) {
                return Optional.of("the TLS handshake failed (" + deepest(cause).getMessage() + "): check"
                        + " watch.kafka.truststore-location, and watch.kafka.hostname-verification if the brokers'"
                        + " certificates do not name the host that watch.kafka.brokers reaches them under");
            }
        }
        return Optional.empty();
    }

    private static Throwable deepest(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        return deepest;
    }
}
