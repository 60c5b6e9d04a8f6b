package bench.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Blocking loopback GETs for readiness, /metrics and /stats. Probes run a few times a second at
 * most, so the JDK's HttpURLConnection is enough and keeps them off the load path's event loops.
 */
public final class HttpProbe {
  private HttpProbe() {}

  /** HTTP status of GET path, or -1 when nothing answers. */
  public static int status(int port, String path) {
    try {
      HttpURLConnection c = open(port, path);
      int code = c.getResponseCode();
      drain(c);
      return code;
    } catch (IOException e) {
      return -1;
    }
  }

  public static String get(int port, String path) throws IOException {
    HttpURLConnection c = open(port, path);
    if (c.getResponseCode() != 200) throw new IOException("GET " + path + " -> " + c.getResponseCode());
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** POSTs a JSON body with an API key header; returns the response body of a 200. */
  public static String post(int port, String path, String json, String apiKey) throws IOException {
    HttpURLConnection c = open(port, path);
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty("X-API-Key", apiKey);
    try (java.io.OutputStream out = c.getOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    if (c.getResponseCode() != 200) throw new IOException("POST " + path + " -> " + c.getResponseCode());
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static HttpURLConnection open(int port, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
    c.setConnectTimeout(2_000);
    c.setReadTimeout(30_000);
    return c;
  }

  private static void drain(HttpURLConnection c) {
    try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) in.readAllBytes();
    } catch (IOException ignored) {
      // only the status mattered
    }
  }
}
