package bench.load;

import bench.target.HubConfigFile;
import bench.target.Paths;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The drain benchmark's recovering subscribers: one client process ({@code bench.client.StreamClientMain}) that
 * holds them all (5,000 sockets plus their reconnects stay well under the ~19,980 descriptors of a process) and knows
 * every node's port, so a session whose node goes away reconnects to the next one, as behind a load balancer.
 */
public final class StreamFleet implements AutoCloseable {
  private final ClientProcess process;

  private StreamFleet(ClientProcess process) {
    this.process = process;
  }

  public static StreamFleet start(Paths paths, SourceAddresses addresses, List<Integer> ports, long jitterMs, Path logDir)
      throws IOException, InterruptedException {
    String source = addresses.next();
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
        "-Xms256m", "-Xmx2g", "-XX:+UseParallelGC", "-cp", paths.benchJar().toString(), "bench.client.StreamClientMain",
        source, ports.stream().map(String::valueOf).collect(Collectors.joining(",")), HubConfigFile.JWT_SECRET,
        String.valueOf(jitterMs)));
    ClientProcess p = new ClientProcess(cmd, source, logDir.resolve("stream-client-" + source + ".log"));
    JsonObject hello = p.awaitReply(60);
    if (!"ready".equals(hello.getString("event"))) throw new IOException("stream client did not start: " + hello);
    return new StreamFleet(p);
  }

  /** Opens sessions {@code 0..count-1}, session i on node i % nodes; the reply counts ok and failed. */
  public JsonObject open(int count, String channel) throws IOException, InterruptedException {
    return call("open " + count + " 0 " + channel, 120);
  }

  public JsonObject stats() throws IOException, InterruptedException {
    return call("stats", 60);
  }

  /** Every session's audit against the stream's final top offset. */
  public JsonObject verify(long top) throws IOException, InterruptedException {
    return call("verify " + top, 60);
  }

  private JsonObject call(String command, long timeoutSeconds) throws IOException, InterruptedException {
    process.send(command);
    JsonObject r = process.awaitReply(timeoutSeconds);
    if (r.containsKey("error")) throw new IOException(command + " failed: " + r.getString("error"));
    return r;
  }

  @Override
  public void close() {
    process.close();
  }
}
