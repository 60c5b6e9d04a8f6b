package bench.client;

/**
 * Socket.IO 4 over its WebSocket transport only (Engine.IO v4 framing spoken directly):
 * {@code 0{..}} open, {@code 40} namespace connect, then an acknowledged
 * {@code 420["subscribe",ch]} that the peer answers with {@code 430[..]} after joining the room.
 * Engine.IO heartbeats are server pings {@code 2} answered with {@code 3}. Events arrive as
 * {@code 42["pub",{..}]}.
 */
final class SocketIoWire implements WireAdapter {

  @Override
  public String path() {
    return "/socket.io/?EIO=4&transport=websocket";
  }

  @Override
  public void start(Session session) {
    // Nothing to send: the server speaks first with the Engine.IO open packet.
  }

  @Override
  public void onText(Session session, String text) {
    if (text.isEmpty()) return;
    char type = text.charAt(0);
    switch (type) {
      case '2':
        session.answerPing("3");
        return;
      case '0':
        session.send("40");
        return;
      case '4':
        onSocketIoPacket(session, text);
        return;
      default:
        // 1 close, 6 noop: ignore
    }
  }

  private void onSocketIoPacket(Session session, String text) {
    if (text.startsWith("42")) {
      long ts = Timestamps.extractTs(text);
      if (ts > 0) session.publication(ts);
    } else if (text.startsWith("40")) {
      session.send("420[\"subscribe\",\"" + session.channel() + "\"]");
    } else if (text.startsWith("430")) {
      session.subscribed();
    } else if (text.startsWith("44")) {
      session.failed("socket.io connect error: " + text);
    }
  }
}
