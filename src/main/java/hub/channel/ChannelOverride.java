package hub.channel;

import hub.config.ChannelOptions;
import hub.config.HistoryOptions;
import io.vertx.core.json.JsonObject;

/**
 * What a backend changes of a namespace's options for one subscription: the {@code override} of a subscribe proxy
 * result, a subscription token or a connect proxy's {@code subs} entry (protocol.md 9.2, Centrifugo's
 * {@code SubscribeOptionOverride}). Each field is null where the namespace's option stands. Positioning and recovery
 * need a stream, so on a channel without history their overrides change nothing. Immutable.
 *
 * @param presence           whether this subscriber is in the channel's presence
 * @param joinLeave          whether this subscriber's subscribe and unsubscribe emit join and leave pushes
 * @param forcePushJoinLeave whether this subscriber hears the channel's join and leave pushes without asking
 * @param forceRecovery      whether this subscription is recoverable (and so positioned)
 * @param forcePositioning   whether this subscription is positioned
 */
public record ChannelOverride(Boolean presence, Boolean joinLeave, Boolean forcePushJoinLeave, Boolean forceRecovery,
                              Boolean forcePositioning) {

  public static final ChannelOverride NONE = new ChannelOverride(null, null, null, null, null);

  /**
   * Reads {@code {"presence":{"value":true}, ...}}. Absent (null) is {@link #NONE}; a field that is not an object
   * with a boolean {@code value}, or a value that is not an object, is null (malformed). Unknown fields are
   * ignored, as Centrifugo's JSON decoding does.
   */
  public static ChannelOverride parse(Object raw) {
    if (raw == null) {
      return NONE;
    }
    if (!(raw instanceof JsonObject o)) {
      return null;
    }
    Boolean[] v = new Boolean[5];
    String[] keys = {"presence", "join_leave", "force_push_join_leave", "force_recovery", "force_positioning"};
    for (int i = 0; i < keys.length; i++) {
      Object field = o.getValue(keys[i]);
      if (field == null) {
        continue;
      }
      if (!(field instanceof JsonObject f) || !(f.getValue("value") instanceof Boolean b)) {
        return null;
      }
      v[i] = b;
    }
    ChannelOverride parsed = new ChannelOverride(v[0], v[1], v[2], v[3], v[4]);
    return parsed.isNone() ? NONE : parsed;
  }

  public boolean isNone() {
    return presence == null && joinLeave == null && forcePushJoinLeave == null && forceRecovery == null
        && forcePositioning == null;
  }

  /** The namespace's options with this subscription's overrides in place. */
  public ChannelOptions applyTo(ChannelOptions base) {
    if (isNone()) {
      return base;
    }
    HistoryOptions h = base.history();
    HistoryOptions history = forceRecovery == null && forcePositioning == null ? h
        : new HistoryOptions(h.size(), h.ttl(), h.metaTtl(), or(forcePositioning, h.forcePositioning()),
            h.allowPositioning(), or(forceRecovery, h.forceRecovery()), h.allowRecovery(), h.recoveryMode(),
            h.allowHistoryForSubscriber());
    return new ChannelOptions(base.allowSubscribe(), base.allowPublish(), or(presence, base.presence()),
        or(joinLeave, base.joinLeave()), or(forcePushJoinLeave, base.forcePushJoinLeave()), history,
        base.allowPublishForSubscriber(), base.allowPublishForAnonymous(), base.proxies(),
        base.subscribeTokenRequired(), base.allowUserLimitedChannels(), base.allowSubscribeForAnonymous());
  }

  /**
   * Whether the subscriber hears the channel's join and leave pushes. The namespace's rule
   * ({@link ChannelOptions#pushesJoinLeaveTo}) over the overridden options, and an explicit
   * {@code force_push_join_leave: true} makes it hear them even where the namespace emits none: other subscribers
   * may emit them under their own {@code join_leave} override, and Centrifugo keeps hearing apart from emitting.
   *
   * @param base  the namespace's options
   * @param asked the subscribe command's {@code join_leave}
   */
  public boolean hearsJoinLeave(ChannelOptions base, boolean asked) {
    return Boolean.TRUE.equals(forcePushJoinLeave) || applyTo(base).pushesJoinLeaveTo(asked);
  }

  private static boolean or(Boolean override, boolean base) {
    return override != null ? override : base;
  }
}
