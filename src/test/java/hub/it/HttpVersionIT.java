package hub.it;

import hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's HTTP side speaks HTTP/1.1 only: a client that offers the cleartext HTTP/2 upgrade (as the JDK
 * HttpClient does on every new connection) gets a plain HTTP/1.1 answer, every time.
 */
class HttpVersionIT {

  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void anH2cUpgradeOfferIsAnsweredOverHttp11() throws Exception {
    try (Socket s = new Socket("127.0.0.1", hub.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = new byte[12];
      int n = in.readNBytes(head, 0, head.length);
      assertEquals("HTTP/1.1 200", new String(head, 0, n, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void newHttp2ClientsNeverHang() throws Exception {
    for (int i = 0; i < 150; i++) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), "request " + i);
      assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "request " + i);
      assertTrue(r.body().contains("UP"), "request " + i);
    }
  }
}
