package bench.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/** Minimal reader of the Prometheus text format: series (name plus labels) to value. */
public final class PromText {
  private PromText() {}

  public static Map<String, Double> parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int sp = line.lastIndexOf(' ');
      if (sp < 0) continue;
      // some exporters append a timestamp: "name{..} value ts"
      String head = line.substring(0, sp).trim();
      String value = line.substring(sp + 1);
      int sp2 = head.lastIndexOf(' ');
      if (sp2 > head.lastIndexOf('}') && sp2 > 0) {
        value = head.substring(sp2 + 1);
        head = head.substring(0, sp2);
      }
      try {
        series.put(head, Double.parseDouble(value));
      } catch (NumberFormatException ignored) {
        // not a sample line
      }
    }
    return series;
  }

  /** Sum of every series of a metric name, whatever its labels; NaN when absent. */
  public static double sum(Map<String, Double> series, String name) {
    double total = 0;
    boolean seen = false;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String k = e.getKey();
      if (k.equals(name) || k.startsWith(name + "{")) {
        total += e.getValue();
        seen = true;
      }
    }
    return seen ? total : Double.NaN;
  }
}
