package bench.scenario;

import bench.report.MachineInfo;
import bench.report.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a scenario hands back: its tables and notes, printed and written to the results folder. */
public final class Report {
  private final String name;
  private final String command;
  private final String loadBefore;
  private final List<Table> tables = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean failed;

  public Report(String name, String command, String loadBefore) {
    this.name = name;
    this.command = command;
    this.loadBefore = loadBefore;
  }

  public Report add(Table t) {
    tables.add(t);
    return this;
  }

  public Report note(String n) {
    notes.add(n);
    return this;
  }

  /** Marks a sanity check as failed; bench exits non-zero. */
  public Report fail(String why) {
    failed = true;
    notes.add("FAILED: " + why);
    return this;
  }

  public boolean failed() {
    return failed;
  }

  public List<Table> tables() {
    return tables;
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("## " + name + "\n\n");
    sb.append("Command: `").append(command).append("`\n\n");
    sb.append(MachineInfo.markdown(loadBefore)).append('\n');
    for (Table t : tables) sb.append(t.markdown()).append('\n');
    for (String n : notes) sb.append("- ").append(n).append('\n');
    return sb.toString();
  }

  /** Writes NAME.md and one NAME[-k].csv per table into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".md"), markdown());
    for (int i = 0; i < tables.size(); i++) {
      String file = name + (i == 0 ? "" : "-" + slug(tables.get(i).title())) + ".csv";
      Files.writeString(dir.resolve(file), tables.get(i).csv());
    }
  }

  private static String slug(String s) {
    return s.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
