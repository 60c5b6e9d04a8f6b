package hub.protocol;

import io.vertx.core.json.JsonObject;

/**
 * One decoded client command.
 *
 * @param id     the client's id for the reply; 0 for one-way commands
 * @param method what is asked
 * @param params the request object (empty for a pong)
 */
public record Command(long id, Method method, JsonObject params) {
}
