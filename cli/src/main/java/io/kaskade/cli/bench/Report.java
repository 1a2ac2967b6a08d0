package io.kaskade.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown section one benchmark run appends to bench/RESULTS.md: every figure next to its goal. */
final class Report {

    private final List<String> figures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final String heading;

    Report(String heading) {
        this.heading = heading;
    }

    /** A figure compared with what it is measured against in the same run; the goal is a ratio limit. */
    void ratio(String figure, double measured, String baselineName, double baseline, double maxRatio, String unit) {
        double ratio = measured / baseline;
        boolean hasGoal = Double.isFinite(maxRatio); // a figure shown beside its comparison only
        figures.add(row(
                figure,
                format(measured, unit),
                baselineName + " " + format(baseline, unit),
                String.format(Locale.ROOT, "%.2fx", ratio),
                hasGoal ? String.format(Locale.ROOT, "≤ %.2fx", maxRatio) : "—",
                hasGoal ? (ratio <= maxRatio ? "yes" : "no") : "—"));
    }

    /** A figure with an absolute goal ({@code atLeast}: higher is better). */
    void absolute(String figure, double measured, String unit, double goal, boolean atLeast) {
        boolean met = atLeast ? measured >= goal : measured <= goal;
        figures.add(row(
                figure,
                format(measured, unit),
                "—",
                "—",
                (atLeast ? "≥ " : "≤ ") + format(goal, unit),
                met ? "yes" : "no"));
    }

    /** A figure whose goal is to stay strictly below {@code goal}. */
    void below(String figure, double measured, String unit, double goal) {
        figures.add(row(
                figure, format(measured, unit), "—", "—", "< " + format(goal, unit), measured < goal ? "yes" : "no"));
    }

    void detail(String title, List<String> header, List<List<String>> rows) {
        details.add("");
        details.add("**" + title + "**");
        details.add("");
        details.add("| " + String.join(" | ", header) + " |");
        details.add("|" + "---|".repeat(header.size()));
        rows.forEach(r -> details.add("| " + String.join(" | ", r) + " |"));
    }

    void note(String text) {
        details.add("");
        details.add(text);
    }

    String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(heading);
        lines.add("");
        lines.add("| figure | measured | compared with (same run) | ratio | goal | met |");
        lines.add("|---|---|---|---|---|---|");
        lines.addAll(figures);
        lines.addAll(details);
        lines.add("");
        return String.join("\n", lines);
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "ms" -> String.format(Locale.ROOT, "%.0f ms", value);
            case "runs/s" -> String.format(Locale.ROOT, "%.2f runs/s", value);
            case "MiB" -> String.format(Locale.ROOT, "%.0f MiB", value);
            default -> String.format(Locale.ROOT, "%.2f %s", value, unit);
        };
    }

    static List<List<String>> percentiles(Map<String, Samples> samples) {
        List<List<String>> rows = new ArrayList<>();
        samples.forEach((name, s) -> rows.add(
                s.isEmpty()
                        ? List.of(name, "0", "—", "—")
                        : List.of(
                                name,
                                Integer.toString(s.size()),
                                format(s.median(), "ms"),
                                format(s.percentile(99), "ms"))));
        return rows;
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }
}
