package bench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap used after a forced full GC of another JVM, the way the issue asks: {@code jcmd PID GC.run}
 * (System.gc(), a full collection with G1's defaults) then {@code jcmd PID GC.heap_info}.
 */
public final class JvmHeap {
  /** JDK 17: {@code total 262144K, used 21381K}; JDK 25: {@code total reserved 6172672K, committed 393216K, used 11492K}. */
  private static final Pattern USED = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K");

  private JvmHeap() {}

  /** Bytes of heap in use right after a full GC, or -1 if jcmd failed. */
  public static long usedAfterFullGc(long pid) {
    try {
      jcmd(pid, "GC.run");
      Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
      return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  public static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(jcmdBin(pid), String.valueOf(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    return out;
  }

  /** The jcmd of the JDK the target runs on (a JDK 17 jcmd cannot attach to a JDK 25 JVM), else our own. */
  private static String jcmdBin(long pid) {
    try {
      java.nio.file.Path exe = java.nio.file.Path.of("/proc", String.valueOf(pid), "exe").toRealPath();
      java.nio.file.Path beside = exe.resolveSibling("jcmd");
      if (java.nio.file.Files.isExecutable(beside)) return beside.toString();
    } catch (IOException | SecurityException e) {
      // fall back to ours
    }
    String home = System.getProperty("java.home");
    java.nio.file.Path p = java.nio.file.Path.of(home, "bin", "jcmd");
    return java.nio.file.Files.isExecutable(p) ? p.toString() : "jcmd";
  }
}
