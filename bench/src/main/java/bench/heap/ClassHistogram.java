package bench.heap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code jcmd PID GC.class_histogram} (which collects first, so it counts live objects only), parsed
 * into instances and bytes per class, and the difference of two of them divided by a connection count: what each
 * connection holds, class by class. Immutable; any thread.
 */
public final class ClassHistogram {
  /** {@code    1:         12345        6789012  java.lang.String (java.base@17.0.15)}. */
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** One class's line. */
  public record Entry(String className, long instances, long bytes) {}

  /** One class's difference between two histograms. */
  public record Delta(String className, long instances, long bytes) {}

  private final Map<String, Entry> byClass;

  private ClassHistogram(Map<String, Entry> byClass) {
    this.byClass = byClass;
  }

  public static ClassHistogram parse(String jcmdOutput) {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (String line : jcmdOutput.split("\n")) {
      Matcher r = ROW.matcher(line);
      if (r.find()) {
        // the same name can appear twice (two class loaders): add them up
        m.merge(r.group(3), new Entry(r.group(3), Long.parseLong(r.group(1)), Long.parseLong(r.group(2))),
            (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
      }
    }
    return new ClassHistogram(m);
  }

  public int size() {
    return byClass.size();
  }

  public long totalBytes() {
    return byClass.values().stream().mapToLong(Entry::bytes).sum();
  }

  public Entry get(String className) {
    return byClass.getOrDefault(className, new Entry(className, 0, 0));
  }

  /** {@code this - before}, per class, largest byte growth first. */
  public List<Delta> minus(ClassHistogram before) {
    List<Delta> out = new ArrayList<>();
    java.util.Set<String> names = new java.util.LinkedHashSet<>(byClass.keySet());
    names.addAll(before.byClass.keySet());
    for (String n : names) {
      Entry a = get(n);
      Entry b = before.get(n);
      if (a.instances() != b.instances() || a.bytes() != b.bytes()) {
        out.add(new Delta(n, a.instances() - b.instances(), a.bytes() - b.bytes()));
      }
    }
    out.sort(Comparator.comparingLong(Delta::bytes).reversed());
    return out;
  }

  /** A markdown table of the {@code top} largest growths per connection, with the total over every class. */
  public static String perConnectionTable(List<Delta> deltas, int connections, int top) {
    StringBuilder sb = new StringBuilder();
    long total = deltas.stream().mapToLong(Delta::bytes).sum();
    sb.append(String.format("All classes: %+,d B over %,d connections = %.0f B/conn%n%n", total, connections,
        total / (double) connections));
    sb.append("| class | instances/conn | B/conn |\n|---|---|---|\n");
    for (int i = 0; i < Math.min(top, deltas.size()); i++) {
      Delta d = deltas.get(i);
      sb.append(String.format("| `%s` | %.2f | %.1f |%n", d.className(), d.instances() / (double) connections,
          d.bytes() / (double) connections));
    }
    return sb.toString();
  }
}
