package io.taurusreplicationwatch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of repeated measurements: medians because this machine is noisy, and nearest-rank percentiles. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The smallest value that at least {@code percent} % of the values do not exceed. */
    static double percentile(List<Double> values, double percent) {
        List<Double> sorted = sorted(values);
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    static double max(List<Double> values) {
        return Collections.max(values);
    }

    private static List<Double> sorted(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
