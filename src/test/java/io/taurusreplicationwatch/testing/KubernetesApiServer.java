package io.taurusreplicationwatch.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API server (fabric8's mock server in CRUD mode, plain HTTP on 127.0.0.1) holding the Lease
 * and the replicas' Pods. It plays the kubelet too, since Camel's election counts only running, ready pods: every
 * 200 ms it probes each replica, a Pod turns unready at once when its process is gone (the container exited) or
 * after three failed probes in a row (Kubernetes' default failure threshold), and ready at the first good probe.
 */
public final class KubernetesApiServer implements AutoCloseable {

    public static final String NAMESPACE = "watch-test";
    public static final Map<String, String> POD_LABELS = Map.of("app.kubernetes.io/name", "taurus-replication-watch");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private static final int FAILURE_THRESHOLD = 3;

    /** How the kubelet sees a replica: its process runs, and its readiness endpoint answers 200. */
    public interface Probe {
        boolean running();

        boolean ready();
    }

    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Boolean> published = new ConcurrentHashMap<>();
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopped;

    private KubernetesApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
        kubelet.scheduleWithFixedDelay(this::probe, 0, 200, TimeUnit.MILLISECONDS);
    }

    public static KubernetesApiServer start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), LoopbackPorts.free());
        return new KubernetesApiServer(server);
    }

    /** The URL the replicas are given as {@code watch.cluster.kubernetes-master-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A running Pod of that name with {@link #POD_LABELS}, its Ready condition following {@code probe}. */
    public void runPod(String name, Probe probe) {
        probes.put(name, probe);
        published.remove(name);
        probe();
    }

    /** The holder of the Lease, or null when it has none or there is no Lease yet. */
    public String leaseHolder(String leaseName) {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(leaseName).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** The API server goes away: every request of the replicas fails from now on. */
    public void stop() {
        stopped = true;
        kubelet.shutdownNow();
        server.destroy();
    }

    private synchronized void probe() {
        if (stopped) {
            return;
        }
        probes.forEach((name, probe) -> {
            boolean running = probe.running();
            int failed = running && probe.ready() ? 0 : failures.getOrDefault(name, 0) + 1;
            failures.put(name, failed);
            boolean now = running && failed < FAILURE_THRESHOLD && (failed == 0 || published.getOrDefault(name, false));
            if (!Boolean.valueOf(now).equals(published.get(name))) {
                Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                        .withLabels(POD_LABELS).endMetadata()
                        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                        .withStatus(now ? "True" : "False").endCondition().endStatus().build();
                client.pods().inNamespace(NAMESPACE).resource(pod).createOr(existing -> existing.update());
                client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
                published.put(name, now);
            }
        });
    }

    @Override
    public void close() {
        if (!stopped) {
            stop();
        }
        client.close();
    }
}
