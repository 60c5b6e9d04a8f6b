package hub.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's channel index tells its listener exactly when a channel gains its first and loses its last subscriber,
 * and never for the subscribers in between.
 */
class ChannelIndexTest {

  private final List<String> edges = new ArrayList<>();
  private final ChannelIndex<String> index = new ChannelIndex<>(new ChannelIndex.EdgeListener() {
    @Override
    public void firstSubscriber(String channel) {
      edges.add("first " + channel);
    }

    @Override
    public void lastSubscriber(String channel) {
      edges.add("last " + channel);
    }
  });

  @Test
  void reportsFirstAndLastSubscriberOnly() {
    assertTrue(index.add("news", "s1"));
    assertTrue(index.add("news", "s2"));
    assertTrue(index.add("news", "s3"));
    assertEquals(List.of("first news"), edges);
    assertTrue(index.remove("news", "s2"));
    assertTrue(index.remove("news", "s1"));
    assertEquals(List.of("first news"), edges);
    assertTrue(index.remove("news", "s3"));
    assertEquals(List.of("first news", "last news"), edges);
    assertEquals(0, index.channelCount());
  }

  @Test
  void duplicateAddIsRefusedWithoutAnEdge() {
    assertTrue(index.add("news", "s1"));
    assertFalse(index.add("news", "s1"));
    assertEquals(List.of("first news"), edges);
    assertEquals(Set.of("s1"), index.subscribersOf("news"));
  }

  @Test
  void removingWhatIsNotThereChangesNothing() {
    assertFalse(index.remove("news", "s1"));
    index.add("news", "s1");
    assertFalse(index.remove("news", "s2"));
    assertFalse(index.remove("other", "s1"));
    assertEquals(List.of("first news"), edges);
    assertEquals(1, index.channelCount());
  }

  @Test
  void channelCanComeBackAfterItsLastSubscriberLeft() {
    index.add("news", "s1");
    index.remove("news", "s1");
    index.add("news", "s2");
    assertEquals(List.of("first news", "last news", "first news"), edges);
  }

  @Test
  void keepsChannelsApart() {
    index.add("a", "s1");
    index.add("b", "s1");
    index.add("b", "s2");
    assertEquals(Set.of("s1"), index.subscribersOf("a"));
    assertEquals(Set.of("s1", "s2"), index.subscribersOf("b"));
    assertTrue(index.subscribersOf("c").isEmpty());
    Map<String, Integer> counts = new HashMap<>();
    index.forEachChannel(counts::put);
    assertEquals(Map.of("a", 1, "b", 2), counts);
    assertEquals(2, index.channelCount());
  }

  @Test
  void everySubscriberOfAChannelGetsTheOneCopyOfItsNameTheIndexHolds() {
    String first = new String("news");
    String second = new String("news");
    index.add(first, "a");
    index.add(second, "b");
    assertTrue(index.name(second) == first, "the name of the first subscribe is the one kept");
    index.remove(first, "a");
    index.remove(second, "b");
    String third = new String("news");
    assertTrue(index.name(third) == third, "no subscriber left: the index holds no copy");
  }
}
