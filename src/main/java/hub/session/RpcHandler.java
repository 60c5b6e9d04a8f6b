package hub.session;

import hub.protocol.BinaryPayload;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The client {@code rpc} and {@code send} commands (protocol.md 4.7), both served by the rpc proxy: an rpc's
 * {@code method} and {@code data} go to the backend and its result's {@code data} comes back; a {@code send} is a
 * one-way message to the same backend. Without an rpc proxy an rpc gets 104 and a send is dropped and counted.
 * The session's next commands wait for the rpc's answer, so one client's calls are answered in order. Stateless.
 */
final class RpcHandler {

  private final Proxies proxies;
  /** Null when no rpc proxy is configured. */
  private final String proxy;

  RpcHandler(Proxies proxies, String proxy) {
    this.proxies = proxies;
    this.proxy = proxy;
  }

  Future<Boolean> rpc(Session session, Command command, ReplyBatch replies) {
    if (proxy == null) {
      replies.error(command.id(), ReplyError.METHOD_NOT_FOUND);
      return null;
    }
    JsonObject params = command.params();
    Object method = params.getValue("method");
    Object data = params.getValue("data");
    if (method != null && !(method instanceof String) || data instanceof BinaryPayload) {
      replies.error(command.id(), ReplyError.BAD_REQUEST); // the backend speaks JSON only
      return null;
    }
    JsonObject request = session.proxies().request(session).put("method", method == null ? "" : method);
    if (data != null) {
      request.put("data", data);
    }
    ProxyCall call = session.proxies().track(proxies.call(proxy, "rpc", request, session.proxies().headers()));
    return call.reply().map(reply -> {
      session.proxies().answered(call);
      if (session.isClosed()) {
        return false;
      }
      if (reply instanceof ProxyReply.Result r) {
        JsonObject result = new JsonObject();
        Object out = r.result().getValue("data");
        if (out != null) {
          result.put("data", out);
        }
        replies.result(command.id(), Method.RPC, result);
      } else {
        ProxyOutcome.refuse(session, command, replies, reply);
      }
      return true;
    });
  }

  void send(Session session, Command command) {
    Object data = command.params().getValue("data");
    if (proxy == null || data == null || data instanceof BinaryPayload) {
      session.shard().droppedSend();
      return;
    }
    proxies.send(proxy, "send", session.proxies().request(session).put("data", data), session.proxies().headers());
  }
}
