package hub.client;

/**
 * What a publication became. On a channel with history it has a place in the stream; elsewhere it has none.
 * Immutable.
 *
 * @param position the publication's offset and epoch, or null on a channel without history
 */
public record PublishResult(StreamPosition position) {

  static final PublishResult UNPOSITIONED = new PublishResult(null);

  /** Whether the channel keeps history, so that the publication has a {@link #position}. */
  public boolean positioned() {
    return position != null;
  }
}
