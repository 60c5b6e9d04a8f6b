package hub.channel;

import hub.config.ChannelOptions;
import hub.config.ChannelsConfig;
import hub.protocol.ReplyError;

/**
 * Decides what a client may do on a channel, from the configured namespaces. Immutable and thread-safe.
 */
public final class ChannelPolicy {

  private final ChannelsConfig config;

  public ChannelPolicy(ChannelsConfig config) {
    this.config = config;
  }

  public int maxNameLength() {
    return config.maxNameLength();
  }

  /** Options for the channel's namespace, or null when the namespace is not configured. */
  public ChannelOptions optionsOf(ChannelName channel) {
    if (channel.namespace().isEmpty()) {
      return config.defaults();
    }
    return config.namespaces().get(channel.namespace());
  }

  /**
   * Null when {@code user} may subscribe to {@code channel} without a subscription token, else the error to answer.
   * Where the namespace has a subscribe proxy, that proxy decides instead of {@code allowSubscribe} (see
   * {@link #subscribeProxyOf}). A channel name is chosen by the client, so it may narrow what the namespace allows
   * but widen it only where the operator opted in (issue 10, item 7): a user-limited channel admits only its listed
   * users, and admits them by itself only under {@code allowUserLimitedChannels}; otherwise it obeys
   * {@code allowSubscribe}. Anonymous clients subscribe only where {@code allowSubscribeForAnonymous} says they may.
   *
   * @param user the subscriber's user id, "" (or null) when anonymous
   */
  public ReplyError checkSubscribe(ChannelName channel, String user) {
    ChannelOptions options = optionsOf(channel);
    if (options == null) {
      return ReplyError.UNKNOWN_CHANNEL;
    }
    if (channel.isPrivate() || options.subscribeTokenRequired()) {
      return ReplyError.PERMISSION_DENIED; // needs a subscription token (protocol.md 9.3)
    }
    boolean anonymous = user == null || user.isEmpty();
    if (channel.allowedUsers() != null) {
      if (anonymous || !channel.limitedTo(user)) {
        return ReplyError.PERMISSION_DENIED;
      }
      if (options.allowUserLimitedChannels()) {
        return null;
      }
    }
    if (anonymous && !options.allowSubscribeForAnonymous()) {
      return ReplyError.PERMISSION_DENIED;
    }
    return options.allowSubscribe() || options.proxies().subscribe() != null ? null : ReplyError.PERMISSION_DENIED;
  }

  /**
   * The subscribe proxy that decides a tokenless subscribe to {@code channel}, or null. As in Centrifugo a
   * user-limited channel ({@code #}) is decided by its name alone, never by the proxy.
   */
  public String subscribeProxyOf(ChannelName channel) {
    ChannelOptions options = optionsOf(channel);
    return options == null || channel.allowedUsers() != null ? null : options.proxies().subscribe();
  }

  /**
   * Null when a connected client may publish into {@code channel}, else the error to answer. Who publishes counts
   * as much as where: a user-limited channel takes publications only from its listed users, a {@code $} channel
   * only from its subscribers (who needed a token to get in), and anonymous clients only where the namespace
   * allows them (issue 10, item 2).
   *
   * @param user       the publisher's user id, "" when anonymous
   * @param subscribed whether the publishing session is subscribed to {@code channel}
   */
  public ReplyError checkPublish(ChannelName channel, String user, boolean subscribed) {
    ChannelOptions options = optionsOf(channel);
    if (options == null) {
      return ReplyError.UNKNOWN_CHANNEL;
    }
    boolean anonymous = user == null || user.isEmpty();
    if (anonymous && !options.allowPublishForAnonymous()) {
      return ReplyError.PERMISSION_DENIED;
    }
    if (channel.isPrivate() && !subscribed) {
      return ReplyError.PERMISSION_DENIED;
    }
    if (channel.allowedUsers() != null && (anonymous || !channel.limitedTo(user))) {
      return ReplyError.PERMISSION_DENIED;
    }
    // A publish proxy decides in place of allowPublish; the checks above on who publishes still hold.
    boolean allowed = options.allowPublish() || (subscribed && options.allowPublishForSubscriber())
        || options.proxies().publish() != null;
    return allowed ? null : ReplyError.PERMISSION_DENIED;
  }

  /** Null when the server API may publish into {@code channel} (it bypasses permissions, not namespaces). */
  public ReplyError checkApiPublish(ChannelName channel) {
    return optionsOf(channel) == null ? ReplyError.UNKNOWN_CHANNEL : null;
  }
}
