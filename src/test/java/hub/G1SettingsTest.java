package hub;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import hub.config.JvmConfig;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static hub.G1Settings.MAX;
import static hub.G1Settings.MIN;
import static hub.G1Settings.PERIODIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class G1SettingsTest {

  private static JvmConfig config(int min, int max) {
    return new JvmConfig(min, max, JvmConfig.DEFAULT_PERIODIC_GC_INTERVAL_MS);
  }

  /** The two flags as HotSpot keeps them: each with an origin, and a minimum never above the maximum. */
  static final class FakeVm implements HotSpotDiagnosticMXBean {
    final Map<String, VMOption> options = new HashMap<>();

    FakeVm(int min, VMOption.Origin minOrigin, int max, VMOption.Origin maxOrigin) {
      options.put(MIN, new VMOption(MIN, Integer.toString(min), true, minOrigin));
      options.put(MAX, new VMOption(MAX, Integer.toString(max), true, maxOrigin));
      options.put(PERIODIC, new VMOption(PERIODIC, "0", true, VMOption.Origin.DEFAULT));
    }

    int value(String name) {
      return Integer.parseInt(options.get(name).getValue());
    }

    @Override
    public VMOption getVMOption(String name) {
      return options.get(name);
    }

    @Override
    public void setVMOption(String name, String value) {
      int v = Integer.parseInt(value);
      if (name.equals(PERIODIC)) {
        options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
        return;
      }
      if (name.equals(MIN) ? v > value(MAX) : v < value(MIN)) {
        throw new IllegalArgumentException(name + " would break MinHeapFreeRatio <= MaxHeapFreeRatio");
      }
      options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
    }

    @Override
    public void dumpHeap(String outputFile, boolean live) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<VMOption> getDiagnosticOptions() {
      return List.copyOf(options.values());
    }

    @Override
    public ObjectName getObjectName() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void lowersBothFromTheJvmDefaultsMinimumFirst() {
    FakeVm vm = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);
    G1Settings.Outcome outcome = G1Settings.apply(config(5, 20), vm);
    assertEquals(5, vm.value(MIN));
    assertEquals(20, vm.value(MAX));
    assertEquals(List.of("MinHeapFreeRatio=5", "MaxHeapFreeRatio=20", "G1PeriodicGCInterval=5000"), outcome.changed());
    assertEquals(5000, vm.value(PERIODIC));
    assertEquals(List.of(), outcome.refused());
  }

  @Test
  void raisesBothAboveTheCurrentMaximumMaximumFirst() {
    FakeVm vm = new FakeVm(5, VMOption.Origin.DEFAULT, 20, VMOption.Origin.DEFAULT);
    G1Settings.Outcome outcome = G1Settings.apply(config(50, 80), vm);
    assertEquals(50, vm.value(MIN));
    assertEquals(80, vm.value(MAX));
    assertEquals(List.of(), outcome.refused());
  }

  @Test
  void aRatioGivenOnTheCommandLineIsKept() {
    FakeVm vm = new FakeVm(40, VMOption.Origin.DEFAULT, 30, VMOption.Origin.VM_CREATION);
    G1Settings.Outcome outcome = G1Settings.apply(config(5, 20), vm);
    assertEquals(5, vm.value(MIN));
    assertEquals(30, vm.value(MAX));
    assertEquals(List.of("MaxHeapFreeRatio=30 (command line)"), outcome.kept());
  }

  @Test
  void aValueTheOperatorsChoiceRulesOutIsReportedNotThrown() {
    FakeVm vm = new FakeVm(50, VMOption.Origin.ENVIRON_VAR, 70, VMOption.Origin.DEFAULT);
    G1Settings.Outcome outcome = G1Settings.apply(config(5, 20), vm);
    assertEquals(50, vm.value(MIN));
    assertEquals(70, vm.value(MAX));
    assertEquals(List.of("MinHeapFreeRatio=50 (environment)"), outcome.kept());
    assertEquals(1, outcome.refused().size(), () -> "refused: " + outcome.refused());
    assertTrue(outcome.refused().get(0).startsWith("MaxHeapFreeRatio=20 ("), outcome.refused().get(0));
  }

  @Test
  void aPeriodicIntervalGivenOnTheCommandLineIsKeptAndZeroTurnsItOff() {
    FakeVm vm = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);
    G1Settings.apply(new JvmConfig(5, 20, 0), vm);
    assertEquals(0, vm.value(PERIODIC));
    vm.options.put(PERIODIC, new VMOption(PERIODIC, "60000", true, VMOption.Origin.VM_CREATION));
    G1Settings.Outcome outcome = G1Settings.apply(config(5, 20), vm);
    assertEquals(60000, vm.value(PERIODIC));
    assertEquals(List.of("G1PeriodicGCInterval=60000 (command line)"), outcome.kept());
  }

  /** The flags must really be writable in a running JVM of the version we ship on, or the defaults do nothing. */
  @Test
  void thisJvmTakesTheRatiosAtRunTime() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    VMOption min = vm.getVMOption(MIN);
    VMOption max = vm.getVMOption(MAX);
    assumeTrue(min.getOrigin() == VMOption.Origin.DEFAULT && max.getOrigin() == VMOption.Origin.DEFAULT,
        "the test JVM was started with its own heap free ratios");
    assertTrue(min.isWriteable() && max.isWriteable(), "manageable flags");
    VMOption periodic = vm.getVMOption(PERIODIC);
    assertTrue(periodic.isWriteable(), "G1PeriodicGCInterval is manageable");
    try {
      G1Settings.Outcome outcome = G1Settings.apply(config(7, 23), vm);
      assertEquals(List.of(), outcome.refused());
      assertEquals("7", vm.getVMOption(MIN).getValue());
      assertEquals("23", vm.getVMOption(MAX).getValue());
      assertEquals(VMOption.Origin.MANAGEMENT, vm.getVMOption(MAX).getOrigin());
      assertEquals("5000", vm.getVMOption(PERIODIC).getValue());
    } finally {
      vm.setVMOption(PERIODIC, periodic.getValue());
      vm.setVMOption(MAX, max.getValue());
      vm.setVMOption(MIN, min.getValue());
    }
  }

  @Test
  void theBackoffRunsOnlyWhenTheHubItselfTurnedThePeriodicCycleOn() {
    FakeVm vm = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);
    assertTrue(G1Settings.setPeriodic(G1Settings.apply(config(5, 20), vm)));

    FakeVm off = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);
    assertFalse(G1Settings.setPeriodic(G1Settings.apply(new JvmConfig(5, 20, 0), off)));

    FakeVm operator = new FakeVm(40, VMOption.Origin.DEFAULT, 70, VMOption.Origin.DEFAULT);
    operator.options.put(PERIODIC, new VMOption(PERIODIC, "30000", true, VMOption.Origin.VM_CREATION));
    assertFalse(G1Settings.setPeriodic(G1Settings.apply(config(5, 20), operator)));
    assertEquals(30000, operator.value(PERIODIC));
  }
}
