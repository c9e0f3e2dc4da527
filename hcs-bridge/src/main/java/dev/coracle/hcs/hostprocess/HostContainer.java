package dev.coracle.hcs.hostprocess;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One HostProcess container while this daemon knows it: its job, its files, and once started
 * its entrypoint. The job handle is used and closed under this object's lock, so the exit
 * watcher's terminate never meets a closed handle.
 */
final class HostContainer {

  /**
   * The running entrypoint: what exec reuses of it (environment, directory, account), its exit
   * watcher and the readers of its output, which remove waits for so no handle outlives it.
   */
  record Started(int pid, LaunchSpec spec, Optional<ServiceAccount> account, Thread watcher,
      List<CompletableFuture<byte[]>> readers) {}

  private final String id;
  private final JobObject job;
  private final RootfsMount.Rootfs rootfs;
  private final CountDownLatch exited = new CountDownLatch(1);
  private final AtomicBoolean delivered = new AtomicBoolean();
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile Started started;
  private volatile IntConsumer onExit = code -> {};

  HostContainer(String id, JobObject job, RootfsMount.Rootfs rootfs) {
    this.id = id;
    this.job = job;
    this.rootfs = rootfs;
  }

  String id() {
    return id;
  }

  RootfsMount.Rootfs rootfs() {
    return rootfs;
  }

  JobObject job() {
    return job;
  }

  /** True for the one caller that may start the entrypoint; a failed start is not retried. */
  boolean claimStart() {
    return claimed.compareAndSet(false, true);
  }

  /** Set before the watcher starts, so no exit goes unheard. */
  void onExit(IntConsumer listener) {
    this.onExit = listener;
  }

  void started(Started value) {
    this.started = value;
  }

  Optional<Started> started() {
    return Optional.ofNullable(started);
  }

  boolean hasExited() {
    return exited.getCount() == 0;
  }

  /** The entrypoint ended with {@code code}: the listener hears it once. */
  void exited(int code) {
    exited.countDown();
    if (delivered.compareAndSet(false, true)) {
      onExit.accept(code);
    }
  }

  boolean awaitExit(Duration timeout) {
    try {
      return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends every process of the job; nothing once the job is closed. */
  synchronized void terminate(int exitCode) {
    job.terminate(exitCode);
  }

  synchronized void closeJob() {
    job.close();
  }

  /** A call that needs the open job, under the lock. */
  synchronized <T> T withJob(java.util.function.Function<JobObject, T> call) {
    return call.apply(job);
  }

  static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
