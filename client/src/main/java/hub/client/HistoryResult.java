package hub.client;

import java.util.List;

/**
 * A history read: the publications asked for and the stream's current position. Immutable.
 *
 * @param publications in the order asked for
 * @param position     the stream's top offset and epoch
 */
public record HistoryResult(List<HistoryPublication> publications, StreamPosition position) {
}
