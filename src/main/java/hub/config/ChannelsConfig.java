package hub.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Channel options: one set for channels without a namespace, and one per namespace (the part of the name before the
 * first {@code :}). A namespace inherits every option it does not set from {@code default}.
 *
 * @param defaults      options for channels without a namespace, and the base of every namespace
 * @param namespaces    options per namespace name
 * @param maxNameLength longest accepted channel name
 */
public record ChannelsConfig(ChannelOptions defaults, Map<String, ChannelOptions> namespaces, int maxNameLength) {

  public static final int DEFAULT_MAX_NAME_LENGTH = 255;
  private static final Pattern NAMESPACE_NAME = Pattern.compile("^[-a-zA-Z0-9_]{2,}$");

  static ChannelsConfig from(JsonReader r) {
    ChannelOptions defaults = ChannelOptions.from(r.object("default"), ChannelOptions.DEFAULTS);
    JsonReader ns = r.object("namespaces");
    Map<String, ChannelOptions> namespaces = new TreeMap<>();
    for (String name : ns.keys()) {
      if (!NAMESPACE_NAME.matcher(name).matches()) {
        throw new ConfigException(ns.pathOf(name), "namespace names are at least 2 of [-a-zA-Z0-9_]");
      }
      namespaces.put(name, ChannelOptions.from(ns.object(name), defaults));
    }
    int maxLen = r.integer("maxNameLength", DEFAULT_MAX_NAME_LENGTH, 1, 1024);
    r.rejectUnknownKeys();
    return new ChannelsConfig(defaults, Map.copyOf(namespaces), maxLen);
  }
}
