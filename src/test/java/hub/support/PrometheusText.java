package hub.support;

import java.util.HashMap;
import java.util.Map;

/**
 * One scrape of {@code /metrics} in the Prometheus text format, read back by series: {@code name} or
 * {@code name{label="value",...}} exactly as the hub writes it. Immutable.
 */
public final class PrometheusText {

  private final Map<String, Double> series;

  private PrometheusText(Map<String, Double> series) {
    this.series = series;
  }

  public static PrometheusText parse(String body) {
    Map<String, Double> series = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new PrometheusText(series);
  }

  /** The value of one series; fails when the hub does not publish it. */
  public double value(String name) {
    Double v = series.get(name);
    if (v == null) {
      throw new AssertionError(name + " is not in /metrics");
    }
    return v;
  }

  /** How many series of {@code name} this scrape holds, whatever their labels. */
  public int count(String name) {
    int n = 0;
    for (String s : series.keySet()) {
      if (s.equals(name) || s.startsWith(name + "{")) {
        n++;
      }
    }
    return n;
  }

  /** How many series this scrape holds whose name starts with {@code prefix}. */
  public int countStartingWith(String prefix) {
    return (int) series.keySet().stream().filter(s -> s.startsWith(prefix)).count();
  }

  /** The sum over every series of {@code name}, whatever their labels. */
  public double sum(String name) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
        total += e.getValue();
      }
    }
    return total;
  }

  /**
   * The series of {@code name} by the value of one label, e.g. closes by {@code reason}; series that differ only in
   * other labels (the {@code transport}) are summed.
   */
  public Map<String, Double> byLabel(String name, String label) {
    Map<String, Double> out = new HashMap<>();
    String prefix = name + "{";
    String key = label + "=\"";
    series.forEach((s, v) -> {
      int at = s.indexOf(key);
      if (s.startsWith(prefix) && at > 0) {
        out.merge(s.substring(at + key.length(), s.indexOf('"', at + key.length())), v, Double::sum);
      }
    });
    return out;
  }
}
