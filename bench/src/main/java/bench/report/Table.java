package bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A titled table that renders as Markdown (for the console and results/*.md) and as CSV. */
public final class Table {
  private final String title;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String title, String... columns) {
    this.title = title;
    this.columns = Arrays.asList(columns);
  }

  public String title() {
    return title;
  }

  public List<String> columns() {
    return columns;
  }

  public List<List<String>> rows() {
    return rows;
  }

  public Table row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(title + ": " + cells.length + " cells for " + columns.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) r.add(Fmt.cell(c));
    rows.add(r);
    return this;
  }

  public String markdown() {
    int[] w = new int[columns.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(3, columns.get(i).length());
      for (List<String> r : rows) w[i] = Math.max(w[i], r.get(i).length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("### ").append(title).append("\n\n");
    line(sb, columns, w);
    sb.append('|');
    for (int x : w) sb.append(' ').append("-".repeat(x)).append(" |");
    sb.append('\n');
    for (List<String> r : rows) line(sb, r, w);
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    sb.append('|');
    for (int i = 0; i < w.length; i++) {
      String c = cells.get(i);
      sb.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
    }
    sb.append('\n');
  }

  public String csv() {
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (List<String> r : rows) {
      List<String> quoted = new ArrayList<>();
      for (String c : r) quoted.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
      sb.append(String.join(",", quoted)).append('\n');
    }
    return sb.toString();
  }
}
