package hub.stream;

import io.vertx.core.json.JsonObject;

/**
 * A history read as the client command and the server API ask for it: {@code limit}, {@code since} {@code {offset,
 * epoch}}, {@code reverse}. Immutable.
 *
 * @param limit      publications to return: 0 none (position only), otherwise at most this many
 * @param sinceOffset read after (before, when reversed) this offset; null: from the oldest (newest) kept
 * @param sinceEpoch the epoch the offset belongs to; "" when not given (any epoch)
 */
public record HistoryRequest(int limit, Long sinceOffset, String sinceEpoch, boolean reverse) {

  /**
   * Reads the request fields; null when a field has the wrong type or {@code reverse} comes with {@code since}
   * offset 0 (nothing is before it).
   *
   * @param maxLimit cap for a negative or larger limit; a negative cap means none (the server API)
   */
  public static HistoryRequest parse(JsonObject params, int maxLimit) {
    Object limit = params.getValue("limit");
    Object since = params.getValue("since");
    Object reverse = params.getValue("reverse");
    if ((limit != null && !(limit instanceof Integer)) || (since != null && !(since instanceof JsonObject))
        || (reverse != null && !(reverse instanceof Boolean))) {
      return null;
    }
    int n = limit == null ? 0 : (Integer) limit;
    if (maxLimit >= 0 && (n < 0 || n > maxLimit)) {
      n = maxLimit;
    }
    Long offset = null;
    String epoch = "";
    if (since != null) {
      JsonObject s = (JsonObject) since;
      Object o = s.getValue("offset");
      Object e = s.getValue("epoch");
      if ((o != null && !(o instanceof Integer || o instanceof Long)) || (e != null && !(e instanceof String))) {
        return null;
      }
      offset = o == null ? 0L : ((Number) o).longValue();
      epoch = e == null ? "" : (String) e;
      if (offset < 0 || (Boolean.TRUE.equals(reverse) && offset == 0)) {
        return null;
      }
    }
    return new HistoryRequest(n, offset, epoch, Boolean.TRUE.equals(reverse));
  }

  public StreamQuery query() {
    return new StreamQuery(sinceOffset, limit, reverse);
  }

  /** Whether a stream on {@code epoch} can answer: the request named no epoch, or this one. */
  public boolean epochMatches(String epoch) {
    return sinceEpoch.isEmpty() || sinceEpoch.equals(epoch);
  }
}
