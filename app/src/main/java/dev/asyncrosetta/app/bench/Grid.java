package dev.asyncrosetta.app.bench;

import java.util.List;
import java.util.Locale;

/**
 * A table of cells, header first, rendered for the terminal (columns padded, two spaces apart) or as
 * markdown; {@code left} says which columns align left (text) rather than right (figures).
 */
record Grid(List<String[]> rows, boolean[] left) {

    Grid {
        if (rows.isEmpty()) throw new IllegalArgumentException("a grid needs at least its header");
        for (String[] row : rows) {
            if (row.length != left.length) throw new IllegalArgumentException("a row of " + row.length + " cells, not " + left.length);
        }
    }

    String text() {
        int[] widths = new int[left.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) line.append("  ");
                line.append(String.format(Locale.ROOT, "%" + (left[c] ? "-" : "") + widths[c] + "s", row[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder(row(rows.get(0)));
        StringBuilder rule = new StringBuilder("|");
        for (boolean alignLeft : left) rule.append(alignLeft ? "---|" : "---:|");
        out.append(rule).append('\n');
        for (String[] row : rows.subList(1, rows.size())) out.append(row(row));
        return out.toString();
    }

    private static String row(String[] cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
