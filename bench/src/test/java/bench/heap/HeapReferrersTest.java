package bench.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapReferrersTest {
  /** Only this test makes these, so their counts in the dump are known. */
  static final class Leaf {
    final int n;

    Leaf(int n) {
      this.n = n;
    }
  }

  static final class Holder {
    Leaf single = new Leaf(-1);
    Leaf[] many = new Leaf[5];
  }

  static final class Sub extends Base {
    Leaf own = new Leaf(-2);
  }

  static class Base {
    Leaf inherited = new Leaf(-3);
  }

  static Holder holder;
  static Sub sub;
  static Path dump;

  @TempDir
  static Path dir;

  @BeforeAll
  static void dumpOurHeap() throws Exception {
    holder = new Holder();
    for (int i = 0; i < holder.many.length; i++) holder.many[i] = new Leaf(i);
    sub = new Sub();
    dump = dir.resolve("tiny.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
  }

  @AfterAll
  static void drop() {
    holder = null;
    sub = null;
  }

  @Test
  void countsEachReferrerFieldAndArraySlot() throws Exception {
    String leaf = Leaf.class.getName();
    List<HeapReferrers.Result> r = HeapReferrers.analyze(dump, List.of(leaf), 1);
    assertEquals(1, r.size());
    assertEquals(8, r.get(0).instances());
    Map<String, Long> c = r.get(0).chains();
    assertEquals(5L, c.get("[L" + leaf + ";[]"), c.toString());
    assertEquals(1L, c.get(Holder.class.getName() + ".single"), c.toString());
    // a field declared by the superclass is found at its offset after the subclass's own fields
    assertEquals(1L, c.get(Sub.class.getName() + ".own"), c.toString());
    assertEquals(1L, c.get(Sub.class.getName() + ".inherited"), c.toString());
  }

  @Test
  void followsChainsToTheNextLevel() throws Exception {
    String leaf = Leaf.class.getName();
    Map<String, Long> c = HeapReferrers.analyze(dump, List.of(leaf), 3).get(0).chains();
    String holderName = Holder.class.getName();
    String statics = HeapReferrersTest.class.getName();
    assertEquals(5L, c.get("[L" + leaf + ";[] <- " + holderName + ".many <- " + statics + ".holder (static)"), c.toString());
    assertEquals(1L, c.get(holderName + ".single <- " + statics + ".holder (static)"), c.toString());
  }

  @Test
  void refusesAFileThatIsNotADump() throws Exception {
    Path junk = dir.resolve("junk.hprof");
    java.nio.file.Files.writeString(junk, "not a heap dump at all\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    assertThrows(java.io.IOException.class, () -> HeapReferrers.analyze(junk, List.of("x"), 1));
  }

  @Test
  void histogramDifferencePerConnection() {
    ClassHistogram before = ClassHistogram.parse(
        " num     #instances         #bytes  class name (module)\n"
            + "   1:            10            400  java.lang.String (java.base@17.0.15)\n"
            + "   2:             2             64  a.B\n");
    ClassHistogram after = ClassHistogram.parse(
        "   1:           110           4400  java.lang.String (java.base@17.0.15)\n"
            + "   2:             2             64  a.B\n"
            + "   3:           100           2400  a.C\n");
    List<ClassHistogram.Delta> d = after.minus(before);
    assertEquals(2, d.size());
    assertEquals("java.lang.String", d.get(0).className());
    assertEquals(4000, d.get(0).bytes());
    assertTrue(ClassHistogram.perConnectionTable(d, 100, 10).contains("= 64 B/conn"));
  }
}
