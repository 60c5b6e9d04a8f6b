package hub.session;

import hub.metrics.HubMetrics;
import hub.protocol.Format;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The replies to the commands of one inbound frame, sent back as one frame in the session's format (newline-separated
 * JSON objects, or length-delimited protobuf replies). Confined to the shard's event loop.
 */
final class ReplyBatch {

  private final HubMetrics metrics;
  private final Format format;
  private List<byte[]> replies;

  ReplyBatch(HubMetrics metrics, Format format) {
    this.metrics = metrics;
    this.format = format;
  }

  void result(long id, Method method, JsonObject result) {
    append(format.result(id, method, result));
  }

  void error(long id, ReplyError error) {
    metrics.replyError(error.code());
    append(format.error(id, error));
  }

  /** An error of a backend's choosing (a proxy's 400-1999 code), or error 100 for a failed proxy call. */
  void error(long id, hub.proxy.ProxyReply.Refused error) {
    metrics.replyError(error.code());
    JsonObject json = new JsonObject().put("code", error.code()).put("message", error.message());
    if (error.temporary()) {
      json.put("temporary", true);
    }
    append(format.error(id, json));
  }

  boolean isEmpty() {
    return replies == null;
  }

  /** The collected replies as one frame; the batch is empty again afterwards and can collect more. */
  byte[] takeFrame() {
    byte[] frame = format.frame(replies);
    replies = null;
    return frame;
  }

  private void append(byte[] reply) {
    if (replies == null) {
      replies = new ArrayList<>(2);
    }
    replies.add(reply);
  }
}
