package hub.stream;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * Facts every stream store shares: how epochs are made and how long an idempotency key is remembered.
 */
public final class Streams {

  /** A publish repeated with the same idempotency key within this time returns the first result. */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
  /** Idempotency keys remembered per channel; the oldest are forgotten first beyond this. */
  public static final int MAX_IDEMPOTENCY_KEYS = 1024;
  /**
   * How long a clustered store remembers that it applied one append call, to recognise the same call retried after
   * its owner died (a retry comes within the cluster's failure-detection time, seconds).
   */
  public static final Duration CALL_WINDOW = Duration.ofMinutes(1);
  /** Store call ids remembered per channel; the oldest are forgotten first beyond this. */
  public static final int MAX_CALLS = 1024;
  /** Longest accepted idempotency key. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final int EPOCH_LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Streams() {
  }

  /**
   * A fresh epoch: 8 random letters, as Centrifuge makes them. A new epoch is taken whenever a stream starts anew
   * (first use, lost, expired, forked), so a position from before can never be mistaken for one after.
   */
  public static String newEpoch() {
    char[] epoch = new char[EPOCH_LENGTH];
    for (int i = 0; i < EPOCH_LENGTH; i++) {
      epoch[i] = LETTERS[RANDOM.nextInt(LETTERS.length)];
    }
    return new String(epoch);
  }

  /** A store call id: random, never 0 (which means "none"). */
  public static long newCallId() {
    long id;
    do {
      id = RANDOM.nextLong();
    } while (id == 0);
    return id;
  }
}
