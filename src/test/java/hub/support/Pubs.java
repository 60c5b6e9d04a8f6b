package hub.support;

import hub.protocol.Publication;

/** Publications for tests, as the server API would make them (no publisher info, no tags, no history). */
public final class Pubs {

  private Pubs() {
  }

  public static Publication of(String channel, Object data) {
    return new Publication(channel, 0, null, Publication.encodePub(data, null, null));
  }
}
