package hub.deploy;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard JSON under conf/compose/grafana/: its queries and the metric names they use. */
public final class Dashboard {

  public static final Path FILE = Path.of("conf/compose/grafana/dashboards/realtime-hub.json");
  /** A series name in PromQL: followed by a selector, a range, a closing bracket or the end. */
  private static final Pattern METRIC = Pattern.compile("\\b((?:hub|jvm|process|vertx)_[a-z_]+)\\b(?!\\s*\\()");

  private Dashboard() {
  }

  /** Every panel's PromQL; each panel must query the datasource {@code uid}. */
  static List<String> expressions(Path file, String uid) throws Exception {
    JsonObject dash = new JsonObject(Files.readString(file));
    List<String> exprs = new ArrayList<>();
    for (Object p : dash.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      String title = panel.getString("title");
      if (!uid.equals(panel.getJsonObject("datasource").getString("uid"))) {
        throw new AssertionError("panel " + title + " queries another datasource");
      }
      if (panel.getJsonArray("targets").isEmpty()) {
        throw new AssertionError("panel " + title + " has no query");
      }
      for (Object t : panel.getJsonArray("targets")) {
        exprs.add(((JsonObject) t).getString("expr"));
      }
    }
    return exprs;
  }

  /** The metric names the dashboard's queries read. */
  public static Set<String> metricNames() throws Exception {
    Set<String> names = new TreeSet<>();
    for (String expr : expressions(FILE, "prometheus")) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
