package dev.coracle.hcs.document;

/** Byte counts as the MB numbers HCS takes (WINDOWS.md §2b, §8). */
final class Megabytes {

  static final long MIB = 1024 * 1024;

  private Megabytes() {}

  /** Whole MB, rounded down: a container's limit at create (WINDOWS.md §8). */
  static long floor(long bytes) {
    return bytes / MIB;
  }

  /**
   * MB rounded up to an even number: updates and utility VM sizes, as hcsshim rounds them
   * (WINDOWS.md §2b, §8).
   */
  static long evenCeiling(long bytes) {
    long mb = Math.ceilDiv(bytes, MIB);
    return evenCeilingOfMb(mb);
  }

  static long evenCeilingOfMb(long mb) {
    return mb % 2 == 0 ? mb : mb + 1;
  }
}
