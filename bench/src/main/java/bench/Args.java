package bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command line: a scenario name followed by {@code --flag value} pairs (and bare {@code --flag}s). */
public final class Args {
  private final String command;
  private final Map<String, String> flags = new HashMap<>();

  private Args(String command) {
    this.command = command;
  }

  public static Args parse(String[] argv) {
    if (argv.length == 0) throw new IllegalArgumentException("no scenario given");
    Args a = new Args(argv[0]);
    for (int i = 1; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
      String key = argv[i].substring(2);
      boolean hasValue = i + 1 < argv.length && !argv[i + 1].startsWith("--");
      a.flags.put(key, hasValue ? argv[++i] : "true");
    }
    return a;
  }

  public String command() {
    return command;
  }

  public String str(String key, String def) {
    return flags.getOrDefault(key, def);
  }

  public int integer(String key, int def) {
    return flags.containsKey(key) ? Integer.parseInt(flags.get(key)) : def;
  }

  public double dbl(String key, double def) {
    return flags.containsKey(key) ? Double.parseDouble(flags.get(key)) : def;
  }

  public boolean has(String key) {
    return flags.containsKey(key);
  }

  public List<Integer> ints(String key, String def) {
    List<Integer> out = new ArrayList<>();
    for (String s : str(key, def).split(",")) out.add(Integer.parseInt(s.trim()));
    return out;
  }

  public List<String> list(String key, String def) {
    List<String> out = new ArrayList<>();
    for (String s : str(key, def).split(",")) if (!s.isBlank()) out.add(s.trim());
    return out;
  }
}
