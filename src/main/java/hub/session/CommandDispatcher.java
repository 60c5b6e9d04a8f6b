package hub.session;

import hub.config.ClientProxies;
import hub.config.HubConfig;
import hub.protocol.Command;
import hub.protocol.Method;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Routes each command to its handler and enforces the one rule they share: nothing but {@code connect} before the
 * session is connected (a pong then has no ping to answer, so it closes too). Stateless apart from its handlers; used on the shard's event loop.
 */
final class CommandDispatcher {

  private final ConnectHandler connect;
  private final SubscribeHandler subscribe;
  private final PublishHandler publish;
  private final RefreshHandler refresh;
  private final PresenceHandler presence;
  private final HistoryHandler history;
  private final RpcHandler rpc;
  private final SubRefreshHandler subRefresh;

  CommandDispatcher(ConnectHandler connect, SubscribeHandler subscribe, PublishHandler publish, RefreshHandler refresh,
                    PresenceHandler presence, HistoryHandler history, RpcHandler rpc, SubRefreshHandler subRefresh) {
    this.rpc = rpc;
    this.subRefresh = subRefresh;
    this.connect = connect;
    this.subscribe = subscribe;
    this.publish = publish;
    this.refresh = refresh;
    this.presence = presence;
    this.history = history;
  }

  /** The handlers of one shard, each given the collaborators it uses. */
  static CommandDispatcher forShard(ShardServices services, Heartbeat heartbeat) {
    HubConfig config = services.config();
    ClientProxies proxyNames = config.client().proxies();
    StreamSubscribe streams = new StreamSubscribe(services.streams(), config.client(), services.metrics());
    return new CommandDispatcher(
        new ConnectHandler(services.tokens(), config, heartbeat, proxyNames.connect() == null ? null
            : new ProxyConnect(services.proxies(), proxyNames.connect(), config.auth().allowAnonymous()),
            new ServerSubscribe(services.policy(), streams, config.client().channelLimit())),
        new SubscribeHandler(services.policy(), config.client().channelLimit(), streams,
            new SubscribeAuth(services.tokens(), services.proxies(), config.client().expiredCloseDelay())),
        new PublishHandler(services.policy(), services.streams(), new ProxyPublish(services.proxies())),
        new RefreshHandler(services.tokens()),
        new PresenceHandler(services.policy()),
        new HistoryHandler(services.policy(), services.streams(), config.client().historyMaxPublicationLimit()),
        new RpcHandler(services.proxies(), proxyNames.rpc()),
        new SubRefreshHandler(services.tokens(), config.client().expiredCloseDelay()));
  }

  /**
   * @return null when the command is done; otherwise a future that completes with whether the rest of the frame
   *     should still run (false after a refused connect)
   */
  Future<Boolean> dispatch(Session session, Command command, ReplyBatch replies) {
    Method method = command.method();
    if (method == Method.CONNECT) {
      return connect.handle(session, command, replies);
    }
    if (method == Method.PONG) {
      session.pongReceived();
      return null;
    }
    if (session.state() != SessionState.ACTIVE) {
      // The SDK always sends connect first; anything else first is a broken or hostile client.
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    switch (method) {
      case SUBSCRIBE -> {
        return subscribe.subscribe(session, command, replies);
      }
      case UNSUBSCRIBE -> subscribe.unsubscribe(session, command, replies);
      case PUBLISH -> {
        return publish.handle(session, command, replies);
      }
      case REFRESH -> {
        return refresh.handle(session, command, replies);
      }
      case PRESENCE, PRESENCE_STATS -> {
        return presence.handle(session, command, replies);
      }
      case PING -> replies.result(command.id(), Method.PING, new JsonObject());
      case SEND -> rpc.send(session, command);
      case RPC -> {
        return rpc.rpc(session, command, replies);
      }
      case HISTORY -> {
        return history.handle(session, command, replies);
      }
      case SUB_REFRESH -> {
        return subRefresh.handle(session, command, replies);
      }
      default -> session.close(CloseReason.BAD_REQUEST);
    }
    return null;
  }
}
