package bench.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of one client process. The orchestrator drives it through stdin, one command per
 * line, and reads one JSON object per line from stdout (logs go to stderr). When stdin closes,
 * because the orchestrator finished or died, the process exits: nothing outlives a run.
 *
 * <pre>
 * connect COUNT FIRST CHANNELS PREFIX        open sessions FIRST.. and subscribe them
 * reset                                      zero the delivery counters
 * stats                                      deliveries and latency since the last reset
 * close clean|fin|rst                        end every live session that way
 * churn LIVE SECONDS MINMS MAXMS GRACEMS CHANNELS PREFIX FIRST W_CLEAN W_FIN W_RST W_SILENT
 *       [W_SLOW W_PROXY_EXIT MAX_CYCLES SLOW_HOLD_MS]
 * quit
 * </pre>
 */
public final class LoadClientMain {
  private final LoadClient client;
  private final PrintStream out;

  private LoadClientMain(LoadClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** Arguments: WIRE HOST PORT SRC[,SRC...] JWT_SECRET */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    List<String> sources = Arrays.asList(args[3].split(","));
    LoadClient client = new LoadClient(Vertx.vertx(), WireAdapter.forName(args[0], args[4]),
        args[1], Integer.parseInt(args[2]), sources);
    new LoadClientMain(client, out).loop();
    client.close();
    System.exit(0);
  }

  private void loop() throws Exception {
    reply(new JsonObject().put("event", "ready"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split(" ");
      if (cmd[0].equals("quit")) break;
      try {
        reply(execute(cmd).put("event", cmd[0]));
      } catch (RuntimeException e) {
        reply(new JsonObject().put("event", cmd[0]).put("error", e.toString()));
      }
    }
    closeAll(Ending.RST);
  }

  private JsonObject execute(String[] cmd) throws InterruptedException {
    switch (cmd[0]) {
      case "connect":
        return new ConnectBatch(client, 256).run(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]),
            Integer.parseInt(cmd[3]), cmd[4]);
      case "reset":
        client.stats().reset();
        return new JsonObject();
      case "stats":
        return stats();
      case "close":
        return closeAll(Ending.valueOf(cmd[1].toUpperCase()));
      case "churn":
        return churn(cmd);
      default:
        throw new IllegalArgumentException("unknown command " + cmd[0]);
    }
  }

  private JsonObject stats() {
    JsonObject closes = new JsonObject();
    client.stats().closes().forEach((k, v) -> closes.put(k, v.get()));
    return new JsonObject()
        .put("delivered", client.stats().delivered())
        .put("hist", client.stats().takeDeliveries())
        .put("live", client.live().size())
        .put("closes", closes);
  }

  private JsonObject closeAll(Ending how) throws InterruptedException {
    int before = client.live().size();
    for (Session s : client.live()) how.end(s);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!client.live().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    return new JsonObject().put("closed", before - client.live().size()).put("stillLive", client.live().size());
  }

  private JsonObject churn(String[] c) throws InterruptedException {
    Map<Ending, Integer> weights = new EnumMap<>(Ending.class);
    weights.put(Ending.CLEAN, Integer.parseInt(c[9]));
    weights.put(Ending.FIN, Integer.parseInt(c[10]));
    weights.put(Ending.RST, Integer.parseInt(c[11]));
    weights.put(Ending.SILENT, Integer.parseInt(c[12]));
    // The soak's optional tail: W_SLOW W_PROXY_EXIT MAX_CYCLES SLOW_HOLD_MS.
    weights.put(Ending.SLOW, c.length > 13 ? Integer.parseInt(c[13]) : 0);
    weights.put(Ending.PROXY_EXIT, c.length > 14 ? Integer.parseInt(c[14]) : 0);
    long maxCycles = c.length > 15 ? Long.parseLong(c[15]) : Long.MAX_VALUE;
    long slowHoldMs = c.length > 16 ? Long.parseLong(c[16]) : 0;
    JsonObject summary = new ChurnRun(client, weights, maxCycles, slowHoldMs).run(Integer.parseInt(c[1]), Long.parseLong(c[2]),
        Integer.parseInt(c[3]), Integer.parseInt(c[4]), Long.parseLong(c[5]),
        Integer.parseInt(c[6]), c[7], Integer.parseInt(c[8]));
    JsonObject closes = new JsonObject();
    client.stats().closes().forEach((k, v) -> closes.put(k, v.get()));
    return summary.put("closesSeen", closes);
  }

  private synchronized void reply(JsonObject json) {
    out.println(json.encode());
  }
}
