package hub.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A proxy backend for tests, over HTTP (a Vert.x HTTP server on 127.0.0.1) or on an event-bus address, that answers
 * each request kind as the test says: a reply object, a raw body, an HTTP status or {@code message.fail} code, or
 * not at all until the test releases it. Every request is recorded with the headers it came with.
 */
public final class ProxyBackend implements AutoCloseable {

  /** One request the backend received. */
  public record Received(String kind, JsonObject body, Map<String, String> headers) {
  }

  /** How to answer: exactly one of the fields is used. */
  public record Answer(JsonObject reply, String rawBody, int failCode, boolean held) {
    public static Answer reply(JsonObject reply) {
      return new Answer(reply, null, 0, false);
    }

    public static Answer result(JsonObject result) {
      return reply(new JsonObject().put("result", result));
    }

    public static Answer error(int code, String message) {
      return reply(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
    }

    public static Answer disconnect(int code, String reason) {
      return reply(new JsonObject().put("disconnect", new JsonObject().put("code", code).put("reason", reason)));
    }

    public static Answer raw(String body) {
      return new Answer(null, body, 0, false);
    }

    /** HTTP: this status with an empty body; event bus: {@code message.fail(code, "failed")}. */
    public static Answer fail(int code) {
      return new Answer(null, null, code, false);
    }

    /** No answer until {@link ProxyBackend#releaseHeld}. */
    public static Answer hold() {
      return new Answer(null, null, 0, true);
    }
  }

  private final Vertx vertx;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Promise<JsonObject>> held = new LinkedBlockingQueue<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private volatile Function<Received, Answer> fallback = r -> Answer.error(1999, "no answer set for " + r.kind());
  private HttpServer server;
  private MessageConsumer<JsonObject> consumer;
  private String address;

  private ProxyBackend(Vertx vertx) {
    this.vertx = vertx;
  }

  /** An HTTP backend on its own Vert.x instance; the endpoint is {@link #httpEndpoint()}. */
  public static ProxyBackend http(Vertx vertx) {
    ProxyBackend b = new ProxyBackend(vertx);
    b.server = Await.result(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Received r = new Received(req.path().substring(req.path().lastIndexOf('/') + 1), body.toJsonObject(),
          flatten(req.headers()));
      b.answer(r).onSuccess(a -> {
        if (a.failCode > 0) {
          req.response().setStatusCode(a.failCode).end();
        } else {
          req.response().putHeader("content-type", "application/json")
              .end(a.rawBody != null ? a.rawBody : a.reply.encode());
        }
      });
    })).listen(0, "127.0.0.1"));
    return b;
  }

  /** A consumer of {@code address} on {@code vertx}'s event bus. */
  public static ProxyBackend eventBus(Vertx vertx, String address) {
    ProxyBackend b = new ProxyBackend(vertx);
    b.address = address;
    b.listen();
    return b;
  }

  private void listen() {
    consumer = vertx.eventBus().consumer(address, msg -> {
      Received r = new Received(msg.headers().get("hub-proxy-kind"), msg.body(), flatten(msg.headers()));
      answer(r).onSuccess(a -> {
        if (a.failCode > 0) {
          msg.fail(a.failCode, "failed");
        } else if (a.rawBody != null) {
          msg.reply(a.rawBody); // a String body: not the JSON object the hub expects
        } else {
          msg.reply(a.reply);
        }
      });
    });
    Await.result(consumer.completion());
  }

  /** Event bus only: no consumer on the address (the hub meets NO_HANDLERS) until {@link #comeBack()}. */
  public void goAway() {
    Await.result(consumer.unregister());
  }

  public void comeBack() {
    listen();
  }

  /** The endpoint the hub config names for this backend, for the path of {@code kind}. */
  public String httpEndpoint(String kind) {
    return "http://127.0.0.1:" + server.actualPort() + "/hub/" + kind;
  }

  public void answer(String kind, Answer answer) {
    answers.put(kind, answer);
  }

  public void reset() {
    answers.clear();
    received.clear();
  }

  private Future<Answer> answer(Received r) {
    // Chosen before the request is visible to the test, which may set the next answer as soon as it sees it.
    Answer a = answers.getOrDefault(r.kind(), fallback.apply(r));
    received.add(r);
    if (!a.held) {
      return Future.succeededFuture(a);
    }
    Promise<JsonObject> p = Promise.promise();
    held.add(p);
    return p.future().map(Answer::reply);
  }

  /** Answers the oldest held request with {@code reply}; waits for one to be held. */
  public void releaseHeld(JsonObject reply) {
    try {
      Promise<JsonObject> p = held.poll(10, TimeUnit.SECONDS);
      if (p == null) {
        throw new AssertionError("no request held");
      }
      vertx.runOnContext(v -> p.complete(reply));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next request received, waiting for it. */
  public Received next() {
    try {
      Received r = received.poll(10, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("the backend received nothing");
      }
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> flatten(MultiMap headers) {
    Map<String, String> out = new ConcurrentHashMap<>();
    headers.forEach(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    return out;
  }

  @Override
  public void close() {
    if (server != null) {
      Await.result(server.close());
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
