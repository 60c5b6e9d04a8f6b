package bench.scenario;

import bench.heap.ClassHistogram;
import bench.probe.JvmHeap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the rss scenario keeps of a JVM server's heap when {@code --heap-snapshots DIR} is given: the class histogram
 * with the connections up and again once they are gone, their difference per connection as markdown, and with
 * {@code --heap-dump} an HPROF dump taken with the connections up (for {@code bench.heap.HeapReferrers}). Files are
 * named after the target's label. Used from the scenario's one thread.
 */
final class HeapSnapshots {
  private final Path dir;
  private final boolean dump;

  private HeapSnapshots(Path dir, boolean dump) {
    this.dir = dir;
    this.dump = dump;
  }

  static HeapSnapshots from(bench.Args args) {
    String d = args.str("heap-snapshots", "");
    return new HeapSnapshots(d.isEmpty() ? null : Path.of(d).toAbsolutePath(), args.has("heap-dump"));
  }

  /**
   * At the settled reading, before any forced GC: what RSS is made of as it runs, {@code GC.heap_info} (committed
   * against used) and {@code VM.native_memory summary} (which says "not enabled" unless the server runs with
   * {@code -XX:NativeMemoryTracking=summary}).
   */
  void settled(long pid, String label) throws IOException, InterruptedException {
    if (dir == null) return;
    Files.createDirectories(dir);
    String name = fileName(label);
    Files.writeString(dir.resolve(name + "-settled-heap-info.txt"), JvmHeap.jcmd(pid, "GC.heap_info"));
    Files.writeString(dir.resolve(name + "-settled-nmt.txt"), JvmHeap.jcmd(pid, "VM.native_memory", "summary"));
  }

  /** With the connections up: the histogram (returned, and written), and the dump if asked; null when off. */
  String loaded(long pid, String label) throws IOException, InterruptedException {
    if (dir == null) return null;
    Files.createDirectories(dir);
    String name = fileName(label);
    String histo = JvmHeap.jcmd(pid, "GC.class_histogram");
    Files.writeString(dir.resolve(name + "-loaded.histo"), histo);
    if (dump) {
      Path hprof = dir.resolve(name + ".hprof");
      Files.deleteIfExists(hprof);
      System.err.println(JvmHeap.jcmd(pid, "GC.heap_dump", hprof.toString()).trim());
    }
    return histo;
  }

  /** Once the connections are gone: the second histogram and the per-connection difference. */
  void empty(long pid, String label, String loadedHisto, int connections) throws IOException, InterruptedException {
    String name = fileName(label);
    String histo = JvmHeap.jcmd(pid, "GC.class_histogram");
    Files.writeString(dir.resolve(name + "-empty.histo"), histo);
    var deltas = ClassHistogram.parse(loadedHisto).minus(ClassHistogram.parse(histo));
    Files.writeString(dir.resolve(name + "-per-conn.md"), "# " + label + ": class histogram with " + connections
        + " connections minus without\n\n" + ClassHistogram.perConnectionTable(deltas, Math.max(1, connections), 60));
  }

  private static String fileName(String label) {
    return label.replaceAll("[^A-Za-z0-9_.-]", "-");
  }
}
