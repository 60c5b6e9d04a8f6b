package hub.client;

/**
 * The answer for one channel of a {@code broadcast}, or one publication of a {@code batch}: exactly one of
 * {@code result} and {@code error} is set. One channel's refusal does not fail the others. Immutable.
 *
 * @param channel the channel it was for
 * @param result  the publication, or null when refused
 * @param error   the hub's refusal, or null when published
 */
public record PublishOutcome(String channel, PublishResult result, HubException error) {

  public boolean published() {
    return error == null;
  }
}
