package bench.probe;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromTextTest {

  @Test
  void sumsEverySeriesOfAMetricWhateverItsLabels() {
    Map<String, Double> m = PromText.parse(String.join("\n",
        "# HELP hub_sessions_closed_total closed",
        "# TYPE hub_sessions_closed_total counter",
        "hub_sessions_closed_total{reason=\"no_pong\"} 3.0",
        "hub_sessions_closed_total{reason=\"client_closed\"} 4.0",
        "hub_sessions_live 12.0",
        "hub_sessions_live_other 99.0"));
    assertEquals(7.0, PromText.sum(m, "hub_sessions_closed_total"));
    assertEquals(12.0, PromText.sum(m, "hub_sessions_live"));
    assertTrue(Double.isNaN(PromText.sum(m, "hub_timers_live")));
  }
}
