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

  @Test
  void capsTheNodeOverEveryAddressAndSaysWhichCapRefused() {
    AddressLimiter l = new AddressLimiter(2, 3);
    assertEquals(AddressLimiter.Admit.TAKEN, l.admit("10.0.0.1"));
    assertEquals(AddressLimiter.Admit.TAKEN, l.admit("10.0.0.1"));
    assertEquals(AddressLimiter.Admit.ADDRESS_FULL, l.admit("10.0.0.1"));
    assertEquals(2, l.total(), "a refusal by its address gives the node-wide place back");
    assertEquals(AddressLimiter.Admit.TAKEN, l.admit("10.0.0.2"));
    assertEquals(AddressLimiter.Admit.NODE_FULL, l.admit("10.0.0.3"));
    assertEquals(AddressLimiter.Admit.NODE_FULL, l.admit("10.0.0.1"), "the node's cap is checked first");
    assertEquals(3, l.total());
    assertEquals(2, l.addresses(), "an address refused by the node's cap is not remembered");
    l.release("10.0.0.2");
    assertEquals(AddressLimiter.Admit.TAKEN, l.admit("10.0.0.3"));
  }

  @Test
  void theNodeCapHoldsUnderConcurrentAccepts() throws Exception {
    AddressLimiter l = new AddressLimiter(1_000, 50);
    java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] loops = new Thread[4];
    for (int t = 0; t < loops.length; t++) {
      int id = t;
      loops[t] = new Thread(() -> {
        for (int i = 0; i < 1_000; i++) {
          if (l.admit("10.0." + id + "." + (i % 7)) == AddressLimiter.Admit.TAKEN) {
            taken.incrementAndGet();
          }
        }
      });
      loops[t].start();
    }
    for (Thread t : loops) {
      t.join();
    }
    assertEquals(50, taken.get());
    assertEquals(50, l.total());
  }
}
