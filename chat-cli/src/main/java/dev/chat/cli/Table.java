package dev.chat.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain-text table with a header row, columns padded to their widest cell; cells are neutralised. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final Set<Integer> right = new HashSet<>();

    public Table(String... header) {
        rows.add(header);
    }

    public Table alignRight(int column) {
        right.add(column);
        return this;
    }

    public Table row(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = Text.neutraliseLine(cells[i]);
        }
        rows.add(safe);
        return this;
    }

    @Override
    public String toString() {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.codePointCount(0, cell.length()));
                if (i > 0) {
                    line.append("  ");
                }
                line.append(right.contains(i) ? pad + cell : i == columns - 1 ? cell : cell + pad);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
