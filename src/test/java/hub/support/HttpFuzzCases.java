package hub.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded hostile HTTP inputs for the hub's HTTP side: oversized request lines and headers, bodies that never end,
 * garbage request lines, random bytes, heads that trickle in, half upgrades, and valid requests with bytes flipped,
 * inserted or cut. The same seed gives the same cases, so a failure can be replayed from the seed in its message.
 */
public final class HttpFuzzCases {

  /** One connection's worth of input: chunks written {@code pauseMs} apart, from {@code localAddress}. */
  public record Case(int index, String kind, List<byte[]> chunks, long pauseMs, String localAddress) {
    public int bytes() {
      return chunks.stream().mapToInt(c -> c.length).sum();
    }
  }

  public static final List<String> KINDS = List.of("long_url", "long_header", "many_headers", "endless_chunked",
      "short_body", "over_body_limit", "garbage_line", "random_bytes", "trickle", "half_upgrade", "bad_upgrade",
      "mutated", "h2_preface", "bare_lf");

  private static final String[] VALID = {
      "GET /health HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET /ready HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
      "POST /api/publish HTTP/1.1\r\nHost: h\r\nX-API-Key: test-api-key\r\nContent-Length: 37\r\n\r\n"
          + "{\"channel\":\"news\",\"data\":{\"x\":1}}   ",
      "GET /connection/websocket HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      "POST /connection/http_stream HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
      "GET /connection/sse HTTP/1.1\r\nHost: h\r\n\r\n",
  };

  private final Random random;
  private final String apiKey;
  private final int maxBodyBytes;

  public HttpFuzzCases(long seed, String apiKey, int maxBodyBytes) {
    this.random = new Random(seed);
    this.apiKey = apiKey;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** {@code count} cases, every kind in turn, from 127.0.0.1 up to 127.0.0.{@code addresses}. */
  public List<Case> cases(int count, int addresses) {
    List<Case> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String kind = KINDS.get(i % KINDS.size());
      out.add(make(i, kind, "127.0.0." + (1 + random.nextInt(addresses))));
    }
    return out;
  }

  private Case make(int i, String kind, String from) {
    return switch (kind) {
      case "long_url" -> one(i, kind, from, "GET /" + letters(4_000 + random.nextInt(60_000)) + " HTTP/1.1\r\nHost: h\r\n\r\n");
      case "long_header" -> one(i, kind, from, "GET /health HTTP/1.1\r\nHost: h\r\nX-Big: "
          + letters(8_000 + random.nextInt(120_000)) + "\r\n\r\n");
      case "many_headers" -> {
        StringBuilder b = new StringBuilder("GET /health HTTP/1.1\r\nHost: h\r\n");
        int n = 300 + random.nextInt(3_000);
        for (int h = 0; h < n; h++) {
          b.append("X-H").append(h).append(": ").append(letters(1 + random.nextInt(20))).append("\r\n");
        }
        yield one(i, kind, from, b.append("\r\n").toString());
      }
      case "endless_chunked" -> one(i, kind, from, "POST /api/publish HTTP/1.1\r\nHost: h\r\nX-API-Key: " + apiKey
          + "\r\nTransfer-Encoding: chunked\r\n\r\n" + "5\r\n{\"a\":\r\n".repeat(1 + random.nextInt(5)));
      case "short_body" -> one(i, kind, from, "POST /api/" + pick("publish", "broadcast", "info", "nope")
          + " HTTP/1.1\r\nHost: h\r\nX-API-Key: " + apiKey + "\r\nContent-Length: " + (100 + random.nextInt(10_000))
          + "\r\n\r\n{\"channel\":");
      case "over_body_limit" -> one(i, kind, from, "POST /api/publish HTTP/1.1\r\nHost: h\r\nX-API-Key: " + apiKey
          + "\r\nContent-Length: " + (maxBodyBytes + 1 + random.nextInt(1_000_000)) + "\r\n\r\n" + letters(2_000));
      case "garbage_line" -> new Case(i, kind, List.of(concat(randomBytes(1 + random.nextInt(200)),
          "\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))), 0, from);
      case "random_bytes" -> new Case(i, kind, List.of(randomBytes(1 + random.nextInt(70_000))), 0, from);
      case "trickle" -> {
        List<byte[]> chunks = new ArrayList<>();
        for (char ch : ("GET /health HTTP/1.1\r\nHost: h\r\nX-Slow: " + letters(200)).toCharArray()) {
          chunks.add(new byte[] {(byte) ch});
        }
        yield new Case(i, kind, chunks, 20 + random.nextInt(40), from);
      }
      case "half_upgrade" -> {
        String full = VALID[3];
        yield one(i, kind, from, full.substring(0, 1 + random.nextInt(full.length() - 4)));
      }
      case "bad_upgrade" -> one(i, kind, from, "GET /connection/websocket" + pick("", "?format=xml", "?token=%zz")
          + " HTTP/1.1\r\nHost: h\r\nUpgrade: " + pick("websocket", "h2c", "WebSocket", "") + "\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: " + pick("13", "8", "x") + "\r\nSec-WebSocket-Key: " + pick("", "abc", "dGhlIHNhbXBsZSBub25jZQ==")
          + "\r\n" + pick("", "Sec-WebSocket-Protocol: nope\r\n", "Origin: http://localhost.evil.com\r\n") + "\r\n");
      case "mutated" -> new Case(i, kind, List.of(mutate(VALID[random.nextInt(VALID.length)]
          .getBytes(StandardCharsets.ISO_8859_1))), 0, from);
      case "h2_preface" -> one(i, kind, from, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      case "bare_lf" -> one(i, kind, from, VALID[random.nextInt(3)].replace("\r\n", "\n"));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static Case one(int i, String kind, String from, String text) {
    return new Case(i, kind, List.of(text.getBytes(StandardCharsets.ISO_8859_1)), 0, from);
  }

  /** Flips, inserts and deletes a few bytes of a valid request. */
  private byte[] mutate(byte[] valid) {
    List<Byte> b = new ArrayList<>(valid.length + 8);
    for (byte x : valid) {
      b.add(x);
    }
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits && !b.isEmpty(); e++) {
      int at = random.nextInt(b.size());
      switch (random.nextInt(3)) {
        case 0 -> b.set(at, (byte) random.nextInt(256));
        case 1 -> b.add(at, (byte) random.nextInt(256));
        default -> b.remove(at);
      }
    }
    byte[] out = new byte[b.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = b.get(k);
    }
    return out;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String letters(int n) {
    char[] c = new char[n];
    for (int k = 0; k < n; k++) {
      c[k] = (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
