package hub.proxy;

import hub.client.proxy.ProxyCodec;
import hub.client.proxy.ProxyDisconnect;
import hub.client.proxy.ProxyError;
import hub.client.proxy.ProxyKind;
import hub.client.proxy.ProxyResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client module (client/, which cannot see the hub) and the hub agree on the proxy wire: the kind header, the
 * kind names, and how the hub reads every reply the module writes. A change on either side that breaks the other
 * fails here.
 */
class ClientModuleContractTest {

  @Test
  void kindsAndTheirHeaderAreTheHubs() {
    assertEquals(EventBusProxyCaller.KIND_HEADER, ProxyKind.HEADER);
    assertEquals(Proxies.KINDS, Arrays.stream(ProxyKind.values()).map(ProxyKind::wireName).toList());
  }

  @Test
  void theHubReadsEveryReplyTheModuleWritesAsMeant() {
    assertEquals(new ProxyReply.Refused(1403, "no", false), ProxyReplies.parse(ProxyCodec.failure(new ProxyError(1403, "no"))));
    assertEquals(new ProxyReply.Refused(400, "later", true),
        ProxyReplies.parse(ProxyCodec.failure(new ProxyError(400, "later", true))));
    assertEquals(new ProxyReply.Disconnect(4501, "banned"),
        ProxyReplies.parse(ProxyCodec.failure(new ProxyDisconnect(4501, "banned"))));
    assertEquals(ProxyReply.UNAVAILABLE, ProxyReplies.parse(ProxyCodec.failure(new IllegalStateException("bug"))));
    ProxyReply allowed = ProxyReplies.parse(ProxyCodec.result(ProxyResult.Connect.user("42").expiringAt(7)));
    assertEquals(new ProxyReply.Result(new io.vertx.core.json.JsonObject().put("expire_at", 7L).put("user", "42")), allowed);
  }
}
