package hub.stream;

/**
 * Where a publication landed in its channel's stream.
 *
 * @param offset    its offset (1 for the first publication of an epoch)
 * @param epoch     the stream's epoch
 * @param duplicate whether its idempotency key had been used already, so this is the first publication's place and
 *                  nothing was published
 */
public record Appended(long offset, String epoch, boolean duplicate) {
}
