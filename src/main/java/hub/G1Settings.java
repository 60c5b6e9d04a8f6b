package hub;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import hub.config.JvmConfig;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets G1's heap free ratios from {@code jvm.minHeapFreeRatio} and {@code jvm.maxHeapFreeRatio}, and its periodic
 * collection from {@code jvm.periodicGcIntervalMs}, when the packaged jar starts. All three are manageable HotSpot
 * flags, so they can change in a running JVM, and G1 reads them each time
 * it resizes the heap. A node of idle connections has a small, steady live heap; with the JVM's defaults G1 keeps
 * two to three times that committed, and RSS follows the committed heap (native memory tracking in bench/README.md).
 * With 5 and 20 instead of 40 and 70, RSS per idle connection falls by about 44 % at the same heap; a node that
 * mostly fans out pays with a knee about 10 % lower (more young collections in a smaller heap), so it may prefer the
 * JVM's ratios (bench/results/heap-ratios).
 *
 * <p>The ratios only act when G1 resizes the heap, after a collection; a node whose connections arrived in a burst and
 * then sit idle runs no collection, so the heap the burst committed stays in RSS until something collects. With
 * {@code G1PeriodicGCInterval} G1 starts a concurrent cycle when none ran for that long, and gives memory back at its
 * end: at 5,000 idle connections RSS per connection 60 s after the burst went from 15.3 to 5.1 KB for 0.4 CPU-s more
 * in those 55 s (bench/results/perf). A node under load collects anyway, so the periodic cycle never runs there.
 *
 * <p>A ratio the operator gave on the command line ({@code -XX:MaxHeapFreeRatio=...}, or through
 * {@code JAVA_TOOL_OPTIONS} or a flags file) is left alone: the operator's choice wins over the hub's default.
 * HotSpot refuses a minimum above the maximum at every step, so the two are set in whichever order keeps them
 * consistent; a value it still refuses is reported, never fatal.
 */
final class G1Settings {

  static final String MIN = "MinHeapFreeRatio";
  static final String MAX = "MaxHeapFreeRatio";
  static final String PERIODIC = "G1PeriodicGCInterval";

  private G1Settings() {
  }

  /** What {@link #apply} did, one phrase per flag, for the start-up log. */
  record Outcome(List<String> changed, List<String> kept, List<String> refused) {
  }

  static Outcome apply(JvmConfig config) {
    return apply(config, ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
  }

  static Outcome apply(JvmConfig config, HotSpotDiagnosticMXBean vm) {
    Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int currentMax = Integer.parseInt(vm.getVMOption(MAX).getValue());
    // Lowering the maximum below the current minimum would be refused, and so would raising the minimum above the
    // current maximum: the minimum goes first exactly when the new minimum fits under the current maximum.
    if (config.minHeapFreeRatio() <= currentMax) {
      set(vm, MIN, config.minHeapFreeRatio(), outcome);
      set(vm, MAX, config.maxHeapFreeRatio(), outcome);
    } else {
      set(vm, MAX, config.maxHeapFreeRatio(), outcome);
      set(vm, MIN, config.minHeapFreeRatio(), outcome);
    }
    set(vm, PERIODIC, config.periodicGcIntervalMs(), outcome);
    return outcome;
  }

  /** Whether {@link #apply} turned the periodic cycle on itself (not left to the operator, not off, not refused). */
  static boolean setPeriodic(Outcome outcome) {
    return outcome.changed().stream().anyMatch(c -> c.startsWith(PERIODIC + "=") && !c.equals(PERIODIC + "=0"));
  }

  private static void set(HotSpotDiagnosticMXBean vm, String flag, long value, Outcome outcome) {
    VMOption option = vm.getVMOption(flag);
    if (chosenByOperator(option.getOrigin())) {
      outcome.kept().add(flag + "=" + option.getValue() + " (" + describe(option.getOrigin()) + ")");
      return;
    }
    try {
      vm.setVMOption(flag, Long.toString(value));
      outcome.changed().add(flag + "=" + value);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      outcome.refused().add(flag + "=" + value + " (" + e.getMessage() + ")");
    }
  }

  private static boolean chosenByOperator(VMOption.Origin origin) {
    return origin == VMOption.Origin.VM_CREATION || origin == VMOption.Origin.ENVIRON_VAR
        || origin == VMOption.Origin.CONFIG_FILE;
  }

  private static String describe(VMOption.Origin origin) {
    return switch (origin) {
      case VM_CREATION -> "command line";
      case ENVIRON_VAR -> "environment";
      case CONFIG_FILE -> "flags file";
      default -> origin.name().toLowerCase();
    };
  }
}
