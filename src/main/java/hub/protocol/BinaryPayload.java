package hub.protocol;

/**
 * A payload a protobuf client sent in a {@code bytes} field (publish {@code data}, connect {@code data}...) that is not
 * UTF-8 JSON. The hub carries JSON payloads only (a JSON subscriber could not receive anything else), so a handler
 * that meets one refuses the command with 107 instead of guessing at an encoding. Immutable; the array is not copied
 * and must not be modified.
 *
 * @param bytes the field's bytes as received
 */
public record BinaryPayload(byte[] bytes) {
}
