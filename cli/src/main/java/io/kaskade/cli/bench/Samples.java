package io.kaskade.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured values of one figure (milliseconds), with the order statistics the report prints. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return percentile(50);
    }

    /** Nearest-rank percentile, the definition Kafka's EndToEndLatency prints, so both columns compare. */
    double percentile(double p) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double mean() {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
