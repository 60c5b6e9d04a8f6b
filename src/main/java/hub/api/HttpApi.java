package hub.api;

import hub.config.ApiConfig;
import hub.metrics.HubMetrics;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.Predicate;

/**
 * {@code POST /api/<method>} for services that are not on the JVM. A missing or wrong key (or one in the query while
 * {@code api.allowQueryKey} is off) gets 401 with an empty
 * body before the body is even read; a body that is not a JSON object gets 400; API errors are HTTP 200 with an
 * {@code error} object, unless the caller asks for {@code X-Centrifugo-Error-Mode: transport}. A call that does not
 * complete within {@code api.requestTimeoutMs} is answered 504 with the error body of {@link ApiError#TIMEOUT}, in
 * either mode. A call the publication budget refused (error 111, HTTP 429 in transport mode) carries
 * {@code Retry-After: 1}. Handlers run on the event loop of the request's connection.
 */
public final class HttpApi {

  private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

  private static final String ERROR_MODE_HEADER = "X-Centrifugo-Error-Mode";
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ApiExecutor executor;
  private final ApiKeyAuth auth;
  private final boolean allowQueryKey;
  private final HubMetrics metrics;
  private final long maxBodyBytes;
  private final Predicate<HttpServerRequest> adminAccess;

  public HttpApi(ApiExecutor executor, ApiConfig config, HubMetrics metrics, long maxBodyBytes) {
    this(executor, config, metrics, maxBodyBytes, req -> false);
  }

  /** @param adminAccess also lets through a request the admin page makes with its own token (hub.admin) */
  public HttpApi(ApiExecutor executor, ApiConfig config, HubMetrics metrics, long maxBodyBytes,
                 Predicate<HttpServerRequest> adminAccess) {
    this.adminAccess = adminAccess;
    this.executor = executor;
    this.auth = new ApiKeyAuth(config.keys());
    this.allowQueryKey = config.allowQueryKey();
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    // Two routes so the key is checked before the body is read: vertx-web wants a body handler first on its route.
    router.post("/api/:method").handler(this::authenticate);
    router.post("/api/:method")
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::call);
  }

  private void authenticate(RoutingContext ctx) {
    // A key in the query is read only when the operator opted in (api.allowQueryKey): off, it is ignored, never a
    // fallback, so a caller that sends it learns at once (401) instead of leaking it into logs on every call.
    String queryKey = allowQueryKey ? ctx.request().getParam("api_key") : null;
    if (!auth.allows(ctx.request().headers(), queryKey) && !adminAccess.test(ctx.request())) {
      metrics.apiRequest("any", "unauthorized");
      // The path only: the key may have come in the query (api_key).
      LOG.log(System.Logger.Level.INFO, "api call refused", hub.log.LogFields.of("code", 401,
          "reason", "api_key", "path", ctx.request().path(), "remote", String.valueOf(ctx.request().remoteAddress())));
      ctx.response().setStatusCode(401).end();
      return;
    }
    ctx.next();
  }

  private void call(RoutingContext ctx) {
    String method = ctx.pathParam("method");
    if (!executor.serves(method)) {
      metrics.apiRequest("unknown", "not_found");
      ctx.response().setStatusCode(404).end();
      return;
    }
    JsonObject request;
    try {
      String body = ctx.body().asString();
      request = body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      metrics.apiRequest(method, "bad_body");
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("request body must be a JSON object");
      return;
    }
    boolean transportErrors = "transport".equalsIgnoreCase(ctx.request().getHeader(ERROR_MODE_HEADER));
    executor.execute(method, request).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof ApiDeadline.Expired) {
        metrics.apiRequest(method, "timeout");
        ctx.response().setStatusCode(ApiError.TIMEOUT.httpStatus).putHeader("Content-Type", "application/json")
            .end(ApiExecutor.timeoutResponse().encode());
        return;
      }
      JsonObject response = ar.succeeded() ? ar.result() : ApiError.INTERNAL.response();
      JsonObject error = response.getJsonObject("error");
      metrics.apiRequest(method, error == null ? "ok" : "error");
      int status = 200;
      if (error != null && transportErrors) {
        status = ApiError.ofCode(error.getInteger("code")).httpStatus;
      }
      if (error != null && Integer.valueOf(ApiError.TOO_MANY_REQUESTS.code).equals(error.getInteger("code"))) {
        // The budget refuses for at most about a second (its rate window; lag shedding ends once the loops catch
        // up), so one second is the honest hint, in either error mode.
        ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      }
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(response.encode());
    });
  }
}
