package hub.health;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /health} (liveness: the event loop answers) and {@code /ready} (readiness: see {@link Readiness}), in the
 * Vert.x health-check format; a failing check answers 503.
 */
public final class HealthRoutes {

  private HealthRoutes() {
  }

  public static void mount(Router router, Vertx vertx, Readiness readiness) {
    HealthChecks liveness = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
        .register("ready", promise -> promise.complete(readiness.isReady()
            ? Status.OK()
            : Status.KO(new JsonObject().put("state", readiness.describe()))));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
