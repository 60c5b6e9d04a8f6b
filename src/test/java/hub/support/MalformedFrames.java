package hub.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of inbound frames the protocol must refuse, shared by the codec's unit test and the socket-level test:
 * {@code src/test/resources/protocol/malformed.json} plus cases too big to keep readable in a file.
 */
public final class MalformedFrames {

  /** One refused frame; {@code name} says what is wrong with it. */
  public record Case(String name, String frame) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Nesting depth of the generated case: far past what a JSON parser should follow, well under the size limits. */
  static final int DEEP_NESTING = 5000;

  private MalformedFrames() {
  }

  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = MalformedFrames.class.getResourceAsStream("/protocol/malformed.json")) {
      if (in == null) {
        throw new IllegalStateException("protocol/malformed.json is missing from the test resources");
      }
      JsonArray file = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (Object o : file) {
        JsonObject c = (JsonObject) o;
        cases.add(new Case(c.getString("name"), c.getString("frame")));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    cases.add(new Case("data nested " + DEEP_NESTING + " deep",
        "{\"id\":1,\"publish\":{\"channel\":\"chat:x\",\"data\":"
            + "[".repeat(DEEP_NESTING) + "]".repeat(DEEP_NESTING) + "}}"));
    return cases;
  }
}
