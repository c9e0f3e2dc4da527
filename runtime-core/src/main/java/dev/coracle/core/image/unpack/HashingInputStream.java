package dev.coracle.core.image.unpack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes every byte that passes, skipped ones too: the tar reader skips entry data it was not
 * asked for and the padding after the end-of-archive marker, and a diff ID covers all of it
 * ({@code java.security.DigestInputStream} would let skipped bytes bypass the hash).
 */
final class HashingInputStream extends FilterInputStream {

  private final MessageDigest digest;
  private final byte[] skipBuffer = new byte[8192];
  private long count;

  HashingInputStream(InputStream in, MessageDigest digest) {
    super(in);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    int n = in.read(target, offset, length);
    if (n > 0) {
      digest.update(target, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long count) throws IOException {
    long skipped = 0;
    while (skipped < count) {
      int n = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, count - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
    return skipped;
  }

  /** Bytes hashed so far. */
  long count() {
    return count;
  }

  /** Reads, and so hashes, whatever is left. */
  void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashed by read
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int limit) {}

  @Override
  public void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
