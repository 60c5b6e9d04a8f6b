package hub.stream;

/** What a stream store reports about itself (to the node's metrics). Called from any thread. */
public interface StoreListener {

  /** The store dropped {@code publications} to stay under {@code history.maxBytes}. */
  void shed(long publications);

  StoreListener NONE = publications -> { };
}
