package hub.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who hears a channel's join and leave pushes (protocol.md section 5). */
class ChannelOptionsTest {

  @ParameterizedTest(name = "joinLeave={0} force={1} presence={2} asked={3} -> {4}")
  @CsvSource({
      // a channel without joinLeave emits nothing, whatever else is set
      "false, false, false, false, false",
      "false, true,  true,  true,  false",
      // emitted: a subscriber hears them when it asked and may see presence ...
      "true,  false, true,  true,  true",
      "true,  false, true,  false, false",
      "true,  false, false, true,  false",
      // ... or when the namespace forces them on everyone
      "true,  true,  false, false, true",
      "true,  true,  true,  false, true",
  })
  void joinLeavePushesReachOnlySubscribersThatAskedUnlessForced(boolean joinLeave, boolean force, boolean presence,
                                                                 boolean asked, boolean expected) {
    ChannelOptions options = new ChannelOptions(true, false, presence, joinLeave, force, HistoryOptions.NONE);
    assertEquals(expected, options.pushesJoinLeaveTo(asked));
  }

  @org.junit.jupiter.api.Test
  void subscribeRightsOfNamesAndAnonymousClientsAreOffUnlessSetAndNamespacesInheritThem() {
    io.vertx.core.json.JsonObject json = hub.support.TestHub.config(new io.vertx.core.json.JsonObject().put("channels",
        new io.vertx.core.json.JsonObject()
            .put("default", new io.vertx.core.json.JsonObject().put("allowSubscribeForAnonymous", true))
            .put("namespaces", new io.vertx.core.json.JsonObject()
                .put("dm", new io.vertx.core.json.JsonObject().put("allowUserLimitedChannels", true)))));
    ChannelsConfig c = HubConfig.fromJson(json).channels();
    assertEquals(false, ChannelOptions.DEFAULTS.allowUserLimitedChannels());
    assertEquals(false, ChannelOptions.DEFAULTS.allowSubscribeForAnonymous());
    assertEquals(true, c.defaults().allowSubscribeForAnonymous());
    assertEquals(false, c.defaults().allowUserLimitedChannels());
    assertEquals(true, c.namespaces().get("dm").allowUserLimitedChannels());
    assertEquals(true, c.namespaces().get("dm").allowSubscribeForAnonymous(), "inherited from default");
    assertEquals(false, c.namespaces().get("chat").allowUserLimitedChannels());
  }
}
