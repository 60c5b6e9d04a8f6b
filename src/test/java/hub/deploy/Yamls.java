package hub.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the deployment files' YAML as plain maps and lists, failing with the path when the shape is wrong. */
final class Yamls {

  private Yamls() {
  }

  static Object load(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file)) {
      return new Yaml().load(r);
    }
  }

  /** Every document of a multi-document file ({@code ---}). */
  static List<Map<String, Object>> loadAll(Path file) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml().loadAll(r)) {
        if (doc != null) {
          docs.add(map(doc));
        }
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (!(o instanceof Map)) {
      throw new AssertionError("expected a mapping, got " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (!(o instanceof List)) {
      throw new AssertionError("expected a list, got " + o);
    }
    return (List<Object>) o;
  }

  static List<String> strings(Object o) {
    return o == null ? List.of() : list(o).stream().map(String::valueOf).toList();
  }

  /** {@code a.b.c} through nested mappings (a number selects a list element). */
  static Object at(Object root, String path) {
    Object o = root;
    for (String part : path.split("\\.")) {
      o = part.matches("\\d+") ? list(o).get(Integer.parseInt(part)) : map(o).get(part);
      if (o == null) {
        throw new AssertionError("no " + path + " (missing at " + part + ")");
      }
    }
    return o;
  }

  /** How long the hub may take to stop beyond its drain window (hub.StopDeadline.STOP_GRACE). */
  static Duration stopAllowance() throws Exception {
    Field f = Class.forName("hub.StopDeadline").getDeclaredField("STOP_GRACE");
    f.setAccessible(true);
    return (Duration) f.get(null);
  }
}
