package dev.coracle.core.image.testing;

/**
 * The faults a {@link FaultyProxy} is armed with, shared by all its connections. Both are
 * one-shot: a cut or a corruption disarms itself when it happens.
 */
final class ProxyFaults {

  private static final long DISARMED = -1;

  private long cutAfter = DISARMED;
  private long corruptAt = DISARMED;
  private int cuts;
  private int corruptions;

  synchronized void armCut(long bytes) {
    cutAfter = bytes;
  }

  synchronized void armCorruption(long offset) {
    corruptAt = offset;
  }

  synchronized void reset() {
    cutAfter = DISARMED;
    corruptAt = DISARMED;
  }

  /**
   * How many of {@code length} body bytes may still go to a client; fewer than asked means the
   * connection must be cut right after them.
   */
  synchronized int allow(int length) {
    if (cutAfter == DISARMED || length <= cutAfter) {
      if (cutAfter != DISARMED) {
        cutAfter -= length;
      }
      return length;
    }
    int allowed = (int) cutAfter;
    cutAfter = DISARMED;
    cuts++;
    return allowed;
  }

  /**
   * Hands an armed corruption to a response whose body is long enough ({@code bodyLength} -1:
   * unknown yet). Returns the body offset to flip, or -1 when this response stays intact.
   */
  synchronized long claimCorruption(long bodyLength) {
    if (corruptAt == DISARMED || (bodyLength >= 0 && bodyLength <= corruptAt)) {
      return DISARMED;
    }
    long offset = corruptAt;
    corruptAt = DISARMED;
    return offset;
  }

  /** A body of unknown length ended before the claimed offset: the next one gets the corruption. */
  synchronized void returnCorruption(long offset) {
    if (corruptAt == DISARMED) {
      corruptAt = offset;
    }
  }

  synchronized void corrupted() {
    corruptions++;
  }

  synchronized int cuts() {
    return cuts;
  }

  synchronized int corruptions() {
    return corruptions;
  }
}
