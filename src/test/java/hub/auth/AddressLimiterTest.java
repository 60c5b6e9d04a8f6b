package hub.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-address places for connections that wait on their client: capped per address, forgotten at zero. */
class AddressLimiterTest {

  @Test
  void capsEachAddressOnItsOwn() {
    AddressLimiter l = new AddressLimiter(2);
    assertTrue(l.tryAcquire("10.0.0.1"));
    assertTrue(l.tryAcquire("10.0.0.1"));
    assertFalse(l.tryAcquire("10.0.0.1"));
    assertTrue(l.tryAcquire("10.0.0.2"));
    assertEquals(3, l.total());
    l.release("10.0.0.1");
    assertTrue(l.tryAcquire("10.0.0.1"));
  }

  @Test
  void anAnsweredConnectionTakesItsPlaceBackEvenOverTheCap() {
    AddressLimiter l = new AddressLimiter(1);
    assertTrue(l.tryAcquire("10.0.0.1"));
    l.acquire("10.0.0.1");
    assertEquals(2, l.total());
    assertFalse(l.tryAcquire("10.0.0.1"));
  }

  @Test
  void forgetsAnAddressOnceItHoldsNothing() {
    AddressLimiter l = new AddressLimiter(5);
    for (int i = 0; i < 100; i++) {
      assertTrue(l.tryAcquire("10.0.0." + i));
    }
    for (int i = 0; i < 100; i++) {
      l.release("10.0.0." + i);
    }
    assertEquals(0, l.addresses());
    assertEquals(0, l.total());
  }
}
