package bench.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JwtTest {

  @Test
  void mintsAThreePartHs256TokenCarryingTheSubject() {
    String[] parts = new Jwt("secret").forSubject("u7").split("\\.");
    assertEquals(3, parts.length);
    Base64.Decoder d = Base64.getUrlDecoder();
    assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", new String(d.decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("{\"sub\":\"u7\"}", new String(d.decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals(32, d.decode(parts[2]).length);
  }

  @Test
  void signsTheSameClaimsTheSameWay() {
    assertEquals(new Jwt("k").forSubject("a"), new Jwt("k").forSubject("a"));
  }
}
