package bench.heap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who holds the instances of some classes in an HPROF heap dump: for each instance of a named class, the objects
 * that reference it (referrer class and field, {@code Type[]} for an array slot, {@code (static)} for a class's static
 * field, {@code root:...} for a GC root), then who references those, up to {@code depth} levels, counted as chains
 * over all instances. Several passes over the file (names, the instances, one per level) so that memory holds only
 * the class table and the objects on the chains, capped at {@link #MAX_TRACKED} objects and
 * {@link #MAX_EDGES} referrers each. Run it as
 * {@code java -cp bench/target/realtime-hub-bench.jar bench.heap.HeapReferrers DUMP.hprof CLASS[,CLASS...] [DEPTH]}.
 * Single-threaded.
 */
public final class HeapReferrers {
  static final int MAX_TRACKED = 2_000_000;
  static final int MAX_EDGES = 8;
  static final int MAX_CHAINS_PER_OBJECT = 16;
  private static final String NONE = "(no referrer in the dump)";

  /** One named class: its live instances and how often each referrer chain holds one of them. */
  public record Result(String className, long instances, Map<String, Long> chains) {}

  private static final class Node {
    final int level;
    final long[] from = new long[MAX_EDGES];
    final String[] label = new String[MAX_EDGES];
    int edges;
    boolean truncated;

    Node(int level) {
      this.level = level;
    }

    void add(long src, String how) {
      if (edges == MAX_EDGES) {
        truncated = true;
        return;
      }
      from[edges] = src;
      label[edges++] = how;
    }
  }

  private record ClassInfo(long superId, long[] fieldNames, byte[] fieldTypes) {}

  private final Path file;
  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, Long> classNameIds = new HashMap<>();
  private final Map<Long, ClassInfo> classes = new HashMap<>();
  private final Map<Long, int[]> objectFieldOffsets = new HashMap<>();
  private final Map<Long, String[]> objectFieldLabels = new HashMap<>();
  private final Map<Long, Node> tracked = new HashMap<>();
  private final Map<Long, String> targetClassOf = new HashMap<>();
  private int idSize;

  private HeapReferrers(Path file) {
    this.file = file;
  }

  public static List<Result> analyze(Path file, List<String> classNames, int depth) throws IOException {
    return new HeapReferrers(file).run(classNames, Math.max(1, depth));
  }

  private List<Result> run(List<String> classNames, int depth) throws IOException {
    pass(new HprofReader.Visitor() {
      @Override public void utf8(long id, String text) { strings.put(id, text); }
      @Override public void loadClass(long classId, long nameId) { classNameIds.put(classId, nameId); }
      @Override public void classDump(long classId, long superId, long[] names, byte[] types) {
        classes.put(classId, new ClassInfo(superId, names, types));
      }
    });
    Map<Long, String> wanted = new HashMap<>();
    for (Long classId : classNameIds.keySet()) {
      String n = className(classId);
      if (classNames.contains(n)) wanted.put(classId, n);
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (String n : classNames) counts.put(n, new long[1]);
    pass(new HprofReader.Visitor() {
      @Override public void instance(long id, long classId, byte[] data, int length) { target(id, classId); }
      @Override public void objectArray(long id, long classId, long[] e, int length) { target(id, classId); }

      private void target(long id, long classId) {
        String n = wanted.get(classId);
        if (n == null) return;
        counts.get(n)[0]++;
        if (tracked.size() < MAX_TRACKED) {
          tracked.put(id, new Node(1));
          targetClassOf.put(id, n);
        }
      }
    });
    for (int level = 1; level <= depth; level++) referrers(level);
    List<Result> out = new ArrayList<>();
    for (String n : classNames) {
      Map<String, Long> chains = new HashMap<>();
      for (Map.Entry<Long, String> t : targetClassOf.entrySet()) {
        if (!t.getValue().equals(n)) continue;
        Set<String> mine = new LinkedHashSet<>();
        chains(t.getKey(), depth, mine, "", new java.util.HashSet<>());
        for (String c : mine) chains.merge(c, 1L, Long::sum);
      }
      Map<String, Long> sorted = new LinkedHashMap<>();
      chains.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      out.add(new Result(n, counts.get(n)[0], sorted));
    }
    return out;
  }

  /** One pass: every reference into an object tracked at {@code level} is recorded; its sources are tracked next. */
  private void referrers(int level) throws IOException {
    pass(new HprofReader.Visitor() {
      @Override public void staticReference(long classId, long fieldNameId, long target) {
        edge(0, target, className(classId) + "." + strings.getOrDefault(fieldNameId, "?") + " (static)");
      }
      @Override public void root(int tag, long id) { edge(0, id, rootName(tag)); }
      @Override public void objectArray(long id, long classId, long[] e, int length) {
        String label = null;
        for (int i = 0; i < length; i++) {
          if (e[i] != 0 && isAt(e[i])) {
            if (label == null) label = className(classId) + "[]";
            edge(id, e[i], label);
          }
        }
      }
      @Override public void instance(long id, long classId, byte[] data, int length) {
        int[] offsets = offsets(classId);
        String[] labels = objectFieldLabels.get(classId);
        for (int i = 0; i < offsets.length; i++) {
          if (offsets[i] + idSize > length) break; // a class table that does not match its instance: stop, do not guess
          long ref = idAt(data, offsets[i]);
          if (ref != 0 && isAt(ref)) edge(id, ref, labels[i]);
        }
      }

      private boolean isAt(long id) {
        Node n = tracked.get(id);
        return n != null && n.level == level;
      }

      private void edge(long src, long dst, String how) {
        Node n = tracked.get(dst);
        if (n == null || n.level != level) return;
        n.add(src, how);
        if (src != 0 && !tracked.containsKey(src) && tracked.size() < MAX_TRACKED) tracked.put(src, new Node(level + 1));
      }
    });
  }

  /** Every chain from object {@code id} outwards, at most {@code left} referrers long; {@code onPath} breaks cycles. */
  private void chains(long id, int left, Set<String> out, String prefix, Set<Long> onPath) {
    if (out.size() >= MAX_CHAINS_PER_OBJECT) return;
    Node n = tracked.get(id);
    if (n == null || n.edges == 0) {
      out.add(prefix.isEmpty() ? NONE : prefix + " <- " + NONE);
      return;
    }
    for (int i = 0; i < n.edges; i++) {
      String here = prefix.isEmpty() ? n.label[i] : prefix + " <- " + n.label[i];
      long src = n.from[i];
      if (left <= 1 || src == 0 || !tracked.containsKey(src) || onPath.contains(src)) {
        out.add(n.truncated && i == n.edges - 1 ? here + " (+ more)" : here);
      } else {
        onPath.add(id);
        chains(src, left - 1, out, here, onPath);
        onPath.remove(id);
      }
    }
  }

  /** Byte offsets of a class's object fields in its instances' data, own fields first, then each superclass's. */
  private int[] offsets(long classId) {
    int[] cached = objectFieldOffsets.get(classId);
    if (cached != null) return cached;
    List<Integer> offs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int at = 0;
    for (long c = classId; c != 0; ) {
      ClassInfo info = classes.get(c);
      if (info == null) break;
      for (int i = 0; i < info.fieldNames().length; i++) {
        int type = info.fieldTypes()[i];
        if (type == HprofReader.OBJECT) {
          offs.add(at);
          labels.add(className(classId) + "." + strings.getOrDefault(info.fieldNames()[i], "?"));
        }
        at += size(type);
      }
      c = info.superId();
    }
    int[] result = offs.stream().mapToInt(Integer::intValue).toArray();
    objectFieldOffsets.put(classId, result);
    objectFieldLabels.put(classId, labels.toArray(new String[0]));
    return result;
  }

  private int size(int type) {
    switch (type) {
      case HprofReader.OBJECT: return idSize;
      case 4: case 8: return 1;
      case 5: case 9: return 2;
      case 6: case 10: return 4;
      default: return 8;
    }
  }

  private long idAt(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < idSize; i++) v = (v << 8) | (b[offset + i] & 0xFF);
    return v;
  }

  private String className(long classId) {
    Long nameId = classNameIds.get(classId);
    String n = nameId == null ? null : strings.get(nameId);
    return n == null ? "class@" + Long.toHexString(classId) : n.replace('/', '.');
  }

  private static String rootName(int tag) {
    switch (tag) {
      case 0x01: return "root:jni-global";
      case 0x02: return "root:jni-local";
      case 0x03: return "root:java-frame";
      case 0x04: return "root:native-stack";
      case 0x05: return "root:sticky-class";
      case 0x06: return "root:thread-block";
      case 0x07: return "root:monitor";
      case 0x08: return "root:thread";
      default: return "root:unknown";
    }
  }

  private void pass(HprofReader.Visitor v) throws IOException {
    try (HprofReader r = new HprofReader(file)) {
      idSize = r.idSize();
      r.accept(v);
    }
  }

  public static void main(String[] argv) throws IOException {
    if (argv.length < 2) {
      System.err.println("usage: HeapReferrers DUMP.hprof CLASS[,CLASS...] [DEPTH] [TOP]");
      System.exit(2);
    }
    int depth = argv.length > 2 ? Integer.parseInt(argv[2]) : 2;
    int top = argv.length > 3 ? Integer.parseInt(argv[3]) : 25;
    for (Result r : analyze(Path.of(argv[0]), List.of(argv[1].split(",")), depth)) {
      System.out.printf("## %s: %,d instances%n%n| referrer chain (nearest first) | instances |%n|---|---|%n",
          r.className(), r.instances());
      r.chains().entrySet().stream().limit(top)
          .forEach(e -> System.out.printf("| `%s` | %,d |%n", e.getKey(), e.getValue()));
      System.out.println();
    }
  }
}
