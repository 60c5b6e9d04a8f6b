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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Posts publications to the target's HTTP publish endpoint at a fixed rate. The payload carries
 * the wall-clock microseconds at which the publication was created (before any queueing in the
 * HTTP pool), so the latency the clients record is end to end: API call to delivery.
 */
public final class Publisher implements AutoCloseable {
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
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    org.HdrHistogram.Recorder api = new org.HdrHistogram.Recorder(60_000_000L, 3);
    long sent = FixedRate.run(vertx, rate, seconds, seq -> {
      long t0 = System.nanoTime();
      publish(channelOf.apply(seq), seq).onComplete(r -> {
        // the API call's own time, from the payload's creation to the answer: queueing in the pool included
        api.recordValue(Math.min(60_000_000L, (System.nanoTime() - t0) / 1_000));
        (r.succeeded() ? ok : failed).incrementAndGet();
      });
    });
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ok.get() + failed.get() < sent && System.nanoTime() < waitUntil) Thread.sleep(5);
    return new Outcome(ok.get(), failed.get() + (sent - ok.get() - failed.get()), seconds, api.getIntervalHistogram());
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
