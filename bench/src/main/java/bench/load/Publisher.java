package bench.load;

import bench.client.Timestamps;
import bench.target.HubConfigFile;
import bench.target.Target;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Posts publications to the target's HTTP publish endpoint at a fixed rate. The payload carries
 * the wall-clock microseconds at which the publication was created (before any queueing in the
 * HTTP pool), so the latency the clients record is end to end: API call to delivery.
 */
public final class Publisher implements AutoCloseable {
  static final int TICK_MS = 2;
  static final int POOL_SIZE = 16;
  private static final String PAD = "x".repeat(48);

  private final Vertx vertx;
  private final HttpClient http;
  private final RequestOptions request;

  public Publisher(Vertx vertx, Target target, int port) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(target.publishPath()).putHeader("content-type", "application/json");
    if (target == Target.HUB) request.putHeader("X-API-Key", HubConfigFile.API_KEY);
  }

  /** What one fixed-rate run achieved. */
  public record Outcome(long published, long failed, double seconds, org.HdrHistogram.Histogram apiMicros) {
    public double rate() {
      return published / seconds;
    }
  }

  /**
   * Publishes {@code rate} per second for {@code seconds}; {@code channelOf(seq)} picks the channel.
   * Returns once every request has been answered (or 10 s after the last was sent).
   */
  public Outcome run(double rate, double seconds, LongFunction<String> channelOf) throws InterruptedException {
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    org.HdrHistogram.Recorder api = new org.HdrHistogram.Recorder(60_000_000L, 3);
    CompletableFuture<Void> sending = new CompletableFuture<>();
    long start = System.nanoTime();
    long durationNanos = (long) (seconds * 1e9);
    long timer = vertx.setPeriodic(TICK_MS, id -> {
      long elapsed = Math.min(System.nanoTime() - start, durationNanos);
      long due = (long) (rate * elapsed / 1e9) - sent.get();
      for (long i = 0; i < due; i++) {
        long seq = sent.incrementAndGet();
        long t0 = System.nanoTime();
        publish(channelOf.apply(seq), seq).onComplete(r -> {
          // the API call's own time, from the payload's creation to the answer: queueing in the pool included
          api.recordValue(Math.min(60_000_000L, (System.nanoTime() - t0) / 1_000));
          (r.succeeded() ? ok : failed).incrementAndGet();
        });
      }
      if (elapsed >= durationNanos) sending.complete(null);
    });
    awaitSending(vertx, sending, timer, seconds);
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ok.get() + failed.get() < sent.get() && System.nanoTime() < waitUntil) Thread.sleep(5);
    return new Outcome(ok.get(), failed.get() + (sent.get() - ok.get() - failed.get()), seconds, api.getIntervalHistogram());
  }

  /** Waits until a fixed-rate run has sent its last call (or fails if it stalled), then stops its ticker. */
  static void awaitSending(Vertx vertx, CompletableFuture<Void> sending, long timer, double seconds) {
    try {
      sending.get((long) seconds + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("publisher stalled", e);
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  private io.vertx.core.Future<Void> publish(String channel, long seq) {
    String body = "{\"channel\":\"" + channel + "\",\"data\":{\"ts\":" + Timestamps.nowMicros()
        + ",\"seq\":" + seq + ",\"pad\":\"" + PAD + "\"}}";
    return http.request(request)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.statusCode() == 200 ? resp.body() : io.vertx.core.Future.failedFuture("HTTP " + resp.statusCode()))
        .compose(buf -> buf.toString().contains("\"error\"")
            ? io.vertx.core.Future.failedFuture("API error " + buf) : io.vertx.core.Future.succeededFuture());
  }

  @Override
  public void close() {
    http.close();
  }
}
