package hub.client;

/**
 * A place in a channel's stream: an offset under an epoch. Immutable.
 *
 * @param offset the publication's offset (1, 2, 3... per channel)
 * @param epoch  the stream's epoch; a new epoch means the offsets started again
 */
public record StreamPosition(long offset, String epoch) {
}
