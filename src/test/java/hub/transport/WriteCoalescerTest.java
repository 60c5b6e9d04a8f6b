package hub.transport;

import hub.protocol.Format;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class WriteCoalescerTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void whatWaitsStaysUnderAnEighthOfTheQueueLimitAndUnder64KiB() {
    assertEquals(WriteCoalescer.MAX_JOINED_BYTES, new WriteCoalescer(null, 1024 * 1024).joinLimit());
    assertEquals(8 * 1024, new WriteCoalescer(null, 64 * 1024).joinLimit());
    assertEquals(128, new WriteCoalescer(null, 1024).joinLimit());
  }

  @Test
  void joinsAsTheFormatFramesAndReusesTheJoinForTheSameMessages() {
    WriteCoalescer c = new WriteCoalescer(null, 1024 * 1024);
    byte[] one = b("{\"a\":1}");
    byte[] two = b("{\"b\":2}");
    byte[] joined = c.join(one, List.of(two), Format.JSON);
    assertArrayEquals(b("{\"a\":1}\n{\"b\":2}"), joined);
    // the next subscriber of the same channel, with the very same messages: the same array, framed once
    assertSame(joined, c.join(one, new java.util.ArrayList<>(List.of(two)), Format.JSON));
    byte[] equalButOther = b("{\"b\":2}");
    assertNotSame(joined, c.join(one, List.of(equalButOther), Format.JSON));
    byte[] protobuf = c.join(new byte[] {1, 7}, List.of(new byte[] {0}), Format.PROTOBUF);
    assertArrayEquals(new byte[] {1, 7, 0}, protobuf);
  }
}
