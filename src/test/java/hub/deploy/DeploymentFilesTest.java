package hub.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import hub.config.ConfigLoader;
import hub.config.HubConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of docker-compose.yml without a Docker engine: it parses, every file it mounts exists, each hub
 * node's configuration is a valid, clustered hub configuration, and the Hazelcast member list, the load balancer's
 * upstreams and Prometheus' targets all name exactly the hub services. Also the shipped cluster.xml parses.
 */
class DeploymentFilesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() throws Exception {
    try (Reader r = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(r);
      return (Map<String, Object>) compose.get("services");
    }
  }

  private static Set<String> hubServices(Map<String, Object> services) {
    Set<String> hubs = new TreeSet<>();
    services.forEach((name, def) -> {
      if (String.valueOf(((Map<?, ?>) def).get("command")).contains("realtime-hub.jar")) {
        hubs.add(name);
      }
    });
    return hubs;
  }

  @SuppressWarnings("unchecked")
  private static List<String> mounts(Object service) {
    Object volumes = ((Map<String, Object>) service).get("volumes");
    return volumes == null ? List.of() : (List<String>) volumes;
  }

  @Test
  void composeFileDefinesThreeHubsALoadBalancerAndPrometheus() throws Exception {
    Map<String, Object> services = services();
    assertEquals(Set.of("hub1", "hub2", "hub3"), hubServices(services));
    assertTrue(services.containsKey("lb"));
    assertTrue(services.containsKey("prometheus"));
  }

  @Test
  void everyMountedFileExistsExceptTheBuiltJar() throws Exception {
    for (Object service : services().values()) {
      for (String mount : mounts(service)) {
        String host = mount.split(":")[0];
        if (host.endsWith("realtime-hub.jar")) {
          continue; // produced by mvn package
        }
        assertTrue(Files.isRegularFile(Path.of(host)), "mounted file missing: " + host);
      }
    }
  }

  @Test
  void everyHubNodeConfigIsAValidClusteredConfig() throws Exception {
    Map<String, Object> services = services();
    for (String hub : hubServices(services)) {
      String conf = mounts(services.get(hub)).stream().filter(m -> m.endsWith("/app/conf/node.json:ro"))
          .map(m -> m.split(":")[0]).findFirst().orElseThrow(() -> new AssertionError(hub + " mounts no node config"));
      HubConfig config = ConfigLoader.load(Path.of(conf), Map.of());
      assertTrue(config.cluster().enabled(), hub + " must be clustered");
      assertEquals(hub, config.nodeName());
      assertEquals(8000, config.http().port());
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
    assertEquals(hubs, hostsIn(Files.readString(Path.of("conf/compose/nginx.conf")), "server\\s+([\\w.-]+):8000"));
    assertEquals(hubs, hostsIn(Files.readString(Path.of("conf/compose/prometheus.yml")), "\"([\\w.-]+):8000\""));
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

  @Test
  void shippedClusterXmlParsesAndStaysOnLoopbackWithoutMulticast() throws Exception {
    Config hz = new XmlConfigBuilder(Path.of("cluster.xml").toString()).build();
    assertFalse(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1"), new ArrayList<>(hz.getNetworkConfig().getInterfaces().getInterfaces()));
  }

  private static Set<String> hostsIn(String text, String regex) {
    Set<String> hosts = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      hosts.add(m.group(1));
    }
    return hosts;
  }
}
