package hub.session;

import hub.metrics.HubMetrics;
import hub.protocol.Method;
import hub.protocol.ProtocolCodec;
import hub.protocol.ReplyError;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The replies to the commands of one inbound frame, sent back as one frame of newline-separated objects (the SDK
 * splits frames on newlines). Confined to the shard's event loop.
 */
final class ReplyBatch {

  private final HubMetrics metrics;
  private StringBuilder lines;

  ReplyBatch(HubMetrics metrics) {
    this.metrics = metrics;
  }

  void result(long id, Method method, JsonObject result) {
    append(ProtocolCodec.result(id, method, result));
  }

  void error(long id, ReplyError error) {
    metrics.replyError(error.code());
    append(ProtocolCodec.error(id, error));
  }

  boolean isEmpty() {
    return lines == null;
  }

  /** The collected replies as one frame; the batch is empty again afterwards and can collect more. */
  byte[] takeFrame() {
    byte[] frame = lines.toString().getBytes(StandardCharsets.UTF_8);
    lines = null;
    return frame;
  }

  private void append(String line) {
    if (lines == null) {
      lines = new StringBuilder(line.length() + 16);
    } else {
      lines.append('\n');
    }
    lines.append(line);
  }
}
