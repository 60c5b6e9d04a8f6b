package bench.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimestampsTest {

  @Test
  void readsTheTimestampWhateverTheFramingAroundIt() {
    assertEquals(1764184000123456L, Timestamps.extractTs(
        "{\"push\":{\"channel\":\"bench:fan0\",\"pub\":{\"data\":{\"ts\":1764184000123456,\"seq\":3}}}}"));
    assertEquals(42L, Timestamps.extractTs("42[\"pub\",{\"ts\":42,\"seq\":1}]"));
    assertEquals(7L, Timestamps.extractTs("{\"ts\":7}"));
  }

  @Test
  void reportsMinusOneWhenThereIsNoTimestamp() {
    assertEquals(-1L, Timestamps.extractTs("{}"));
    assertEquals(-1L, Timestamps.extractTs("{\"ts\":\"x\"}"));
  }
}
