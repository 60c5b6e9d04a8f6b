package hub.auth;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * Parsed query string of an upgrade request (the handshake object exposes only the raw string).
 */
final class QueryParams {

  private final Map<String, List<String>> params;

  private QueryParams(Map<String, List<String>> params) {
    this.params = params;
  }

  static QueryParams parse(String query) {
    if (query == null || query.isEmpty()) {
      return new QueryParams(Map.of());
    }
    return new QueryParams(new QueryStringDecoder(query, false).parameters());
  }

  /** First value of a parameter, or null. */
  String get(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
