package io.taurusreplicationwatch.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.HashMap;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * Camel's Kubernetes cluster service on a coordination.k8s.io Lease, set up from {@link KubernetesLease}, and the
 * service that frees the Lease at shutdown. Camel counts as members only the running, ready pods with the pod labels:
 * a holder that is gone or not ready loses the Lease to a ready standby.
 */
public final class KubernetesLeaseElection {

    private KubernetesLeaseElection() {
    }

    public static KubernetesClusterService clusterService(KubernetesLease lease) {
        KubernetesConfiguration configuration = new KubernetesConfiguration();
        configuration.setKubernetesClient(client(lease));
        KubernetesClusterService cluster = new KubernetesClusterService(configuration);
        cluster.setId("taurus-replication-watch-" + lease.podName());
        cluster.setLeaseResourceType(LeaseResourceType.Lease);
        cluster.setKubernetesResourceName(lease.leaseName());
        cluster.setKubernetesResourcesNamespace(lease.namespace());
        cluster.setPodName(lease.podName());
        cluster.setClusterLabels(new HashMap<>(lease.podLabels()));
        cluster.setJitterFactor(KubernetesLease.JITTER_FACTOR);
        cluster.setLeaseDurationMillis(lease.leaseDuration().toMillis());
        cluster.setRenewDeadlineMillis(lease.renewDeadline().toMillis());
        cluster.setRetryPeriodMillis(lease.retryPeriod().toMillis());
        return cluster;
    }

    public static LeaseRelease release(KubernetesLease lease) {
        return new LeaseRelease(client(lease), lease);
    }

    /**
     * The in-cluster configuration (service account token and CA, the API server's address from the environment), or
     * the given API server. Requests time out well within the renew deadline, so that one stuck request does not use
     * up the time the leader has to renew.
     */
    private static KubernetesClient client(KubernetesLease lease) {
        int timeoutMillis = (int) Math.max(1000, lease.renewDeadline().toMillis() / 3);
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null)).withNamespace(lease.namespace())
                .withConnectionTimeout(timeoutMillis).withRequestTimeout(timeoutMillis).withRequestRetryBackoffLimit(0);
        lease.masterUrl().map(URI::toString).ifPresent(config::withMasterUrl);
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
