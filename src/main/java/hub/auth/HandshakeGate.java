package hub.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decides on an upgrade request from its path, headers and query alone: Origin, node capacity, draining, protocol
 * format, and any credential carried on the request. Cheap checks run first so that a flood of bad requests never
 * reaches JWT verification. The caller takes the connection slot only after admission. Thread-safe.
 */
public final class HandshakeGate {

  public static final String PATH = "/connection/websocket";
  public static final String JSON_SUBPROTOCOL = "centrifuge-json";
  public static final List<String> REJECT_REASONS =
      List.of("path", "draining", "format", "origin", "limit", "token_invalid", "token_expired", "error");

  private final OriginPolicy origins;
  private final ConnectionLimiter limiter;
  private final TokenVerifier tokens;
  private final BooleanSupplier draining;

  public HandshakeGate(OriginPolicy origins, ConnectionLimiter limiter, TokenVerifier tokens, BooleanSupplier draining) {
    this.origins = origins;
    this.limiter = limiter;
    this.tokens = tokens;
    this.draining = draining;
  }

  /**
   * @param path    request path
   * @param headers request headers
   * @param query   raw query string, or null
   */
  public Future<Admission> admit(String path, MultiMap headers, String query) {
    if (!PATH.equals(path)) {
      return reject(404, "path");
    }
    if (draining.getAsBoolean()) {
      return reject(503, "draining");
    }
    QueryParams params = QueryParams.parse(query);
    String subprotocol = chooseSubprotocol(headers.get("Sec-WebSocket-Protocol"));
    if (subprotocol == null || wantsProtobuf(params)) {
      // This hub speaks JSON only; a Protobuf client must fail fast instead of looping on undecodable frames.
      return reject(400, "format");
    }
    if (!origins.allows(headers.get("Origin"))) {
      return reject(403, "origin");
    }
    if (limiter.used() >= limiter.max()) {
      return reject(503, "limit");
    }
    String token = bearer(headers.get("Authorization"));
    if (token == null) {
      token = params.get("token");
    }
    // The subprotocol answered in the 101 is chosen by Vert.x from the server options; here it only decides format.
    if (token == null) {
      return Future.succeededFuture(new Admission.Admitted(null));
    }
    return tokens.verify(token).<Admission>map(check -> {
      if (check instanceof TokenCheck.Valid valid) {
        return new Admission.Admitted(valid.identity());
      }
      return new Admission.Rejected(401, check instanceof TokenCheck.Expired ? "token_expired" : "token_invalid");
    });
  }

  private static Future<Admission> reject(int status, String reason) {
    return Future.succeededFuture(new Admission.Rejected(status, reason));
  }

  /** "" when the client offered no subprotocol, the JSON one when offered, null when only others were offered. */
  private static String chooseSubprotocol(String offered) {
    if (offered == null || offered.isBlank()) {
      return "";
    }
    for (String p : offered.split(",")) {
      if (JSON_SUBPROTOCOL.equals(p.trim())) {
        return JSON_SUBPROTOCOL;
      }
    }
    return null;
  }

  private static boolean wantsProtobuf(QueryParams params) {
    return "protobuf".equals(params.get("format")) || "protobuf".equals(params.get("cf_protocol"));
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
