package hub.session;

import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import hub.log.LogBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every field of every command, given a value of every JSON type it should not have: the client gets a reply (error
 * 107 and friends) or a close code that says its input was wrong, never 3004, and the session is released (issue 10,
 * item 17). The raw JSON is written by hand so that numbers too large for a long reach the decoder as they are.
 */
class WrongTypeTest {

  /** Valid fields a command needs so that the field under test is the only thing wrong. */
  private static final JsonObject BASE = new JsonObject()
      .put("connect", new JsonObject().put("token", "TOKEN"))
      .put("subscribe", new JsonObject().put("channel", "news"))
      .put("unsubscribe", new JsonObject().put("channel", "news"))
      .put("publish", new JsonObject().put("channel", "chat:a").put("data", new JsonObject()))
      .put("presence", new JsonObject().put("channel", "room:1"))
      .put("presence_stats", new JsonObject().put("channel", "room:1"))
      .put("history", new JsonObject().put("channel", "stream:1"))
      .put("rpc", new JsonObject().put("method", "m"))
      .put("send", new JsonObject().put("data", new JsonObject()))
      .put("refresh", new JsonObject().put("token", "TOKEN"))
      .put("sub_refresh", new JsonObject().put("channel", "news").put("token", "t"))
      .put("ping", new JsonObject());

  /** The request fields of protocol v2 (and a few the SDK adds) per command. */
  private static final JsonObject FIELDS = new JsonObject()
      .put("connect", List.of("token", "data", "subs", "name", "version", "headers"))
      .put("subscribe", List.of("channel", "token", "recover", "epoch", "offset", "data", "positioned",
          "recoverable", "join_leave", "delta", "type", "tf", "flag"))
      .put("subscribe_stream", List.of("recover", "epoch", "offset", "positioned", "recoverable", "flag", "type"))
      .put("unsubscribe", List.of("channel"))
      .put("publish", List.of("channel", "data"))
      .put("presence", List.of("channel"))
      .put("presence_stats", List.of("channel"))
      .put("history", List.of("channel", "limit", "since", "reverse"))
      .put("history_since", List.of("offset", "epoch"))
      .put("rpc", List.of("method", "data"))
      .put("send", List.of("data"))
      .put("refresh", List.of("token"))
      .put("sub_refresh", List.of("channel", "token"))
      .put("ping", List.of("x"));

  private static final List<String> WRONG = List.of("\"x\"", "\"\"", "7", "-1", "1.5", "1e300",
      "123456789012345678901234567890", "-123456789012345678901234567890", "true", "false", "{}", "{\"a\":[1]}",
      "[]", "[1,\"2\"]", "null");

  /** Codes that tell the client its input (or its token) was bad; 3004 is not among them. */
  private static final Set<Integer> INPUT_CLOSES = Set.of(3500, 3501);

  static ShardHarness h;

  @BeforeAll
  static void start() {
    h = new ShardHarness(new JsonObject()
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true))
            .put("stream", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000)
                .put("allowHistoryForSubscriber", true)))));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : FIELDS.fieldNames()) {
      for (Object field : FIELDS.getJsonArray(kind)) {
        out.add(Arguments.of(kind, field));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("cases")
  void aFieldOfTheWrongTypeIsABadRequestNeverAnInternalError(String kind, String field) {
    double internalBefore = h.closed("internal");
    for (String value : WRONG) {
      String frame = frame(kind, field, value);
      ShardHarness.Peer p = h.open();
      if (!kind.equals("connect")) {
        p.connect(Tokens.forUser("alice"));
        if (kind.equals("presence") || kind.equals("presence_stats")) {
          p.subscribe(2, "room:1");
        }
      }
      List<JsonObject> replies = p.frame(frame);
      SessionState state = p.state();
      if (state == SessionState.CLOSED) {
        int code = h.call(p.transport::closeCode);
        assertTrue(INPUT_CLOSES.contains(code), frame + " closed with " + code);
      } else if (!kind.equals("send")) {
        JsonObject reply = replies.stream().filter(r -> r.getLong("id", 0L) == 7).findFirst().orElse(null);
        assertNotNull(reply, frame + " got no reply and no close: " + replies);
      }
      h.run(() -> p.session.close(CloseReason.CLIENT_CLOSED));
    }
    assertEquals(internalBefore, h.closed("internal"), "no 3004 for " + kind + "." + field);
    h.assertReleased();
  }

  @Test
  void aFloodOfBadInputLogsNoWarningAndAtMostTheBudgetOfLines() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger logger = Logger.getLogger("hub.session");
    Level level = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
    try {
      for (int i = 0; i < 200; i++) {
        ShardHarness.Peer p = h.open();
        p.connect(Tokens.forUser("alice"));
        if (i % 2 == 0) {
          p.send("{\"id\":7,\"subscribe\":{\"channel\":\"news\",\"type\":\"x\"}}"); // a field of the wrong type
        }
        p.send(i % 3 == 0 ? "{\"id\":8," : "[1]"); // undecodable: closes 3501
        assertEquals(SessionState.CLOSED, p.state());
      }
      h.clock.advanceMillis(1_000);
      h.open().send("{nope");
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(level);
    }
    assertEquals(List.of(), records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogRecord::getMessage).toList(), "no warning for bad input");
    List<LogRecord> badInput = records.stream()
        .filter(r -> r.getLoggerName().equals(CommandQueue.class.getName())).toList();
    assertTrue(badInput.size() <= 2 * LogBudget.DEFAULT_LINES_PER_SECOND, badInput.size() + " bad-input lines");
    assertTrue(badInput.stream().allMatch(r -> r.getLevel().intValue() <= Level.FINE.intValue()), "DEBUG at most");
    List<LogRecord> closes = records.stream().filter(r -> r.getLoggerName().equals(Session.class.getName())
        && r.getLevel() == Level.INFO).toList();
    assertTrue(closes.size() <= 2 * LogBudget.DEFAULT_LINES_PER_SECOND, closes.size() + " close lines at INFO");
    assertTrue(closes.get(closes.size() - 1).getParameters()[0].toString().contains("skipped="),
        "the first close line of the next second counts those left out: " + closes.get(closes.size() - 1).getParameters()[0]);
    h.assertReleased();
  }

  private static String frame(String kind, String field, String value) {
    String command = switch (kind) {
      case "subscribe_stream", "history_since" -> kind.substring(0, kind.indexOf('_'));
      default -> kind;
    };
    JsonObject params = BASE.getJsonObject(command).copy();
    if (params.getValue("token") instanceof String) {
      params.put("token", Tokens.forUser("alice"));
    }
    if (kind.equals("subscribe_stream")) {
      params.put("channel", "stream:1");
    }
    String body = params.encode();
    String raw;
    if (kind.equals("history_since")) {
      raw = body.substring(0, body.length() - 1) + ",\"since\":{\"" + field + "\":" + value + "}}";
    } else {
      params.remove(field);
      body = params.encode();
      String sep = params.isEmpty() ? "" : ",";
      raw = body.substring(0, body.length() - 1) + sep + "\"" + field + "\":" + value + "}";
    }
    if (!raw.startsWith("{")) {
      fail("bad template " + raw);
    }
    return "{\"id\":7,\"" + command + "\":" + raw + "}";
  }
}
