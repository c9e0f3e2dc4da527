package dev.coracle.hcs.image;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;

/** An entry's bytes copied from the layer tar to a Windows writer in chunks, exactly its size. */
final class EntryData {

  private static final int CHUNK = 64 * 1024;

  /** Where the chunks go. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] bytes, int length);
  }

  private EntryData() {}

  /** @throws InvalidArgumentException when the data ends before {@code size} bytes */
  static void copy(InputStream data, long size, String path, Sink sink) {
    byte[] buffer = new byte[CHUNK];
    long left = size;
    try {
      while (left > 0) {
        int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new InvalidArgumentException(path + " ends " + left + " bytes short of its size " + size);
        }
        sink.write(buffer, n);
        left -= n;
      }
    } catch (IOException e) {
      throw new InternalException("cannot read the layer data of " + path + ": " + e.getMessage(), e);
    }
  }
}
