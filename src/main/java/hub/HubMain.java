package hub;

import hub.auth.TokenMinter;
import hub.config.ConfigException;
import hub.config.ConfigLoader;
import hub.config.DevelopmentCredentials;
import hub.config.HubConfig;
import hub.log.LogFields;
import hub.log.LogSetup;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import sun.misc.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Command line entry point: {@code java -jar realtime-hub.jar [-conf FILE] [-cluster] [--key.path=value ...]}. A bad
 * configuration stops start-up with exit code 2 and one line naming the key; the JVM's heap free ratios are set from
 * {@code jvm.*} ({@link G1Settings}); SIGTERM or SIGINT drain the node and exit 0 (3 past the
 * {@link StopDeadline}). Runs on the main thread; the stop runs on the JVM's signal thread.
 */
public final class HubMain {

  private static final System.Logger LOG = System.getLogger(HubMain.class.getName());
  private static final int EXIT_CONFIG = 2;
  private static final int EXIT_START_FAILED = 1;

  private HubMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      System.exit(mintToken(Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    HubConfig config;
    String credentialsNotice;
    try {
      JsonObject json = parseJson(args);
      credentialsNotice = DevelopmentCredentials.confine(json);
      config = HubConfig.fromJson(json);
    } catch (ConfigException e) {
      System.err.println("realtime-hub: config error: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("realtime-hub: " + e.getMessage());
      System.err.println("usage: java -jar realtime-hub.jar [-conf FILE] [-cluster] [--key.path=value ...]");
      System.exit(EXIT_CONFIG);
      return;
    }
    LogSetup.apply(config.log(), config.nodeName());
    G1Settings.Outcome g1 = G1Settings.apply(config.jvm());
    logG1Settings(g1);
    if (G1Settings.setPeriodic(g1)) {
      PeriodicGcTuner.start(config.jvm().periodicGcIntervalMs(), config.jvm().periodicGcSettleMs());
    }
    HubNode node;
    try {
      // A bad cluster file is a configuration error too, found while building the cluster manager.
      node = HubNode.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      System.err.println("realtime-hub: config error: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException c) {
        System.err.println("realtime-hub: config error: " + c.getMessage());
        System.exit(EXIT_CONFIG);
        return;
      }
      System.err.println("realtime-hub: start failed: " + e.getCause());
      System.exit(EXIT_START_FAILED);
      return;
    } catch (Exception e) {
      System.err.println("realtime-hub: start failed: " + e);
      System.exit(EXIT_START_FAILED);
      return;
    }
    installStopSignals(node);
    if (credentialsNotice != null) {
      System.out.println(credentialsNotice);
    }
    System.out.printf("realtime-hub %s listening on %s:%d (node %s, %d shards, transport %s, cluster members %d)%n",
        hub.protocol.ServerVersion.VALUE, config.http().host(), node.port(), config.nodeName(),
        config.http().effectiveEventLoops(), node.transportName(), node.clusterSize());
    LOG.log(System.Logger.Level.INFO, "started", LogFields.of("version", hub.protocol.ServerVersion.VALUE,
        "port", node.port(), "shards", config.http().effectiveEventLoops(), "transport", node.transportName(),
        "members", node.clusterSize()));
  }

  private static void logG1Settings(G1Settings.Outcome outcome) {
    if (!outcome.changed().isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "G1 settings from jvm.*: {0}", String.join(", ", outcome.changed()));
    }
    if (!outcome.kept().isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "G1 settings kept as given: {0}", String.join(", ", outcome.kept()));
    }
    if (!outcome.refused().isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "G1 settings refused by the JVM: {0}",
          String.join(", ", outcome.refused()));
    }
  }

  /**
   * {@code token USER [--ttl SECONDS] [--info JSON] [-conf FILE ...]}: prints a connection JWT signed with the
   * configuration's HMAC key, for trying the hub out. Bad arguments get one line on stderr and exit code 2.
   */
  static int mintToken(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println("usage: java -jar realtime-hub.jar token USER [--ttl SECONDS] [--info JSON] [-conf FILE]");
      return EXIT_CONFIG;
    }
    try {
      long ttl = 3600;
      JsonObject info = null;
      List<String> rest = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("--ttl") && i + 1 < args.length) {
          ttl = ttlSeconds(args[++i]);
        } else if (args[i].equals("--info") && i + 1 < args.length) {
          info = infoObject(args[++i]);
        } else {
          rest.add(args[i]);
        }
      }
      HubConfig config = parse(rest.toArray(new String[0]));
      if (ttl == 0 && config.auth().requireExp()) {
        throw new IllegalArgumentException("--ttl 0 mints a token without exp, which auth.requireExp refuses");
      }
      System.out.println(TokenMinter.mint(config.auth(), args[0], ttl, info));
      return 0;
    } catch (ConfigException e) {
      System.err.println("realtime-hub: config error: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (IllegalArgumentException e) {
      System.err.println("realtime-hub: " + e.getMessage());
      return EXIT_CONFIG;
    }
  }

  private static long ttlSeconds(String raw) {
    try {
      long ttl = Long.parseLong(raw);
      if (ttl >= 0 && ttl <= Integer.MAX_VALUE) {
        return ttl;
      }
    } catch (NumberFormatException notANumber) {
      // reported below, with the value
    }
    throw new IllegalArgumentException("--ttl must be a whole number of seconds, 0 for no expiry (got " + raw + ")");
  }

  private static JsonObject infoObject(String raw) {
    try {
      return new JsonObject(raw);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("--info must be a JSON object such as '{\"name\":\"Alice\"}' (got " + raw + ")");
    }
  }

  static HubConfig parse(String[] args) {
    return HubConfig.fromJson(parseJson(args));
  }

  private static JsonObject parseJson(String[] args) {
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-conf") || a.equals("--conf")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("-conf needs a file");
        }
        file = Path.of(args[++i]);
      } else if (a.equals("-cluster") || a.equals("--cluster")) {
        overrides.put("cluster.enabled", "true");
      } else if (a.startsWith("--") && a.indexOf('=') > 2) {
        overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    return ConfigLoader.loadJson(file, overrides);
  }

  /**
   * SIGTERM and SIGINT start the drain instead of the JVM's abrupt exit; the process exits 0 once every session has
   * been closed with 3001 and Vert.x has stopped, or 3 if that takes longer than the {@link StopDeadline}. A second
   * signal during the drain exits at once.
   */
  private static void installStopSignals(HubNode node) {
    AtomicBoolean stopping = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), sig -> {
        if (!stopping.compareAndSet(false, true)) {
          Runtime.getRuntime().halt(EXIT_START_FAILED);
        }
        Duration window = node.config().shutdown().drainWindow();
        LOG.log(System.Logger.Level.INFO, "SIG{0}: draining over {1} ms", name, window.toMillis());
        StopDeadline.start(StopDeadline.limitFor(window), System.err, Runtime.getRuntime()::halt);
        node.stop().onComplete(ar -> {
          if (ar.failed()) {
            LOG.log(System.Logger.Level.WARNING, "stop failed: {0}", String.valueOf(ar.cause()));
          }
          LOG.log(System.Logger.Level.INFO, "stopped");
          System.exit(0);
        });
      });
    }
  }
}
