package hub.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.XmlConfigBuilder;
import hub.config.ConfigException;
import hub.config.ConfigLoader;
import hub.config.DevelopmentCredentials;
import hub.config.HubConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/kubernetes without a cluster: every file parses; what one manifest names (Services, ConfigMap keys, the
 * Secret, volumes, ports, labels, paths) exists in the others; the hub configuration that the pod assembles (file,
 * mounted Secret, environment) is valid; Hazelcast discovers through the headless Service; the grace period
 * covers preStop plus the drain. The probe paths are asked of a running hub in {@code hub.it.DeploymentEndpointsIT}.
 */
class KubernetesFilesTest {

  static final Path DIR = Path.of("deploy/kubernetes");

  private static Map<String, Map<String, Object>> byKindAndName() throws Exception {
    Map<String, Map<String, Object>> all = new TreeMap<>();
    try (var files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (Map<String, Object> doc : Yamls.loadAll(f)) {
          if (doc.containsKey("kind") && doc.containsKey("metadata")) {
            all.put(doc.get("kind") + "/" + Yamls.at(doc, "metadata.name"), doc);
          }
        }
      }
    }
    return all;
  }

  private static Map<String, Object> get(String kindAndName) throws Exception {
    Map<String, Object> doc = byKindAndName().get(kindAndName);
    if (doc == null) {
      throw new AssertionError("no " + kindAndName + " in " + DIR + " (have " + byKindAndName().keySet() + ")");
    }
    return doc;
  }

  static Map<String, Object> container() throws Exception {
    return Yamls.map(Yamls.at(get("StatefulSet/realtime-hub"), "spec.template.spec.containers.0"));
  }

  /** Container mount path to volume name and subPath. */
  private static Map<String, String[]> mounts() throws Exception {
    Map<String, String[]> out = new HashMap<>();
    for (Object m : Yamls.list(container().get("volumeMounts"))) {
      Map<String, Object> mount = Yamls.map(m);
      out.put((String) mount.get("mountPath"), new String[] {(String) mount.get("name"), (String) mount.get("subPath")});
    }
    return out;
  }

  @Test
  void kustomizationListsFilesThatExistAndGeneratesTheConfigMapTheSetMounts() throws Exception {
    Map<String, Object> k = Yamls.map(Yamls.load(DIR.resolve("kustomization.yaml")));
    for (String r : Yamls.strings(k.get("resources"))) {
      assertTrue(Files.isRegularFile(DIR.resolve(r)), "resource missing: " + r);
    }
    Map<String, Object> gen = Yamls.map(Yamls.list(k.get("configMapGenerator")).get(0));
    List<String> files = Yamls.strings(gen.get("files"));
    files.forEach(f -> assertTrue(Files.isRegularFile(DIR.resolve(f)), "generated from a missing file: " + f));
    Map<String, Object> pod = Yamls.map(Yamls.at(get("StatefulSet/realtime-hub"), "spec.template.spec"));
    Map<String, Map<String, Object>> volumes = Yamls.list(pod.get("volumes")).stream().map(Yamls::map)
        .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
    for (String[] mount : mounts().values()) {
      Map<String, Object> volume = volumes.get(mount[0]);
      assertTrue(volume != null, "mount of an undefined volume " + mount[0]);
      if (volume.containsKey("configMap")) {
        assertEquals(gen.get("name"), Yamls.at(volume, "configMap.name"));
        assertTrue(files.contains(mount[1]), "subPath " + mount[1] + " is not a key of the ConfigMap");
      }
      if (volume.containsKey("secret")) {
        assertTrue(byKindAndName().containsKey("Secret/" + Yamls.at(volume, "secret.secretName")),
            "the Secret is described in secret.example.yaml");
      }
    }
  }

  @Test
  void servicesAndTheBudgetSelectThePodsAndTheHeadlessOneCarriesHazelcastBeforeReadiness() throws Exception {
    Map<String, Object> set = get("StatefulSet/realtime-hub");
    Map<String, Object> podLabels = Yamls.map(Yamls.at(set, "spec.template.metadata.labels"));
    assertEquals(Yamls.at(set, "spec.selector.matchLabels"), podLabels);
    for (String doc : List.of("Service/realtime-hub", "Service/realtime-hub-hazelcast")) {
      assertTrue(podLabels.entrySet().containsAll(Yamls.map(Yamls.at(get(doc), "spec.selector")).entrySet()), doc);
    }
    assertEquals(podLabels, Yamls.at(get("PodDisruptionBudget/realtime-hub"), "spec.selector.matchLabels"));
    Map<String, Object> headless = get("Service/" + Yamls.at(set, "spec.serviceName"));
    assertEquals("None", Yamls.at(headless, "spec.clusterIP"));
    assertEquals(true, Yamls.at(headless, "spec.publishNotReadyAddresses"), "members must meet before /ready");
    Set<String> containerPorts = Yamls.list(container().get("ports")).stream()
        .map(p -> (String) Yamls.map(p).get("name")).collect(Collectors.toSet());
    for (String doc : List.of("Service/realtime-hub", "Service/realtime-hub-hazelcast")) {
      for (Object p : Yamls.list(Yamls.at(get(doc), "spec.ports"))) {
        assertTrue(containerPorts.contains(Yamls.map(p).get("targetPort")), doc + " targets a port the pod lacks");
      }
    }
    Config hz = new XmlConfigBuilder(DIR.resolve("cluster.xml").toString()).build();
    KubernetesConfig k8s = hz.getNetworkConfig().getJoin().getKubernetesConfig();
    assertTrue(k8s.isEnabled());
    assertTrue(!hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()
        && !hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(k8s.getProperty("service-dns").startsWith(Yamls.at(set, "spec.serviceName") + "."),
        k8s.getProperty("service-dns"));
    assertEquals(String.valueOf(hz.getNetworkConfig().getPort()), k8s.getProperty("service-port"));
    assertEquals(hz.getNetworkConfig().getPort(), Yamls.at(headless, "spec.ports.0.port"));
  }

  /** The settings the pod's environment gives the hub, with sample values for what the kubelet fills in. */
  private static Map<String, String> podEnvironment(Path secretDir) throws Exception {
    Map<String, String> env = new TreeMap<>();
    for (Object e : Yamls.list(container().get("env"))) {
      Map<String, Object> var = Yamls.map(e);
      String name = (String) var.get("name");
      env.put(name, name.equals("HUB_CONFIG_DIR") ? secretDir.toString()
          : var.containsKey("value") ? String.valueOf(var.get("value")) : name.endsWith("host") ? "10.1.2.3" : "realtime-hub-0");
    }
    return env;
  }

  @Test
  void thePodsConfigurationWithItsSecretIsValidAndPlaceholdersKeepItOnLoopback(@TempDir Path tmp) throws Exception {
    Map<String, String[]> mounts = mounts();
    List<String> args = Yamls.strings(container().get("args"));
    String confPath = args.get(args.indexOf("-conf") + 1);
    Path conf = DIR.resolve(mounts.get(confPath)[1]);
    Map<String, Object> secret = Yamls.map(get("Secret/realtime-hub-secrets").get("stringData"));
    // A mounted Secret: one file per key. First with chosen values, then with the example's placeholders.
    Path chosen = Files.createDirectory(tmp.resolve("chosen"));
    Path example = Files.createDirectory(tmp.resolve("example"));
    for (Map.Entry<String, Object> e : secret.entrySet()) {
      String value = String.valueOf(e.getValue());
      Files.writeString(example.resolve(e.getKey()), value);
      Files.writeString(chosen.resolve(e.getKey()),
          value.replaceAll("REPLACE-with-[\\w-]+", "operator-chosen-value-of-32-bytes-or-more"));
    }
    Map<String, String> env = podEnvironment(chosen);
    assertEquals(env.get("HUB_CONFIG_DIR"), chosen.toString());
    assertTrue(mounts.containsKey(Yamls.map(Yamls.list(container().get("env")).get(0)).get("value")),
        "HUB_CONFIG_DIR is the Secret's mount path");
    JsonObject json = ConfigLoader.loadJson(conf, Map.of(), env, new Properties());
    assertNull(DevelopmentCredentials.confine(json.copy()));
    HubConfig config = HubConfig.fromJson(json);
    assertTrue(config.cluster().enabled() && config.admin().enabled());
    assertEquals("realtime-hub-0", config.nodeName());
    assertEquals("10.1.2.3", config.cluster().host());
    assertTrue(mounts.containsKey(config.cluster().configFile()), "cluster.configFile is the mounted cluster.xml");
    assertEquals("cluster.xml", mounts.get(config.cluster().configFile())[1]);
    assertEquals(config.http().port(), Yamls.at(container(), "ports.0.containerPort"));

    JsonObject placeholders = ConfigLoader.loadJson(conf, Map.of(), podEnvironment(example), new Properties());
    assertThrows(ConfigException.class, () -> DevelopmentCredentials.confine(placeholders));

    Duration preStop = Duration.ofSeconds(Long.parseLong(
        Yamls.strings(Yamls.at(container(), "lifecycle.preStop.exec.command")).get(1)));
    long grace = ((Number) Yamls.at(get("StatefulSet/realtime-hub"),
        "spec.template.spec.terminationGracePeriodSeconds")).longValue();
    Duration needed = preStop.plus(config.shutdown().drainWindow()).plus(Yamls.stopAllowance());
    assertTrue(Duration.ofSeconds(grace).compareTo(needed) > 0, "grace " + grace + " s, needs over " + needed);
  }

  @Test
  void probesUseTheHubsHealthEndpointsOnItsHttpPortAndTheUserMatchesTheImage() throws Exception {
    Map<String, Object> c = container();
    assertEquals("/ready", Yamls.at(c, "readinessProbe.httpGet.path"));
    assertEquals("/health", Yamls.at(c, "livenessProbe.httpGet.path"));
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertEquals("http", Yamls.at(c, probe + ".httpGet.port"), probe);
    }
    assertEquals(Dockerfile.read(Path.of("Dockerfile")).last("USER").split(":")[0],
        String.valueOf(Yamls.at(get("StatefulSet/realtime-hub"), "spec.template.spec.securityContext.runAsUser")));
    assertTrue(mounts().containsKey("/tmp"), "a writable /tmp under the read-only root (vertx.cacheDirBase)");
  }

  /** The probe paths, for DeploymentEndpointsIT. */
  public static Set<String> probePaths() throws Exception {
    Map<String, Object> c = container();
    return Set.of("readinessProbe", "livenessProbe", "startupProbe").stream()
        .map(p -> (String) Yamls.at(c, p + ".httpGet.path")).collect(Collectors.toSet());
  }
}
