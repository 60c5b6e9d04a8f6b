package hub.config;

/**
 * What clients may do on the channels of one namespace (or on channels without a namespace).
 *
 * @param allowSubscribe whether an authenticated client may subscribe without a subscription token
 * @param allowPublish   whether a connected client may publish into the channel
 */
public record ChannelOptions(boolean allowSubscribe, boolean allowPublish) {

  public static final ChannelOptions DEFAULTS = new ChannelOptions(true, false);

  /** Reads options, taking every absent value from {@code base}. */
  static ChannelOptions from(JsonReader r, ChannelOptions base) {
    ChannelOptions o = new ChannelOptions(
        r.bool("allowSubscribe", base.allowSubscribe),
        r.bool("allowPublish", base.allowPublish));
    r.rejectUnknownKeys();
    return o;
  }
}
