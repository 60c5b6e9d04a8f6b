package hub.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The node-wide budget of publications (issue 10, item 10): at most {@code perSecond} in each whole second, none
 * while the event loops have more than {@code maxPending} tasks queued, and none while they run later than
 * {@code limits.maxEventLoopLagMs} ({@link LagShedding}). The last is the one that bounds delivery latency: it
 * refuses new work once accepted work already waits on the loops, whatever the work's shape. Without it, clients and the server API could
 * hand the fan-out work faster than the loops do it, and the queues in between (event-bus deliveries, socket writes)
 * would grow until the heap ran out. A refused publication is the caller's to retry; nothing was published.
 * Thread-safe and lock-free: one instance per node, shared by every shard and the API.
 */
public final class PublicationBudget {

  /** Why a publication was refused; the bounded {@code reason} tag of {@code hub.publications.refused}. */
  public enum Refusal {
    RATE, PENDING, LAG;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A budget that never refuses, for tests and tools that publish on their own. */
  public static final PublicationBudget UNBOUNDED =
      new PublicationBudget(Integer.MAX_VALUE, Long.MAX_VALUE, () -> 0, () -> 0);

  private final int perSecond;
  private final long maxPending;
  private final LongSupplier pending;
  private final LongSupplier clock;
  private final LagShedding lag;
  private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger used = new AtomicInteger();

  /**
   * @param pending tasks queued on the event loops now (read once per publication; cheap)
   * @param clock   epoch millis
   */
  public PublicationBudget(int perSecond, long maxPending, LongSupplier pending, LongSupplier clock) {
    this(perSecond, maxPending, pending, clock, LagShedding.OFF);
  }

  /** As above, and refusing while {@code lag} sheds. */
  public PublicationBudget(int perSecond, long maxPending, LongSupplier pending, LongSupplier clock,
                           LagShedding lag) {
    this.lag = lag;
    this.perSecond = perSecond;
    this.maxPending = maxPending;
    this.pending = pending;
    this.clock = clock;
  }

  /** Takes {@code n} publications (a broadcast's channels count one each); null when taken, else why not. */
  public Refusal take(int n) {
    if (pending.getAsLong() > maxPending) {
      return Refusal.PENDING;
    }
    if (lag.shed()) {
      return Refusal.LAG; // before the rate, so a refusal for lag does not spend this second's budget
    }
    long s = clock.getAsLong() / 1000;
    long current = second.get();
    if (s != current && second.compareAndSet(current, s)) {
      used.set(0);
    }
    if (used.addAndGet(n) > perSecond) {
      used.addAndGet(-n); // not published, so not counted: a refused burst leaves the budget to those who retry
      return Refusal.RATE;
    }
    return null;
  }

  /** A publication the budget refused: no stack trace, it is an answer to the caller, not a fault. */
  public static final class Refused extends RuntimeException {
    private final Refusal refusal;

    public Refused(Refusal refusal) {
      super("publication budget: " + refusal.tag(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }
}
