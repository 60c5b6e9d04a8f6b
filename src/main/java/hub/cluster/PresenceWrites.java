package hub.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entry processors {@link HazelcastPresenceStore} sends to the presence entries' partitions, where each runs
 * atomically for its key (a purge's removal and an owner's restore of one key cannot interleave). Stateless apart
 * from their arguments; Hazelcast runs them on its partition threads (and again on the backups).
 */
final class PresenceWrites {

  private PresenceWrites() {
  }

  /**
   * Puts {@code value} where the entry is missing and answers true; restarts the TTL of an entry that is there and
   * answers false. Runs on the key's partition, so a purge and a restore of one key cannot interleave.
   */
  static final class Restore implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String value;
    private final long ttlSeconds;

    Restore(String value, long ttlSeconds) {
      this.value = value;
      this.ttlSeconds = ttlSeconds;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
      boolean missing = entry.getValue() == null;
      HazelcastJsonValue next = missing ? new HazelcastJsonValue(value) : entry.getValue();
      if (ttlSeconds > 0 && entry instanceof ExtendedMapEntry<?, ?> e) {
        ((ExtendedMapEntry<String, HazelcastJsonValue>) e).setValue(next, ttlSeconds, TimeUnit.SECONDS);
      } else {
        entry.setValue(next);
      }
      return missing;
    }
  }

  /** Sets an existing entry's value to itself with a fresh TTL; leaves an absent one absent. Runs on its partition. */
  static final class Touch implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;

    Touch(long ttlSeconds) {
      this.ttlSeconds = ttlSeconds;
    }

    long ttlSeconds() {
      return ttlSeconds;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
      HazelcastJsonValue value = entry.getValue();
      if (value == null) {
        return false;
      }
      if (ttlSeconds > 0 && entry instanceof ExtendedMapEntry<?, ?> e) {
        ((ExtendedMapEntry<String, HazelcastJsonValue>) e).setValue(value, ttlSeconds, TimeUnit.SECONDS);
      } else {
        entry.setValue(value); // an update restarts the map's TTL
      }
      return true;
    }
  }
}
