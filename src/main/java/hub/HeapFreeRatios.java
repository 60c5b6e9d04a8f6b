package hub;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import hub.config.JvmConfig;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets G1's heap free ratios from {@code jvm.minHeapFreeRatio} and {@code jvm.maxHeapFreeRatio} when the packaged
 * jar starts. Both are manageable HotSpot flags, so they can change in a running JVM, and G1 reads them each time
 * it resizes the heap. A node of idle connections has a small, steady live heap; with the JVM's defaults G1 keeps
 * two to three times that committed, and RSS follows the committed heap (native memory tracking in bench/README.md).
 * With 5 and 20 instead of 40 and 70, RSS per idle connection falls by about 44 % at the same heap; a node that
 * mostly fans out pays with a knee about 10 % lower (more young collections in a smaller heap), so it may prefer the
 * JVM's ratios (bench/results/heap-ratios).
 *
 * <p>A ratio the operator gave on the command line ({@code -XX:MaxHeapFreeRatio=...}, or through
 * {@code JAVA_TOOL_OPTIONS} or a flags file) is left alone: the operator's choice wins over the hub's default.
 * HotSpot refuses a minimum above the maximum at every step, so the two are set in whichever order keeps them
 * consistent; a value it still refuses is reported, never fatal.
 */
final class HeapFreeRatios {

  static final String MIN = "MinHeapFreeRatio";
  static final String MAX = "MaxHeapFreeRatio";

  private HeapFreeRatios() {
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
    return outcome;
  }

  private static void set(HotSpotDiagnosticMXBean vm, String flag, int value, Outcome outcome) {
    VMOption option = vm.getVMOption(flag);
    if (chosenByOperator(option.getOrigin())) {
      outcome.kept().add(flag + "=" + option.getValue() + " (" + describe(option.getOrigin()) + ")");
      return;
    }
    try {
      vm.setVMOption(flag, Integer.toString(value));
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
