package hub.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The corpus of inbound frames the protocol must refuse, shared by the codec's unit test and the socket-level test:
 * {@code src/test/resources/protocol/malformed.json} plus cases too big to keep readable in a file.
 */
public final class MalformedFrames {

  /** One refused binary frame of the protobuf format; {@code name} says what is wrong with it. */
  public record BinaryCase(String name, byte[] frame) {
    @Override
    public String toString() {
      return name;
    }
  }

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

  /** {@code src/test/resources/protocol/malformed-protobuf.json}: frames written as hex. */
  public static List<BinaryCase> protobuf() {
    List<BinaryCase> cases = new ArrayList<>();
    for (Object o : read("/protocol/malformed-protobuf.json")) {
      JsonObject c = (JsonObject) o;
      cases.add(new BinaryCase(c.getString("name"), HexFormat.of().parseHex(c.getString("hex"))));
    }
    return cases;
  }

  private static JsonArray read(String resource) {
    try (InputStream in = MalformedFrames.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test resources");
      }
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
