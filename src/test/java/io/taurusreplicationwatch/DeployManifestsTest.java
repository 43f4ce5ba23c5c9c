package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.taurusreplicationwatch.config.Setting;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The deployment files cannot be applied here (no Docker, no cluster), so this parses every manifest into fabric8's
 * typed Kubernetes model, where a misspelt field is an unknown property and fails, and keeps them in step with the
 * service: the ConfigMaps list every route file, the probes and the port are the ones the service serves, the
 * settings the pod is given are real ones, the RBAC grants what the Lease election asks, the budget covers the pods.
 */
class DeployManifestsTest {

    private static final Path KUBERNETES = Path.of("deploy", "kubernetes");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void should_generate_the_routes_config_map_from_every_route_file_and_the_properties() throws IOException {
        Map<String, Object> kustomization = yaml(KUBERNETES.resolve("kustomization.yaml"));
        List<Map<String, Object>> generators = list(kustomization.get("configMapGenerator"));
        List<String> files = generators.stream().flatMap(generator -> DeployManifestsTest.<String>list(
                generator.get("files")).stream()).map(file -> KUBERNETES.resolve(file).normalize().toString()).toList();

        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            List<String> routeFiles = routes.filter(p -> p.toString().endsWith(".camel.yaml")).map(Path::toString)
                    .toList();
            assertThat(files).containsAll(routeFiles).contains(Path.of("config", "application.properties").toString());
        }
        files.forEach(file -> assertThat(Path.of(file)).exists());
    }

    @Test
    void should_hold_only_fields_of_the_kubernetes_model_in_every_listed_manifest() throws IOException {
        List<String> resources = list(yaml(KUBERNETES.resolve("kustomization.yaml")).get("resources"));
        try (Stream<Path> manifests = Files.list(KUBERNETES)) {
            List<String> listed = manifests.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")
                            && !name.endsWith(".example.yaml")).sorted().toList();
            assertThat(resources).as("every manifest is applied").containsExactlyInAnyOrderElementsOf(listed);
        }
        for (String resource : resources) {
            for (HasMetadata object : manifests(resource)) {
                assertThat(unknownFields(object, resource + " " + object.getKind())).as("fields Kubernetes does not"
                        + " know").isEmpty();
            }
        }
    }

    @Test
    void should_run_two_replicas_updated_one_at_a_time_with_a_ready_standby_first() throws IOException {
        Deployment deployment = deployment();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void should_elect_the_poller_by_lease_with_the_state_in_kafka_using_real_settings_only() throws IOException {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        Map<String, String> settings = systemProperties(container().getEnv());

        assertThat(Arrays.stream(Setting.values()).map(Setting::key)).as("settings the pod is given")
                .containsAll(settings.keySet());
        assertThat(settings).containsEntry("watch.cluster.kind", "kubernetes")
                .containsEntry("watch.state.store", "kafka")
                .containsEntry("watch.cluster.pod-name", "$(POD_NAME)")
                .containsEntry("watch.cluster.namespace", "$(POD_NAMESPACE)");
        assertThat(container().getEnv()).filteredOn(env -> env.getValueFrom() != null)
                .extracting(EnvVar::getName, env -> env.getValueFrom().getFieldRef().getFieldPath())
                .contains(org.assertj.core.groups.Tuple.tuple("POD_NAME", "metadata.name"),
                        org.assertj.core.groups.Tuple.tuple("POD_NAMESPACE", "metadata.namespace"));
        assertThat(pod.getVolumes()).as("no state volume: two replicas share the Kafka store")
                .noneMatch(volume -> volume.getPersistentVolumeClaim() != null);
        // Only pods with watch.cluster.pod-labels can hold the Lease.
        assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(labels(Setting.CLUSTER_POD_LABELS.defaultValue()));
    }

    @Test
    void should_grant_the_service_account_what_the_lease_election_asks_of_the_api_server() throws IOException {
        List<HasMetadata> rbac = manifests("rbac.yaml");
        ServiceAccount account = only(rbac, ServiceAccount.class);
        Role role = only(rbac, Role.class);
        RoleBinding binding = only(rbac, RoleBinding.class);

        assertThat(deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName());
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).anySatisfy(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
        });
        // KubernetesLeadershipController reads, creates and updates (renews, takes, frees) the Lease, and lists pods.
        assertThat(verbs(role, "coordination.k8s.io", "leases")).containsExactlyInAnyOrder("get", "create", "update");
        assertThat(verbs(role, "", "pods")).containsExactly("list");
    }

    @Test
    void should_keep_one_pod_through_voluntary_disruptions() throws IOException {
        PodDisruptionBudget budget = only(manifests("pod-disruption-budget.yaml"), PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void should_probe_the_health_endpoints_on_the_management_port() throws IOException {
        Container container = container();
        String port = properties().getProperty("camel.management.port");

        assertThat(path(container.getLivenessProbe())).isEqualTo("/observe/health/live");
        assertThat(path(container.getReadinessProbe())).isEqualTo("/observe/health/ready");
        assertThat(container.getPorts()).extracting(p -> String.valueOf(p.getContainerPort())).containsExactly(port);
        assertThat(container.getPorts()).extracting(p -> p.getName())
                .contains(container.getReadinessProbe().getHttpGet().getPort().getStrVal(),
                        container.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertThat(Files.readString(Path.of("deploy", "Dockerfile"))).contains("EXPOSE " + port)
                .contains("COPY target/taurus-replication-watch.jar");
    }

    @Test
    void should_give_the_pod_a_grace_period_beyond_the_shutdown_timeout() throws IOException {
        long grace = deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        int shutdownTimeout = Integer.parseInt(properties().getProperty("camel.main.shutdown-timeout"));

        // Kubernetes kills the pod when its grace period is over: the graceful shutdown, then the final state save,
        // the producer's close and freeing the Lease, must be done by then.
        assertThat(grace).isGreaterThanOrEqualTo(shutdownTimeout + 10);
    }

    private static Deployment deployment() throws IOException {
        return only(manifests("deployment.yaml"), Deployment.class);
    }

    private static Container container() throws IOException {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The -D settings of JAVA_TOOL_OPTIONS. */
    private static Map<String, String> systemProperties(List<EnvVar> env) {
        String options = env.stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow()
                .getValue();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String option : options.trim().split("\\s+")) {
            assertThat(option).startsWith("-D").contains("=");
            String[] pair = option.substring(2).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        return settings;
    }

    private static Map<String, String> labels(String value) {
        return Arrays.stream(value.split(",")).map(pair -> pair.trim().split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static List<String> verbs(Role role, String apiGroup, String resource) {
        return role.getRules().stream().filter(rule -> rule.getApiGroups().contains(apiGroup)
                && rule.getResources().contains(resource)).map(PolicyRule::getVerbs).flatMap(List::stream).toList();
    }

    private static List<HasMetadata> manifests(String file) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Files.readString(KUBERNETES.resolve(file)).split("(?m)^---\\s*$")) {
            if (!document.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
                objects.add(SERIALIZATION.unmarshal(document));
            }
        }
        return objects;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    /**
     * Fields the model keeps aside as additional properties: a Kubernetes API server would reject or drop them.
     * Walks the typed objects through their getters.
     */
    private static List<String> unknownFields(Object node, String path) {
        List<String> unknown = new ArrayList<>();
        if (node instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                unknown.addAll(unknownFields(items.get(i), path + "[" + i + "]"));
            }
        } else if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key)));
        } else if (node != null && node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers())
                        || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object value = invoke(getter, node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
                }
            }
        }
        return unknown;
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter.toString(), e);
        }
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static Properties properties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
