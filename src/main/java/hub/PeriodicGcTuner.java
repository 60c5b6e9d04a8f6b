package hub;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies {@link PeriodicGcBackoff} to the running JVM: once per configured interval it reads the committed heap and
 * sets {@code G1PeriodicGCInterval} to the wait the backoff asks for. It runs on a daemon thread of its own, not on
 * an event loop: reading the heap and setting a flag never touch a session, and the node's timer gauge stays the
 * count of the hub's own timers. Started only when the hub itself set the flag (an operator's value is left alone).
 */
final class PeriodicGcTuner {

  private static final System.Logger LOG = System.getLogger(PeriodicGcTuner.class.getName());
  /** HotSpot's name for the cause of a collection started by {@code G1PeriodicGCInterval} (JEP 346). */
  static final String PERIODIC_CAUSE = "G1 Periodic Collection";

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
    AtomicLong periodic = countPeriodicCycles();
    long[] applied = {baseMs};
    timer.scheduleWithFixedDelay(() -> {
      try {
        long wait = backoff.next(memory.getHeapMemoryUsage().getCommitted(), periodic.get());
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

  /**
   * Counts the collections whose cause is the periodic cycle, from the collectors' notifications (the collection
   * counts alone cannot tell a periodic cycle from the young collections of a busy node).
   */
  private static AtomicLong countPeriodicCycles() {
    AtomicLong periodic = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
              && isPeriodic(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                  .getGcCause())) {
            periodic.incrementAndGet();
          }
        }, null, null);
      }
    }
    return periodic;
  }

  static boolean isPeriodic(String gcCause) {
    return PERIODIC_CAUSE.equals(gcCause);
  }
}
