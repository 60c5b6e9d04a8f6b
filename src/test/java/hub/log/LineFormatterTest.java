package hub.log;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every record is one line, in either format, with its structured fields kept apart from the text. */
class LineFormatterTest {

  private static LogRecord record(Level level, String msg, Object... params) {
    LogRecord r = new LogRecord(level, msg);
    r.setLoggerName("hub.session.Session");
    r.setMillis(1_764_669_600_000L);
    r.setParameters(params);
    return r;
  }

  @Test
  void jsonHasTheNamedFieldsAndTheRecordsOwn() {
    String line = new LineFormatter(true, "edge-1").format(record(Level.INFO, "session closed",
        LogFields.of("client", "c-1", "user", "alice", "channel", null, "code", 3008, "reason", "slow")));
    assertTrue(line.endsWith(System.lineSeparator()));
    assertEquals(1, line.lines().count());
    JsonObject json = new JsonObject(line);
    assertEquals("2025-12-02T10:00:00Z", json.getString("ts"));
    assertEquals("INFO", json.getString("level"));
    assertEquals("hub.session.Session", json.getString("logger"));
    assertEquals("session closed", json.getString("msg"));
    assertEquals("edge-1", json.getString("node"));
    assertEquals("c-1", json.getString("client"));
    assertEquals("alice", json.getString("user"));
    assertEquals(3008, json.getInteger("code"));
    assertEquals("slow", json.getString("reason"));
    assertFalse(json.containsKey("channel"), "a null field is left out");
  }

  @Test
  void messagePatternsStillFormatBesideTheFields() {
    String line = new LineFormatter(true, "n").format(record(Level.WARNING, "dropped {0} publications", 12,
        LogFields.of("channel", "chat:a")));
    JsonObject json = new JsonObject(line);
    assertEquals("dropped 12 publications", json.getString("msg"));
    assertEquals("WARN", json.getString("level"));
    assertEquals("chat:a", json.getString("channel"));
  }

  @Test
  void textIsOneLineEvenWithAFailureOrANewlineInTheMessage() {
    LogRecord r = record(Level.FINE, "first\nsecond", LogFields.of("client", "c-2"));
    r.setThrown(new IllegalStateException("broken\nstate"));
    String line = new LineFormatter(false, "n").format(r);
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("2025-12-02T10:00:00Z DEBUG hub.session.Session: first \\n second client=c-2"
        + " error=java.lang.IllegalStateException: broken \\n state at "), line);
  }

  @Test
  void jsonCarriesTheWholeStackOfAFailure() {
    LogRecord r = record(Level.SEVERE, "failed");
    r.setThrown(new IllegalStateException("boom"));
    JsonObject json = new JsonObject(new LineFormatter(true, "n").format(r));
    assertEquals("ERROR", json.getString("level"));
    assertEquals("java.lang.IllegalStateException: boom", json.getString("error"));
    assertTrue(json.getString("stack").contains("LineFormatterTest"), json.getString("stack"));
  }

  @Test
  void levelsAreNamedAsSlf4jNamesThem() {
    assertEquals("TRACE", LineFormatter.levelName(Level.FINEST));
    assertEquals("TRACE", LineFormatter.levelName(Level.FINER));
    assertEquals("DEBUG", LineFormatter.levelName(Level.FINE));
    assertEquals("DEBUG", LineFormatter.levelName(Level.CONFIG));
    assertEquals("INFO", LineFormatter.levelName(Level.INFO));
    assertEquals("WARN", LineFormatter.levelName(Level.WARNING));
    assertEquals("ERROR", LineFormatter.levelName(Level.SEVERE));
  }

  @Test
  void credentialsALibraryPutInItsTextAreReplaced() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    String text = "accepting request GET http://h/connection/websocket?format=json&token=" + jwt
        + " and POST /api/publish?api_key=k-123&x=1 Authorization: Bearer abc.def X-API-Key: k-456 " + jwt;
    String line = new LineFormatter(true, "n").format(record(Level.FINEST, text, LogFields.of("uri", "/a?token=t1")));
    for (String secret : new String[] {jwt, "k-123", "k-456", "abc.def", "t1"}) {
      assertFalse(line.contains(secret), secret + " in " + line);
    }
    JsonObject json = new JsonObject(line);
    assertTrue(json.getString("msg").contains("format=json&token=<redacted>"), json.getString("msg"));
    assertTrue(json.getString("msg").contains("api_key=<redacted>&x=1"), json.getString("msg"));
    assertEquals("/a?token=<redacted>", json.getString("uri"));
  }
}
