package hub.client;

import java.util.Map;

/**
 * One publication read back from a stream. Immutable.
 *
 * @param offset its offset in the stream
 * @param data   its JSON value
 * @param tags   its tags; empty for none
 * @param info   the client that published it, or null for a publication of the server API
 */
public record HistoryPublication(long offset, Object data, Map<String, String> tags, ClientInfo info) {
}
