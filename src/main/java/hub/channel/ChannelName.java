package hub.channel;

/**
 * The parts of a channel name that decide its options and permissions: {@code $private}, {@code ns:rest} and the
 * user-limited {@code rest#user1,user2} form. Names are ASCII only and bounded in length.
 *
 * @param name        the whole channel name
 * @param namespace   the part before the first {@code :} (after a leading {@code $}), or "" when there is none
 * @param isPrivate   whether the name starts with {@code $} (needs a subscription token)
 * @param allowedUsers the users after the last {@code #}, comma-separated, or null when the channel is not user-limited
 */
public record ChannelName(String name, String namespace, boolean isPrivate, String allowedUsers) {

  /** Parses a name, or returns null when it is not an acceptable channel name. */
  public static ChannelName parse(String name, int maxLength) {
    if (name == null || name.isEmpty() || name.length() > maxLength) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    boolean isPrivate = name.charAt(0) == '$';
    String body = isPrivate ? name.substring(1) : name;
    int colon = body.indexOf(':');
    String namespace = colon < 0 ? "" : body.substring(0, colon);
    int hash = name.lastIndexOf('#');
    String users = hash < 0 ? null : name.substring(hash + 1);
    return new ChannelName(name, namespace, isPrivate, users);
  }

  /** Whether {@code user} is one of the users a user-limited channel names. */
  public boolean limitedTo(String user) {
    if (allowedUsers == null || user.isEmpty()) {
      return false;
    }
    for (String u : allowedUsers.split(",")) {
      if (u.equals(user)) {
        return true;
      }
    }
    return false;
  }
}
