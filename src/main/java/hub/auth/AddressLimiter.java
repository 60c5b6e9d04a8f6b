package hub.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, node-wide and per remote address, the HTTP connections that wait on their client (no complete request
 * head yet, a body still arriving, or kept alive between requests), and caps them per address. Without the cap one
 * address could hold every file descriptor with connections that never ask for anything (issue 10 item 5), and
 * without the node-wide cap many addresses together could. An address's entry goes when its count reaches zero, so
 * the map holds only addresses with open connections. Thread-safe: the gateways of every event loop share one; the
 * node-wide check is one atomic increment, so accepting stays cheap however many loops accept at once.
 */
public final class AddressLimiter {

  /** What {@link #admit} decided for a new connection. */
  public enum Admit {
    /** It holds a place now, to be given back with {@link #release}. */
    TAKEN,
    /** Its address holds {@code maxPerAddress} already. */
    ADDRESS_FULL,
    /** The node holds {@code maxTotal} already, whatever the addresses. */
    NODE_FULL
  }

  private final int maxPerAddress;
  private final int maxTotal;
  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public AddressLimiter(int maxPerAddress) {
    this(maxPerAddress, Integer.MAX_VALUE);
  }

  /** @param maxTotal connections waiting on their client node-wide ({@code http.maxPending}) */
  public AddressLimiter(int maxPerAddress, int maxTotal) {
    this.maxPerAddress = maxPerAddress;
    this.maxTotal = maxTotal;
  }

  /** Takes a place for a new connection from {@code address}; false when that address or the node is full. */
  public boolean tryAcquire(String address) {
    return admit(address) == Admit.TAKEN;
  }

  /**
   * Takes a place for a new connection from {@code address}, or says which cap refused it. The node-wide place is
   * taken first and given back if the address refuses, so the total never passes {@code maxTotal}, even for a moment.
   */
  public Admit admit(String address) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Admit.NODE_FULL;
    }
    boolean[] taken = {false};
    counts.compute(address, (k, n) -> {
      int c = n == null ? 0 : n;
      if (c >= maxPerAddress) {
        return n;
      }
      taken[0] = true;
      return c + 1;
    });
    if (!taken[0]) {
      total.decrementAndGet();
      return Admit.ADDRESS_FULL;
    }
    return Admit.TAKEN;
  }

  /**
   * Takes a place whatever the count: a connection the hub has answered waits on its client again. Refusing it
   * would cut a client in the middle of its conversation, so only new connections meet the cap.
   */
  public void acquire(String address) {
    counts.merge(address, 1, Integer::sum);
    total.incrementAndGet();
  }

  public void release(String address) {
    counts.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  /** Connections waiting on their client, every address together. */
  public int total() {
    return total.get();
  }

  /** Addresses with at least one such connection. */
  public int addresses() {
    return counts.size();
  }

  public int maxPerAddress() {
    return maxPerAddress;
  }

  public int maxTotal() {
    return maxTotal;
  }
}
