package hub;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * An upper bound on a graceful stop. The drain takes {@code shutdown.drainWindowMs}; leaving the cluster and
 * removing presence usually take a second or two, but a partitioned or hung Hazelcast can make them wait forever,
 * and then the process would outlive its SIGTERM until an orchestrator kills it without a word. So once the drain
 * window plus {@link #STOP_GRACE} has passed and the process is still alive, one line goes to stderr and the JVM is
 * halted with {@link #EXIT_STOP_TIMEOUT}. It halts rather than exits because exit runs shutdown hooks (Hazelcast
 * registers one) that may be stuck on the very thing that hung. Runs on its own daemon thread, so nothing the stop
 * waits for can hold it up. Thread-safe.
 */
final class StopDeadline {

  /**
   * Time allowed beyond the drain window for presence removal and the cluster leave. With the default 10 s window the
   * whole stop stays under Kubernetes' default 30 s termination grace, so we exit (and say why) before a SIGKILL.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(15);
  /** Exit code of a stop that did not finish in time (1: start failed, 2: bad configuration). */
  static final int EXIT_STOP_TIMEOUT = 3;

  private StopDeadline() {
  }

  /** The longest a stop may take after its signal. */
  static Duration limitFor(Duration drainWindow) {
    return drainWindow.plus(STOP_GRACE);
  }

  /**
   * Starts counting now: unless the process is gone after {@code limit}, writes one line to {@code err} and calls
   * {@code halt} with {@link #EXIT_STOP_TIMEOUT}. Returns the watching thread.
   */
  static Thread start(Duration limit, PrintStream err, IntConsumer halt) {
    Thread watcher = new Thread(() -> {
      try {
        Thread.sleep(limit.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      err.println("realtime-hub: stop did not finish within " + limit.toMillis() + " ms (drain window + "
          + STOP_GRACE.toSeconds() + " s grace); exiting with " + EXIT_STOP_TIMEOUT);
      err.flush();
      halt.accept(EXIT_STOP_TIMEOUT);
    }, "hub-stop-deadline");
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }
}
