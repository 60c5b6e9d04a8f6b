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
 * Applies {@link PeriodicGcBackoff} to the running JVM: once a second (or once per configured interval, if shorter)
 * it reads the committed heap and the collections counted so far, and sets {@code G1PeriodicGCInterval} to the wait
 * the backoff asks for. It runs on a daemon thread of its own, not on an event loop: reading the heap and setting a
 * flag never touch a session, and the node's timer gauge stays the count of the hub's own timers. Started only when
 * the hub itself set the flag (an operator's value is left alone).
 */
final class PeriodicGcTuner {

  private static final System.Logger LOG = System.getLogger(PeriodicGcTuner.class.getName());
  /** HotSpot's name for the cause of a collection started by {@code G1PeriodicGCInterval} (JEP 346). */
  static final String PERIODIC_CAUSE = "G1 Periodic Collection";

  private PeriodicGcTuner() {
  }

  /** Looks often enough that a burst's collections are seen while it lasts, and the settle wait set in time. */
  static final long LOOK_MS = 1000;

  static void start(long baseMs, long settleMs) {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    PeriodicGcBackoff backoff = new PeriodicGcBackoff(baseMs, settleMs);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hub-periodic-gc-tuner");
      t.setDaemon(true);
      return t;
    });
    AtomicLong periodic = new AtomicLong();
    AtomicLong others = new AtomicLong();
    countCollections(periodic, others);
    long[] applied = {baseMs};
    long look = Math.min(LOOK_MS, baseMs);
    timer.scheduleWithFixedDelay(() -> {
      try {
        long wait = backoff.next(System.nanoTime() / 1_000_000, memory.getHeapMemoryUsage().getCommitted(),
            periodic.get(), others.get());
        if (wait != applied[0]) {
          vm.setVMOption(G1Settings.PERIODIC, Long.toString(wait));
          applied[0] = wait;
        }
      } catch (RuntimeException e) {
        // Without the backoff the configured interval stays, which is what the hub did before: not worth a retry.
        LOG.log(System.Logger.Level.WARNING, "periodic GC backoff stopped: " + e);
        timer.shutdown();
      }
    }, look, look, TimeUnit.MILLISECONDS);
  }

  /**
   * Counts the collections whose cause is the periodic cycle, and the others, from the collectors' notifications
   * (the collection counts alone cannot tell a periodic cycle from the young collections of a busy node).
   */
  private static void countCollections(AtomicLong periodic, AtomicLong others) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            String cause = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcCause();
            (isPeriodic(cause) ? periodic : others).incrementAndGet();
          }
        }, null, null);
      }
    }
  }

  static boolean isPeriodic(String gcCause) {
    return PERIODIC_CAUSE.equals(gcCause);
  }
}
