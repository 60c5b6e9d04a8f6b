package hub.channel;

import hub.config.ChannelOptions;
import hub.config.ChannelProxies;
import hub.config.HistoryOptions;
import hub.config.ChannelsConfig;
import hub.protocol.ReplyError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Who may subscribe and publish where: unknown namespaces are 102, refusals 103, and the server API bypasses
 * permissions but not namespaces.
 */
class ChannelPolicyTest {

  private final ChannelPolicy policy = new ChannelPolicy(new ChannelsConfig(
      new ChannelOptions(true, false, false, false, false, HistoryOptions.NONE),
      Map.of(
          "chat", new ChannelOptions(true, true, false, false, false, HistoryOptions.NONE),
          "locked", new ChannelOptions(false, false, false, false, false, HistoryOptions.NONE),
          "drop", new ChannelOptions(false, true, false, false, false, HistoryOptions.NONE),
          "room", new ChannelOptions(true, false, false, false, false, HistoryOptions.NONE, true, false),
          "open", new ChannelOptions(true, true, false, false, false, HistoryOptions.NONE, false, true),
          "dm", limited(false, true, false),
          "dmopen", limited(true, true, true),
          "guests", limited(true, false, true)),
      64));

  /** Options that differ only in the subscribe rights of issue 10, item 7. */
  private static ChannelOptions limited(boolean allowSubscribe, boolean allowUserLimited, boolean forAnonymous) {
    return new ChannelOptions(allowSubscribe, false, false, false, false, HistoryOptions.NONE, false, false,
        ChannelProxies.NONE, false, allowUserLimited, forAnonymous);
  }

  private static ChannelName name(String n) {
    return ChannelName.parse(n, 255);
  }

  @Test
  void unknownNamespaceIs102ForEveryone() {
    assertEquals(ReplyError.UNKNOWN_CHANNEL, policy.checkSubscribe(name("nope:x"), "alice"));
    assertEquals(ReplyError.UNKNOWN_CHANNEL, policy.checkPublish(name("nope:x"), "alice", false));
    assertEquals(ReplyError.UNKNOWN_CHANNEL, policy.checkApiPublish(name("nope:x")));
    assertEquals(ReplyError.UNKNOWN_CHANNEL, policy.checkSubscribe(name("$nope:x"), "alice"));
    assertNull(policy.optionsOf(name("nope:x")));
  }

  @Test
  void channelsWithoutNamespaceUseTheDefaults() {
    assertEquals(new ChannelOptions(true, false, false, false, false, HistoryOptions.NONE), policy.optionsOf(name("lobby")));
    assertNull(policy.checkSubscribe(name("lobby"), "alice"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("lobby"), "alice", false));
  }

  @Test
  void privateChannelsNeedATokenTheHubDoesNotIssue() {
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("$chat:secret"), "alice"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("$secret"), "alice"));
  }

  @Test
  void userLimitedChannelAdmitsOnlyItsListedUsers() {
    assertNull(policy.checkSubscribe(name("chat:dm#alice,bob"), "alice"));
    assertNull(policy.checkSubscribe(name("chat:dm#alice,bob"), "bob"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("chat:dm#alice,bob"), "carol"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("chat:dm#alice,bob"), ""));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("news#bob"), "alice"));
  }

  @Test
  void aUserLimitedChannelObeysAllowSubscribeUnlessTheNamespaceOptsIn() {
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("locked:dm#alice,bob"), "alice"),
        "allowSubscribe off and allowUserLimitedChannels off: the # in a name grants nothing");
    assertNull(policy.checkSubscribe(name("dm:x#alice,bob"), "alice"), "allowUserLimitedChannels: listed users in");
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("dm:x#alice,bob"), "carol"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("dm:x"), "alice"),
        "a plain channel of that namespace still needs allowSubscribe");
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("dmopen:x#alice"), ""),
        "no anonymous client is ever a listed user");
  }

  @Test
  void anonymousClientsSubscribeOnlyWhereAllowed() {
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("chat:1"), ""));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("lobby"), null));
    assertNull(policy.checkSubscribe(name("guests:1"), ""));
    assertNull(policy.checkSubscribe(name("guests:1"), "alice"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("dm:1"), ""),
        "allowSubscribeForAnonymous only where allowSubscribe lets clients in");
  }

  @Test
  void allowSubscribeAndAllowPublishAreSeparate() {
    assertNull(policy.checkSubscribe(name("chat:1"), "alice"));
    assertNull(policy.checkPublish(name("chat:1"), "alice", false));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("locked:1"), "alice"));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("locked:1"), "alice", false));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkSubscribe(name("drop:1"), "alice"));
    assertNull(policy.checkPublish(name("drop:1"), "alice", false));
  }

  @Test
  void userLimitedChannelTakesPublicationsOnlyFromItsListedUsers() {
    assertNull(policy.checkPublish(name("chat:dm#alice,bob"), "alice", false));
    assertNull(policy.checkPublish(name("chat:dm#alice,bob"), "bob", true));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("chat:dm#alice,bob"), "carol", false));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("chat:dm#alice,bob"), "carol", true));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("open:dm#alice"), "", false));
  }

  @Test
  void privateChannelsTakePublicationsOnlyFromTheirSubscribers() {
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("$chat:secret"), "alice", false));
    assertNull(policy.checkPublish(name("$chat:secret"), "alice", true));
  }

  @Test
  void anonymousClientsPublishOnlyWhereAllowed() {
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("chat:1"), "", false));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("chat:1"), null, false));
    assertNull(policy.checkPublish(name("open:1"), "", false));
    assertEquals(ReplyError.UNKNOWN_CHANNEL, policy.checkPublish(name("nope:1"), "", false));
  }

  @Test
  void allowPublishForSubscriberLetsOnlySubscribersPublish() {
    assertNull(policy.checkPublish(name("room:1"), "alice", true));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("room:1"), "alice", false));
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("locked:1"), "alice", true),
        "being subscribed is not enough without allowPublishForSubscriber");
    assertEquals(ReplyError.PERMISSION_DENIED, policy.checkPublish(name("room:1"), "", true),
        "an anonymous subscriber needs allowPublishForAnonymous as well");
  }

  @Test
  void serverApiBypassesPermissions() {
    assertNull(policy.checkApiPublish(name("locked:1")));
    assertNull(policy.checkApiPublish(name("lobby")));
    assertNull(policy.checkApiPublish(name("$chat:secret")));
  }

  @Test
  void reportsTheConfiguredNameLimit() {
    assertEquals(64, policy.maxNameLength());
  }
}
