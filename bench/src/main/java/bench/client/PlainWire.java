package bench.client;

/**
 * The minimal protocol of the ws and bare Vert.x peers: {@code {"sub":ch}} answered by
 * {@code {"subscribed":ch}}; publications arrive as the published JSON itself. There is no
 * application heartbeat and no authentication: these peers are floors, not products.
 */
final class PlainWire implements WireAdapter {

  @Override
  public String path() {
    return "/ws";
  }

  @Override
  public void start(Session session) {
    session.send("{\"sub\":\"" + session.channel() + "\"}");
  }

  @Override
  public void onText(Session session, String text) {
    long ts = Timestamps.extractTs(text);
    if (ts > 0) {
      session.publication(ts);
    } else if (text.startsWith("{\"subscribed\"")) {
      session.subscribed();
    }
  }
}
