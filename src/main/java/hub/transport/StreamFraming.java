package hub.transport;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * How an emulated transport frames the JSON the session writes: newline-delimited JSON for HTTP-streaming, Server-Sent
 * Events for SSE. A session frame may hold several replies separated by {@code \n} (the JSON format batches them);
 * SSE gives each line its own event, since the SDK hands one event's data to its decoder. Immutable.
 */
enum StreamFraming {

  HTTP_STREAM("http_stream", "application/x-ndjson") {
    @Override
    Buffer frame(byte[] json) {
      return Buffer.buffer(json.length + 1).appendBytes(json).appendByte((byte) '\n');
    }

    @Override
    Buffer preamble() {
      return null;
    }
  },

  SSE("sse", "text/event-stream; charset=utf-8") {
    private final byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);

    @Override
    Buffer frame(byte[] json) {
      Buffer out = Buffer.buffer(json.length + 16);
      int start = 0;
      for (int i = 0; i <= json.length; i++) {
        if (i == json.length || json[i] == '\n') {
          if (i > start) {
            out.appendBytes(prefix).appendBytes(json, start, i - start).appendString("\n\n");
          }
          start = i + 1;
        }
      }
      return out;
    }

    @Override
    Buffer preamble() {
      // EventSource implementations fire "open" only once bytes arrive; an empty line is a no-op event boundary.
      return Buffer.buffer("\r\n");
    }
  };

  /** The {@code transport} metric tag. */
  final String tag;
  final String contentType;

  StreamFraming(String tag, String contentType) {
    this.tag = tag;
    this.contentType = contentType;
  }

  /** One session frame as written on the stream. */
  abstract Buffer frame(byte[] json);

  /** What goes out as soon as the stream opens, or null. */
  abstract Buffer preamble();
}
