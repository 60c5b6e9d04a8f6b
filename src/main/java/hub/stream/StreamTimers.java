package hub.stream;

/** One-shot timers on the shard's event loop, counted with the hub's timers. */
public interface StreamTimers {

  long schedule(long delayMs, Runnable task);

  void cancel(long id);
}
