package hub.client.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The wire mapping of the hub's proxy JSON (the Centrifugo proxy contract): a request body plus its message headers
 * to a {@link ProxyRequest}, and a handler's answer to exactly one of {@code {"result":{...}}},
 * {@code {"error":{"code","message","temporary"}}} or {@code {"disconnect":{"code","reason"}}}. Stateless.
 */
public final class ProxyCodec {

  /** What the hub itself answers for a call that failed: the client gets error 100 and its SDK retries. */
  static final int TEMPORARY_CODE = 100;
  static final String TEMPORARY_MESSAGE = "internal server error";

  private ProxyCodec() {
  }

  /**
   * Decodes one request of {@code kind}.
   *
   * @param headers the message headers: the forwarded upgrade headers, and the kind header which is left out
   * @throws IllegalArgumentException when the body lacks the connection's {@code client} id
   */
  public static ProxyRequest request(ProxyKind kind, JsonObject body, MultiMap headers) {
    ProxyContext ctx = context(body, headers);
    return switch (kind) {
      case CONNECT -> new ProxyRequest.Connect(ctx, string(body, "name"), string(body, "version"),
          body.getValue("data"));
      case REFRESH -> new ProxyRequest.Refresh(ctx);
      case SUBSCRIBE -> new ProxyRequest.Subscribe(ctx, string(body, "channel"), body.getValue("data"));
      case PUBLISH -> new ProxyRequest.Publish(ctx, string(body, "channel"), body.getValue("data"));
      case SUB_REFRESH -> new ProxyRequest.SubRefresh(ctx, string(body, "channel"));
      case RPC -> {
        String method = string(body, "method");
        yield new ProxyRequest.Rpc(ctx, method == null ? "" : method, body.getValue("data"));
      }
      case SEND -> new ProxyRequest.Send(ctx, body.getValue("data"));
    };
  }

  private static ProxyContext context(JsonObject body, MultiMap headers) {
    String client = string(body, "client");
    if (client == null) {
      throw new IllegalArgumentException("a proxy request without a client id");
    }
    Map<String, String> forwarded = new HashMap<>();
    if (headers != null) {
      headers.forEach((name, value) -> {
        if (!ProxyKind.HEADER.equalsIgnoreCase(name)) {
          forwarded.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
      });
    }
    return new ProxyContext(client, string(body, "transport"), string(body, "protocol"), string(body, "encoding"),
        string(body, "user"), body.getValue("meta"), forwarded);
  }

  /** The reply allowing the action. */
  public static JsonObject result(ProxyResult result) {
    JsonObject r;
    if (result instanceof ProxyResult.Connect c) {
      r = connect(c);
    } else if (result instanceof ProxyResult.Refresh f) {
      r = expiry(f.expired(), f.expireAt());
      putIfSet(r, "info", f.info());
    } else if (result instanceof ProxyResult.Subscribe s) {
      r = expiry(false, s.expireAt());
      putIfSet(r, "data", s.data());
      putIfSet(r, "info", s.info());
    } else if (result instanceof ProxyResult.Publish p) {
      r = publish(p);
    } else if (result instanceof ProxyResult.SubRefresh s) {
      r = expiry(s.expired(), s.expireAt());
    } else {
      r = new JsonObject();
      putIfSet(r, "data", ((ProxyResult.Rpc) result).data());
    }
    return new JsonObject().put("result", r);
  }

  private static JsonObject connect(ProxyResult.Connect c) {
    JsonObject r = expiry(false, c.expireAt()).put("user", c.user());
    putIfSet(r, "info", c.info());
    putIfSet(r, "data", c.data());
    if (!c.channels().isEmpty()) {
      r.put("channels", new JsonArray(new ArrayList<>(c.channels())));
    }
    putIfSet(r, "meta", c.meta());
    return r;
  }

  private static JsonObject publish(ProxyResult.Publish p) {
    JsonObject r = new JsonObject();
    putIfSet(r, "data", p.data());
    if (p.skipHistory()) {
      r.put("skip_history", true);
    }
    if (!p.tags().isEmpty()) {
      r.put("tags", new JsonObject(new LinkedHashMap<>(p.tags())));
    }
    putIfSet(r, "idempotency_key", p.idempotencyKey());
    return r;
  }

  /** {@code expired} when true, {@code expire_at} when set (a time of 0 is left out: no expiry). */
  private static JsonObject expiry(boolean expired, long expireAt) {
    JsonObject r = new JsonObject();
    if (expired) {
      r.put("expired", true);
    }
    if (expireAt > 0) {
      r.put("expire_at", expireAt);
    }
    return r;
  }

  /**
   * The reply for a handler that failed: its {@link ProxyError} or {@link ProxyDisconnect}, and for anything else
   * (a bug, a database down) a temporary error, which the hub gives the client as 100 so that the SDK retries.
   */
  public static JsonObject failure(Throwable cause) {
    if (cause instanceof ProxyDisconnect d) {
      return new JsonObject().put("disconnect", new JsonObject().put("code", d.code()).put("reason", d.reason()));
    }
    if (cause instanceof ProxyError e) {
      return error(e.code(), e.getMessage() == null ? "" : e.getMessage(), e.temporary());
    }
    return error(TEMPORARY_CODE, TEMPORARY_MESSAGE, true);
  }

  private static JsonObject error(int code, String message, boolean temporary) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (temporary) {
      error.put("temporary", true);
    }
    return new JsonObject().put("error", error);
  }

  private static void putIfSet(JsonObject r, String key, Object value) {
    if (value != null) {
      r.put(key, value);
    }
  }

  private static String string(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : null;
  }
}
