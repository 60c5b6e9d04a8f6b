package hub.channel;

import hub.config.ChannelOptions;
import hub.config.HistoryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code override} object of a subscribe proxy result, subscription token or {@code subs} entry. */
class ChannelOverrideTest {

  static final HistoryOptions HISTORY = new HistoryOptions(10, Duration.ofMinutes(1), Duration.ofDays(1), false,
      false, false, false, HistoryOptions.RecoveryMode.STREAM, false);
  static final ChannelOptions NAMESPACE = new ChannelOptions(true, false, true, false, false, HISTORY);

  private static JsonObject value(boolean v) {
    return new JsonObject().put("value", v);
  }

  @Test
  void absentOrEmptyChangesNothing() {
    assertSame(ChannelOverride.NONE, ChannelOverride.parse(null));
    assertSame(ChannelOverride.NONE, ChannelOverride.parse(new JsonObject()));
    assertSame(NAMESPACE, ChannelOverride.NONE.applyTo(NAMESPACE));
  }

  @Test
  void wrongShapesAreMalformed() {
    assertNull(ChannelOverride.parse("presence"));
    assertNull(ChannelOverride.parse(new JsonObject().put("presence", true)));
    assertNull(ChannelOverride.parse(new JsonObject().put("presence", new JsonObject().put("value", "yes"))));
    assertNull(ChannelOverride.parse(new JsonObject().put("join_leave", new JsonArray())));
  }

  @Test
  void eachOverrideReplacesItsOptionOnly() {
    ChannelOverride o = ChannelOverride.parse(new JsonObject().put("presence", value(false))
        .put("join_leave", value(true)).put("force_recovery", value(true)).put("unknown", 1));
    ChannelOptions applied = o.applyTo(NAMESPACE);
    assertFalse(applied.presence());
    assertTrue(applied.joinLeave());
    assertFalse(applied.forcePushJoinLeave());
    assertTrue(applied.history().forceRecovery());
    assertFalse(applied.history().forcePositioning());
    assertEquals(NAMESPACE.history().size(), applied.history().size());
    assertTrue(applied.allowSubscribe());
  }

  @Test
  void forcePushJoinLeaveHearsEvenWhereTheNamespaceEmitsNone() {
    ChannelOverride hear = ChannelOverride.parse(new JsonObject().put("force_push_join_leave", value(true)));
    assertTrue(hear.hearsJoinLeave(NAMESPACE, false));
    assertFalse(ChannelOverride.NONE.hearsJoinLeave(NAMESPACE, true), "the namespace emits no join/leave");
    ChannelOverride emit = ChannelOverride.parse(new JsonObject().put("join_leave", value(true)));
    assertTrue(emit.hearsJoinLeave(NAMESPACE, true), "asked, on a presence channel that now emits");
    assertFalse(emit.hearsJoinLeave(NAMESPACE, false));
  }
}
