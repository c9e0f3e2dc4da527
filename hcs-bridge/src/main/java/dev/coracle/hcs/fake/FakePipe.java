package dev.coracle.hcs.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** An anonymous pipe between the host and a fake process: bytes in order, end of stream when the writer closes. */
final class FakePipe {

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean writerClosed;
  private boolean readerClosed;

  synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (readerClosed) {
      throw new IOException("the pipe's reader is closed");
    }
    if (writerClosed) {
      throw new IOException("the pipe's writer is closed");
    }
    pending.write(bytes, offset, length);
    notifyAll();
  }

  /** Blocks for data; -1 at the end of the stream. */
  synchronized int read(byte[] bytes, int offset, int length) throws InterruptedException {
    while (pending.size() == 0 && !writerClosed && !readerClosed) {
      wait();
    }
    if (pending.size() == 0) {
      return -1;
    }
    byte[] all = pending.toByteArray();
    int n = Math.min(length, all.length);
    System.arraycopy(all, 0, bytes, offset, n);
    pending.reset();
    pending.write(all, n, all.length - n);
    return n;
  }

  synchronized void closeWriter() {
    writerClosed = true;
    notifyAll();
  }

  synchronized void closeReader() {
    readerClosed = true;
    notifyAll();
  }

  /** The reading end as a stream, for the process side. */
  InputStream inputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        try {
          return FakePipe.this.read(b, off, len);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("terminated");
        }
      }
    };
  }

  /** The writing end as a stream, for the process side. */
  OutputStream outputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        FakePipe.this.write(b, off, len);
      }
    };
  }
}
