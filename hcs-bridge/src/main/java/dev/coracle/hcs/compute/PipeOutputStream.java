package dev.coracle.hcs.compute;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.hcs.nativeapi.Kernel32;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/** A process's stdin through synchronous {@code WriteFile} on its pipe (WINDOWS.md §2c). */
final class PipeOutputStream extends OutputStream {

  private final PipeHandle pipe;

  PipeOutputStream(PipeHandle pipe) {
    this.pipe = pipe;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    Pointer handle = pipe.acquire();
    if (handle == null) {
      throw new IOException("stdin is closed");
    }
    try {
      Kernel32 kernel32 = pipe.kernel32();
      int done = 0;
      while (done < length) {
        byte[] chunk = offset + done == 0 ? buffer : Arrays.copyOfRange(buffer, offset + done, offset + length);
        IntByReference written = new IntByReference();
        if (!kernel32.WriteFile(handle, chunk, length - done, written, null)) {
          throw new IOException("WriteFile on stdin failed: Win32 error " + kernel32.lastError());
        }
        done += written.getValue();
      }
    } finally {
      pipe.release();
    }
  }

  /** Closes the pipe handle, once: the process reads end of input. */
  @Override
  public void close() {
    pipe.close();
  }
}
