package hub.stream.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import hub.stream.StreamLog;

/**
 * What Hazelcast must know for the stream store: its map (objects on their partition, one synchronous backup, the
 * stream merge policy) and how the stream value and the operations travel. Registered on every member at start.
 */
public final class StreamSerialization {

  /** The map of channel streams: key the channel name, value its {@link StreamLog}. */
  public static final String MAP = "hub.streams";

  static final int FACTORY_ID = 7100;
  static final int REPLY = 1;
  static final int APPEND = 2;
  static final int READ = 3;
  static final int CLEAR = 4;
  static final int SWEEP = 5;

  private StreamSerialization() {
  }

  /**
   * Adds the store's serialization and, unless the operator's XML configures {@link #MAP} itself, its map settings.
   * OBJECT format: an operation works on the stream in place instead of decoding and re-encoding all of it each
   * time; only backups and migrations write it out.
   */
  public static void configure(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new Factory());
    config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
        .setTypeClass(StreamLog.class).setImplementation(new StreamLogSerializer()));
    if (config.getMapConfigOrNull(MAP) == null) {
      config.addMapConfig(new MapConfig(MAP)
          .setInMemoryFormat(InMemoryFormat.OBJECT)
          .setBackupCount(1)
          .setAsyncBackupCount(0)
          .setStatisticsEnabled(true)
          .setMergePolicyConfig(new MergePolicyConfig(StreamMergePolicy.class.getName(),
              MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    }
  }

  private static final class Factory implements DataSerializableFactory {
    @Override
    public IdentifiedDataSerializable create(int classId) {
      return switch (classId) {
        case REPLY -> new StreamReply();
        case APPEND -> new AppendOperation();
        case READ -> new ReadOperation();
        case CLEAR -> new ClearOperation();
        case SWEEP -> new SweepOperation();
        default -> null;
      };
    }
  }
}
