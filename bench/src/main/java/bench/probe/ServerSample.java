package bench.probe;

import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;

/**
 * One reading of a target server's resources. Heap is "after a forced full GC" for every runtime:
 * jcmd for JVMs, /stats (global.gc(), V8 heapUsed) for Node. Hub gauges are NaN for peers.
 */
public record ServerSample(long heapAfterGc, long rss, long threads, long fds, double cpuSeconds,
                           double sessionsLive, double timersLive, double subscriptionsLive,
                           double channelsLive, double preconnect) {

  public static ServerSample take(ServerProcess server) {
    long pid = server.pid();
    long heap = heapAfterGc(server);
    Map<String, Double> m = server.target() == Target.HUB ? hubMetrics(server) : Map.of();
    return new ServerSample(heap, ProcStat.rssBytes(pid), ProcStat.threads(pid), ProcStat.openFds(pid),
        ProcStat.cpuSeconds(pid), gauge(m, "hub_sessions_live"), gauge(m, "hub_timers_live"),
        gauge(m, "hub_subscriptions_live"), gauge(m, "hub_channels_live"), gauge(m, "hub_sessions_preconnect"));
  }

  /** Hub gauges without forcing a GC: cheap enough to poll while waiting for sessions to drain. */
  public static Map<String, Double> hubMetrics(ServerProcess server) {
    try {
      return PromText.parse(HttpProbe.get(server.port(), "/metrics"));
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static long heapAfterGc(ServerProcess server) {
    if (server.target().runtime() == Target.Runtime.JVM) {
      return JvmHeap.usedAfterFullGc(server.pid());
    }
    try {
      return new JsonObject(HttpProbe.get(server.port(), "/stats")).getLong("heapUsed");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double gauge(Map<String, Double> m, String name) {
    return PromText.sum(m, name);
  }
}
