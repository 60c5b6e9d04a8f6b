package bench.load;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Handle on one load-client JVM ({@code bench.client.LoadClientMain}). Commands go to its stdin,
 * replies come back one JSON line each; closing stdin makes it exit, so a dead orchestrator
 * cannot leave clients behind.
 */
final class ClientProcess implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
  private final String sources;

  ClientProcess(List<String> command, String sources, Path log) throws IOException {
    this.sources = sources;
    this.process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readReplies, "client-reader-" + sources);
    reader.setDaemon(true);
    reader.start();
  }

  String sources() {
    return sources;
  }

  long pid() {
    return process.pid();
  }

  private void readReplies() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("{")) replies.add(new JsonObject(line));
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone; awaitReply reports it
    }
  }

  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  JsonObject awaitReply(long timeoutSeconds) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      JsonObject r = replies.poll(200, TimeUnit.MILLISECONDS);
      if (r != null) return r;
      if (!process.isAlive() && replies.isEmpty()) {
        throw new IOException("client process " + sources + " exited with " + process.exitValue());
      }
    }
    throw new IOException("client process " + sources + " gave no reply within " + timeoutSeconds + " s");
  }

  @Override
  public void close() {
    try {
      send("quit");
      stdin.close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
