package hub.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import hub.config.ConfigLoader;
import hub.config.DevelopmentCredentials;
import hub.config.HubConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of the Dockerfile and docker-compose.yml without a Docker engine: they parse, every file they
 * copy or mount exists, each hub node's configuration (its file plus the environment compose gives it) is a valid,
 * clustered configuration with no placeholder secret left (so the node may leave loopback), the stop grace covers
 * the drain, and the Hazelcast members, the front's upstreams and Prometheus' targets all name exactly the hub
 * services. Grafana's provisioning points at the Prometheus service and at the mounted dashboard. The probe paths
 * and the dashboard's metric names are checked against a running hub in {@code hub.it.DeploymentEndpointsIT}.
 */
class DeploymentFilesTest {

  static final String HUB_IMAGE = "realtime-hub:local";

  private static Map<String, Object> compose() throws Exception {
    return Yamls.map(Yamls.load(Path.of("docker-compose.yml")));
  }

  private static Map<String, Object> services() throws Exception {
    return Yamls.map(compose().get("services"));
  }

  private static Set<String> hubServices(Map<String, Object> services) {
    Set<String> hubs = new TreeSet<>();
    services.forEach((name, def) -> {
      if (HUB_IMAGE.equals(Yamls.map(def).get("image"))) {
        hubs.add(name);
      }
    });
    return hubs;
  }

  private static List<String> mounts(Object service) {
    return Yamls.strings(Yamls.map(service).get("volumes"));
  }

  @Test
  void composeBuildsTheImageForThreeHubsBehindAFrontWithPrometheusAndGrafana() throws Exception {
    Map<String, Object> services = services();
    assertEquals(Set.of("hub1", "hub2", "hub3"), hubServices(services));
    for (String hub : hubServices(services)) {
      assertEquals(".", Yamls.map(services.get(hub)).get("build"), hub + " is built from the Dockerfile");
    }
    assertTrue(services.keySet().containsAll(Set.of("lb", "prometheus", "grafana")), services.keySet().toString());
    assertTrue(Files.isRegularFile(Path.of("Dockerfile")));
  }

  @Test
  void everyMountedFileExists() throws Exception {
    for (Object service : services().values()) {
      for (String mount : mounts(service)) {
        String host = mount.split(":")[0];
        assertTrue(Files.isRegularFile(Path.of(host)), "mounted file missing: " + host);
      }
    }
  }

  /** The environment compose gives a hub, with every {@code ${VAR:?...}} an operator must set filled in. */
  static Map<String, String> hubEnvironment(Object service) {
    Map<String, String> env = new TreeMap<>();
    Yamls.map(Yamls.map(service).get("environment")).forEach((k, v) -> env.put(k,
        String.valueOf(v).replaceAll("\\$\\{(\\w+):\\?[^}]*}", "operator-chosen-secret-of-32-bytes-or-more-$1")));
    return env;
  }

  @Test
  void everyHubNodeConfigWithItsEnvironmentIsValidClusteredAndFreeOfPlaceholders() throws Exception {
    Map<String, Object> services = services();
    for (String hub : hubServices(services)) {
      Object service = services.get(hub);
      String conf = mounts(service).stream().filter(m -> m.endsWith("/app/conf/node.json:ro"))
          .map(m -> m.split(":")[0]).findFirst().orElseThrow(() -> new AssertionError(hub + " mounts no node config"));
      assertEquals(List.of("-conf", "/app/conf/node.json", "-cluster"), Yamls.strings(Yamls.map(service).get("command")));
      Map<String, String> env = hubEnvironment(service);
      assertTrue(env.keySet().stream().allMatch(k -> k.startsWith("HUB__")), env.keySet().toString());
      JsonObject json = ConfigLoader.loadJson(Path.of(conf), Map.of(), env, new Properties());
      assertNull(DevelopmentCredentials.confine(json.copy()), hub + ": a placeholder secret would keep it on loopback");
      HubConfig config = HubConfig.fromJson(json);
      assertTrue(config.cluster().enabled(), hub + " must be clustered");
      assertTrue(config.admin().enabled(), hub + " serves the admin page");
      assertEquals(hub, config.nodeName());
      assertEquals(8000, config.http().port());
      assertEquals("0.0.0.0", config.http().host());
      Duration grace = Duration.parse("PT" + Yamls.map(service).get("stop_grace_period").toString().toUpperCase());
      assertTrue(grace.compareTo(config.shutdown().drainWindow().plus(Yamls.stopAllowance())) >= 0,
          hub + ": stop_grace_period " + grace + " must cover the drain and the stop allowance");
    }
  }

  @Test
  void hazelcastMembersLoadBalancerAndPrometheusNameExactlyTheHubServices() throws Exception {
    Set<String> hubs = hubServices(services());
    Config hz = new XmlConfigBuilder("conf/compose/cluster.xml").build();
    Set<String> members = new TreeSet<>();
    for (String m : hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()) {
      members.add(m.split(":")[0]);
    }
    assertEquals(hubs, members);
    String nginx = Files.readString(Path.of("conf/compose/nginx.conf"));
    assertEquals(hubs, hostsIn(nginx, "server\\s+([\\w.-]+):8000"));
    assertTrue(nginx.contains("location /admin"), "the front serves the admin page");
    assertEquals(hubs, hostsIn(Files.readString(Path.of("conf/compose/prometheus.yml")), "\"([\\w.-]+):8000\""));
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusServiceAndTheMountedDashboard() throws Exception {
    Map<String, Object> grafana = Yamls.map(services().get("grafana"));
    Map<String, String> targets = new TreeMap<>();
    for (String m : mounts(grafana)) {
      String[] parts = m.split(":");
      targets.put(parts[1], parts[0]);
    }
    Map<String, Object> ds = Yamls.map(Yamls.list(Yamls.map(Yamls.load(Path.of(
        targets.get("/etc/grafana/provisioning/datasources/hub.yml")))).get("datasources")).get(0));
    assertEquals("http://prometheus:9090", ds.get("url"));
    Map<String, Object> provider = Yamls.map(Yamls.list(Yamls.map(Yamls.load(Path.of(
        targets.get("/etc/grafana/provisioning/dashboards/hub.yml")))).get("providers")).get(0));
    String dir = (String) Yamls.map(provider.get("options")).get("path");
    String dashboardFile = targets.entrySet().stream().filter(e -> e.getKey().startsWith(dir + "/"))
        .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no dashboard mounted in " + dir));
    List<String> exprs = Dashboard.expressions(Path.of(dashboardFile), (String) ds.get("uid"));
    assertTrue(exprs.size() >= 10, "panels: " + exprs);
  }

  @Test
  void theImageRunsTheJarOnAJreAsANonRootUserWithAReadinessHealthcheck() throws Exception {
    Dockerfile d = Dockerfile.read(Path.of("Dockerfile"));
    assertTrue(d.lastFrom().matches("eclipse-temurin:17-jre.*"), "runs on a JRE image: " + d.lastFrom());
    String user = d.last("USER");
    assertFalse(user.isEmpty() || user.startsWith("root") || user.startsWith("0"), "USER " + user);
    assertTrue(d.last("HEALTHCHECK").contains("/ready"), d.last("HEALTHCHECK"));
    assertEquals("SIGTERM", d.last("STOPSIGNAL"));
    assertTrue(d.last("ENTRYPOINT").startsWith("[\"java\", \"-jar\""), "exec form, java as PID 1");
    for (String source : d.copiedSources()) {
      assertTrue(Files.exists(Path.of(source)), "COPY source missing: " + source);
    }
    assertTrue(d.last("ENV").contains("-Dvertx.cacheDirBase=/tmp/"), "unpacked files go to /tmp");
  }

  @Test
  void theLoadBalancerLogsNoQueryStrings() throws Exception {
    String conf = Files.readString(Path.of("conf/compose/nginx.conf")).replaceAll("(?m)#.*$", "");
    // Each log_format with its quoted parts, up to the semicolon that ends the directive.
    Matcher formats = Pattern.compile("log_format\\s+(\\w+)([^;]*);").matcher(conf);
    Set<String> clean = new TreeSet<>();
    while (formats.find()) {
      String vars = formats.group(2);
      boolean leaks = Pattern.compile("\\$(request\\b|request_uri|args|query_string|arg_|is_args|http_referer)")
          .matcher(vars).find();
      if (!leaks) {
        clean.add(formats.group(1));
      }
    }
    Matcher logs = Pattern.compile("access_log\\s+([^;]*);").matcher(conf);
    int count = 0;
    while (logs.find()) {
      count++;
      String[] words = logs.group(1).trim().split("\\s+");
      assertTrue(words[0].equals("off") || words.length > 1 && clean.contains(words[1]),
          "access_log " + logs.group(1) + " does not use a format without query strings " + clean);
    }
    // Without an access_log directive nginx logs in "combined", which carries $request.
    assertTrue(count > 0, "nginx.conf sets no access_log, so nginx logs whole request lines");
  }

  private static Set<String> hostsIn(String text, String regex) {
    Set<String> hosts = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      hosts.add(m.group(1));
    }
    return hosts;
  }

  @Test
  void shippedClusterXmlParsesAndStaysOnLoopbackWithoutMulticast() throws Exception {
    Config hz = new XmlConfigBuilder(Path.of("cluster.xml").toString()).build();
    assertFalse(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1"), new ArrayList<>(hz.getNetworkConfig().getInterfaces().getInterfaces()));
  }
}
