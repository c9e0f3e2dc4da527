package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.hcs.nativeapi.Kernel32;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** A process's stdout or stderr through synchronous {@code ReadFile} on its pipe (WINDOWS.md §2c). */
final class PipeInputStream extends InputStream {

  private final PipeHandle pipe;
  private final String name;

  PipeInputStream(PipeHandle pipe, String name) {
    this.pipe = pipe;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    Pointer handle = pipe.acquire();
    if (handle == null) {
      throw new IOException(name + " is closed");
    }
    try {
      byte[] chunk = offset == 0 ? buffer : new byte[length];
      IntByReference read = new IntByReference();
      Kernel32 kernel32 = pipe.kernel32();
      if (!kernel32.ReadFile(handle, chunk, length, read, null)) {
        int error = kernel32.lastError();
        if (error == Kernel32.ERROR_BROKEN_PIPE || error == Kernel32.ERROR_HANDLE_EOF) {
          return -1;
        }
        throw new IOException("ReadFile on " + name + " failed: Win32 error " + error);
      }
      int n = read.getValue();
      if (n == 0) {
        return -1;
      }
      if (chunk != buffer) {
        System.arraycopy(chunk, 0, buffer, offset, n);
      }
      return n;
    } finally {
      pipe.release();
    }
  }

  /** Closes the pipe handle, once. */
  @Override
  public void close() {
    pipe.close();
  }
}
