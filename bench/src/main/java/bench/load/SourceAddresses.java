package bench.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out loopback source addresses 127.B.0.2, 127.B.0.3, ... where B is picked at random per
 * orchestrator run (1..250). Every address of 127.0.0.0/8 answers on loopback without setup;
 * a fresh B keeps one run's sockets clear of the TIME_WAIT entries that a previous run left on
 * its own addresses (toolchain.md section 6 saw EADDRINUSE and hung connects from exactly that).
 */
public final class SourceAddresses {
  private final int block = ThreadLocalRandom.current().nextInt(1, 251);
  private int next = 2;

  public synchronized String next() {
    if (next > 254) throw new IllegalStateException("out of source addresses in 127." + block + ".0.0/24");
    return "127." + block + ".0." + next++;
  }
}
