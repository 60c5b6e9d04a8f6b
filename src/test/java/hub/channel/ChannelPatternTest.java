package hub.channel;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Glob patterns of the {@code channels} API: {@code *} is any run of characters, everything else is literal, and no
 * pattern can make matching slow.
 */
class ChannelPatternTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "*|anything|true",
      "*|''|true",
      "''|''|true",
      "''|a|false",
      "chat:*|chat:room|true",
      "chat:*|chat:|true",
      "chat:*|chats:room|false",
      "*:room|chat:room|true",
      "*:room|chat:room2|false",
      "a*b*c|abc|true",
      "a*b*c|aXXbYYc|true",
      "a*b*c|acb|false",
      "news|news|true",
      "news|News|false",
      "news|news2|false",
      "n?ws|news|false",
      "n?ws|n?ws|true",
      "n.ws|news|false",
      "**|x|true",
      "a*|a|true",
      "*a|ba|true",
      "*a|ab|false",
      "$*|$private|true"})
  void matchesGlobs(String pattern, String name, boolean expected) {
    assertEquals(expected, ChannelPattern.matches(pattern, name));
  }

  @Test
  void pathologicalPatternsFinishQuickly() {
    String manyStars = "*a".repeat(40) + "*b";
    String longName = "a".repeat(20_000);
    // an exponential matcher needs longer than the universe has left for this; a linear one needs milliseconds
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertFalse(ChannelPattern.matches(manyStars, longName));
      assertFalse(ChannelPattern.matches("*".repeat(5000) + "b", longName));
      assertFalse(ChannelPattern.matches("a*".repeat(2000) + "b", longName));
    });
  }

  @Test
  void filterKeepsOnlyMatchingEntries() {
    JsonObject counts = new JsonObject().put("chat:1", 2).put("chat:2", 1).put("news", 5);
    assertEquals(new JsonObject().put("chat:1", 2).put("chat:2", 1), ChannelPattern.filter(counts, "chat:*"));
    assertEquals(new JsonObject(), ChannelPattern.filter(counts, "none*"));
  }

  @Test
  void filterWithoutPatternKeepsEverything() {
    JsonObject counts = new JsonObject().put("a", 1);
    assertSame(counts, ChannelPattern.filter(counts, null));
    assertSame(counts, ChannelPattern.filter(counts, ""));
  }
}
