package io.kaskade.cli.stack;

import java.util.ArrayList;
import java.util.List;

/** The "what runs where" table {@code up} prints: one row per part. */
public final class StackTable {

    /**
     * One part of the stack.
     *
     * @param pid the pid when kaskade started it, else {@code -}
     * @param note where its log is, or why kaskade did not start it
     */
    public record Row(String part, String pid, String address, String note) {}

    private StackTable() {}

    public static String format(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"PART", "PID", "ADDRESS", "LOG / NOTE"});
        rows.forEach(r -> cells.add(new String[] {r.part(), r.pid(), r.address(), r.note()}));
        int[] width = new int[3];
        for (String[] c : cells) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] c : cells) {
            for (int i = 0; i < 3; i++) {
                out.append(c[i]).append(" ".repeat(width[i] - c[i].length() + 2));
            }
            out.append(c[3]).append('\n');
        }
        return out.toString();
    }
}
