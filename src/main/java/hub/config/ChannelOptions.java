package hub.config;

/**
 * What clients may do on the channels of one namespace (or on channels without a namespace).
 *
 * @param allowSubscribe whether an authenticated client may subscribe without a subscription token
 * @param allowPublish   whether a connected client may publish into the channel
 * @param presence       whether the hub keeps cluster-wide presence (who is subscribed) for the channel
 * @param joinLeave      whether subscribers on every node get join and leave pushes
 */
public record ChannelOptions(boolean allowSubscribe, boolean allowPublish, boolean presence, boolean joinLeave) {

  public static final ChannelOptions DEFAULTS = new ChannelOptions(true, false, false, false);

  /** Reads options, taking every absent value from {@code base}. */
  static ChannelOptions from(JsonReader r, ChannelOptions base) {
    ChannelOptions o = new ChannelOptions(
        r.bool("allowSubscribe", base.allowSubscribe),
        r.bool("allowPublish", base.allowPublish),
        r.bool("presence", base.presence),
        r.bool("joinLeave", base.joinLeave));
    r.rejectUnknownKeys();
    return o;
  }
}
