package dev.coracle.critest;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something a runtime does in the background (a container exiting, a log line
 * landing). The limit is generous on purpose: it only stops a broken runtime from hanging the
 * run, it asserts nothing about speed.
 */
final class Poll {

  private static final Duration LIMIT = Duration.ofSeconds(60);

  private Poll() {}

  static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        fail("gave up after " + LIMIT.toSeconds() + " s waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = probe.get();
    }
    return last;
  }
}
