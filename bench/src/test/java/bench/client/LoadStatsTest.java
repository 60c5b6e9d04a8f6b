package bench.client;

import io.vertx.core.json.JsonArray;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadStatsTest {

  @Test
  void readsTheNodeDriversPairsAsTheJavaClientsEncodedForm() {
    Histogram fromNode = LoadStats.histogram(new JsonArray("[[1000,3],[5000,1]]"));
    Histogram h = new Histogram(LoadStats.MAX_MICROS, 3);
    h.recordValueWithCount(1000, 3);
    h.recordValue(5000);
    Histogram fromJava = LoadStats.histogram(LoadStats.encode(h));
    assertEquals(4, fromNode.getTotalCount());
    assertEquals(fromJava.getTotalCount(), fromNode.getTotalCount());
    assertEquals(fromJava.getValueAtPercentile(50), fromNode.getValueAtPercentile(50));
    assertEquals(fromJava.getMaxValue(), fromNode.getMaxValue());
  }

  @Test
  void capsValuesPastTheRangeAndRefusesOtherShapes() {
    assertEquals(1, LoadStats.histogram(new JsonArray("[[999999999999,1]]")).getTotalCount());
    assertEquals(0, LoadStats.histogram(null).getTotalCount());
    assertThrows(IllegalArgumentException.class, () -> LoadStats.histogram(42));
  }
}
