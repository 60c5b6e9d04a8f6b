package bench.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JwtTest {

  @Test
  void mintsAThreePartHs256TokenCarryingTheSubject() {
    String[] parts = new Jwt("secret", 1_900_000_000L).forSubject("u7").split("\\.");
    assertEquals(3, parts.length);
    Base64.Decoder d = Base64.getUrlDecoder();
    assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", new String(d.decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("{\"sub\":\"u7\",\"exp\":1900000000}", new String(d.decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals(32, d.decode(parts[2]).length);
  }

  @Test
  void expiresALongWayAhead() {
    String body = new String(Base64.getUrlDecoder().decode(new Jwt("k").forSubject("a").split("\\.")[1]),
        StandardCharsets.UTF_8);
    long exp = Long.parseLong(body.replaceAll(".*\"exp\":(\\d+).*", "$1"));
    assertEquals(true, exp > System.currentTimeMillis() / 1000 + 24 * 3600, body);
  }

  @Test
  void signsTheSameClaimsTheSameWay() {
    assertEquals(new Jwt("k", 5L).forSubject("a"), new Jwt("k", 5L).forSubject("a"));
  }
}
