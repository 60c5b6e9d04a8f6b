package bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws the two charts of a fan-out run from its steps CSV (the {@code fanout} scenario's "Fan-out steps" table):
 * p50 and p99 against delivered rate, and server CPU per delivery against delivered rate, one line per target label
 * (hub variants included), one point per rate (the last attempt at a rate, which is the one that decided it).
 * Reads a finished run, so a chart can be drawn again without running anything.
 * Usage: {@code java -cp realtime-hub-bench.jar bench.report.StepsPlot STEPS.csv OUT-PREFIX TITLE}, which writes
 * {@code OUT-PREFIX-latency.png} and {@code OUT-PREFIX-cpu.png}.
 */
public final class StepsPlot {

  private StepsPlot() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: StepsPlot STEPS.csv OUT-PREFIX TITLE");
      System.exit(2);
    }
    draw(Files.readAllLines(Path.of(args[0])), args[1], args[2]);
  }

  /** One target's points: {delivered/s, p50 ms, p99 ms, CPU us per delivery}, one per rate, in rate order. */
  record Line(String label, List<double[]> points) {}

  /** Writes {@code prefix-latency.png} and {@code prefix-cpu.png} from the CSV's {@code lines} (header first). */
  static void draw(List<String> lines, String prefix, String title) throws IOException {
    List<Plotter.Series> latency = new ArrayList<>();
    List<Plotter.Series> cpuPerDelivery = new ArrayList<>();
    int color = 0;
    for (Line line : lines(lines)) {
      latency.add(new Plotter.Series(line.label() + " p99", color, false, column(line, 2)));
      latency.add(new Plotter.Series(line.label() + " p50", color, true, column(line, 1)));
      cpuPerDelivery.add(new Plotter.Series(line.label(), color, false, column(line, 3)));
      color++;
    }
    Plotter.logLines(title + ": latency vs delivered rate", "delivered messages per second",
        "latency ms (publisher's stamp to receipt)", latency, Path.of(prefix + "-latency.png"));
    Plotter.logLines(title + ": server CPU per delivery", "delivered messages per second",
        "server CPU us per delivery", cpuPerDelivery, Path.of(prefix + "-cpu.png"));
  }

  /** The steps table's lines per target label, in the order the labels first appear. */
  static List<Line> lines(List<String> lines) {
    List<String> head = Arrays.asList(lines.get(0).split(","));
    int target = head.indexOf("target");
    int rate = head.indexOf("pubs/s");
    int delivered = head.indexOf("delivered");
    int perSec = head.indexOf("delivered/s");
    int p50 = head.indexOf("p50 ms");
    int p99 = head.indexOf("p99 ms");
    int cpu = head.indexOf("server CPU-s");
    if (Math.min(Math.min(target, rate), Math.min(Math.min(delivered, perSec), Math.min(Math.min(p50, p99), cpu))) < 0) {
      throw new IllegalArgumentException("not a fan-out steps table: " + lines.get(0));
    }
    Map<String, TreeMap<Double, double[]>> byTarget = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",");
      double[] point = {Double.parseDouble(c[perSec]), Double.parseDouble(c[p50]), Double.parseDouble(c[p99]),
          Double.parseDouble(c[cpu]) * 1e6 / Double.parseDouble(c[delivered])};
      // A rate tried twice keeps its last attempt: the one that decided the climb.
      byTarget.computeIfAbsent(c[target], k -> new TreeMap<>()).put(Double.parseDouble(c[rate]), point);
    }
    List<Line> out = new ArrayList<>();
    byTarget.forEach((label, points) -> out.add(new Line(label, List.copyOf(points.values()))));
    return out;
  }

  private static List<double[]> column(Line line, int index) {
    return line.points().stream().map(p -> new double[] {p[0], p[index]}).toList();
  }
}
