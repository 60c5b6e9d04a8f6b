package hub.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the {@code method} label of Vert.x's HTTP meters to a fixed set of values. Vert.x labels each request with
 * its method verbatim, and a client may send any token as a method, so without this every invented method would
 * create new series that live as long as the process (issue 10, item 1). The standard methods keep their name and
 * everything else is counted as {@code other}. Stateless and thread-safe; installed once, before any meter exists.
 */
public final class HttpMethodLabel implements MeterFilter {

  /** The tag key vertx-micrometer-metrics writes for {@code Label.HTTP_METHOD}. */
  static final String TAG = "method";
  static final String OTHER = "other";
  /** RFC 9110 section 9 plus PATCH (RFC 5789): the only values that keep their own series. */
  static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
      "PATCH");
  /** Vert.x's HTTP client and server meters; the hub's own meters use {@code method} for bounded API names. */
  private static final String VERTX_HTTP = "vertx.http.";

  private HttpMethodLabel() {
  }

  /** Adds the filter to {@code registry}; meters registered before this call are not changed, so call it first. */
  public static void install(MeterRegistry registry) {
    registry.config().meterFilter(new HttpMethodLabel());
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(VERTX_HTTP)) {
      return id;
    }
    String method = id.getTag(TAG);
    if (method == null || KNOWN.contains(method)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag t : id.getTagsAsIterable()) {
      tags.add(TAG.equals(t.getKey()) ? Tag.of(TAG, OTHER) : t);
    }
    return id.replaceTags(tags);
  }
}
