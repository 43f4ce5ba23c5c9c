package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.DeliveryLedger;
import io.taurusreplicationwatch.testing.DeliveryLedger.Tally;
import io.taurusreplicationwatch.testing.KubernetesApiServer;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (the jar, two JVMs) electing their poller with a Lease on an in-process Kubernetes API server, sharing
 * the Kafka state store: only the holder polls, the standby is ready; SIGKILLed, the holder is replaced within the
 * lease duration and a poll, nothing lost and no new ce_id for an old change; stopped gracefully, it frees the Lease
 * and the standby takes over at once; cut off from the API server, it stops polling before anyone could take the
 * Lease. The simulator's request log, each replica's requests marked by its user agent, shows that no two replicas
 * ever polled at the same time.
 */
@Tag("faults")
class KubernetesLeaseIT extends PipelineTestSupport {

    private static final String LEASE = "taurus-replication-watch-poll";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    // Two JVMs start on a shared two-core machine: generous for the start, never for the election's own timing.
    private static final Duration START = Duration.ofSeconds(180);
    private static final Pattern LEADER_GAUGE = Pattern.compile("(?m)^taurus_watch_leader(?:\\{[^}]*})? ([0-9.]+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final DeliveryLedger ledger = new DeliveryLedger();

    @Test
    void should_poll_only_in_the_lease_holder_and_hand_over_on_kill_on_stop_and_stop_without_the_api_server()
            throws Exception {
        putTasks(20);
        IntStream.rangeClosed(1, 20).forEach(i -> ledger.injected(key(name(i)), "full", "yes"));
        try (KubernetesApiServer kubernetes = KubernetesApiServer.start();
             Replica a = new Replica("pod-a", kubernetes);
             Replica b = new Replica("pod-b", kubernetes)) {
            a.start();
            events.awaitTotal(20, START);
            b.start();
            // A hot standby: ready, and its elector has read the Lease and knows the leader.
            Awaitility.await().atMost(START).ignoreExceptions().until(() -> b.leaderGauge() == 0 && b.ready()
                    && b.output().contains("The cluster has a new leader: Optional[pod-a]"));
            int leaderRequests = requestsFrom("pod-a");
            Awaitility.await().atMost(EVENT_WAIT).until(() -> requestsFrom("pod-a") >= leaderRequests + 5);
            assertThat(kubernetes.leaseHolder(LEASE)).isEqualTo("pod-a");
            assertThat(a.leaderGauge()).isEqualTo(1);
            assertThat(b.leaderGauge()).as("the standby").isZero();
            assertThat(b.ready()).as("the standby is ready: Camel lets only ready pods take the Lease").isTrue();
            assertThat(requestsFrom("pod-b")).as("the standby polls nothing").isZero();

            a.kill();
            long killedAt = System.nanoTime();
            changeTasks(1, 5);
            events.awaitTotal(25, Duration.ofSeconds(30));
            long killTakeover = millisSince(killedAt);
            Tally killed = ledger.awaitDelivery("lease-holder-killed", events, Duration.ofSeconds(5), QUIET);
            System.out.println("[fault-suite] " + killed + "; the standby published within " + killTakeover
                    + " ms of the kill");
            assertThat(killed.lost()).as(killed.toString()).isZero();
            assertThat(killed.conflicting()).as(killed.toString()).isZero();
            assertThat(kubernetes.leaseHolder(LEASE)).isEqualTo("pod-b");
            assertThat(b.output()).as("a Lease taken from a holder gone is left alone for a lease duration")
                    .contains("it will be effective in 4.00 seconds");
            // The Lease is left alone for one lease duration after its holder is gone; then one poll.
            assertThat(Duration.ofMillis(killTakeover)).isLessThan(LEASE_DURATION.plus(POLL_INTERVAL)
                    .plus(RETRY_PERIOD.multipliedBy(2)).plusSeconds(5));

            a.start();
            Awaitility.await().atMost(START).ignoreExceptions().until(() -> a.ready() && a.leaderGauge() == 0
                    && a.output().contains("The cluster has a new leader: Optional[pod-b]"));
            b.terminate();
            long stoppedAt = System.nanoTime();
            assertThat(b.awaitExit(40)).as("graceful stop of the lease holder").isTrue();
            // A graceful stop hands over at once: the holder frees the Lease as it stops, or, when it has already
            // left the ready members (its readiness goes down first), the standby takes it without waiting the
            // lease duration a holder that vanished costs (the kill above).
            Awaitility.await().atMost(LEASE_DURATION.minusSeconds(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.leaderGauge() == 1);
            // Changed once the holder is gone, so that the standby, not the stopping holder, publishes them.
            changeTasks(6, 10);
            events.awaitTotal(30, Duration.ofSeconds(30));
            long stopTakeover = millisSince(stoppedAt);
            Tally stopped = ledger.awaitDelivery("lease-holder-stopped", events, Duration.ofSeconds(5), QUIET);
            System.out.println("[fault-suite] " + stopped + "; the standby published within " + stopTakeover
                    + " ms of the SIGTERM");
            assertThat(stopped.lost()).as(stopped.toString()).isZero();
            assertThat(stopped.conflicting()).as(stopped.toString()).isZero();
            assertThat(kubernetes.leaseHolder(LEASE)).isEqualTo("pod-a");
            assertThat(Duration.ofMillis(stopTakeover)).isLessThan(LEASE_DURATION.plus(POLL_INTERVAL).plusSeconds(5));
            assertThat(events.all()).filteredOn(e -> e.type().endsWith("changed"))
                    .allSatisfy(e -> assertThat(e.header("ce_id")).endsWith("/2"));

            kubernetes.stop();
            long cutOffAt = System.nanoTime();
            Awaitility.await().atMost(LEASE_DURATION).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.leaderGauge() == 0);
            long stoppedPolling = millisSince(cutOffAt);
            int lastRequests = simulator.requests().size();
            Awaitility.await().during(POLL_INTERVAL.multipliedBy(4)).atMost(POLL_INTERVAL.multipliedBy(6))
                    .until(() -> simulator.requests().size() == lastRequests);
            System.out.println("[fault-suite] api-server-gone: the lease holder stopped polling " + stoppedPolling
                    + " ms after the API server went away (renew deadline " + RENEW_DEADLINE.toMillis()
                    + " ms, lease duration " + LEASE_DURATION.toMillis() + " ms)");

            assertThat(pollerTurns()).as("one poller at a time: a, then b after the kill, then a after the stop")
                    .containsExactly("pod-a", "pod-b", "pod-a");
        }
    }

    private void changeTasks(int from, int to) {
        IntStream.rangeClosed(from, to).forEach(i -> {
            simulator.putTask(INSTANCE, task(name(i)).withStage("incremental"));
            ledger.injected(key(name(i)), "incremental", "yes");
        });
    }

    private int requestsFrom(String pod) {
        return (int) simulator.requests(INSTANCE).stream().filter(r -> pod.equals(r.header("user-agent"))).count();
    }

    /** The replicas that sent the API requests, in order, each run of one replica's requests counted once. */
    private List<String> pollerTurns() {
        List<String> turns = new ArrayList<>();
        for (RecordedRequest request : simulator.requests(INSTANCE)) {
            String pod = request.header("user-agent");
            if (turns.isEmpty() || !turns.get(turns.size() - 1).equals(pod)) {
                turns.add(pod);
            }
        }
        return turns;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String name(int i) {
        return "task_%03d".formatted(i);
    }

    /** One replica: its pod in the API server, its JVM (started again after a kill), its management port. */
    private final class Replica implements AutoCloseable, KubernetesApiServer.Probe {

        private final String pod;
        private final KubernetesApiServer kubernetes;
        private final int port = LoopbackPorts.free();
        private final Path log;
        private volatile ChildService service;

        Replica(String pod, KubernetesApiServer kubernetes) throws IOException {
            this.pod = pod;
            this.kubernetes = kubernetes;
            this.log = Files.createTempFile(Path.of("target"), "kubernetes-lease-" + pod + "-", ".log");
            kubernetes.runPod(pod, this);
        }

        void start() throws IOException {
            Map<String, String> settings = childSettings();
            settings.remove("watch.state.file");
            settings.put("camel.management.port", Integer.toString(port));
            settings.put("camel.component.http.user-agent", pod);
            settings.put("watch.state.store", "kafka");
            settings.put("watch.state.kafka-topic", topic + "-state");
            settings.put("watch.poll.initial-delay", "0s");
            settings.put("watch.poll.interval", POLL_INTERVAL.toMillis() + "ms");
            settings.put("watch.cluster.kind", "kubernetes");
            settings.put("watch.cluster.kubernetes-master-url", kubernetes.url());
            settings.put("watch.cluster.namespace", KubernetesApiServer.NAMESPACE);
            settings.put("watch.cluster.pod-name", pod);
            settings.put("watch.cluster.lease-duration", LEASE_DURATION.toMillis() + "ms");
            settings.put("watch.cluster.renew-deadline", RENEW_DEADLINE.toMillis() + "ms");
            settings.put("watch.cluster.retry-period", RETRY_PERIOD.toMillis() + "ms");
            service = ChildService.start(settings, List.of(), childEnvironment(), log);
        }

        @Override
        public boolean running() {
            ChildService current = service;
            return current != null && current.isAlive();
        }

        @Override
        public boolean ready() {
            if (!running()) {
                return false;
            }
            try {
                return get("/observe/health/ready").statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        int leaderGauge() throws IOException, InterruptedException {
            Matcher gauge = LEADER_GAUGE.matcher(get("/observe/metrics").body());
            assertThat(gauge.find()).as("taurus_watch_leader in the metrics of " + pod).isTrue();
            return (int) Double.parseDouble(gauge.group(1));
        }

        void kill() {
            service.kill();
        }

        void terminate() {
            service.terminate();
        }

        boolean awaitExit(long seconds) throws InterruptedException {
            return service.awaitExit(seconds);
        }

        String output() throws IOException {
            return service.output();
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            if (service != null) {
                service.close();
            }
        }
    }
}
