package hub.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict readers for the fields API requests share; each refuses a missing or mistyped field with error 107.
 * Stateless.
 */
final class ApiRequest {

  private ApiRequest() {
  }

  /** A required, non-empty string. */
  static String string(JsonObject request, String field) {
    if (!(request.getValue(field) instanceof String s) || s.isEmpty()) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return s;
  }

  /** An optional string: null when absent. */
  static String optionalString(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return (String) value;
  }

  /** An optional boolean: false when absent. */
  static boolean flag(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return Boolean.TRUE.equals(value);
  }

  /** An optional integer within int32: {@code absent} when missing. */
  static int integer(JsonObject request, String field, int absent) {
    Object value = request.getValue(field);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Integer i)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return i;
  }

  /** An optional array: null when absent. */
  static JsonArray array(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value != null && !(value instanceof JsonArray)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return (JsonArray) value;
  }

  /** An optional object: null when absent. */
  static JsonObject object(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return (JsonObject) value;
  }

  /** {@code data} as any JSON value, or {@code b64data} when it decodes to JSON (publications are JSON here). */
  static Object data(JsonObject request) {
    if (request.containsKey("data")) {
      return request.getValue("data");
    }
    if (request.getValue("b64data") instanceof String b64) {
      try {
        return Json.decodeValue(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException | DecodeException e) {
        throw new ApiRefusal(ApiError.BAD_REQUEST);
      }
    }
    throw new ApiRefusal(ApiError.BAD_REQUEST);
  }

  /** Optional {@code tags}: an object of strings, or null. */
  static JsonObject tags(JsonObject request) {
    JsonObject tags = object(request, "tags");
    if (tags != null && tags.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return tags;
  }
}
