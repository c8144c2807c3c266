package dev.jgil.demo.common;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table printed at the end of a demo. First column left-aligned, the others right. */
public final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = header;
    }

    public Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    public void print() {
        StringBuilder b = new StringBuilder("\n|");
        for (String h : header) b.append(' ').append(h).append(" |");
        b.append("\n|");
        for (int i = 0; i < header.length; i++) b.append(i == 0 ? "---|" : "---:|");
        for (String[] r : rows) {
            b.append("\n|");
            for (String c : r) b.append(' ').append(c).append(" |");
        }
        System.out.println(b);
    }
}
