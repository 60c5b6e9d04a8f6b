package hub.proxy;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on the error replies a proxied command gets, shared by the proxy ITs. */
final class ProxyErrors {

  private ProxyErrors() {
  }

  /** The {@code error} of {@code reply}; fails when the reply is not an error. */
  static JsonObject error(JsonObject reply) {
    JsonObject e = reply.getJsonObject("error");
    if (e == null) {
      throw new AssertionError("not an error reply: " + reply);
    }
    return e;
  }

  /** The reply is error 100 marked temporary: what every failed proxy call answers, so the SDK retries. */
  static void assertTemporary100(JsonObject reply) {
    JsonObject e = error(reply);
    assertEquals(100, e.getInteger("code"), reply.encode());
    assertEquals(true, e.getBoolean("temporary"), reply.encode());
  }
}
