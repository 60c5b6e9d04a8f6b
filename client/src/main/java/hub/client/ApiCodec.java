package hub.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire mapping of the hub's API bodies (the JSON of {@code /api/<method>} and {@code hub.api.<method>}): typed
 * requests to JSON, and a response {@code {"result":...}} or {@code {"error":{"code","message"}}} back to a result
 * or a {@link HubException}. Strict on what it reads: a reply of another shape is a {@link HubException} with code
 * {@link HubException#INTERNAL}, never a half-filled record. Stateless.
 */
final class ApiCodec {

  private ApiCodec() {
  }

  static JsonObject publish(PublishRequest p) {
    JsonObject body = new JsonObject().put("channel", p.channel()).put("data", p.data());
    if (!p.tags().isEmpty()) {
      body.put("tags", new JsonObject(new LinkedHashMap<>(p.tags())));
    }
    if (p.idempotencyKey() != null) {
      body.put("idempotency_key", p.idempotencyKey());
    }
    return body;
  }

  static JsonObject broadcast(List<String> channels, Object data, Map<String, String> tags) {
    JsonObject body = new JsonObject().put("channels", new JsonArray(new ArrayList<>(channels))).put("data", data);
    if (tags != null && !tags.isEmpty()) {
      body.put("tags", new JsonObject(new LinkedHashMap<>(tags)));
    }
    return body;
  }

  static JsonObject batch(List<PublishRequest> publications, boolean parallel) {
    JsonArray commands = new JsonArray();
    publications.forEach(p -> commands.add(new JsonObject().put("publish", publish(p))));
    JsonObject body = new JsonObject().put("commands", commands);
    return parallel ? body.put("parallel", true) : body;
  }

  static JsonObject history(HistoryRequest h) {
    JsonObject body = new JsonObject().put("channel", h.channel()).put("limit", h.limit());
    if (h.since() != null) {
      body.put("since", new JsonObject().put("offset", h.since().offset()).put("epoch", h.since().epoch()));
    }
    return h.reverse() ? body.put("reverse", true) : body;
  }

  static JsonObject disconnect(DisconnectRequest d) {
    JsonObject body = new JsonObject().put("user", d.user());
    if (d.client() != null) {
      body.put("client", d.client());
    }
    if (!d.whitelist().isEmpty()) {
      body.put("whitelist", new JsonArray(new ArrayList<>(d.whitelist())));
    }
    if (d.code() != 0) {
      body.put("disconnect", new JsonObject().put("code", d.code()).put("reason", d.reason() == null ? "" : d.reason()));
    }
    return body;
  }

  /** {@code subscribe} and {@code unsubscribe}. */
  static JsonObject userChannel(String user, String channel, String client) {
    JsonObject body = new JsonObject().put("user", user).put("channel", channel);
    return client == null ? body : body.put("client", client);
  }

  /** The {@code result} object of a response, or the hub's error as a {@link HubException}. */
  static JsonObject result(Object response) {
    if (!(response instanceof JsonObject r)) {
      throw malformed("a reply body that is not a JSON object");
    }
    if (r.getValue("error") instanceof JsonObject error) {
      throw error(error);
    }
    if (r.getValue("result") instanceof JsonObject result) {
      return result;
    }
    throw malformed(r.encode());
  }

  static HubException error(JsonObject error) {
    Object code = error.getValue("code");
    Object message = error.getValue("message");
    return new HubException(code instanceof Number n ? n.intValue() : HubException.INTERNAL,
        message instanceof String m ? m : "");
  }

  static PublishResult publishResult(JsonObject result) {
    if (result.getValue("epoch") instanceof String epoch && result.getValue("offset") instanceof Number offset) {
      return new PublishResult(new StreamPosition(offset.longValue(), epoch));
    }
    return PublishResult.UNPOSITIONED;
  }

  /** The {@code responses} of a broadcast, one per channel in request order. */
  static List<PublishOutcome> broadcastOutcomes(List<String> channels, JsonObject result) {
    JsonArray responses = array(result, "responses", channels.size());
    List<PublishOutcome> out = new ArrayList<>(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      out.add(outcome(channels.get(i), responses.getValue(i), "result"));
    }
    return Collections.unmodifiableList(out);
  }

  /** The {@code replies} of a batch of publications; batch keys each reply by its method, not {@code result}. */
  static List<PublishOutcome> batchOutcomes(List<PublishRequest> publications, Object response) {
    if (!(response instanceof JsonObject r)) {
      throw malformed("a reply body that is not a JSON object");
    }
    if (r.getValue("error") instanceof JsonObject error) {
      throw error(error); // refused whole (too many commands, a malformed batch)
    }
    JsonArray replies = array(r, "replies", publications.size());
    List<PublishOutcome> out = new ArrayList<>(publications.size());
    for (int i = 0; i < publications.size(); i++) {
      out.add(outcome(publications.get(i).channel(), replies.getValue(i), "publish"));
    }
    return Collections.unmodifiableList(out);
  }

  private static PublishOutcome outcome(String channel, Object reply, String key) {
    if (reply instanceof JsonObject o && o.getValue(key) instanceof JsonObject result) {
      return new PublishOutcome(channel, publishResult(result), null);
    }
    if (reply instanceof JsonObject o && o.getValue("error") instanceof JsonObject error) {
      return new PublishOutcome(channel, null, error(error));
    }
    throw malformed(String.valueOf(reply));
  }

  static Map<String, ClientInfo> presence(JsonObject result) {
    if (!(result.getValue("presence") instanceof JsonObject members)) {
      throw malformed(result.encode());
    }
    Map<String, ClientInfo> out = new LinkedHashMap<>();
    members.forEach(e -> out.put(e.getKey(), clientInfo(e.getValue())));
    return Collections.unmodifiableMap(out);
  }

  static PresenceStats presenceStats(JsonObject result) {
    return new PresenceStats(number(result, "num_clients"), number(result, "num_users"));
  }

  static HistoryResult history(JsonObject result) {
    if (!(result.getValue("publications") instanceof JsonArray pubs) || !(result.getValue("epoch") instanceof String epoch)) {
      throw malformed(result.encode());
    }
    List<HistoryPublication> out = new ArrayList<>(pubs.size());
    for (Object p : pubs) {
      if (!(p instanceof JsonObject pub)) {
        throw malformed(result.encode());
      }
      Object offset = pub.getValue("offset");
      out.add(new HistoryPublication(offset instanceof Number n ? n.longValue() : 0, pub.getValue("data"),
          tags(pub.getValue("tags")), pub.getValue("info") == null ? null : clientInfo(pub.getValue("info"))));
    }
    return new HistoryResult(Collections.unmodifiableList(out), new StreamPosition(number(result, "offset"), epoch));
  }

  static Map<String, Long> channels(JsonObject result) {
    if (!(result.getValue("channels") instanceof JsonObject channels)) {
      throw malformed(result.encode());
    }
    Map<String, Long> out = new LinkedHashMap<>();
    channels.forEach(e -> {
      if (!(e.getValue() instanceof JsonObject counts)) {
        throw malformed(result.encode());
      }
      out.put(e.getKey(), number(counts, "num_clients"));
    });
    return Collections.unmodifiableMap(out);
  }

  static List<NodeInfo> info(JsonObject result) {
    if (!(result.getValue("nodes") instanceof JsonArray nodes)) {
      throw malformed(result.encode());
    }
    List<NodeInfo> out = new ArrayList<>(nodes.size());
    for (Object n : nodes) {
      if (!(n instanceof JsonObject node)) {
        throw malformed(result.encode());
      }
      out.add(new NodeInfo(string(node, "uid"), node.getValue("name") instanceof String s ? s : "", string(node, "version"),
          number(node, "num_clients"), number(node, "num_users"), number(node, "num_channels"),
          number(node, "num_subs"), number(node, "uptime"), number(node, "num_members")));
    }
    return Collections.unmodifiableList(out);
  }

  private static ClientInfo clientInfo(Object value) {
    if (!(value instanceof JsonObject info)) {
      throw malformed(String.valueOf(value));
    }
    return new ClientInfo(string(info, "client"), string(info, "user"), info.getValue("conn_info"),
        info.getValue("chan_info"));
  }

  private static Map<String, String> tags(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject tags)) {
      throw malformed(String.valueOf(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return Collections.unmodifiableMap(out);
  }

  private static JsonArray array(JsonObject o, String field, int size) {
    if (!(o.getValue(field) instanceof JsonArray a) || a.size() != size) {
      throw malformed(o.encode());
    }
    return a;
  }

  private static long number(JsonObject o, String field) {
    if (!(o.getValue(field) instanceof Number n)) {
      throw malformed(o.encode());
    }
    return n.longValue();
  }

  private static String string(JsonObject o, String field) {
    if (!(o.getValue(field) instanceof String s)) {
      throw malformed(o.encode());
    }
    return s;
  }

  private static HubException malformed(String what) {
    String shown = what.length() > 200 ? what.substring(0, 200) + "..." : what;
    return new HubException(HubException.INTERNAL, "unexpected reply from the hub: " + shown);
  }
}
