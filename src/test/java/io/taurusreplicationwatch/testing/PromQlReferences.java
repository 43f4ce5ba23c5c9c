package io.taurusreplicationwatch.testing;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and labels one PromQL expression refers to, found by a small tokenizer rather than a parser:
 * enough for expressions that name their metrics plainly, as ours do. {@code selectorLabels} are the labels matched
 * in a metric's braces; {@code groupingLabels} those of {@code by}, {@code on}, {@code without} and the like, which
 * must exist on some metric of the expression.
 */
public record PromQlReferences(Set<String> metrics, Map<String, Set<String>> selectorLabels,
                               Set<String> groupingLabels) {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan", "Inf", "NaN");

    public static PromQlReferences of(String expression) {
        // Strings go first (they hold regexes and braces); a matcher's value is then an empty "" placeholder.
        String code = STRING.matcher(expression).replaceAll("\"\"");
        Set<String> metrics = new LinkedHashSet<>();
        Map<String, Set<String>> selectorLabels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(code);
        while (selector.find()) {
            String metric = selector.group(1) == null ? "" : selector.group(1);
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                selectorLabels.computeIfAbsent(metric, m -> new LinkedHashSet<>()).add(matcher.group(1));
            }
        }
        code = SELECTOR.matcher(code).replaceAll(result -> result.group(1) == null ? " " : result.group(1) + " ");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher groups = GROUPING.matcher(code);
        while (groups.find()) {
            for (String label : groups.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.trim());
                }
            }
        }
        code = GROUPING.matcher(code).replaceAll(" ").replaceAll("\\[[^]]*]", " ").replaceAll("\\$\\w+", " ");
        Matcher identifier = IDENTIFIER.matcher(code);
        while (identifier.find()) {
            // An identifier before '(' is a function or an aggregation, never a metric.
            if (identifier.group(2) == null && !KEYWORDS.contains(identifier.group(1))) {
                metrics.add(identifier.group(1));
            }
        }
        return new PromQlReferences(metrics, selectorLabels, grouping);
    }
}
