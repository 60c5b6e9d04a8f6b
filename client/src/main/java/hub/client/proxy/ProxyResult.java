package hub.client.proxy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a proxy handler allows, one record per answered {@link ProxyKind}, sent as the reply's {@code result}.
 * Optional fields are null (or 0 for a time, empty for a collection) when not set, and then left out of the reply.
 * Times are unix seconds. Data fields hold a JSON value. Immutable.
 */
public sealed interface ProxyResult {

  /**
   * Admits the connection.
   *
   * @param user     the user; {@code ""} is anonymous, which the hub takes only under {@code auth.allowAnonymous}
   * @param expireAt when the hub asks the refresh proxy (unix seconds); 0 never
   * @param info     shown to others as the connection's {@code conn_info}
   * @param data     returned to the client in its connect result
   * @param channels server-side subscriptions made at connect
   * @param meta     kept by the hub and sent with this connection's later proxy requests, never to clients
   */
  record Connect(String user, long expireAt, Object info, Object data, List<String> channels, Object meta)
      implements ProxyResult {
    public Connect {
      Objects.requireNonNull(user, "user");
      channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static Connect user(String user) {
      return new Connect(user, 0, null, null, List.of(), null);
    }

    public Connect expiringAt(long unixSeconds) {
      return new Connect(user, unixSeconds, info, data, channels, meta);
    }

    public Connect withInfo(Object newInfo) {
      return new Connect(user, expireAt, newInfo, data, channels, meta);
    }

    public Connect withData(Object newData) {
      return new Connect(user, expireAt, info, newData, channels, meta);
    }

    public Connect withChannels(List<String> newChannels) {
      return new Connect(user, expireAt, info, data, newChannels, meta);
    }

    public Connect withMeta(Object newMeta) {
      return new Connect(user, expireAt, info, data, channels, newMeta);
    }
  }

  /**
   * The answer to a connection's refresh.
   *
   * @param expired  close the connection (3005)
   * @param expireAt the next refresh (unix seconds); 0 keeps none
   * @param info     replaces the connection's info, or null to keep it
   */
  record Refresh(boolean expired, long expireAt, Object info) implements ProxyResult {
    public static Refresh expire() {
      return new Refresh(true, 0, null);
    }

    public static Refresh extendTo(long unixSeconds) {
      return new Refresh(false, unixSeconds, null);
    }
  }

  /**
   * Allows a subscription.
   *
   * @param data     returned to the client in its subscribe result
   * @param expireAt when the hub asks the sub_refresh proxy (unix seconds); 0 never
   * @param info     the subscription's {@code chan_info} (read, not yet applied by the hub)
   */
  record Subscribe(Object data, long expireAt, Object info) implements ProxyResult {
    public static Subscribe allow() {
      return new Subscribe(null, 0, null);
    }

    public Subscribe withData(Object newData) {
      return new Subscribe(newData, expireAt, info);
    }

    public Subscribe expiringAt(long unixSeconds) {
      return new Subscribe(data, unixSeconds, info);
    }
  }

  /**
   * Allows a publication, maybe rewritten.
   *
   * @param data           replaces the payload; null publishes the client's own
   * @param skipHistory    publish past the channel's stream
   * @param tags           string tags that travel with the publication
   * @param idempotencyKey a repeat within the stream's window is a no-op; null for none
   */
  record Publish(Object data, boolean skipHistory, Map<String, String> tags, String idempotencyKey)
      implements ProxyResult {
    public Publish {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static Publish unchanged() {
      return new Publish(null, false, Map.of(), null);
    }

    public static Publish rewrite(Object data) {
      return new Publish(data, false, Map.of(), null);
    }

    public Publish skippingHistory() {
      return new Publish(data, true, tags, idempotencyKey);
    }

    public Publish withTags(Map<String, String> newTags) {
      return new Publish(data, skipHistory, newTags, idempotencyKey);
    }

    public Publish withIdempotencyKey(String key) {
      return new Publish(data, skipHistory, tags, key);
    }
  }

  /**
   * The answer to a subscription's refresh.
   *
   * @param expired  end the subscription (unsubscribe 2501)
   * @param expireAt the next refresh (unix seconds); 0 stops expiry
   */
  record SubRefresh(boolean expired, long expireAt) implements ProxyResult {
    public static SubRefresh expire() {
      return new SubRefresh(true, 0);
    }

    public static SubRefresh extendTo(long unixSeconds) {
      return new SubRefresh(false, unixSeconds);
    }
  }

  /** The answer to an rpc: {@code data} goes back to the client (null: none). */
  record Rpc(Object data) implements ProxyResult {
  }
}
