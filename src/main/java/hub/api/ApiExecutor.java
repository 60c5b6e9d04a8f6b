package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.cluster.Broker;
import hub.cluster.PresenceStore;
import hub.config.ChannelOptions;
import hub.cluster.UserDisconnect;
import hub.protocol.Publication;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The server API, independent of how it is called: a method name and a JSON request in, a JSON response out
 * ({@code {"result":...}} or {@code {"error":...}}). HTTP and the event bus both delegate here, so they cannot drift
 * apart. It reaches sessions only through the broker and statistics queries, never through object references.
 * Thread-safe.
 */
public final class ApiExecutor {

  public static final Set<String> METHODS =
      Set.of("publish", "broadcast", "disconnect", "presence", "presence_stats", "info", "channels", "batch");
  private static final int DEFAULT_DISCONNECT_CODE = 3503;
  private static final String DEFAULT_DISCONNECT_REASON = "force disconnect";

  private final Broker broker;
  private final ChannelPolicy policy;
  private final PresenceStore presence;
  private final Function<String, Future<JsonObject>> nodesInfo;
  private final Function<String, Future<JsonObject>> channelsInfo;

  /**
   * @param nodesInfo    produces the {@code info} result ({@code {"nodes":[...]}}); the argument is unused
   * @param channelsInfo produces channel name to subscriber count for the given glob pattern (null for all)
   */
  public ApiExecutor(Broker broker, ChannelPolicy policy, PresenceStore presence,
                     Function<String, Future<JsonObject>> nodesInfo, Function<String, Future<JsonObject>> channelsInfo) {
    this.broker = broker;
    this.policy = policy;
    this.presence = presence;
    this.nodesInfo = nodesInfo;
    this.channelsInfo = channelsInfo;
  }

  /** Runs one API method; unknown methods get error 104. Never fails: failures become error responses. */
  public Future<JsonObject> execute(String method, JsonObject request) {
    try {
      return switch (method) {
        case "publish" -> Future.succeededFuture(publish(request));
        case "broadcast" -> Future.succeededFuture(broadcast(request));
        case "disconnect" -> Future.succeededFuture(disconnect(request));
        case "presence" -> presence(request, false);
        case "presence_stats" -> presence(request, true);
        case "info" -> nodesInfo.apply(null).map(ApiExecutor::result);
        case "channels" -> channels(request);
        case "batch" -> batch(request);
        default -> Future.succeededFuture(ApiError.NOT_FOUND.response());
      };
    } catch (BadRequest e) {
      return Future.succeededFuture(e.error.response());
    } catch (RuntimeException e) {
      return Future.succeededFuture(ApiError.INTERNAL.response());
    }
  }

  private JsonObject publish(JsonObject request) {
    return result(publishOne(stringField(request, "channel"), request));
  }

  private JsonObject broadcast(JsonObject request) {
    if (!(request.getValue("channels") instanceof JsonArray channels) || channels.isEmpty()) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    Object data = data(request);
    JsonArray responses = new JsonArray();
    for (Object c : channels) {
      try {
        if (!(c instanceof String channel) || channel.isEmpty()) {
          throw new BadRequest(ApiError.BAD_REQUEST);
        }
        responses.add(result(publishData(channel, data, tags(request))));
      } catch (BadRequest e) {
        responses.add(e.error.response());
      }
    }
    return result(new JsonObject().put("responses", responses));
  }

  private JsonObject publishOne(String channel, JsonObject request) {
    return publishData(channel, data(request), tags(request));
  }

  private JsonObject publishData(String channel, Object data, JsonObject tags) {
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    if (policy.checkApiPublish(name) == ReplyError.UNKNOWN_CHANNEL) {
      throw new BadRequest(ApiError.UNKNOWN_CHANNEL);
    }
    broker.publish(new Publication(channel, 0, null, Publication.encodePub(data, null, tags)));
    return new JsonObject();
  }

  private JsonObject disconnect(JsonObject request) {
    String user = stringField(request, "user");
    Object client = request.getValue("client");
    if (client != null && !(client instanceof String)) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    List<String> whitelist = new ArrayList<>();
    if (request.getValue("whitelist") != null) {
      if (!(request.getValue("whitelist") instanceof JsonArray keep)) {
        throw new BadRequest(ApiError.BAD_REQUEST);
      }
      keep.forEach(k -> whitelist.add(String.valueOf(k)));
    }
    int code = DEFAULT_DISCONNECT_CODE;
    String reason = DEFAULT_DISCONNECT_REASON;
    if (request.getValue("disconnect") != null) {
      if (!(request.getValue("disconnect") instanceof JsonObject d)
          || !(d.getValue("code") instanceof Number n) || n.intValue() < 3000 || n.intValue() > 4999) {
        throw new BadRequest(ApiError.BAD_REQUEST); // only application and protocol close codes make sense here
      }
      code = n.intValue();
      reason = d.getValue("reason") instanceof String r ? r : "";
      if (looksLikeJson(reason)) {
        // The SDK parses a JSON-looking close reason and lets it override the code's reconnect decision.
        throw new BadRequest(ApiError.BAD_REQUEST);
      }
    }
    broker.disconnect(new UserDisconnect(user, (String) client, whitelist, code, reason));
    return result(new JsonObject());
  }

  private Future<JsonObject> presence(JsonObject request, boolean stats) {
    String channel = stringField(request, "channel");
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    ChannelOptions options = policy.optionsOf(name);
    if (options == null) {
      throw new BadRequest(ApiError.UNKNOWN_CHANNEL);
    }
    if (!options.presence()) {
      throw new BadRequest(ApiError.NOT_AVAILABLE);
    }
    return presence.members(channel).map(members -> {
      if (!stats) {
        return result(new JsonObject().put("presence", members));
      }
      return result(PresenceStore.stats(members));
    });
  }

  private Future<JsonObject> channels(JsonObject request) {
    Object pattern = request.getValue("pattern");
    if (pattern != null && !(pattern instanceof String)) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    return channelsInfo.apply((String) pattern).map(counts -> {
      JsonObject channels = new JsonObject();
      counts.forEach(e -> channels.put(e.getKey(), new JsonObject().put("num_clients", e.getValue())));
      return result(new JsonObject().put("channels", channels));
    });
  }

  /** {@code {"commands":[{"publish":{...}},...]}} run in order; replies keyed by method, not wrapped in result. */
  private Future<JsonObject> batch(JsonObject request) {
    if (!(request.getValue("commands") instanceof JsonArray commands)) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    List<Future<JsonObject>> replies = new ArrayList<>(commands.size());
    for (Object c : commands) {
      if (!(c instanceof JsonObject command) || command.size() != 1
          || !(command.iterator().next().getValue() instanceof JsonObject)) {
        replies.add(Future.succeededFuture(ApiError.BAD_REQUEST.response()));
        continue;
      }
      Map.Entry<String, Object> only = command.iterator().next();
      String method = only.getKey();
      if ("batch".equals(method) || !METHODS.contains(method)) {
        replies.add(Future.succeededFuture(ApiError.NOT_FOUND.response()));
        continue;
      }
      replies.add(execute(method, (JsonObject) only.getValue()).map(r ->
          r.containsKey("error") ? r : new JsonObject().put(method, r.getValue("result"))));
    }
    return Future.all(replies).map(all -> {
      JsonArray out = new JsonArray();
      replies.forEach(f -> out.add(f.result()));
      return new JsonObject().put("replies", out);
    });
  }

  // ---- request fields --------------------------------------------------------------------------------------------

  private static String stringField(JsonObject request, String field) {
    if (!(request.getValue(field) instanceof String s) || s.isEmpty()) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    return s;
  }

  /** {@code data} as any JSON value, or {@code b64data} when it decodes to JSON (this hub only speaks JSON). */
  private static Object data(JsonObject request) {
    if (request.containsKey("data")) {
      return request.getValue("data");
    }
    if (request.getValue("b64data") instanceof String b64) {
      try {
        return Json.decodeValue(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException | DecodeException e) {
        throw new BadRequest(ApiError.BAD_REQUEST);
      }
    }
    throw new BadRequest(ApiError.BAD_REQUEST);
  }

  private static JsonObject tags(JsonObject request) {
    Object tags = request.getValue("tags");
    if (tags == null) {
      return null;
    }
    if (!(tags instanceof JsonObject t) || t.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
      throw new BadRequest(ApiError.BAD_REQUEST);
    }
    return t;
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

  private static JsonObject result(JsonObject result) {
    return new JsonObject().put("result", result);
  }

  /** Stops a method with an error response; never escapes {@link #execute}. */
  private static final class BadRequest extends RuntimeException {
    final ApiError error;

    BadRequest(ApiError error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
