package hub.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel names: the namespace, private and user-limited parts that permissions are decided on, and the names that
 * are not channels at all (non-ASCII, control characters, too long).
 */
class ChannelNameTest {

  private static final int MAX = 255;

  @Test
  void nameWithoutColonHasNoNamespace() {
    ChannelName n = ChannelName.parse("news", MAX);
    assertEquals(new ChannelName("news", "", false, null), n);
  }

  @Test
  void namespaceIsThePartBeforeTheFirstColon() {
    assertEquals("chat", ChannelName.parse("chat:room:1", MAX).namespace());
    assertEquals("", ChannelName.parse(":room", MAX).namespace());
  }

  @Test
  void leadingDollarMarksAPrivateChannelAndIsNotPartOfTheNamespace() {
    ChannelName n = ChannelName.parse("$chat:secret", MAX);
    assertTrue(n.isPrivate());
    assertEquals("chat", n.namespace());
    ChannelName bare = ChannelName.parse("$secret", MAX);
    assertTrue(bare.isPrivate());
    assertEquals("", bare.namespace());
    assertFalse(ChannelName.parse("chat:$notprivate", MAX).isPrivate());
  }

  @Test
  void usersAfterTheLastHashLimitTheChannel() {
    ChannelName dm = ChannelName.parse("dialog:room#u1,u2", MAX);
    assertEquals("dialog", dm.namespace());
    assertEquals("u1,u2", dm.allowedUsers());
    assertTrue(dm.limitedTo("u1"));
    assertTrue(dm.limitedTo("u2"));
    assertFalse(dm.limitedTo("u3"));
    assertFalse(dm.limitedTo("u"), "no prefix matches");
    assertFalse(dm.limitedTo("u1,u2"), "the list is split on commas");
    assertFalse(dm.limitedTo(""), "anonymous is never listed");
    assertEquals("c", ChannelName.parse("a#b#c", MAX).allowedUsers());
  }

  @Test
  void channelWithoutHashIsNotUserLimited() {
    ChannelName n = ChannelName.parse("chat:open", MAX);
    assertNull(n.allowedUsers());
    assertFalse(n.limitedTo("anyone"));
  }

  @Test
  void emptyUserListAdmitsNobody() {
    ChannelName n = ChannelName.parse("news#", MAX);
    assertEquals("", n.allowedUsers());
    assertFalse(n.limitedTo("alice"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "chät", "日本", "emoji\uD83D\uDE00", "with space", "tab\there", "new\nline", "nul\u0000",
      "del\u007f", "nbsp\u00a0"})
  void refusesNamesThatAreNotPrintableAscii(String name) {
    assertNull(ChannelName.parse(name, MAX));
  }

  @Test
  void refusesNull() {
    assertNull(ChannelName.parse(null, MAX));
  }

  @Test
  void refusesNamesOverTheLengthLimit() {
    assertNotNull(ChannelName.parse("a".repeat(MAX), MAX));
    assertNull(ChannelName.parse("a".repeat(MAX + 1), MAX));
    assertNotNull(ChannelName.parse("abcdefghij", 10));
    assertNull(ChannelName.parse("abcdefghijk", 10));
  }

  @Test
  void acceptsEveryPrintableAsciiCharacter() {
    StringBuilder all = new StringBuilder();
    for (char c = 0x21; c <= 0x7e; c++) {
      all.append(c);
    }
    assertNotNull(ChannelName.parse(all.toString(), MAX));
  }
}
