package dev.coracle.hcs.hostprocess;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.coracle.hcs.nativeapi.JobApi;
import java.io.ByteArrayOutputStream;
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
}
