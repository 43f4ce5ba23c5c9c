package io.taurusreplicationwatch.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Lease the replicas compete for and the timing of Camel's Kubernetes leader election. A holder stops polling when
 * it has not read the Lease for {@code renewDeadline}; a replica that takes the Lease from a holder that is gone waits
 * {@code leaseDuration} before it polls; both read it every {@code retryPeriod}. {@code masterUrl} empty: in-cluster.
 */
public record KubernetesLease(String leaseName, String namespace, String podName, Map<String, String> podLabels,
                              Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                              Optional<URI> masterUrl) {

    /** The lock group of the scheduler route: Camel names the Lease {@code <leaseName>-<group>}. */
    public static final String GROUP = "poll";

    /** Camel spreads the replicas' reads of the Lease by up to this factor of the retry period. */
    public static final double JITTER_FACTOR = 1.2;

    public KubernetesLease {
        podLabels = Map.copyOf(podLabels);
    }

    /** The name of the Lease object in {@link #namespace()}. */
    public String leaseObjectName() {
        return leaseName + "-" + GROUP;
    }
}
