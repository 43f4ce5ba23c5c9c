package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.taurusreplicationwatch.cluster.KubernetesLease;
import io.taurusreplicationwatch.config.WatchSettings.ClusterKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link WatchSettings#from} chooses the leader election and reads and checks the Kubernetes Lease settings. */
class ClusterSettingsTest {

    private static final Map<String, String> MINIMAL = Map.of(
            WatchSettings.INSTANCES, "0a1b2c3d4e5f60718293a4b5c6d7e8f9:0123456789abcdef0123456789abcdefin07",
            WatchSettings.ENDPOINT, "https://gaussdb.cn-north-4.myhuaweicloud.com",
            WatchSettings.KAFKA_BROKERS, "localhost:9092",
            WatchSettings.KAFKA_TOPIC, "taurus.replication.changes");
    private static final Map<String, String> KUBERNETES = Map.of(WatchSettings.CLUSTER_KIND, "kubernetes",
            WatchSettings.CLUSTER_NAMESPACE, "watch-prod");
    private static final Map<String, String> POD = Map.of("HOSTNAME", "taurus-replication-watch-7d9f-x2k4q");

    @Test
    void should_elect_nobody_without_a_kind_or_a_lock_directory() {
        WatchSettings settings = settings(Map.of(), Map.of());

        assertThat(settings.clusterKind()).isEqualTo(ClusterKind.NONE);
        assertThat(settings.kubernetesLease()).isEmpty();
    }

    @Test
    void should_keep_the_lock_file_for_a_configuration_that_sets_only_the_lock_directory() {
        WatchSettings settings = settings(Map.of(WatchSettings.CLUSTER_LOCK_DIR, "/shared/lock"), Map.of());

        assertThat(settings.clusterKind()).isEqualTo(ClusterKind.FILE);
        assertThat(settings.clusterLockDir()).contains(Path.of("/shared/lock"));
    }

    @Test
    void should_refuse_the_file_kind_without_a_lock_directory_in_one_line_naming_both_settings() {
        InvalidSettingException error = rejected(Map.of(WatchSettings.CLUSTER_KIND, "file"), Map.of());

        assertThat(error.property()).isEqualTo(WatchSettings.CLUSTER_KIND);
        assertThat(error).hasMessage("watch.cluster.kind: 'file' needs watch.cluster.lock-dir, which is not set; set"
                + " it to a directory all replicas share, or set watch.cluster.kind to kubernetes or none");
    }

    @Test
    void should_refuse_a_lock_directory_the_chosen_kind_would_ignore() {
        InvalidSettingException error = rejected(Map.of(WatchSettings.CLUSTER_KIND, "kubernetes",
                WatchSettings.CLUSTER_LOCK_DIR, "/shared/lock"), POD);

        assertThat(error.property()).isEqualTo(WatchSettings.CLUSTER_LOCK_DIR);
        assertThat(error).hasMessageContaining("watch.cluster.kind is kubernetes, which does not use it");
    }

    @Test
    void should_refuse_an_unknown_kind() {
        assertThat(rejected(Map.of(WatchSettings.CLUSTER_KIND, "zookeeper"), Map.of()).property())
                .isEqualTo(WatchSettings.CLUSTER_KIND);
    }

    @Test
    void should_take_kubernetes_leader_election_s_timing_and_the_pod_name_from_hostname_by_default() {
        KubernetesLease lease = settings(KUBERNETES, POD).kubernetesLease().orElseThrow();

        assertThat(lease).isEqualTo(new KubernetesLease("taurus-replication-watch", "watch-prod",
                "taurus-replication-watch-7d9f-x2k4q", Map.of("app.kubernetes.io/name", "taurus-replication-watch"),
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), Optional.empty()));
        assertThat(lease.leaseObjectName()).isEqualTo("taurus-replication-watch-poll");
    }

    @Test
    void should_read_every_lease_setting_given() {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.putAll(Map.of(WatchSettings.CLUSTER_LEASE_NAME, "orders-watch", WatchSettings.CLUSTER_POD_NAME, "pod-a",
                WatchSettings.CLUSTER_POD_LABELS, "app=watch, tier=poller", WatchSettings.CLUSTER_LEASE_DURATION, "4s",
                WatchSettings.CLUSTER_RENEW_DEADLINE, "3s", WatchSettings.CLUSTER_RETRY_PERIOD, "500ms",
                WatchSettings.CLUSTER_KUBERNETES_MASTER_URL, "http://127.0.0.1:6443"));

        assertThat(settings(given, POD).kubernetesLease()).contains(new KubernetesLease("orders-watch", "watch-prod",
                "pod-a", Map.of("app", "watch", "tier", "poller"), Duration.ofSeconds(4), Duration.ofSeconds(3),
                Duration.ofMillis(500), Optional.of(URI.create("http://127.0.0.1:6443"))));
    }

    @Test
    void should_name_the_namespace_setting_outside_a_pod() {
        Map<String, String> noNamespace = Map.of(WatchSettings.CLUSTER_KIND, "kubernetes");

        InvalidSettingException error = rejected(noNamespace, POD);

        assertThat(error.property()).isEqualTo(WatchSettings.CLUSTER_NAMESPACE);
        assertThat(error).hasMessageContaining("/var/run/secrets/kubernetes.io/serviceaccount/namespace cannot be read");
    }

    @Test
    void should_name_the_pod_name_setting_when_hostname_is_not_set_either() {
        assertThat(rejected(KUBERNETES, Map.of()).property()).isEqualTo(WatchSettings.CLUSTER_POD_NAME);
    }

    @Test
    void should_refuse_a_lease_duration_not_above_the_renew_deadline_as_a_new_leader_could_overlap_the_old() {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.put(WatchSettings.CLUSTER_LEASE_DURATION, "10s");

        InvalidSettingException error = rejected(given, POD);

        assertThat(error).hasMessage("watch.cluster.lease-duration: '10s' is not longer than"
                + " watch.cluster.renew-deadline (10s): a new leader could poll before the old one stops; make it"
                + " longer");
    }

    @Test
    void should_refuse_a_renew_deadline_within_one_jittered_retry_period() {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.putAll(Map.of(WatchSettings.CLUSTER_RENEW_DEADLINE, "2s", WatchSettings.CLUSTER_RETRY_PERIOD, "2s"));

        assertThat(rejected(given, POD).property()).isEqualTo(WatchSettings.CLUSTER_RENEW_DEADLINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Watch", "-watch", "watch_poll", "a-name-that-is-far-too-long-for-a-lease-once-camel-adds-poll"})
    void should_refuse_a_lease_name_kubernetes_would_refuse(String name) {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.put(WatchSettings.CLUSTER_LEASE_NAME, name);

        assertThat(rejected(given, POD).property()).isEqualTo(WatchSettings.CLUSTER_LEASE_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "=watch", "app=watch=1", "a b=c"})
    void should_refuse_pod_labels_that_are_not_name_value_pairs(String labels) {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.put(WatchSettings.CLUSTER_POD_LABELS, labels);

        assertThat(rejected(given, POD).property()).isEqualTo(WatchSettings.CLUSTER_POD_LABELS);
    }

    @Test
    void should_accept_a_pod_label_with_an_empty_value_as_kubernetes_does() {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.put(WatchSettings.CLUSTER_POD_LABELS, "example.com/canary=");

        assertThat(settings(given, POD).kubernetesLease().orElseThrow().podLabels())
                .containsExactlyEntriesOf(Map.of("example.com/canary", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes.default.svc", "ftp://api:6443", "https://admin:secret@api:6443"})
    void should_refuse_a_master_url_that_is_not_a_plain_http_url_without_printing_a_password(String url) {
        Map<String, String> given = new HashMap<>(KUBERNETES);
        given.put(WatchSettings.CLUSTER_KUBERNETES_MASTER_URL, url);

        InvalidSettingException error = rejected(given, POD);

        assertThat(error.property()).isEqualTo(WatchSettings.CLUSTER_KUBERNETES_MASTER_URL);
        assertThat(error).hasMessageNotContaining("secret");
    }

    private static WatchSettings settings(Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.putAll(overrides);
        return WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), env);
    }

    private static InvalidSettingException rejected(Map<String, String> overrides, Map<String, String> env) {
        Throwable thrown = catchThrowable(() -> settings(overrides, env));
        assertThat(thrown).as("settings %s should be rejected", overrides).isInstanceOf(InvalidSettingException.class);
        return (InvalidSettingException) thrown;
    }
}
