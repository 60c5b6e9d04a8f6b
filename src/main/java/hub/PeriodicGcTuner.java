package hub;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link PeriodicGcBackoff} to the running JVM: once per configured interval it reads the committed heap and
 * sets {@code G1PeriodicGCInterval} to the wait the backoff asks for. It runs on a daemon thread of its own, not on
 * an event loop: reading the heap and setting a flag never touch a session, and the node's timer gauge stays the
 * count of the hub's own timers. Started only when the hub itself set the flag (an operator's value is left alone).
 */
final class PeriodicGcTuner {

  private static final System.Logger LOG = System.getLogger(PeriodicGcTuner.class.getName());

  private PeriodicGcTuner() {
  }

  static void start(long baseMs) {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    PeriodicGcBackoff backoff = new PeriodicGcBackoff(baseMs);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hub-periodic-gc-tuner");
      t.setDaemon(true);
      return t;
    });
    long[] applied = {baseMs};
    timer.scheduleWithFixedDelay(() -> {
      try {
        long wait = backoff.next(memory.getHeapMemoryUsage().getCommitted(), collections());
        if (wait != applied[0]) {
          vm.setVMOption(G1Settings.PERIODIC, Long.toString(wait));
          applied[0] = wait;
        }
      } catch (RuntimeException e) {
        // Without the backoff the configured interval stays, which is what the hub did before: not worth a retry.
        LOG.log(System.Logger.Level.WARNING, "periodic GC backoff stopped: " + e);
        timer.shutdown();
      }
    }, baseMs, baseMs, TimeUnit.MILLISECONDS);
  }

  /** Collections of every collector so far (a periodic concurrent cycle starts with a young pause, counted here). */
  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
