package hub.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One client's presence in one channel.
 *
 * @param channel the channel
 * @param client  connection id
 * @param info    the client's ClientInfo JSON ({@code user}, {@code client}, optional {@code conn_info} and, for this
 *                channel, {@code chan_info})
 */
public record PresenceEntry(String channel, String client, JsonObject info) {

  /** Store key: unique per (connection, channel). */
  public String key() {
    return client + '|' + channel;
  }
}
