package hub.session;

import java.util.List;
import java.util.Map;

/**
 * What one session keeps about its subscriptions beyond membership (its {@link ChannelSet}): which ones the server
 * made, when the expiring ones end, and the traits (channel info, overrides) of those that have any. Each part is
 * allocated on first use, so an idle connection with plain subscriptions pays for this object alone. Confined to the
 * session's event loop.
 */
final class SubscriptionDetails {

  /** The channels the server subscribed this session to (connect {@code channels}, the API); null when none. */
  private ChannelSet serverSide;
  /** Null until the session holds a subscription that expires. */
  private SubscriptionExpiries expiries;
  /** Null until the session holds a subscription with channel info or overrides. */
  private SubscriptionTraits.Table traits;

  SubscriptionTraits traitsOf(String channel) {
    return traits == null ? SubscriptionTraits.PLAIN : traits.get(channel);
  }

  void traits(String channel, SubscriptionTraits t) {
    if (traits == null && t.isPlain()) {
      return;
    }
    if (traits == null) {
      traits = new SubscriptionTraits.Table();
    }
    if (traits.put(channel, t)) {
      traits = null; // the table emptied
    }
  }

  void serverSide(String channel, boolean on) {
    if (on) {
      if (serverSide == null) {
        serverSide = new ChannelSet();
      }
      serverSide.add(channel);
    } else if (serverSide != null) {
      serverSide.remove(channel);
    }
  }

  boolean isServerSide(String channel) {
    return serverSide != null && serverSide.contains(channel);
  }

  /**
   * Sets or clears ({@code term} null) the term of a subscription.
   *
   * @return whether the earliest term may have changed (false: nothing was set or removed)
   */
  boolean term(String channel, SubscriptionExpiries.Term term) {
    if (term == null) {
      return expiries != null && expiries.remove(channel);
    }
    if (expiries == null) {
      expiries = new SubscriptionExpiries();
    }
    expiries.put(channel, term);
    return true;
  }

  SubscriptionExpiries.Term term(String channel) {
    return expiries == null ? null : expiries.get(channel);
  }

  /** The earliest term (epoch millis), 0 when none. */
  long earliestTerm() {
    return expiries == null ? 0 : expiries.earliest();
  }

  /** Removes and returns the subscriptions whose term has passed by {@code now}. */
  List<Map.Entry<String, SubscriptionExpiries.Term>> takeDue(long now) {
    return expiries == null ? List.of() : expiries.takeDue(now);
  }

  /** For the close routine: no term can come due any more. */
  void dropTerms() {
    expiries = null;
  }

  /** For the close routine, after the leave pushes (they carry chan_info and follow the overrides). */
  void dropTraits() {
    traits = null;
  }
}
