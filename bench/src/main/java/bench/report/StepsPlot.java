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
    List<String> lines = Files.readAllLines(Path.of(args[0]));
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
    Map<String, TreeMap<Double, String[]>> byTarget = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      byTarget.computeIfAbsent(cells[target], k -> new TreeMap<>()).put(Double.parseDouble(cells[rate]), cells);
    }
    List<Plotter.Series> latency = new ArrayList<>();
    List<Plotter.Series> cpuPerDelivery = new ArrayList<>();
    int color = 0;
    for (Map.Entry<String, TreeMap<Double, String[]>> e : byTarget.entrySet()) {
      List<double[]> p50s = new ArrayList<>();
      List<double[]> p99s = new ArrayList<>();
      List<double[]> cpus = new ArrayList<>();
      for (String[] c : e.getValue().values()) {
        double x = Double.parseDouble(c[perSec]);
        p50s.add(new double[] {x, Double.parseDouble(c[p50])});
        p99s.add(new double[] {x, Double.parseDouble(c[p99])});
        cpus.add(new double[] {x, Double.parseDouble(c[cpu]) * 1e6 / Double.parseDouble(c[delivered])});
      }
      latency.add(new Plotter.Series(e.getKey() + " p99", color, false, p99s));
      latency.add(new Plotter.Series(e.getKey() + " p50", color, true, p50s));
      cpuPerDelivery.add(new Plotter.Series(e.getKey(), color, false, cpus));
      color++;
    }
    String title = args[2];
    Plotter.logLines(title + ": latency vs delivered rate", "delivered messages per second",
        "latency ms (publisher's stamp to receipt)", latency, Path.of(args[1] + "-latency.png"));
    Plotter.logLines(title + ": server CPU per delivery", "delivered messages per second",
        "server CPU us per delivery", cpuPerDelivery, Path.of(args[1] + "-cpu.png"));
  }
}
