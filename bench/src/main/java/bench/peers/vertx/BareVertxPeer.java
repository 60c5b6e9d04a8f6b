package bench.peers.vertx;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The floor of our own framework: the smallest Vert.x 5 WebSocket broadcast server with channel
 * subscribe, deployed like the hub (one listening verticle per event loop on a shared port).
 * It lives in the bench jar so it uses the exact Vert.x build the harness uses.
 * Usage: {@code java -cp realtime-hub-bench.jar bench.peers.vertx.BareVertxPeer PORT}
 */
public final class BareVertxPeer {
  private BareVertxPeer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    vertx.deployVerticle(() -> new BroadcastVerticle(port), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("bare vert.x peer listening on " + port + " with " + loops + " event loops"))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}
