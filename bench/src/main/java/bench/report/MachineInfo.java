package bench.report;

import bench.probe.ProcStat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The facts recorded with every result: machine, runtimes, date and load. */
public final class MachineInfo {
  private MachineInfo() {}

  public static String markdown(String loadBefore) {
    return "- date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
        + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
        + memTotal() + " memory, Linux " + read("/proc/sys/kernel/osrelease") + "\n"
        + "- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + "; Node " + nodeVersion() + "\n"
        + "- load average (1/5/15 min) before the run: " + loadBefore + "; after: " + ProcStat.loadAverages() + "\n"
        + "- load generator, publisher and server share these cores\n";
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
    }
    return "unknown CPU";
  }

  private static String memTotal() {
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        long kb = Long.parseLong(line.replaceAll("\\D", ""));
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1048576.0);
      }
    }
    return "?";
  }

  private static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "-v").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return v;
    } catch (IOException | InterruptedException e) {
      return "not found";
    }
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path)).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
