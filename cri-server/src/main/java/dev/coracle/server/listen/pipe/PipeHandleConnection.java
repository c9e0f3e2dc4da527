package dev.coracle.server.listen.pipe;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;

/**
 * A connected pipe instance as a {@link PipeConnection}.
 *
 * <p>The handle is overlapped (WINDOWS.md §10) although each call here blocks its thread: on a
 * synchronous handle Windows runs one I/O at a time, so a read waiting for the client would
 * hold back every write, and HTTP/2 needs both at once. Each direction has its own
 * {@code OVERLAPPED}, event and buffer and waits in {@code GetOverlappedResult}; {@link #close}
 * wakes a waiting call with {@code CancelIoEx} and the handles are released only once no call
 * uses them any more (the system writes into the buffers until the call completes).
 */
final class PipeHandleConnection implements PipeConnection {

  static final int BUFFER_BYTES = 64 * 1024;

  private final PipeApi api;
  private final Pointer pipe;
  private final Direction reading;
  private final Direction writing;
  private final Object lock = new Object();
  private boolean closed;
  private int inFlight;

  private record Direction(Overlapped overlapped, Memory buffer) {}

  /** Takes over {@code pipe}: it is closed here, on failure too. */
  static PipeHandleConnection open(PipeApi api, Pointer pipe) throws IOException {
    Pointer readEvent = api.CreateEventW(null, true, false, null);
    if (readEvent == null) {
      int error = api.GetLastError();
      api.CloseHandle(pipe);
      throw new IOException("CreateEventW failed: Windows error " + error);
    }
    Pointer writeEvent = api.CreateEventW(null, true, false, null);
    if (writeEvent == null) {
      int error = api.GetLastError();
      api.CloseHandle(readEvent);
      api.CloseHandle(pipe);
      throw new IOException("CreateEventW failed: Windows error " + error);
    }
    return new PipeHandleConnection(api, pipe, readEvent, writeEvent);
  }

  private PipeHandleConnection(PipeApi api, Pointer pipe, Pointer readEvent, Pointer writeEvent) {
    this.api = api;
    this.pipe = pipe;
    this.reading = new Direction(new Overlapped(readEvent), new Memory(BUFFER_BYTES));
    this.writing = new Direction(new Overlapped(writeEvent), new Memory(BUFFER_BYTES));
  }

  Pointer handle() {
    return pipe;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (true) {
      if (!begin()) {
        return -1;
      }
      int count;
      try {
        Pointer overlapped = reading.overlapped().reset();
        boolean done = api.ReadFile(pipe, reading.buffer(), Math.min(length, BUFFER_BYTES), null, overlapped);
        count = complete(done, overlapped);
        if (count > 0) {
          reading.buffer().read(0, buffer, offset, count);
        }
      } finally {
        end();
      }
      if (count != 0) {
        return count;
      }
      // A zero-byte message from the client: nothing to hand on, read again.
    }
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    int written = 0;
    while (written < length) {
      if (!begin()) {
        throw new IOException("the pipe connection is closed");
      }
      try {
        int chunk = Math.min(length - written, BUFFER_BYTES);
        writing.buffer().write(0, buffer, offset + written, chunk);
        Pointer overlapped = writing.overlapped().reset();
        boolean done = api.WriteFile(pipe, writing.buffer(), chunk, null, overlapped);
        int count = complete(done, overlapped);
        if (count < 0) {
          throw new IOException("the pipe client has gone");
        }
        written += count;
      } finally {
        end();
      }
    }
  }

  /**
   * Waits for the operation just started; its byte count, or -1 when the client has gone or
   * the connection was closed meanwhile.
   */
  private int complete(boolean done, Pointer overlapped) throws IOException {
    if (!done) {
      int error = api.GetLastError();
      if (error == PipeApi.ERROR_BROKEN_PIPE || error == PipeApi.ERROR_NO_DATA
          || error == PipeApi.ERROR_PIPE_NOT_CONNECTED) {
        return -1;
      }
      if (error != PipeApi.ERROR_IO_PENDING) {
        throw new IOException("pipe I/O failed: Windows error " + error);
      }
      cancelIfClosed(overlapped);
    }
    IntByReference transferred = new IntByReference();
    if (api.GetOverlappedResult(pipe, overlapped, transferred, true)) {
      return transferred.getValue();
    }
    int error = api.GetLastError();
    return switch (error) {
      case PipeApi.ERROR_BROKEN_PIPE, PipeApi.ERROR_NO_DATA, PipeApi.ERROR_PIPE_NOT_CONNECTED,
          PipeApi.ERROR_OPERATION_ABORTED -> -1;
      default -> throw new IOException("pipe I/O failed: Windows error " + error);
    };
  }

  /** A close that came between our check and the call could not cancel it: cancel it now. */
  private void cancelIfClosed(Pointer overlapped) {
    synchronized (lock) {
      if (closed) {
        api.CancelIoEx(pipe, overlapped);
      }
    }
  }

  private boolean begin() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  private void end() {
    synchronized (lock) {
      inFlight--;
      if (closed && inFlight == 0) {
        release();
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (inFlight > 0) {
        api.CancelIoEx(pipe, null);
      } else {
        release();
      }
    }
  }

  private void release() {
    api.DisconnectNamedPipe(pipe);
    api.CloseHandle(pipe);
    api.CloseHandle(reading.overlapped().event());
    api.CloseHandle(writing.overlapped().event());
  }
}
