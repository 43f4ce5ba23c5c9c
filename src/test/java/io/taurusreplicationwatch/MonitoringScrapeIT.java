package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.testing.MonitoringFiles;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.PromQlReferences;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts, the dashboard and the promtool test's input series name only metrics and labels the running service
 * serves at /observe/metrics: scraped over HTTP after polls that discovered tasks in every interesting state and
 * one refused by the gateway.
 */
class MonitoringScrapeIT extends PipelineTestSupport {

    // Labels Prometheus adds to every series of a Kubernetes target (the ServiceMonitor's), not the service.
    private static final Set<String> TARGET_LABELS = Set.of("pod", "namespace", "job");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void should_serve_every_metric_and_label_the_alerts_the_dashboard_and_the_rule_tests_use() throws Exception {
        simulator.putTasks(INSTANCE, List.of(
                SimulatedTask.of("sync_orders_1", "incremental", "Yes").withPercentage(100).withCatchupPercentage(98),
                SimulatedTask.of("sync_orders_2", "Paused", "Yes"),
                SimulatedTask.of("sync_orders_3", "full", "No").withPercentage("40%")));
        startService();
        runtime.pollCycle();
        events.awaitTotal(3, EVENT_WAIT);
        simulator.inject(INSTANCE, Fault.error(401, "APIGW.0301", "Incorrect IAM authentication information").times(1));
        runtime.pollCycle();

        Map<String, Set<String>> served = labelsByMetric(metrics());
        List<String> missing = new ArrayList<>();
        Stream.concat(MonitoringFiles.ruleQueries().stream(), MonitoringFiles.dashboardQueries().stream())
                .forEach(query -> missing.addAll(missingIn(served, query)));
        MonitoringFiles.testInputSeries().forEach(series -> {
            Map<String, Set<String>> written = labelsByMetric(series + " 1");
            written.forEach((metric, labels) -> {
                if (!served.containsKey(metric)) {
                    missing.add("promtool input series " + series + ": no metric " + metric);
                } else {
                    labels.stream().filter(label -> !served.get(metric).contains(label)
                            && !TARGET_LABELS.contains(label)).forEach(label -> missing.add(
                            "promtool input series " + series + ": " + metric + " has no label " + label));
                }
            });
        });

        assertThat(missing).as("metrics and labels used in %s but not served (served: %s)",
                MonitoringFiles.DIRECTORY, served.keySet()).isEmpty();
    }

    @Test
    void should_serve_no_task_gauges_when_they_are_turned_off_and_the_instance_meters_all_the_same() throws Exception {
        putTasks(2);
        Map<String, String> settings = settings();
        settings.put("watch.metrics.task-gauges", "false");
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        events.awaitTotal(2, EVENT_WAIT);

        Map<String, Set<String>> served = labelsByMetric(metrics());
        assertThat(served).containsKeys("taurus_watch_polls_total", "taurus_watch_seconds_since_last_success")
                .doesNotContainKeys("taurus_watch_task_status", "taurus_watch_task_stage",
                        "taurus_watch_task_percentage", "taurus_watch_task_catchup_percentage");
    }

    /** What of one query the scrape lacks: its metrics, their matched labels, its grouping and printed labels. */
    private static List<String> missingIn(Map<String, Set<String>> served, MonitoringFiles.Query query) {
        List<String> missing = new ArrayList<>();
        PromQlReferences references = PromQlReferences.of(query.expression());
        Set<String> labelsOfQuery = new LinkedHashSet<>(TARGET_LABELS);
        references.metrics().forEach(metric -> {
            if (served.containsKey(metric)) {
                labelsOfQuery.addAll(served.get(metric));
            } else {
                missing.add(query.where() + ": no metric " + metric);
            }
        });
        references.selectorLabels().forEach((metric, labels) -> labels.stream()
                .filter(label -> served.containsKey(metric) && !served.get(metric).contains(label))
                .forEach(label -> missing.add(query.where() + ": " + metric + " has no label " + label)));
        Stream.concat(references.groupingLabels().stream(), query.printedLabels().stream())
                .filter(label -> !labelsOfQuery.contains(label))
                .forEach(label -> missing.add(query.where() + ": no metric of it has the label " + label));
        return missing;
    }

    /** Each metric of a Prometheus text exposition with the names of the labels its samples carry. */
    private static Map<String, Set<String>> labelsByMetric(String exposition) {
        Map<String, Set<String>> metrics = new HashMap<>();
        exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                Set<String> labels = metrics.computeIfAbsent(sample.group(1), name -> new LinkedHashSet<>());
                Matcher label = LABEL.matcher(sample.group(3) == null ? "" : sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        });
        return metrics;
    }

    private String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(runtime.management() + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
