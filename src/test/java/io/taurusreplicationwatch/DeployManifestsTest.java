package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The deployment files cannot be applied here (no Docker, no cluster), so this keeps them in step with the service:
 * the ConfigMaps list every route file, the probes and the port are the ones the service serves.
 */
class DeployManifestsTest {

    private static final Path KUBERNETES = Path.of("deploy", "kubernetes");

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
    void should_probe_the_health_endpoints_on_the_management_port() throws IOException {
        Map<String, Object> container = DeployManifestsTest.<Map<String, Object>>list(
                map(map(map(yaml(KUBERNETES.resolve("deployment.yaml")).get("spec")).get("template")).get("spec"))
                        .get("containers")).get(0);
        String port = properties().getProperty("camel.management.port");

        assertThat(path(container.get("livenessProbe"))).isEqualTo("/observe/health/live");
        assertThat(path(container.get("readinessProbe"))).isEqualTo("/observe/health/ready");
        assertThat(list(container.get("ports"))).extracting(p -> String.valueOf(map(p).get("containerPort")))
                .containsExactly(port);
        assertThat(Files.readString(Path.of("deploy", "Dockerfile"))).contains("EXPOSE " + port)
                .contains("COPY target/taurus-replication-watch.jar");
    }

    @Test
    void should_give_the_pod_a_grace_period_beyond_the_shutdown_timeout() throws IOException {
        Map<String, Object> pod = map(map(map(yaml(KUBERNETES.resolve("deployment.yaml")).get("spec"))
                .get("template")).get("spec"));
        int grace = Integer.parseInt(String.valueOf(pod.get("terminationGracePeriodSeconds")));
        int shutdownTimeout = Integer.parseInt(properties().getProperty("camel.main.shutdown-timeout"));

        // Kubernetes kills the pod when its grace period is over: the graceful shutdown, then the final state save
        // and the producer's close, must be done by then.
        assertThat(grace).isGreaterThanOrEqualTo(shutdownTimeout + 10);
    }

    private static String path(Object probe) {
        return String.valueOf(map(map(probe).get("httpGet")).get("path"));
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
