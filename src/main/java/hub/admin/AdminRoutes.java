package hub.admin;

import hub.log.LogFields;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /admin/login}: {@code {"password": ...}} for {@code {"token", "expiresInMs"}}, and the check the
 * server API applies to a request carrying {@code Authorization: Bearer <admin token>}. CSRF-safe by construction:
 * the token travels in a header a page must set itself (never a cookie, so nothing ambient), a cross-origin page
 * would need a CORS preflight that the hub never grants, and a request whose Origin is not the hub's own is refused
 * (403). Thread-safe: immutable.
 */
public final class AdminRoutes {

  private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());
  private static final long MAX_LOGIN_BODY = 4096;

  private final AdminTokens tokens;

  public AdminRoutes(AdminTokens tokens) {
    this.tokens = tokens;
  }

  public void mount(Router router) {
    router.post("/admin/login").handler(BodyHandler.create(false).setBodyLimit(MAX_LOGIN_BODY)).handler(this::login);
    AdminPage.mount(router);
  }

  private void login(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!sameOrigin(req)) {
      refuse(ctx, 403, "origin");
      return;
    }
    String type = req.getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      refuse(ctx, 415, "content_type"); // a form post from another site cannot send application/json unpreflighted
      return;
    }
    String password;
    try {
      JsonObject body = ctx.body().asJsonObject();
      password = body == null ? null : body.getValue("password") instanceof String s ? s : null;
    } catch (DecodeException | ClassCastException e) {
      password = null;
    }
    if (!tokens.passwordMatches(password)) {
      refuse(ctx, 401, "password");
      return;
    }
    LOG.log(System.Logger.Level.INFO, "admin login", LogFields.of("remote", String.valueOf(req.remoteAddress())));
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("token", tokens.mint()).put("expiresInMs", tokens.ttl().toMillis()).encode());
  }

  /** For the server API: an admin token from this hub's own origin. */
  public boolean allows(HttpServerRequest req) {
    String auth = req.getHeader("Authorization");
    if (auth == null || auth.length() <= 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return sameOrigin(req) && tokens.valid(auth.substring(7).trim());
  }

  /** No Origin (curl, a server) is allowed; a browser's Origin must name the host the request was sent to. */
  static boolean sameOrigin(HttpServerRequest req) {
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = req.getHeader("Host");
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  private static void refuse(RoutingContext ctx, int status, String reason) {
    LOG.log(System.Logger.Level.INFO, "admin login refused", LogFields.of("code", status, "reason", reason,
        "remote", String.valueOf(ctx.request().remoteAddress())));
    ctx.response().setStatusCode(status).end();
  }
}
