package hub.api;

import hub.cluster.Broker;
import hub.cluster.UserDisconnect;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code disconnect}: closes a user's sessions on every node, {@code {"user","client"?,"whitelist"?,"disconnect"?}}.
 * Thread-safe.
 */
final class DisconnectMethod implements ApiMethod {

  static final int DEFAULT_CODE = 3503;
  static final String DEFAULT_REASON = "force disconnect";

  private final Broker broker;

  DisconnectMethod(Broker broker) {
    this.broker = broker;
  }

  @Override
  public String name() {
    return "disconnect";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String user = ApiRequest.string(request, "user");
    String client = ApiRequest.optionalString(request, "client");
    List<String> whitelist = new ArrayList<>();
    JsonArray keep = ApiRequest.array(request, "whitelist");
    if (keep != null) {
      for (Object k : keep) {
        if (!(k instanceof String id)) {
          throw new ApiRefusal(ApiError.BAD_REQUEST); // a number here is not a client id, whatever its digits
        }
        whitelist.add(id);
      }
    }
    int code = DEFAULT_CODE;
    String reason = DEFAULT_REASON;
    JsonObject d = ApiRequest.object(request, "disconnect");
    if (d != null) {
      // An Integer only: intValue() of a long past 2^32 or of 3000.5 would land in range as some other code.
      if (!(d.getValue("code") instanceof Integer c) || c < 3000 || c > 4999) {
        throw new ApiRefusal(ApiError.BAD_REQUEST); // only application and protocol close codes make sense here
      }
      code = c;
      Object r = d.getValue("reason");
      if (r != null && !(r instanceof String)) {
        throw new ApiRefusal(ApiError.BAD_REQUEST);
      }
      reason = r == null ? "" : (String) r;
      if (looksLikeJson(reason)) {
        // The SDK parses a JSON-looking close reason and lets it override the code's reconnect decision.
        throw new ApiRefusal(ApiError.BAD_REQUEST);
      }
    }
    broker.disconnect(new UserDisconnect(user, client, whitelist, code, reason));
    return Future.succeededFuture(new JsonObject());
  }

  private static boolean looksLikeJson(String text) {
    if (text.isBlank()) {
      return false;
    }
    try {
      Json.decodeValue(text);
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }
}
