package hub.client.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves the hub's event-bus proxies ({@code "endpoint": "eventbus:ADDRESS"}) with typed callbacks: set a callback
 * per request kind, then {@link #register} a consumer on the address. Each request is decoded by its
 * {@value ProxyKind#HEADER} header, handed to its callback, and answered with exactly one reply: the callback's
 * result, or for a failed future a {@link ProxyError} as an error, a {@link ProxyDisconnect} as a disconnect, and
 * anything else as a temporary error (the client gets 100 and retries). A kind without a callback is answered with
 * a temporary error too; a {@code send} without one is dropped. Configure it from one thread before registering;
 * {@code register} takes a copy, so the consumer shares nothing mutable with it. Callbacks run on the context the
 * consumer was registered from (an event loop) and must not block.
 */
public final class ProxyHandlers {

  /** One kind's callback, typed at registration. */
  private interface Callback {
    Future<? extends ProxyResult> call(ProxyRequest request);
  }

  private final Map<ProxyKind, Callback> callbacks = new EnumMap<>(ProxyKind.class);
  private Handler<ProxyRequest.Send> sendHandler;
  private Handler<Throwable> exceptionHandler = e -> { };

  private ProxyHandlers() {
  }

  public static ProxyHandlers create() {
    return new ProxyHandlers();
  }

  public ProxyHandlers onConnect(Function<ProxyRequest.Connect, Future<ProxyResult.Connect>> callback) {
    callbacks.put(ProxyKind.CONNECT, r -> callback.apply((ProxyRequest.Connect) r));
    return this;
  }

  public ProxyHandlers onRefresh(Function<ProxyRequest.Refresh, Future<ProxyResult.Refresh>> callback) {
    callbacks.put(ProxyKind.REFRESH, r -> callback.apply((ProxyRequest.Refresh) r));
    return this;
  }

  public ProxyHandlers onSubscribe(Function<ProxyRequest.Subscribe, Future<ProxyResult.Subscribe>> callback) {
    callbacks.put(ProxyKind.SUBSCRIBE, r -> callback.apply((ProxyRequest.Subscribe) r));
    return this;
  }

  public ProxyHandlers onPublish(Function<ProxyRequest.Publish, Future<ProxyResult.Publish>> callback) {
    callbacks.put(ProxyKind.PUBLISH, r -> callback.apply((ProxyRequest.Publish) r));
    return this;
  }

  public ProxyHandlers onSubRefresh(Function<ProxyRequest.SubRefresh, Future<ProxyResult.SubRefresh>> callback) {
    callbacks.put(ProxyKind.SUB_REFRESH, r -> callback.apply((ProxyRequest.SubRefresh) r));
    return this;
  }

  public ProxyHandlers onRpc(Function<ProxyRequest.Rpc, Future<ProxyResult.Rpc>> callback) {
    callbacks.put(ProxyKind.RPC, r -> callback.apply((ProxyRequest.Rpc) r));
    return this;
  }

  /** The client's one-way {@code send}, which the hub delivers to the rpc proxy's address and never waits for. */
  public ProxyHandlers onSend(Handler<ProxyRequest.Send> handler) {
    this.sendHandler = handler;
    return this;
  }

  /**
   * Told of every failure that is not an answer: a callback that threw or failed with something other than
   * {@link ProxyError} / {@link ProxyDisconnect}, a request that could not be decoded. Nothing by default.
   */
  public ProxyHandlers exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  /**
   * Consumes {@code address} with the callbacks set so far. Completes with the consumer once the address is
   * registered (cluster-wide on a clustered event bus); unregister it to stop serving.
   */
  public Future<MessageConsumer<Object>> register(EventBus bus, String address) {
    Dispatcher dispatcher = new Dispatcher(Map.copyOf(callbacks), sendHandler, exceptionHandler);
    MessageConsumer<Object> consumer = bus.consumer(address, dispatcher::serve);
    return consumer.completion().map(consumer);
  }

  /** The registered, immutable copy of the callbacks. */
  private record Dispatcher(Map<ProxyKind, Callback> callbacks, Handler<ProxyRequest.Send> sendHandler,
                            Handler<Throwable> exceptionHandler) {

    void serve(Message<Object> msg) {
      ProxyKind kind = ProxyKind.of(msg.headers().get(ProxyKind.HEADER));
      ProxyRequest request;
      try {
        if (kind == null || !(msg.body() instanceof JsonObject body)) {
          throw new IllegalArgumentException("not a proxy request: kind " + msg.headers().get(ProxyKind.HEADER));
        }
        request = ProxyCodec.request(kind, body, msg.headers());
      } catch (RuntimeException e) {
        exceptionHandler.handle(e);
        answer(msg, ProxyCodec.failure(e));
        return;
      }
      if (request instanceof ProxyRequest.Send send) {
        deliver(send);
        return;
      }
      Callback callback = callbacks.get(kind);
      if (callback == null) {
        answer(msg, ProxyCodec.failure(new IllegalStateException("no callback for " + kind.wireName())));
        return;
      }
      call(callback, request).onComplete(ar -> {
        if (ar.succeeded()) {
          answer(msg, ProxyCodec.result(ar.result()));
        } else {
          Throwable cause = ar.cause();
          if (!(cause instanceof ProxyError) && !(cause instanceof ProxyDisconnect)) {
            exceptionHandler.handle(cause);
          }
          answer(msg, ProxyCodec.failure(cause));
        }
      });
    }

    /** The callback's future, with a throw or a null (a bug in the callback) turned into a failed one. */
    private static Future<ProxyResult> call(Callback callback, ProxyRequest request) {
      Future<? extends ProxyResult> f;
      try {
        f = callback.call(request);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (f == null) {
        return Future.failedFuture(new NullPointerException("a proxy callback returned no future"));
      }
      return f.compose(r -> r == null
          ? Future.failedFuture(new NullPointerException("a proxy callback completed with no result"))
          : Future.succeededFuture(r));
    }

    private void deliver(ProxyRequest.Send send) {
      if (sendHandler == null) {
        return;
      }
      try {
        sendHandler.handle(send);
      } catch (RuntimeException e) {
        exceptionHandler.handle(e);
      }
    }

    private static void answer(Message<Object> msg, JsonObject reply) {
      if (msg.replyAddress() != null) {
        msg.reply(reply);
      }
    }
  }
}
