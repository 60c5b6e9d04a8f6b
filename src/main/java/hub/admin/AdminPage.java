package hub.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code GET /admin/}: the operators' page, static files packed in the jar under {@code admin-ui/} (no build step,
 * nothing fetched at run time). The page holds no secret: it asks for the password, trades it at
 * {@code /admin/login} for a short-lived token and sends that token with every server API call. The headers below
 * forbid inline script, any other origin and framing, so injected markup could neither run nor be clickjacked.
 * Thread-safe: holds nothing mutable.
 */
public final class AdminPage {

  /** Where the files live on the class path. */
  static final String WEB_ROOT = "admin-ui";

  /**
   * Only this origin, and no inline script or style: channel names and user ids are client input, and the page
   * writes them as text, but the policy is the second lock on that door.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private AdminPage() {
  }

  public static void mount(Router router) {
    // Relative links in the page need the trailing slash; vertx-web matches "/admin" for "/admin/" too.
    router.get("/admin").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/admin/");
      }
    });
    router.get("/admin/*")
        .handler(AdminPage::securityHeaders)
        .handler(StaticHandler.create(WEB_ROOT).setIndexPage("index.html").setDirectoryListing(false)
            .setCachingEnabled(false));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Frame-Options", "DENY")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        // A new version of the page is taken at the next load; the files are small.
        .set(HttpHeaders.CACHE_CONTROL, "no-cache");
    ctx.next();
  }
}
