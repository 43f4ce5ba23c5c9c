package io.taurusreplicationwatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table the harness prints, then one line per goal in the form BENCHMARKS.md quotes verbatim. */
final class Report {

    record Row(String scenario, String service, String baseline, String value, String target) {
    }

    record Goal(String name, String value, String target, boolean pass) {

        String line() {
            return "goal " + name + ": " + value + " (target " + target + ") " + (pass ? "PASS" : "FAIL");
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    void row(String scenario, String service, String baseline, String value, String target) {
        rows.add(new Row(scenario, service, baseline, value, target));
    }

    void goal(String name, String value, String target, boolean pass) {
        goals.add(new Goal(name, value, target, pass));
    }

    void print(PrintStream out) {
        out.println("| scenario | service | baseline | ratio / value | target |");
        out.println("|---|---:|---:|---:|---|");
        rows.forEach(r -> out.printf("| %s | %s | %s | %s | %s |%n",
                r.scenario(), r.service(), r.baseline(), r.value(), r.target()));
        out.println();
        goals.forEach(g -> out.println(g.line()));
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.0f ms", millis);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f ev/s", perSecond);
    }

    static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
    }
}
