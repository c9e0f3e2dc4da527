package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.hcs.nativeapi.JobApi;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the host end of a child's output pipe with {@code ReadFile} until the pipe ends (every
 * write end closed: {@code ERROR_BROKEN_PIPE}), on a thread of its own, then closes the handle
 * itself, so no handle is ever closed under a running read. Keeps the first {@code cap} bytes
 * and drains the rest, so a chatty child never blocks on a full pipe.
 */
final class PipeReader {

  private PipeReader() {}

  static CompletableFuture<byte[]> read(JobApi api, Pointer handle, int cap, String threadName) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).name(threadName).start(() -> {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      IntByReference n = new IntByReference();
      try {
        while (api.ReadFile(handle, buffer, buffer.length, n, null)) {
          kept.write(buffer, 0, Math.min(n.getValue(), Math.max(0, cap - kept.size())));
        }
      } finally {
        Win32.close(api, handle);
        result.complete(kept.toByteArray());
      }
    });
    return result;
  }

  /** Copies the pipe into {@code sink} until it ends, then closes both; completes with no bytes kept. */
  static CompletableFuture<byte[]> copy(JobApi api, Pointer handle, OutputStream sink, String threadName) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).name(threadName).start(() -> {
      byte[] buffer = new byte[64 * 1024];
      IntByReference n = new IntByReference();
      try (sink) {
        while (api.ReadFile(handle, buffer, buffer.length, n, null)) {
          sink.write(buffer, 0, n.getValue());
          sink.flush();
        }
      } catch (java.io.IOException e) {
        // The log's reader is gone: what is left of the pipe is read and dropped below.
        while (api.ReadFile(handle, buffer, buffer.length, n, null)) {
          // drop
        }
      } finally {
        Win32.close(api, handle);
        result.complete(new byte[0]);
      }
    });
    return result;
  }
}
