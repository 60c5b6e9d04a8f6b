package hub.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import hub.support.RawJson.Raw;

/**
 * Seeded generator of JSON protocol input a hostile or broken client might send: valid commands with their fields
 * mutated (wrong types, missing, extra, renamed), huge and odd numbers, control characters and lone surrogates in
 * channel names, deep nesting, several commands per frame, and text cut or spliced at random. Commands are built as
 * plain trees and written by {@link RawJson}, so that values no JSON library would produce (a number past a long,
 * 1e400) reach the hub exactly as written. Not thread-safe: one per thread, each from its own seed.
 */
public final class FuzzCommands {

  static final String[] METHODS = {"connect", "subscribe", "unsubscribe", "publish", "presence", "presence_stats",
      "history", "rpc", "send", "refresh", "sub_refresh", "ping"};
  static final String[] CHANNELS = {"news", "chat:a", "room:1", "stream:1", "", "chat:", ":", "$private", "#alice",
      "chat:a#alice,bob", "news\u0000", "chat:\u001f", "\u007f", "a\nb", "\ud800", "\udc00x", "\u2028", "💥",
      "chat:" + "x".repeat(300), "room:1\r\n{}", "%00", "../../etc", "stream:1 "};
  static final Raw[] NUMBERS = {new Raw("1e400"), new Raw("-1e400"), new Raw("123456789012345678901234567890"),
      new Raw("-0"), new Raw("1e-400"), new Raw("18446744073709551616"), new Raw("9223372036854775808"),
      new Raw("4294967296"), new Raw("0.0"), new Raw("1E2"), new Raw("2147483648")};

  private final Random random;
  private final String validToken;
  private final String otherToken;
  private final int mutatedPercent;

  /**
   * @param validToken     a token the hub accepts
   * @param otherToken     one it refuses (forged)
   * @param mutatedPercent share of commands with something wrong; a session closes at its first unreadable command,
   *                       so a low share lets its later frames reach the handlers
   */
  public FuzzCommands(long seed, String validToken, String otherToken, int mutatedPercent) {
    this.random = new Random(seed);
    this.validToken = validToken;
    this.otherToken = otherToken;
    this.mutatedPercent = mutatedPercent;
  }

  public int mutatedPercent() {
    return mutatedPercent;
  }

  public Random random() {
    return random;
  }

  /** One text frame: one to five command lines, each valid or mutated, sometimes cut or spliced afterwards. */
  public String frame(long firstId) {
    int lines = random.nextInt(8) == 0 ? 2 + random.nextInt(4) : 1;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(RawJson.write(command(firstId + i)));
    }
    String text = sb.toString();
    if (random.nextInt(100) >= mutatedPercent) {
      return text;
    }
    return switch (random.nextInt(6)) {
      case 0 -> text.substring(0, random.nextInt(text.length() + 1)); // cut anywhere, even to nothing
      case 1 -> splice(text, String.valueOf((char) random.nextInt(0x80)));
      case 2 -> splice(text, "\n");
      default -> text;
    };
  }

  /** The first frame of a session that is not connected yet: a connect, sometimes with something wrong. */
  public String connectFrame(long id) {
    Map<String, Object> c = valid("connect", id);
    if (random.nextInt(100) < mutatedPercent) {
      mutate(c);
    }
    return RawJson.write(c);
  }

  /**
   * A valid command or one with a few things wrong. Rarely a connect: on a connected session a second one closes it,
   * and the commands behind it would test nothing.
   */
  public Map<String, Object> command(long id) {
    String method = METHODS[random.nextInt(METHODS.length)];
    if (method.equals("connect")) {
      method = METHODS[random.nextInt(METHODS.length)];
    }
    Map<String, Object> c = valid(method, id);
    int mutations = random.nextInt(100) >= mutatedPercent ? 0 : 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      mutate(c);
    }
    return c;
  }

  /** A well-formed command of {@code method} with plausible fields. */
  public Map<String, Object> valid(String method, long id) {
    Map<String, Object> p = new LinkedHashMap<>();
    switch (method) {
      case "connect", "refresh" -> p.put("token", random.nextInt(100) < mutatedPercent ? otherToken : validToken);
      case "subscribe" -> {
        p.put("channel", channel());
        if (random.nextBoolean()) {
          p.put("recover", true);
          p.put("offset", (long) random.nextInt(20));
          p.put("epoch", random.nextBoolean() ? "" : "e" + random.nextInt(3));
        }
        if (random.nextInt(3) == 0) {
          p.put("join_leave", true);
        }
        if (random.nextInt(3) == 0) { // the optional fields at their defaults, for the mutations to change
          p.put("type", 0L);
          p.put("flag", 0L);
          p.put("positioned", false);
          p.put("delta", "");
        }
      }
      case "publish" -> {
        p.put("channel", channel());
        p.put("data", value(3));
      }
      case "history" -> {
        p.put("channel", channel());
        p.put("limit", (long) random.nextInt(20) - 2);
        if (random.nextBoolean()) {
          Map<String, Object> since = new LinkedHashMap<>();
          since.put("offset", (long) random.nextInt(10));
          since.put("epoch", "x");
          p.put("since", since);
        }
      }
      case "rpc" -> {
        p.put("method", "m" + random.nextInt(3));
        p.put("data", value(2));
      }
      case "send" -> p.put("data", value(2));
      case "sub_refresh" -> {
        p.put("channel", channel());
        p.put("token", "t");
      }
      case "ping" -> {
      }
      default -> p.put("channel", channel());
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(method, p);
    if (!method.equals("send")) {
      c.put("id", id);
    }
    return c;
  }

  /**
   * A frame of one to three valid commands (never connect) that each have exactly one request field replaced by a
   * value of another type, or nested deep: the handlers must answer each (mostly 107) or close with 3501, and a
   * session survives most of them, so it reaches many handlers.
   */
  public String fieldFrame(long firstId) {
    int lines = 1 + random.nextInt(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      String method = METHODS[1 + random.nextInt(METHODS.length - 1)];
      Map<String, Object> c = valid(method, firstId + i);
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) c.get(method);
      String[] fields = FIELDS.getOrDefault(method, new String[] {"x"});
      params.put(fields[random.nextInt(fields.length)], random.nextInt(8) == 0 ? deep(1 + random.nextInt(2000))
          : random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)] : value(2));
      sb.append(i == 0 ? "" : "\n").append(RawJson.write(c));
    }
    return sb.toString();
  }

  /** The request fields of protocol v2 per command, with a few the SDK adds. */
  static final Map<String, String[]> FIELDS = Map.ofEntries(
      Map.entry("subscribe", new String[] {"channel", "token", "recover", "epoch", "offset", "data", "positioned",
          "recoverable", "join_leave", "delta", "type", "tf", "flag"}),
      Map.entry("unsubscribe", new String[] {"channel"}),
      Map.entry("publish", new String[] {"channel", "data"}),
      Map.entry("presence", new String[] {"channel"}),
      Map.entry("presence_stats", new String[] {"channel"}),
      Map.entry("history", new String[] {"channel", "limit", "since", "reverse"}),
      Map.entry("rpc", new String[] {"method", "data"}),
      Map.entry("send", new String[] {"data"}),
      Map.entry("refresh", new String[] {"token"}),
      Map.entry("sub_refresh", new String[] {"channel", "token"}));

  /** One thing wrong with the command: a field of another type, gone, added, renamed, or nested past reason. */
  @SuppressWarnings("unchecked")
  private void mutate(Map<String, Object> command) {
    String method = command.keySet().stream().filter(k -> !k.equals("id")).findFirst().orElse(null);
    Object p = method == null ? null : command.get(method);
    Map<String, Object> params = p instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    // Mostly inside the request, where the handlers read fields; the command's own shape is the codec's, which the
    // malformed corpus covers case by case.
    switch (random.nextInt(16)) {
      case 0 -> command.put("id", random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)] : value(1));
      case 1 -> command.remove(random.nextBoolean() ? "id" : String.valueOf(method));
      case 2 -> command.put(METHODS[random.nextInt(METHODS.length)], value(2)); // a second method, maybe not an object
      case 3 -> {
        if (method != null) {
          command.put(method, value(2)); // the request itself of any type
        }
      }
      case 4 -> command.put("x" + random.nextInt(100), value(3)); // unknown fields are ignored
      default -> {
        if (params == null) {
          return;
        }
        List<String> keys = new ArrayList<>(params.keySet());
        String key = keys.isEmpty() || random.nextBoolean() ? fieldName() : keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(4)) {
          case 0 -> params.remove(key);
          case 1 -> params.put(key, deep(1 + random.nextInt(random.nextBoolean() ? 50 : 3000)));
          default -> params.put(key, value(2));
        }
      }
    }
  }

  private String fieldName() {
    String[] names = {"channel", "token", "data", "offset", "epoch", "recover", "limit", "since", "reverse", "method",
        "type", "flag", "positioned", "recoverable", "join_leave", "tf", "delta", "subs", "name", "version", "headers"};
    return names[random.nextInt(names.length)];
  }

  private Object channel() {
    return random.nextInt(3) == 0 ? CHANNELS[random.nextInt(CHANNELS.length)] : CHANNELS[random.nextInt(4)];
  }

  /** A random JSON value of any type, nested at most {@code depth}. */
  Object value(int depth) {
    int kind = random.nextInt(depth > 0 ? 11 : 8);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> (long) random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * 1e6;
      case 5 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 6 -> CHANNELS[random.nextInt(CHANNELS.length)];
      case 7 -> "s" + random.nextInt(1000);
      case 8 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(random.nextInt(5) == 0 ? CHANNELS[random.nextInt(CHANNELS.length)] : "k" + i, value(depth - 1));
        }
        yield map;
      }
    };
  }

  /** Arrays and objects nested {@code depth} deep (JSON parsers limit this; 5000 deep is still only 10 KB). */
  Raw deep(int depth) {
    StringBuilder sb = new StringBuilder(depth * 6);
    boolean arrays = random.nextBoolean();
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "[" : "{\"a\":");
    }
    sb.append("1");
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "]" : "}");
    }
    return new Raw(sb.toString());
  }

  private String splice(String text, String insert) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + insert + text.substring(at);
  }
}
