package hub.proxy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The failure mapping of issue 9, one row per kind of reply or failure. */
class ProxyRepliesTest {

  private static ProxyReply parse(String json) {
    return ProxyReplies.parse(new JsonObject(json));
  }

  @Test
  void resultPassesAsItIs() {
    assertEquals(new ProxyReply.Result(new JsonObject().put("user", "1")), parse("{\"result\":{\"user\":\"1\"}}"));
  }

  @Test
  void applicationErrorPassesWithItsTemporaryFlag() {
    assertEquals(new ProxyReply.Refused(400, "a", false), parse("{\"error\":{\"code\":400,\"message\":\"a\"}}"));
    assertEquals(new ProxyReply.Refused(1999, "b", true),
        parse("{\"error\":{\"code\":1999,\"message\":\"b\",\"temporary\":true}}"));
  }

  @Test
  void reservedOrOutOfRangeErrorCodesBecomeError100() {
    for (String code : new String[] {"0", "100", "109", "399", "2000", "4000", "\"401\"", "400.5"}) {
      assertEquals(ProxyReply.UNAVAILABLE, parse("{\"error\":{\"code\":" + code + "}}"), code);
    }
  }

  @Test
  void applicationDisconnectPassesWithItsReasonCut() {
    assertEquals(new ProxyReply.Disconnect(4000, "r"), parse("{\"disconnect\":{\"code\":4000,\"reason\":\"r\"}}"));
    ProxyReply long4999 = parse("{\"disconnect\":{\"code\":4999,\"reason\":\"" + "x".repeat(100) + "\"}}");
    assertEquals(new ProxyReply.Disconnect(4999, "x".repeat(32)), long4999);
    assertEquals(ProxyReply.UNAVAILABLE, parse("{\"disconnect\":{\"code\":3500,\"reason\":\"r\"}}"));
    assertEquals(ProxyReply.UNAVAILABLE, parse("{\"disconnect\":{\"code\":5000}}"));
  }

  @Test
  void malformedRepliesBecomeError100() {
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.parse(null));
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.parse("text"));
    assertEquals(ProxyReply.UNAVAILABLE, parse("{}"));
    assertEquals(ProxyReply.UNAVAILABLE, parse("{\"result\":1}"));
    assertEquals(ProxyReply.UNAVAILABLE, parse("{\"result\":{},\"error\":{\"code\":400}}"));
    assertEquals(ProxyReply.UNAVAILABLE, parse("{\"other\":{}}"));
  }

  @Test
  void eventBusFailuresMapByType() {
    assertEquals(new ProxyReply.Refused(1403, "no", false),
        ProxyReplies.failure(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 1403, "no")));
    assertEquals(ProxyReply.UNAVAILABLE,
        ProxyReplies.failure(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 2500, "bug")));
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.failure(new ReplyException(ReplyFailure.NO_HANDLERS, "x")));
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.failure(new ReplyException(ReplyFailure.TIMEOUT, "x")));
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.failure(new TimeoutException()));
  }
}
