package hub.config;

/**
 * What clients may do on the channels of one namespace (or on channels without a namespace).
 *
 * @param allowSubscribe     whether an authenticated client may subscribe without a subscription token
 * @param allowPublish       whether a connected client may publish into the channel
 * @param presence           whether the hub keeps cluster-wide presence (who is subscribed) for the channel
 * @param joinLeave          whether subscribing and unsubscribing emit join and leave pushes, on every node
 * @param forcePushJoinLeave whether every subscriber receives those pushes, asked for or not
 * @param history            the channel stream: history, positioning and recovery
 * @param allowPublishForSubscriber whether a client subscribed to the channel may publish into it, even when
 *                           {@code allowPublish} is off (Centrifugo's {@code allow_publish_for_subscriber})
 * @param allowPublishForAnonymous  whether an anonymous client (user "") may publish where the options above let
 *                           a client publish; off, only authenticated users do
 * @param proxies            the subscribe, publish and sub_refresh proxies of the namespace
 * @param subscribeTokenRequired whether a subscribe needs a subscription token, as on {@code $} channels
 *                           ({@code subscribeToken: "required"}; the default {@code "optional"} takes one when given)
 * @param allowUserLimitedChannels   whether a user-limited channel ({@code name#u1,u2}) admits its listed users by
 *                           itself, even where {@code allowSubscribe} is off (Centrifugo's
 *                           {@code allow_user_limited_channels}); off, it obeys {@code allowSubscribe} like any
 *                           channel. Either way it admits nobody it does not list.
 * @param allowSubscribeForAnonymous whether an anonymous client (user "") may subscribe where {@code allowSubscribe}
 *                           lets a client subscribe; off, only authenticated users do
 */
public record ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave,
                             boolean forcePushJoinLeave, HistoryOptions history, boolean allowPublishForSubscriber,
                             boolean allowPublishForAnonymous, ChannelProxies proxies, boolean subscribeTokenRequired,
                             boolean allowUserLimitedChannels, boolean allowSubscribeForAnonymous) {

  /** Join/leave pushes go only to subscribers that sent {@code join_leave: true}, as in Centrifugo. */
  public static final boolean DEFAULT_FORCE_PUSH_JOIN_LEAVE = false;

  /** Only clients with {@code allowPublish} publish; being subscribed is not enough, as in Centrifugo. */
  public static final boolean DEFAULT_ALLOW_PUBLISH_FOR_SUBSCRIBER = false;
  /** An anonymous connection cannot be held to account for what it publishes, so it may not unless allowed. */
  public static final boolean DEFAULT_ALLOW_PUBLISH_FOR_ANONYMOUS = false;
  /** A channel name a client picks must not grant what the namespace refuses, unless the operator says so. */
  public static final boolean DEFAULT_ALLOW_USER_LIMITED_CHANNELS = false;
  /** Anonymous connections get no subscribe rights of their own unless the namespace grants them. */
  public static final boolean DEFAULT_ALLOW_SUBSCRIBE_FOR_ANONYMOUS = false;

  public static final ChannelOptions DEFAULTS =
      new ChannelOptions(true, false, false, false, DEFAULT_FORCE_PUSH_JOIN_LEAVE, HistoryOptions.NONE);

  /** Options with the two publish refinements at their defaults (off) and no proxy. */
  public ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave,
                        boolean forcePushJoinLeave, HistoryOptions history) {
    this(allowSubscribe, allowPublish, presence, joinLeave, forcePushJoinLeave, history,
        DEFAULT_ALLOW_PUBLISH_FOR_SUBSCRIBER, DEFAULT_ALLOW_PUBLISH_FOR_ANONYMOUS);
  }

  /** Options without any proxy. */
  public ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave,
                        boolean forcePushJoinLeave, HistoryOptions history, boolean allowPublishForSubscriber,
                        boolean allowPublishForAnonymous) {
    this(allowSubscribe, allowPublish, presence, joinLeave, forcePushJoinLeave, history, allowPublishForSubscriber,
        allowPublishForAnonymous, ChannelProxies.NONE, false, DEFAULT_ALLOW_USER_LIMITED_CHANNELS,
        DEFAULT_ALLOW_SUBSCRIBE_FOR_ANONYMOUS);
  }

  /** Reads options, taking every absent value from {@code base}. */
  static ChannelOptions from(JsonReader r, ChannelOptions base) {
    ChannelOptions o = new ChannelOptions(
        r.bool("allowSubscribe", base.allowSubscribe),
        r.bool("allowPublish", base.allowPublish),
        r.bool("presence", base.presence),
        r.bool("joinLeave", base.joinLeave),
        r.bool("forcePushJoinLeave", base.forcePushJoinLeave),
        HistoryOptions.from(r, base.history),
        r.bool("allowPublishForSubscriber", base.allowPublishForSubscriber),
        r.bool("allowPublishForAnonymous", base.allowPublishForAnonymous),
        ChannelProxies.from(r, base.proxies),
        subscribeToken(r, base.subscribeTokenRequired),
        r.bool("allowUserLimitedChannels", base.allowUserLimitedChannels),
        r.bool("allowSubscribeForAnonymous", base.allowSubscribeForAnonymous));
    r.rejectUnknownKeys();
    return o;
  }

  private static boolean subscribeToken(JsonReader r, boolean base) {
    String value = r.string("subscribeToken", base ? "required" : "optional");
    return switch (value) {
      case "required" -> true;
      case "optional" -> false;
      default -> throw new ConfigException(r.pathOf("subscribeToken"), "must be \"required\" or \"optional\"");
    };
  }

  /**
   * Whether a subscriber receives this channel's join and leave pushes (protocol.md section 5). Only channels with
   * {@code joinLeave} emit any. Then every subscriber gets them under {@code forcePushJoinLeave}; otherwise only a
   * subscriber that asked ({@code join_leave: true} in its subscribe) and may see presence, which on this hub
   * means the channel keeps presence (its subscribers may query it).
   *
   * @param asked the subscribe command's {@code join_leave}
   */
  public boolean pushesJoinLeaveTo(boolean asked) {
    return joinLeave && (forcePushJoinLeave || (asked && presence));
  }
}
