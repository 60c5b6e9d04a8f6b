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
 * @param proxies            the subscribe, publish and sub_refresh proxies of the namespace
 */
public record ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave,
                            boolean forcePushJoinLeave, HistoryOptions history, ChannelProxies proxies) {

  /** Options without any proxy. */
  public ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave,
                        boolean forcePushJoinLeave, HistoryOptions history) {
    this(allowSubscribe, allowPublish, presence, joinLeave, forcePushJoinLeave, history, ChannelProxies.NONE);
  }

  /** Join/leave pushes go only to subscribers that sent {@code join_leave: true}, as in Centrifugo. */
  public static final boolean DEFAULT_FORCE_PUSH_JOIN_LEAVE = false;

  public static final ChannelOptions DEFAULTS =
      new ChannelOptions(true, false, false, false, DEFAULT_FORCE_PUSH_JOIN_LEAVE, HistoryOptions.NONE, ChannelProxies.NONE);

  /** Reads options, taking every absent value from {@code base}. */
  static ChannelOptions from(JsonReader r, ChannelOptions base) {
    ChannelOptions o = new ChannelOptions(
        r.bool("allowSubscribe", base.allowSubscribe),
        r.bool("allowPublish", base.allowPublish),
        r.bool("presence", base.presence),
        r.bool("joinLeave", base.joinLeave),
        r.bool("forcePushJoinLeave", base.forcePushJoinLeave),
        HistoryOptions.from(r, base.history),
        ChannelProxies.from(r, base.proxies));
    r.rejectUnknownKeys();
    return o;
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
