package dev.coracle.core.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The caller's blob stream, buffered. It remembers whether the caller's stream itself failed
 * (a failed download is not a corrupt layer), never closes it (the caller owns it), and
 * answers {@link #available()} with 0 only at the real end of the blob.
 *
 * <p>The last point is for gzip: {@code GZIPInputStream} before JDK 23 reads a further
 * concatenated member only when its input reports bytes available, so a network stream that
 * paused exactly at a member boundary silently cut the layer short.
 */
final class BlobInput extends InputStream {

  private final InputStream source;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean ended;
  private IOException failure;

  BlobInput(InputStream source, int bufferSize) {
    this.source = source;
    this.buffer = new byte[bufferSize];
  }

  /** The failure of the caller's stream, if it failed. */
  IOException failure() {
    return failure;
  }

  /** Up to {@code count} next bytes without consuming them; fewer only at the end of the blob. */
  byte[] peek(int count) throws IOException {
    if (limit - position < count) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
      while (limit < count && !ended) {
        int n = readSource(buffer, limit, buffer.length - limit);
        if (n < 0) {
          ended = true;
        } else {
          limit += n;
        }
      }
    }
    return Arrays.copyOfRange(buffer, position, Math.min(limit, position + count));
  }

  @Override
  public int read() throws IOException {
    return fill() ? buffer[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == limit && length >= buffer.length && !ended) {
      int n = readSource(target, offset, length); // large reads bypass the buffer
      ended = n < 0;
      return n;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    return n;
  }

  /** Blocks until a byte is buffered or the blob has ended: 0 means the end. */
  @Override
  public int available() throws IOException {
    return fill() ? limit - position : 0;
  }

  /** Leaves the caller's stream open. */
  @Override
  public void close() {}

  private boolean fill() throws IOException {
    while (position == limit && !ended) {
      int n = readSource(buffer, 0, buffer.length);
      if (n < 0) {
        ended = true;
      } else {
        position = 0;
        limit = n;
      }
    }
    return position < limit;
  }

  private int readSource(byte[] target, int offset, int length) throws IOException {
    try {
      return source.read(target, offset, length);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
