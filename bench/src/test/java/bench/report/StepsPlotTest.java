package bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StepsPlotTest {

  private static final String HEAD = "target,subscribers,channels,pubs/s,published,pub failed,delivered,expected,"
      + "delivered/s,p50 ms,p99 ms,p99.9 ms,max ms,server CPU-s,delivered per CPU-s,publish API p99 ms";

  private static final List<String> RUN = List.of(HEAD,
      "hub,1000,1,10.0,100,0,100000,100000,10000,15.8,36.4,43.8,49.2,1.36,73529,13.4",
      "hub,1000,1,75.9,759,0,759000,759000,75900,35.4,225,394,483,9.57,79310,99.7",
      "hub,1000,1,75.9,759,0,759000,759000,75900,33.1,146,319,456,8.99,84427,54.8",
      "hub,1000,1,62.0,620,0,620000,620000,62000,22.2,99.1,152,201,7.25,85517,19.0",
      "socketio,1000,1,10.0,100,0,100000,100000,10000,15.7,41.1,53.5,55.5,1.94,51546,42.8");

  @Test
  void oneLinePerTargetInRateOrderWithTheLastAttemptAtARate() {
    List<StepsPlot.Line> lines = StepsPlot.lines(RUN);
    assertEquals(List.of("hub", "socketio"), lines.stream().map(StepsPlot.Line::label).toList());
    List<double[]> hub = lines.get(0).points();
    assertEquals(3, hub.size(), "75.9 pubs/s was tried twice and is drawn once");
    assertArrayEquals(new double[] {10000, 15.8, 36.4, 13.6}, hub.get(0), 1e-9);
    assertArrayEquals(new double[] {62000, 22.2, 99.1, 7.25e6 / 620000}, hub.get(1), 1e-9);
    assertArrayEquals(new double[] {75900, 33.1, 146, 8.99e6 / 759000}, hub.get(2), 1e-9);
  }

  @Test
  void drawsBothChartsAsReadablePngs(@TempDir Path dir) throws Exception {
    StepsPlot.draw(RUN, dir.resolve("run").toString(), "run");
    assertNotNull(ImageIO.read(dir.resolve("run-latency.png").toFile()));
    assertNotNull(ImageIO.read(dir.resolve("run-cpu.png").toFile()));
  }

  @Test
  void refusesATableThatIsNotAFanOutStepsTable() {
    assertThrows(IllegalArgumentException.class,
        () -> StepsPlot.lines(List.of("target,connections,connect/s", "hub,5000,800")));
  }
}
