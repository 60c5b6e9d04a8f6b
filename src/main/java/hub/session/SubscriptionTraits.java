package hub.session;

import hub.channel.ChannelOverride;
import hub.config.ChannelOptions;

import java.util.HashMap;
import java.util.Map;

/**
 * What a backend attached to one subscription (a subscription token, the subscribe proxy, a connect proxy's
 * {@code subs} entry): channel info, shown to others as {@code chan_info} in this client's ClientInfo for that
 * channel only (presence, join/leave, its publications), and the overrides of the namespace's options. Immutable.
 *
 * @param chanInfo any JSON value, or null
 * @param override never null; {@link ChannelOverride#NONE} when the namespace's options stand
 */
record SubscriptionTraits(Object chanInfo, ChannelOverride override) {

  static final SubscriptionTraits PLAIN = new SubscriptionTraits(null, ChannelOverride.NONE);

  /** PLAIN when there is nothing to keep, so that a plain subscription costs its session nothing. */
  static SubscriptionTraits of(Object chanInfo, ChannelOverride override) {
    return chanInfo == null && override.isNone() ? PLAIN : new SubscriptionTraits(chanInfo, override);
  }

  boolean isPlain() {
    return chanInfo == null && override.isNone();
  }

  /** The namespace's options as this subscription has them. */
  ChannelOptions options(ChannelOptions namespace) {
    return override.applyTo(namespace);
  }

  /** Whether this subscriber hears the channel's join/leave pushes; {@code asked}: its {@code join_leave}. */
  boolean hearsJoinLeave(ChannelOptions namespace, boolean asked) {
    return override.hearsJoinLeave(namespace, asked);
  }

  /**
   * One session's traits by channel, only for its subscriptions that have any. Allocated with the first such
   * subscription; each entry goes with its subscription (unsubscribe, close). Confined to the session's loop.
   */
  static final class Table {
    private final Map<String, SubscriptionTraits> byChannel = new HashMap<>(2);

    SubscriptionTraits get(String channel) {
      return byChannel.getOrDefault(channel, PLAIN);
    }

    /** Sets or (PLAIN) clears; returns whether the table is empty afterwards. */
    boolean put(String channel, SubscriptionTraits traits) {
      if (traits.isPlain()) {
        byChannel.remove(channel);
      } else {
        byChannel.put(channel, traits);
      }
      return byChannel.isEmpty();
    }
  }
}
