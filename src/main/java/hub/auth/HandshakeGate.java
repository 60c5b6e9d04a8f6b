package hub.auth;

import hub.protocol.Format;
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
  /** The HTTP-streaming and SSE connect endpoints (centrifuge-js 5.x fallbacks); JSON format only. */
  public static final String HTTP_STREAM_PATH = "/connection/http_stream";
  public static final String SSE_PATH = "/connection/sse";
  /** The subprotocols the server answers with, in no order of preference: the client's order decides. */
  public static final List<String> SUBPROTOCOLS = List.of(Format.JSON_SUBPROTOCOL, Format.PROTOBUF_SUBPROTOCOL);
  public static final List<String> REJECT_REASONS =
      List.of("path", "draining", "format", "origin", "limit", "token_invalid", "token_expired", "error");

  private final OriginPolicy origins;
  private final ConnectionLimiter limiter;
  private final TokenVerifier tokens;
  private final BooleanSupplier draining;
  /**
   * Whether an {@code Authorization: Bearer} value that is not a JWT for our keys belongs to the connect proxy:
   * true when a connect proxy is configured and {@code Authorization} is in a proxy's {@code httpHeaders}.
   */
  private final boolean bearerForProxy;

  public HandshakeGate(OriginPolicy origins, ConnectionLimiter limiter, TokenVerifier tokens, BooleanSupplier draining) {
    this(origins, limiter, tokens, draining, false);
  }

  public HandshakeGate(OriginPolicy origins, ConnectionLimiter limiter, TokenVerifier tokens, BooleanSupplier draining,
                       boolean bearerForProxy) {
    this.origins = origins;
    this.limiter = limiter;
    this.tokens = tokens;
    this.draining = draining;
    this.bearerForProxy = bearerForProxy;
  }

  /**
   * @param path    request path
   * @param headers request headers
   * @param query   raw query string, or null
   */
  public Future<Admission> admit(String path, MultiMap headers, String query) {
    boolean emulated = HTTP_STREAM_PATH.equals(path) || SSE_PATH.equals(path);
    if (!PATH.equals(path) && !emulated) {
      return reject(404, "path");
    }
    if (draining.getAsBoolean()) {
      return reject(503, "draining");
    }
    QueryParams params = QueryParams.parse(query);
    // The emulated transports carry JSON text only (SSE cannot carry binary); asking them for protobuf is refused.
    Format format = emulated ? (wantsProtobuf(params) ? null : Format.JSON)
        : chooseFormat(headers.get("Sec-WebSocket-Protocol"), params);
    if (format == null) {
      // Only subprotocols we do not speak: the client must fail fast instead of looping on undecodable frames.
      return reject(400, "format");
    }
    if (!origins.allows(headers.get("Origin"))) {
      return reject(403, "origin");
    }
    if (limiter.used() >= limiter.max()) {
      return reject(503, "limit");
    }
    String token = bearer(headers.get("Authorization"));
    boolean fromHeader = token != null;
    if (token == null) {
      token = params.get("token");
    }
    if (token == null) {
      return Future.succeededFuture(new Admission.Admitted(null, format));
    }
    return tokens.verify(token).<Admission>map(check -> {
      if (check instanceof TokenCheck.Valid valid) {
        return new Admission.Admitted(valid.identity(), format);
      }
      if (check instanceof TokenCheck.Invalid && fromHeader && bearerForProxy) {
        // Not a token of ours: the application's own credential, forwarded to the connect proxy, which decides.
        // An expired token of ours is still refused: it is ours, and the client must refresh it.
        return new Admission.Admitted(null, format);
      }
      return new Admission.Rejected(401, check instanceof TokenCheck.Expired ? "token_expired" : "token_invalid");
    });
  }

  /** Whether a browser page of {@code origin} may talk to the hub (for CORS answers on the HTTP transports). */
  public boolean allowsOrigin(String origin) {
    return origins.allows(origin);
  }

  private static Future<Admission> reject(int status, String reason) {
    return Future.succeededFuture(new Admission.Rejected(status, reason));
  }

  /**
   * The format a request asks for, or null when it offers only subprotocols we do not speak. The subprotocol answered
   * in the 101 is picked by Vert.x (Netty) from {@link #SUBPROTOCOLS}: the first of the client's offers that the
   * server supports, so the first known offer decides here too and the answer always names the format spoken. As in
   * Centrifuge, {@code ?format=protobuf} or {@code ?cf_protocol=protobuf} selects protobuf whatever was offered.
   */
  static Format chooseFormat(String offered, QueryParams params) {
    Format format = null;
    if (offered == null || offered.isBlank()) {
      format = Format.JSON;
    } else {
      for (String p : offered.split(",")) {
        String name = p.trim();
        if (Format.JSON_SUBPROTOCOL.equals(name)) {
          format = Format.JSON;
          break;
        }
        if (Format.PROTOBUF_SUBPROTOCOL.equals(name)) {
          format = Format.PROTOBUF;
          break;
        }
      }
    }
    if (format != null && wantsProtobuf(params)) {
      format = Format.PROTOBUF;
    }
    return format;
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
