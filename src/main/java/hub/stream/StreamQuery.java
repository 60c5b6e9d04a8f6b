package hub.stream;

/**
 * What to read from a stream besides its position.
 *
 * @param since   read after this offset (before it when reverse); null: from the oldest kept (the newest when reverse)
 * @param limit   most publications to return; 0: none (position only); negative: no limit
 * @param reverse newest first
 */
public record StreamQuery(Long since, int limit, boolean reverse) {

  public static final StreamQuery POSITION = new StreamQuery(null, 0, false);

  /** The publications after {@code offset}, oldest first, at most {@code limit}. */
  public static StreamQuery after(long offset, int limit) {
    return new StreamQuery(offset, limit, false);
  }

  /** The newest publication only. */
  public static StreamQuery latest() {
    return new StreamQuery(null, 1, true);
  }
}
