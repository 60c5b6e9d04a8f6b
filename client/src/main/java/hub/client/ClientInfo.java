package hub.client;

/**
 * One connection in a channel's presence. Immutable.
 *
 * @param client   the connection's id
 * @param user     its user ({@code ""} for anonymous)
 * @param connInfo the connection's {@code info} (from its token or the connect proxy), or null
 * @param chanInfo the subscription's {@code info}, or null
 */
public record ClientInfo(String client, String user, Object connInfo, Object chanInfo) {
}
