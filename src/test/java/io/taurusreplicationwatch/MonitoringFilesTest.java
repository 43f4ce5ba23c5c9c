package io.taurusreplicationwatch;

import static io.taurusreplicationwatch.testing.MonitoringFiles.map;
import static io.taurusreplicationwatch.testing.MonitoringFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.testing.MonitoringFiles;
import io.taurusreplicationwatch.testing.PromQlReferences;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring: the PrometheusRule holds the rules file's groups, every alert is documented and tested by
 * Prometheus's own promtool (skipped, with a notice, where it is not installed), and the ServiceMonitor selects the
 * Service deploy/kubernetes defines. That the metrics they use exist is MonitoringScrapeIT's job.
 */
class MonitoringFilesTest {

    private static final Path KUBERNETES = Path.of("deploy", "kubernetes");

    @Test
    void should_hold_exactly_the_rules_files_groups_in_the_prometheus_rule() {
        Map<String, Object> prometheusRule = yaml(MonitoringFiles.PROMETHEUS_RULE);

        assertThat(prometheusRule).containsEntry("apiVersion", "monitoring.coreos.com/v1")
                .containsEntry("kind", "PrometheusRule");
        assertThat(map(prometheusRule.get("spec")).get("groups"))
                .as("spec.groups of %s (edit both files)", MonitoringFiles.PROMETHEUS_RULE)
                .isEqualTo(yaml(MonitoringFiles.RULES).get("groups"));
    }

    @Test
    void should_give_every_alert_a_severity_summary_description_and_runbook() {
        List<Map<String, Object>> rules = MonitoringFiles.alertRules();

        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyInAnyOrder(
                "TaurusWatchInstanceStale", "TaurusWatchCredentialsRefused", "TaurusWatchEventsNotAcknowledged",
                "TaurusWatchStateSaveFailing", "TaurusWatchNoLeader", "TaurusWatchTaskStopped",
                "TaurusWatchTaskPaused");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(map(rule.get("labels")).get("severity")).isIn("critical", "warning", "info");
            assertThat(map(rule.get("annotations"))).containsOnlyKeys("summary", "description", "runbook")
                    .allSatisfy((name, text) -> assertThat(String.valueOf(text)).isNotBlank());
        });
        assertThat(rules).filteredOn(rule -> "TaurusWatchNoLeader".equals(rule.get("alert")))
                .extracting(rule -> String.valueOf(rule.get("expr")).trim())
                .containsExactly("max(taurus_watch_leader) < 1");
    }

    @Test
    void should_test_every_alert_firing_in_a_scenario_and_silent_in_the_healthy_one() {
        List<Map<String, Object>> tests = list(yaml(MonitoringFiles.RULES_TEST).get("tests"));
        Set<Object> alerts = MonitoringFiles.alertRules().stream().map(rule -> rule.get("alert"))
                .collect(Collectors.toSet());

        Map<String, Object> healthy = tests.get(0);
        assertThat((String) healthy.get("name")).startsWith("healthy");
        assertThat(MonitoringFilesTest.<Map<String, Object>>list(healthy.get("alert_rule_test")))
                .allSatisfy(check -> assertThat(list(check.get("exp_alerts"))).isEmpty())
                .extracting(check -> check.get("alertname")).containsExactlyInAnyOrderElementsOf(alerts);
        Set<Object> firing = tests.stream().skip(1)
                .flatMap(test -> MonitoringFilesTest.<Map<String, Object>>list(test.get("alert_rule_test")).stream())
                .filter(check -> !list(check.get("exp_alerts")).isEmpty())
                .map(check -> check.get("alertname")).collect(Collectors.toSet());
        assertThat(firing).as("alerts that fire in some scenario").isEqualTo(alerts);
    }

    @Test
    void should_pass_promtools_check_of_the_rules() throws Exception {
        String output = promtool("check", "rules", MonitoringFiles.RULES.getFileName().toString());

        assertThat(output).contains("SUCCESS: " + MonitoringFiles.alertRules().size() + " rules found");
    }

    @Test
    void should_fire_every_alert_in_its_scenario_and_none_in_the_healthy_one_under_promtool() throws Exception {
        assertThat(promtool("test", "rules", MonitoringFiles.RULES_TEST.getFileName().toString()))
                .contains("SUCCESS");
    }

    @Test
    void should_scrape_the_service_that_deploy_kubernetes_labels_on_its_management_port_and_metrics_path() {
        Map<String, Object> monitor = yaml(MonitoringFiles.SERVICE_MONITOR);
        Map<String, Object> spec = map(monitor.get("spec"));
        Map<String, Object> service = yaml(KUBERNETES.resolve("service.yaml"));
        Map<String, Object> serviceLabels = MonitoringFilesTest.<Map<String, Object>>list(
                yaml(KUBERNETES.resolve("kustomization.yaml")).get("labels")).get(0);
        Map<String, Object> endpoint = MonitoringFilesTest.<Map<String, Object>>list(spec.get("endpoints")).get(0);

        assertThat(monitor).containsEntry("kind", "ServiceMonitor");
        assertThat(map(spec.get("selector")).get("matchLabels")).isEqualTo(serviceLabels.get("pairs"));
        assertThat(MonitoringFilesTest.<Map<String, Object>>list(map(service.get("spec")).get("ports")))
                .extracting(port -> port.get("name")).contains(endpoint.get("port"));
        assertThat(endpoint.get("path"))
                .isEqualTo(map(map(service.get("metadata")).get("annotations")).get("prometheus.io/path"));
        assertThat(endpoint).as("the service's instance label must win over the target's")
                .containsEntry("honorLabels", true);
    }

    @Test
    void should_query_the_prometheus_data_source_in_every_dashboard_panel() {
        JsonNode panels = MonitoringFiles.dashboard().path("panels");

        assertThat(panels).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("expr").asText()).contains("taurus_watch_"));
        });
    }

    @Test
    void should_read_metric_names_selector_labels_and_grouping_labels_from_promql() {
        PromQlReferences references = PromQlReferences.of("histogram_quantile(0.95, sum by (instance, le) (rate("
                + "taurus_watch_poll_duration_seconds_bucket{instance=~\"$instance\",x!=\"a{b}\"}[$__rate_interval])))"
                + " > 0 unless on (instance) max(taurus_watch_polls_total offset 5m) or vector(0)");

        assertThat(references.metrics()).containsExactly("taurus_watch_poll_duration_seconds_bucket",
                "taurus_watch_polls_total");
        assertThat(references.selectorLabels()).containsOnlyKeys("taurus_watch_poll_duration_seconds_bucket")
                .containsValue(Set.of("instance", "x"));
        assertThat(references.groupingLabels()).containsExactly("instance", "le");
    }

    /** Runs promtool in deploy/monitoring and returns what it printed; skips the test where it is not installed. */
    private static String promtool(String... arguments) throws IOException, InterruptedException {
        Optional<Path> promtool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            System.out.println("NOTICE: promtool is not installed (Debian package prometheus): "
                    + "the Prometheus rule tests of " + MonitoringFiles.DIRECTORY + " are SKIPPED");
        }
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed (Debian package prometheus)");
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(MonitoringFiles.DIRECTORY.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
        return output;
    }

    private static <T> List<T> list(Object value) {
        return MonitoringFiles.list(value);
    }
}
