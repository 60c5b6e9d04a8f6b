package bench.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the kernel says about a process: RSS, threads, open fds and CPU time, from /proc. */
public final class ProcStat {
  /** USER_HZ; 100 on every Linux we run on (getconf CLK_TCK). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {}

  public static long rssBytes(long pid) {
    return statusField(pid, "VmRSS:") * 1024;
  }

  public static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  public static long openFds(long pid) {
    try (var s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** User plus system CPU seconds consumed so far (fields 14 and 15 of /proc/PID/stat). */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // the command name (field 2) may contain spaces; fields are counted after its closing paren
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** 1-minute load average, from /proc/loadavg. */
  public static double loadAverage1() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException e) {
      return -1;
    }
  }

  public static String loadAverages() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static long statusField(long pid, String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
      for (String line : lines) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone: report -1 below
    }
    return -1;
  }
}
