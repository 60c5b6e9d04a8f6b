package hub.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each of one session's expiring subscriptions runs out, and who renews it: the client with a new subscription
 * token ({@code sub_refresh}), or the hub through the namespace's sub_refresh proxy. Allocated only for a session
 * with at least one expiring subscription, so that an idle connection pays nothing. Confined to the session's loop.
 */
final class SubscriptionExpiries {

  /**
   * @param atMs  when the subscription ends unless renewed (epoch millis)
   * @param proxy the sub_refresh proxy that renews it, or null when the client must
   */
  record Term(long atMs, String proxy) {
  }

  private final Map<String, Term> terms = new HashMap<>(2);

  void put(String channel, Term term) {
    terms.put(channel, term);
  }

  Term get(String channel) {
    return terms.get(channel);
  }

  /** @return whether the channel had a term */
  boolean remove(String channel) {
    return terms.remove(channel) != null;
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  /** The earliest term, 0 when none. */
  long earliest() {
    long min = 0;
    for (Term t : terms.values()) {
      if (min == 0 || t.atMs() < min) {
        min = t.atMs();
      }
    }
    return min;
  }

  /** Removes and returns the channels whose term has passed by {@code now}, with their terms. */
  List<Map.Entry<String, Term>> takeDue(long now) {
    List<Map.Entry<String, Term>> due = new ArrayList<>(1);
    terms.entrySet().removeIf(e -> {
      if (e.getValue().atMs() <= now) {
        due.add(Map.entry(e.getKey(), e.getValue()));
        return true;
      }
      return false;
    });
    return due;
  }
}
