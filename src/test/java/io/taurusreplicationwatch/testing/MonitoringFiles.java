package io.taurusreplicationwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The files of {@code deploy/monitoring} as data: the rules, the promtool test, the PrometheusRule, the dashboard,
 * and every PromQL query they hold with the labels their templates print.
 */
public final class MonitoringFiles {

    public static final Path DIRECTORY = Path.of("deploy", "monitoring");
    public static final Path RULES = DIRECTORY.resolve("taurus-replication-watch.rules.yaml");
    public static final Path RULES_TEST = DIRECTORY.resolve("taurus-replication-watch.rules.test.yaml");
    public static final Path PROMETHEUS_RULE = DIRECTORY.resolve("prometheusrule.yaml");
    public static final Path SERVICE_MONITOR = DIRECTORY.resolve("servicemonitor.yaml");
    public static final Path DASHBOARD = DIRECTORY.resolve("grafana-dashboard.json");

    // {{ $labels.task }} in an annotation, {{task}} in a Grafana legend.
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\{\\{\\s*(?:\\$labels\\.)?([a-zA-Z_]\\w*)\\s*}}");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,\\s*(\\w+)\\s*\\)");

    /** One query where it was found, and the labels its legend or annotations print. */
    public record Query(String where, String expression, Set<String> printedLabels) {
    }

    private MonitoringFiles() {
    }

    public static Map<String, Object> yaml(Path file) {
        return map(new Load(LoadSettings.builder().build()).loadFromString(read(file)));
    }

    public static List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        MonitoringFiles.<Map<String, Object>>list(yaml(RULES).get("groups"))
                .forEach(group -> rules.addAll(list(group.get("rules"))));
        return rules;
    }

    /** Every alert's expression, and the labels its annotations print. */
    public static List<Query> ruleQueries() {
        return alertRules().stream().map(rule -> new Query("alert " + rule.get("alert"), (String) rule.get("expr"),
                printedLabels(String.valueOf(rule.get("annotations"))))).toList();
    }

    /** Every panel target's expression, with the labels of its legend, and the dashboard variables' queries. */
    public static List<Query> dashboardQueries() {
        JsonNode dashboard = dashboard();
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel '" + panel.path("title").asText() + "'", target.path("expr").asText(),
                        printedLabels(target.path("legendFormat").asText(""))));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher values = LABEL_VALUES.matcher(variable.path("definition").asText(""));
            if (values.matches()) {
                // label_values(metric, label): the metric must carry the label.
                queries.add(new Query("variable " + variable.path("name").asText(),
                        values.group(1) + "{" + values.group(2) + "=~\".+\"}", Set.of()));
            }
        }
        return queries;
    }

    /** The series the promtool test feeds in, as they are written: {@code name{label="value",...}}. */
    public static List<String> testInputSeries() {
        List<String> series = new ArrayList<>();
        MonitoringFiles.<Map<String, Object>>list(yaml(RULES_TEST).get("tests")).forEach(test ->
                MonitoringFiles.<Map<String, Object>>list(test.get("input_series"))
                        .forEach(input -> series.add((String) input.get("series"))));
        return series;
    }

    public static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> printedLabels(String template) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher label = TEMPLATE_LABEL.matcher(template);
        while (label.find()) {
            labels.add(label.group(1));
        }
        return labels;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
