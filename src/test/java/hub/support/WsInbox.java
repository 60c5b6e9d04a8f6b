package hub.support;

import hub.protocol.ProtobufFrames;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link WsClient} received, sorted: replies by id, pushes in order, pings counted, every data message kept
 * (the latest ones), and whatever a correct server would never send set apart as garbage. Filled by the client's
 * reader thread, read by the test thread.
 */
final class WsInbox {

  private static final int MAX_KEPT_FRAMES = 1000;

  final Map<Long, JsonObject> replies = new ConcurrentHashMap<>();
  final BlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();
  final AtomicInteger pings = new AtomicInteger();
  /** Every data message received, in arrival order (bounded: a long-lived client keeps the latest ones). */
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>(MAX_KEPT_FRAMES);
  /** Lines the server sent that are not JSON objects: a protocol violation on the server's side. */
  private final BlockingQueue<String> garbage = new LinkedBlockingQueue<>();
  private final Runnable onPing;

  /** @param onPing run on the reader thread for each ping (an empty reply), after it is counted */
  WsInbox(Runnable onPing) {
    this.onPing = onPing;
  }

  List<String> frames() {
    return List.copyOf(frames);
  }

  List<String> garbage() {
    return List.copyOf(garbage);
  }

  /** A JSON-format message: one or more objects, one per line. */
  void text(String frame) {
    keep(frame);
    for (String line : frame.split("\n")) {
      if (line.isEmpty()) {
        garbage.add(frame);
        continue;
      }
      JsonObject o;
      try {
        o = new JsonObject(line);
      } catch (RuntimeException notAnObject) {
        garbage.add(line);
        continue;
      }
      sort(o);
    }
  }

  /** A protobuf connection must only ever receive binary frames of well-formed replies. */
  void protobuf(int opcode, byte[] frame) {
    if (opcode != 0x2) {
      garbage.add("text frame on a protobuf connection: " + new String(frame, StandardCharsets.UTF_8));
      return;
    }
    List<JsonObject> objects;
    try {
      objects = ProtobufFrames.replies(frame);
    } catch (IllegalArgumentException e) {
      garbage.add(e.getMessage());
      return;
    }
    StringBuilder text = new StringBuilder();
    for (JsonObject o : objects) {
      text.append(text.length() == 0 ? "" : "\n").append(o.encode());
    }
    keep(text.toString());
    objects.forEach(this::sort);
  }

  private void keep(String frame) {
    if (!frames.offer(frame)) {
      frames.poll();
      frames.offer(frame);
    }
  }

  private void sort(JsonObject o) {
    if (o.isEmpty()) {
      pings.incrementAndGet();
      onPing.run();
    } else if (o.getLong("id", 0L) > 0) {
      replies.put(o.getLong("id"), o);
    } else {
      pushes.add(o);
    }
  }
}
