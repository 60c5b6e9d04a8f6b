package bench.client;

/**
 * Centrifuge protocol v2 (JSON) as the hub speaks it: connect with a JWT, then subscribe, then
 * answer every server ping {@code {}} with a pong {@code {}}. Frames may hold several
 * newline-separated replies, so every frame is split on {@code \n}. Over WebSocket, or over HTTP-streaming, where each
 * line of the stream is one frame.
 */
final class HubWire implements WireAdapter {
  private static final String PING = "{}";

  private final Jwt jwt;
  private final boolean httpStream;

  HubWire(String secret) {
    this(secret, false);
  }

  /**
   * @param httpStream the same JSON over the HTTP-streaming emulation: the first command sent (connect) opens the
   *                   stream, later ones go through {@code POST /emulation} ({@link StreamLink})
   */
  HubWire(String secret, boolean httpStream) {
    this.jwt = new Jwt(secret);
    this.httpStream = httpStream;
  }

  @Override
  public boolean httpStream() {
    return httpStream;
  }

  @Override
  public String path() {
    return "/connection/websocket";
  }

  @Override
  public void start(Session session) {
    String token;
    // Mac is not thread-safe and sessions start on several event loops.
    synchronized (jwt) {
      token = jwt.forSubject("u" + session.index());
    }
    session.send("{\"connect\":{\"token\":\"" + token + "\"},\"id\":1}");
  }

  @Override
  public void onText(Session session, String text) {
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl;
      if (to > from) onLine(session, text.substring(from, to));
      if (nl < 0) break;
      from = nl + 1;
    }
  }

  private void onLine(Session session, String line) {
    if (line.startsWith("{\"push\"") || line.contains("\"push\":")) {
      long ts = Timestamps.extractTs(line);
      if (ts > 0) session.publication(ts);
      return;
    }
    if (PING.equals(line)) {
      session.answerPing(PING);
      return;
    }
    if (line.contains("\"error\"")) {
      session.failed("hub error reply: " + line);
      return;
    }
    if (line.contains("\"id\":1") && line.contains("\"connect\"")) {
      session.send("{\"subscribe\":{\"channel\":\"" + session.channel() + "\"},\"id\":2}");
    } else if (line.contains("\"id\":2") && line.contains("\"subscribe\"")) {
      session.subscribed();
    }
  }
}
