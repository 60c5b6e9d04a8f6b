package bench.load;

import bench.client.Timestamps;
import bench.target.HubConfigFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Drives the hub's HTTP publish and broadcast APIs at a fixed call rate and sorts every publication by what the hub
 * said: accepted, refused by the budget (error 111, or HTTP 429 in transport mode), another API error, or no
 * answer (transport failure, 5xx). One call in {@code broadcastEvery} is a broadcast to {@code broadcastWidth}
 * channels, each channel counting as one publication, as the hub's budget counts them. Payloads carry the time the
 * fixed rate made the call due, so the subscribers' latency is end to end for what was accepted, including any wait
 * in the caller (its pool's queue, a late tick); calls the caller could not send at all are counted as not sent.
 */
public final class OverloadPublisher implements AutoCloseable {
  static final int POOL_SIZE = 32;
  /**
   * Calls that may wait for a pooled connection; past it a call fails at once in the caller ("not sent"), as a real
   * backend with a bounded client would, so that one step's backlog does not spill into the next.
   */
  static final int WAIT_QUEUE = 2_000;

  private final Vertx vertx;
  private final HttpClient http;
  private final int port;
  private final int broadcastEvery;
  private final int broadcastWidth;

  /** Publications of one run by outcome; HTTP statuses by count. */
  public record Outcome(long calls, long accepted, long refused, long otherErrors, long unanswered, long notSent,
                        java.util.Map<Integer, Long> statuses, org.HdrHistogram.Histogram apiMicros,
                        org.HdrHistogram.Histogram callerWaitMicros) {}

  public OverloadPublisher(Vertx vertx, int port, int broadcastEvery, int broadcastWidth) {
    this.vertx = vertx;
    this.port = port;
    this.broadcastEvery = broadcastEvery;
    this.broadcastWidth = broadcastWidth;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(POOL_SIZE).setMaxWaitQueueSize(WAIT_QUEUE));
  }

  /** {@code callsPerSecond} API calls for {@code seconds}; {@code channelOf(seq)} picks channels. */
  public Outcome run(double callsPerSecond, double seconds, LongFunction<String> channelOf) throws InterruptedException {
    AtomicLong answered = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong unanswered = new AtomicLong();
    AtomicLong notSent = new AtomicLong();
    java.util.concurrent.ConcurrentHashMap<Integer, Long> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    org.HdrHistogram.Recorder api = new org.HdrHistogram.Recorder(60_000_000L, 3);
    org.HdrHistogram.Recorder wait = new org.HdrHistogram.Recorder(60_000_000L, 3);
    // Each call is stamped with the time the fixed rate made it due, not the time the ticker got to it: a caller
    // that falls behind its own schedule (a busy machine, a stalled tick) then shows as latency, not as a lower rate.
    long startMicros = Timestamps.nowMicros();
    long sent = FixedRate.run(vertx, callsPerSecond, seconds, seq -> {
      boolean broadcast = broadcastEvery > 0 && seq % broadcastEvery == 0;
      long t0 = System.nanoTime();
      long dueMicros = startMicros + (long) (seq * 1e6 / callsPerSecond);
      call(broadcast, seq, dueMicros, channelOf, wait).onComplete(ar -> {
        api.recordValue(Math.min(60_000_000L, (System.nanoTime() - t0) / 1_000));
        if (ar.succeeded()) {
          statuses.merge(ar.result().status, 1L, Long::sum);
          accepted.addAndGet(ar.result().ok);
          refused.addAndGet(ar.result().refused);
          other.addAndGet(ar.result().other);
        } else if (ar.cause() instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
          notSent.addAndGet(broadcast ? broadcastWidth : 1);
        } else {
          unanswered.addAndGet(broadcast ? broadcastWidth : 1);
        }
        answered.incrementAndGet();
      });
    });
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (answered.get() < sent && System.nanoTime() < waitUntil) Thread.sleep(5);
    // Calls still in flight when the wait ends count as unanswered (one publication each: close enough for a table).
    return new Outcome(sent, accepted.get(), refused.get(), other.get(),
        unanswered.get() + (sent - answered.get()), notSent.get(), new java.util.TreeMap<>(statuses),
        api.getIntervalHistogram(), wait.getIntervalHistogram());
  }

  private record Answer(int status, long ok, long refused, long other) {}

  /** @param wait records, per call that got a connection, how long after its due time it was written */
  private Future<Answer> call(boolean broadcast, long seq, long dueMicros, LongFunction<String> channelOf,
                              org.HdrHistogram.Recorder wait) {
    JsonObject data = new JsonObject().put("ts", dueMicros).put("seq", seq);
    JsonObject body = new JsonObject().put("data", data);
    if (broadcast) {
      JsonArray channels = new JsonArray();
      for (int i = 0; i < broadcastWidth; i++) channels.add(channelOf.apply(seq * 31 + i));
      body.put("channels", channels);
    } else {
      body.put("channel", channelOf.apply(seq));
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(broadcast ? "/api/broadcast" : "/api/publish").putHeader("content-type", "application/json")
        .putHeader("X-API-Key", HubConfigFile.API_KEY).setIdleTimeout(30_000);
    return http.request(request)
        .compose(req -> {
          wait.recordValue(Math.max(0, Math.min(60_000_000L, Timestamps.nowMicros() - dueMicros)));
          return req.send(Buffer.buffer(body.encode()));
        })
        .compose(resp -> resp.body().map(buf -> sort(resp.statusCode(), buf.toString(), broadcast)));
  }

  private Answer sort(int status, String text, boolean broadcast) {
    long width = broadcast ? broadcastWidth : 1;
    if (status == 429) return new Answer(status, 0, width, 0);
    if (status != 200) return new Answer(status, 0, 0, width);
    JsonObject r = new JsonObject(text);
    if (r.containsKey("error")) {
      return r.getJsonObject("error").getInteger("code") == 111 ? new Answer(status, 0, width, 0)
          : new Answer(status, 0, 0, width);
    }
    if (!broadcast) return new Answer(status, 1, 0, 0);
    long ok = 0, refused = 0, other = 0;
    for (Object o : r.getJsonObject("result").getJsonArray("responses")) {
      JsonObject one = (JsonObject) o;
      if (!one.containsKey("error")) ok++;
      else if (one.getJsonObject("error").getInteger("code") == 111) refused++;
      else other++;
    }
    return new Answer(status, ok, refused, other);
  }

  @Override
  public void close() {
    http.close();
  }
}
