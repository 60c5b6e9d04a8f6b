package hub.stream;

import hub.protocol.Publication;

import java.util.ArrayList;
import java.util.List;

/**
 * What a read found: the stream's position and the publications the query asked for.
 *
 * @param epoch        the stream's epoch
 * @param top          the offset of its latest publication (0 when none was ever published in this epoch)
 * @param publications in the order the query asked for, each carrying its offset and the epoch
 */
public record StreamSlice(String epoch, long top, List<Publication> publications) {

  /** A read's answer from a stream's kept entries; each publication carries the epoch. */
  public static StreamSlice of(String channel, String epoch, long top, List<StreamLog.Entry> entries) {
    List<Publication> pubs = new ArrayList<>(entries.size());
    for (StreamLog.Entry e : entries) {
      pubs.add(new Publication(channel, e.offset(), epoch, e.pub()));
    }
    return new StreamSlice(epoch, top, pubs);
  }
}
