package dev.coracle.hcs.compute;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps one HCS handle from being closed under a call that uses it: closing a handle that a
 * running call holds crashed {@code computecore.dll} (WINDOWS.md §1.1). Calls share the
 * handle; {@link #close} waits for them (each is bounded by its timeout) and runs once.
 */
final class HandleGuard {

  private final String what;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  HandleGuard(String what) {
    this.what = what;
  }

  <T> T use(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(what + " is closed");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  void use(Runnable call) {
    use(() -> {
      call.run();
      return null;
    });
  }

  /** Runs {@code closer} the first time only, once no call is using the handle. */
  void close(Runnable closer) {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closer.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
