package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.ProcStat;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenarios 2 and 3, fan-out latency: {@code subscribers} connections spread evenly over
 * {@code channels} channels, publications through the HTTP API at a fixed rate per step, the rate
 * rising by half each step until p99 passes the limit (twice in a row at one rate), deliveries go missing, or the publisher
 * cannot keep the rate. With one channel this is the big-room fan-out; with 2,000 channels of 5 it
 * is the many-channels scenario (each publication to a random channel).
 */
public final class FanoutScenario {
  static final String CHANNEL_PREFIX = "bench:fan";
  static final double STEP_FACTOR = 1.5;
  static final int MAX_STEPS = 25;
  static final double WARM_UP_PUBLICATIONS = 20;
  static final double WARM_UP_MIN_S = 3;
  static final double WARM_UP_MAX_S = 15;
  /** Bisection steps after p99 stopped the climb. */
  static final int REFINE_STEPS = 2;
  static final String P99_STOP = "p99 above";

  public record Step(double rate, long published, long publishFailed, long delivered, long expected,
                     double deliveredPerSec, double p50Ms, double p99Ms, double p999Ms, double maxMs,
                     double cpuSeconds, int live, double apiP99Ms) {
    boolean lossy() {
      return delivered < expected * 0.99;
    }
  }

  /**
   * One target's climb. {@code label} names the setup in tables: the target's label, or for a cluster run where
   * the publisher and the subscribers sit (e.g. "hub A->B").
   */
  public record Result(Target target, String label, int subscribers, int channels, double connectRate, List<Step> steps,
                       String stopReason) {
    /** Highest delivered rate of a step whose p99 stayed within the limit and lost nothing. */
    public double bestDeliveredPerSec(double p99LimitMs) {
      return steps.stream().filter(s -> s.p99Ms() <= p99LimitMs && !s.lossy())
          .mapToDouble(Step::deliveredPerSec).max().orElse(Double.NaN);
    }
  }

  /**
   * Knobs of one fan-out measurement. {@code warmUpSeconds} is the unrecorded warm-up at the first step's rate:
   * a value above 0 is used as it is (the same for every target of a run), 0 or below keeps the short default
   * rule of {@link #warmUpSeconds(double, double)}.
   */
  public record Plan(int subscribers, int channels, double startDeliveriesPerSec, double stepSeconds,
                     double p99LimitMs, double maxRate, String prefix, double warmUpSeconds) {
    public Plan(int subscribers, int channels, double startDeliveriesPerSec, double stepSeconds, double p99LimitMs,
                double maxRate) {
      this(subscribers, channels, startDeliveriesPerSec, stepSeconds, p99LimitMs, maxRate, CHANNEL_PREFIX, 0);
    }

    /** The same plan on channels named {@code prefix + i} (another namespace, e.g. one with history). */
    public Plan onChannels(String channelPrefix) {
      return new Plan(subscribers, channels, startDeliveriesPerSec, stepSeconds, p99LimitMs, maxRate, channelPrefix,
          warmUpSeconds);
    }

    /** The same plan with an explicit warm-up of {@code seconds} (0: the default rule). */
    public Plan withWarmUp(double seconds) {
      return new Plan(subscribers, channels, startDeliveriesPerSec, stepSeconds, p99LimitMs, maxRate, prefix, seconds);
    }
  }

  /**
   * How long the unrecorded warm-up runs at {@code rate} publications/s: {@code requested} seconds when above 0;
   * otherwise at least 20 publications (so the GC of the connect burst is behind us), 3 to 15 s. The default is too
   * short for C2 to finish compiling the hub's encode and write paths (perf2's JFR: over 1 s of compiler time inside
   * the measured 20 s), which is why runs that compare CPU per delivery pass a longer one for every target.
   */
  static double warmUpSeconds(double rate, double requested) {
    if (requested > 0) return requested;
    return Math.min(WARM_UP_MAX_S, Math.max(WARM_UP_MIN_S, WARM_UP_PUBLICATIONS / rate));
  }

  private FanoutScenario() {}

  public static Result measure(RunContext ctx, Target target, Plan plan) throws Exception {
    return measure(ctx, target, plan, bench.target.HubVariant.NONE);
  }

  /** One climb of {@code target}; for the hub, of its {@code variant}. */
  public static Result measure(RunContext ctx, Target target, Plan plan, bench.target.HubVariant variant) throws Exception {
    try (ServerProcess server = ctx.startServer(target, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS, variant);
         ClientFleet fleet = ctx.fleet(server);
         Publisher publisher = new Publisher(ctx.vertx(), target, server.port())) {
      return climb(target, target == Target.HUB ? variant.label() : target.label(), List.of(server), fleet, publisher, plan);
    }
  }

  /**
   * Connects the plan's subscribers through {@code fleet}, then raises the publisher's rate step by step until a
   * stop condition; {@code servers} are the processes whose CPU a step costs (one, or both nodes of a cluster run).
   * When p99 stops the climb, {@link #REFINE_STEPS} more steps bisect (geometrically) between the last rate that
   * held and the one that did not, so two servers a step apart are told apart more finely than by the 1.5x ladder.
   */
  static Result climb(Target target, String label, List<ServerProcess> servers, ClientFleet fleet, Publisher publisher,
                      Plan plan) throws Exception {
    ClientFleet.ConnectResult c = fleet.connect(plan.subscribers(), plan.channels(), plan.prefix());
    if (c.failed() > 0) System.err.println(label + ": " + c.failed() + " subscribers failed " + c.errors());
    Climb climb = new Climb(label, servers, fleet, publisher, plan, c.ok());
    double rate = Math.max(1, plan.startDeliveriesPerSec() / climb.perChannel);
    // Warm-up, not recorded, at the first step's rate. With 10,000 subscribers the climb starts at one publication
    // a second, and 3 s would be 3 publications, hence the default's floor of 20 publications.
    double warmUp = warmUpSeconds(rate, plan.warmUpSeconds());
    System.err.printf("%s warm-up %.0f s at %.1f pubs/s (not recorded)%n", label, warmUp, rate);
    publisher.run(rate, warmUp, seq -> channel(plan, seq));
    Thread.sleep(1_000);
    String stop = null;
    double held = Double.NaN;
    while (climb.steps.size() < MAX_STEPS && rate <= plan.maxRate()) {
      stop = climb.attempt(rate);
      if (stop != null) break;
      held = rate;
      rate *= STEP_FACTOR;
    }
    if (stop == null) {
      stop = "step or rate ceiling reached (" + MAX_STEPS + " steps, " + plan.maxRate() + " pubs/s)";
    } else if (stop.startsWith(P99_STOP) && !Double.isNaN(held)) {
      double failed = rate;
      for (int i = 0; i < REFINE_STEPS; i++) {
        double mid = Math.sqrt(held * failed);
        if (climb.attempt(mid) == null) held = mid; else failed = mid;
      }
      stop += "; refined: holds at " + Fmt.num(held) + ", not at " + Fmt.num(failed) + " pubs/s";
    }
    fleet.closeAll("clean");
    return new Result(target, label, c.ok(), plan.channels(), c.rate(), climb.steps, stop);
  }

  /** The steps of one climb and the rule that judges each rate. */
  private static final class Climb {
    final String label;
    final List<ServerProcess> servers;
    final ClientFleet fleet;
    final Publisher publisher;
    final Plan plan;
    final int subscribed;
    final int perChannel;
    final List<Step> steps = new ArrayList<>();

    Climb(String label, List<ServerProcess> servers, ClientFleet fleet, Publisher publisher, Plan plan, int subscribed) {
      this.label = label;
      this.servers = servers;
      this.fleet = fleet;
      this.publisher = publisher;
      this.plan = plan;
      this.subscribed = subscribed;
      this.perChannel = plan.subscribers() / plan.channels();
    }

    /**
     * Runs {@code rate} and says why the climb must stop, or null when the rate held. The load generator shares
     * the cores, so one GC pause or a neighbour's burst can spoil a single step: a rate whose p99 is over the
     * limit gets one more try, and only two failures in a row count.
     */
    String attempt(double rate) throws Exception {
      Step s = run(rate);
      if (s.p99Ms() > plan.p99LimitMs()) s = run(rate);
      if (s.p99Ms() > plan.p99LimitMs()) return P99_STOP + " " + Fmt.num(plan.p99LimitMs()) + " ms (twice at this rate)";
      if (s.lossy()) return "deliveries missing";
      if (s.published() < rate * plan.stepSeconds() * 0.9) return "publisher could not keep the rate";
      if (s.live() < subscribed) return "subscribers dropped by the server";
      if (!servers.stream().allMatch(ServerProcess::isAlive)) return "server died";
      return null;
    }

    private Step run(double rate) throws Exception {
      Step s = step(servers, fleet, publisher, plan, rate, perChannel);
      steps.add(s);
      System.err.printf("%s S=%d ch=%d rate=%.1f/s delivered=%.0f/s p99=%.1f ms%n", label,
          plan.subscribers(), plan.channels(), rate, s.deliveredPerSec(), s.p99Ms());
      return s;
    }
  }

  private static String channel(Plan plan, long seq) {
    int ch = plan.channels() == 1 ? 0 : ThreadLocalRandom.current().nextInt(plan.channels());
    return plan.prefix() + ch;
  }

  private static Step step(List<ServerProcess> servers, ClientFleet fleet, Publisher publisher, Plan plan,
                           double rate, int perChannel) throws Exception {
    fleet.reset();
    double cpu0 = cpuSeconds(servers);
    Publisher.Outcome out = publisher.run(rate, plan.stepSeconds(), seq -> channel(plan, seq));
    Thread.sleep(2_000); // let the last publications arrive
    double cpu = cpuSeconds(servers) - cpu0;
    ClientFleet.Deliveries d = fleet.deliveries();
    Histogram h = d.latencyMicros();
    boolean any = h.getTotalCount() > 0;
    return new Step(rate, out.published(), out.failed(), d.delivered(), out.published() * perChannel,
        d.delivered() / plan.stepSeconds(),
        any ? Fmt.ms(h.getValueAtPercentile(50)) : Double.NaN,
        any ? Fmt.ms(h.getValueAtPercentile(99)) : Double.NaN,
        any ? Fmt.ms(h.getValueAtPercentile(99.9)) : Double.NaN,
        any ? Fmt.ms(h.getMaxValue()) : Double.NaN, cpu, d.live(),
        out.apiMicros().getTotalCount() > 0 ? Fmt.ms(out.apiMicros().getValueAtPercentile(99)) : Double.NaN);
  }

  private static double cpuSeconds(List<ServerProcess> servers) {
    return servers.stream().mapToDouble(s -> ProcStat.cpuSeconds(s.pid())).sum();
  }

  public static Table table(String title, List<Result> results) {
    Table t = new Table(title, "target", "subscribers", "channels", "pubs/s", "published", "pub failed",
        "delivered", "expected", "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "server CPU-s", "delivered per CPU-s",
        "publish API p99 ms");
    for (Result r : results) {
      for (Step s : r.steps()) {
        t.row(r.label(), r.subscribers(), r.channels(), s.rate(), s.published(), s.publishFailed(),
            s.delivered(), s.expected(), s.deliveredPerSec(), s.p50Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(),
            s.cpuSeconds(), s.cpuSeconds() > 0 ? s.delivered() / s.cpuSeconds() : Double.NaN, s.apiP99Ms());
      }
    }
    return t;
  }

  public static Table summary(String title, List<Result> results, double p99LimitMs) {
    Table t = new Table(title, "target", "subscribers", "channels", "best delivered/s with p99 <= " + Fmt.num(p99LimitMs) + " ms",
        "steps", "stopped because");
    for (Result r : results) {
      t.row(r.label(), r.subscribers(), r.channels(), r.bestDeliveredPerSec(p99LimitMs), r.steps().size(), r.stopReason());
    }
    return t;
  }
}
