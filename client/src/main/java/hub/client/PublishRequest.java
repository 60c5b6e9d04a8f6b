package hub.client;

import java.util.Map;
import java.util.Objects;

/**
 * One publication for {@link HubClient#publish(PublishRequest)} and {@link HubClient#batch}. Immutable.
 *
 * @param channel        the channel; its namespace must exist on the hub
 * @param data           a JSON value: {@code JsonObject}, {@code JsonArray}, String, Number, Boolean or null
 * @param tags           string tags that travel with the publication; empty for none
 * @param idempotencyKey a repeat with this key within the stream's window publishes nothing; null for none
 */
public record PublishRequest(String channel, Object data, Map<String, String> tags, String idempotencyKey) {

  public PublishRequest {
    Objects.requireNonNull(channel, "channel");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static PublishRequest of(String channel, Object data) {
    return new PublishRequest(channel, data, Map.of(), null);
  }

  public PublishRequest withTags(Map<String, String> newTags) {
    return new PublishRequest(channel, data, newTags, idempotencyKey);
  }

  public PublishRequest withIdempotencyKey(String key) {
    return new PublishRequest(channel, data, tags, key);
  }
}
