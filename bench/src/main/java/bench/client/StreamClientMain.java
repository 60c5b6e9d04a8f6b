package bench.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point of the drain benchmark's client process, driven like {@link LoadClientMain} (one command per stdin
 * line, one JSON reply per stdout line, exit when stdin closes).
 *
 * <pre>
 * open COUNT FIRST CHANNEL   sessions FIRST.. on their home nodes, subscribed to CHANNEL (namespace with recovery)
 * stats                      who lost a socket, who resubscribed, with recovered true or false, and how long it took
 * verify TOP                 every session's audit against the stream's final top offset
 * quit
 * </pre>
 * Arguments: SRC PORT[,PORT...] JWT_SECRET JITTER_MS
 */
public final class StreamClientMain {
  private static final int MAX_IN_FLIGHT = 256;

  private final StreamClient client;
  private final PrintStream out;

  private StreamClientMain(StreamClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    List<Integer> ports = new ArrayList<>();
    for (String p : args[1].split(",")) ports.add(Integer.parseInt(p));
    Vertx vertx = Vertx.vertx();
    StreamClient client = new StreamClient(vertx, args[0], ports, args[2], Long.parseLong(args[3]));
    new StreamClientMain(client, out).loop();
    client.stop();
    vertx.close().await();
    System.exit(0);
  }

  private void loop() throws Exception {
    out.println(new JsonObject().put("event", "ready").encode());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ");
      if (cmd[0].equals("quit")) break;
      JsonObject reply;
      try {
        reply = switch (cmd[0]) {
          case "open" -> open(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]), cmd[3]);
          case "stats" -> stats();
          case "verify" -> verify(Long.parseLong(cmd[1]));
          default -> throw new IllegalArgumentException("unknown command " + cmd[0]);
        };
      } catch (RuntimeException e) {
        reply = new JsonObject().put("error", e.toString());
      }
      out.println(reply.put("event", cmd[0]).encode());
    }
  }

  private JsonObject open(int count, int first, String channel) throws InterruptedException {
    Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger ok = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = first; i < first + count; i++) {
      slots.acquire();
      client.open(i, channel).onComplete(r -> {
        if (r.succeeded()) ok.incrementAndGet();
        slots.release();
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS);
    return new JsonObject().put("ok", ok.get()).put("failed", count - ok.get())
        .put("micros", (System.nanoTime() - t0) / 1_000);
  }

  private JsonObject stats() {
    int subscribed = 0;
    int lost = 0;
    int resubscribed = 0;
    int recovered = 0;
    int notRecovered = 0;
    long lastResubscribe = 0;
    long reconnects = 0;
    long errors = 0;
    Histogram gapMicros = new Histogram(3);
    JsonObject closes = new JsonObject();
    for (StreamSession s : client.sessions()) {
      if (s.subscribed) subscribed++;
      reconnects += s.reconnects;
      errors += s.subscribeErrors;
      if (s.lostAtMicros == 0) continue;
      lost++;
      closes.put(s.lastClose, closes.getInteger(s.lastClose, 0) + 1);
      if (s.resubscribedAtMicros == 0) continue;
      resubscribed++;
      if (Boolean.TRUE.equals(s.recovered)) recovered++;
      else notRecovered++;
      lastResubscribe = Math.max(lastResubscribe, s.resubscribedAtMicros);
      gapMicros.recordValue(Math.max(0, s.resubscribedAtMicros - s.lostAtMicros));
    }
    return new JsonObject().put("sessions", client.sessions().size()).put("subscribed", subscribed)
        .put("lost", lost).put("resubscribed", resubscribed).put("recovered", recovered)
        .put("notRecovered", notRecovered).put("lastResubscribeMicros", lastResubscribe)
        .put("reconnects", reconnects).put("subscribeErrors", errors).put("closes", closes)
        .put("gapHist", LoadStats.encode(gapMicros));
  }

  private JsonObject verify(long top) {
    long missing = 0;
    int clientsMissing = 0;
    long duplicates = 0;
    long gaps = 0;
    int notAtTop = 0;
    long minStart = Long.MAX_VALUE;
    for (StreamSession s : client.sessions()) {
      long m = s.missing(top);
      missing += m;
      if (m > 0) clientsMissing++;
      duplicates += s.duplicates;
      gaps += s.gaps;
      if (s.lastOffset != top) notAtTop++;
      minStart = Math.min(minStart, s.startOffset);
    }
    return new JsonObject().put("missing", missing).put("clientsMissing", clientsMissing)
        .put("duplicates", duplicates).put("gaps", gaps).put("notAtTop", notAtTop).put("minStart", minStart);
  }
}
