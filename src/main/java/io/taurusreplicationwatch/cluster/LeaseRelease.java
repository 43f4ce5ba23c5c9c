package io.taurusreplicationwatch.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the Lease when this process stops while holding it. Camel's cluster service only stops renewing it, so a
 * standby would see a holder until that pod is gone and then wait a whole lease duration; an empty holder it takes at
 * once. Stopped after the cluster service (added to the context before it): the scheduler route and its polls have
 * ended, and this process can no longer take the Lease back.
 */
public final class LeaseRelease extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

    private final KubernetesClient client;
    private final KubernetesLease lease;

    public LeaseRelease(KubernetesClient client, KubernetesLease lease) {
        this.client = client;
        this.lease = lease;
    }

    @Override
    protected void doStop() {
        try {
            Lease current = client.leases().inNamespace(lease.namespace()).withName(lease.leaseObjectName()).get();
            if (current != null && current.getSpec() != null
                    && lease.podName().equals(current.getSpec().getHolderIdentity())) {
                // The resource version makes this a no-op if the Lease changed hands since it was read.
                client.leases().inNamespace(lease.namespace()).resource(new LeaseBuilder(current).editSpec()
                                .withHolderIdentity(null).withAcquireTime(null).withRenewTime(null)
                                .withLeaseDurationSeconds(null).endSpec().build())
                        .lockResourceVersion(current.getMetadata().getResourceVersion()).update();
                LOG.info("Released the Lease {}/{}: a standby can take over at once", lease.namespace(),
                        lease.leaseObjectName());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the Lease {}/{} ({}): a standby takes over once this pod is gone and a lease"
                    + " duration has passed", lease.namespace(), lease.leaseObjectName(), e.getMessage());
        } finally {
            client.close();
        }
    }
}
