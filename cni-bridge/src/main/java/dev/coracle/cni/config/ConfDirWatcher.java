package dev.coracle.cni.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the conf dir and the bin dirs and tells a listener whenever the default network
 * changes: a config added, edited, removed, or its plugins appearing or leaving the bin dirs.
 *
 * <p>Changes are seen through inotify on each dir that exists, settled for a debounce delay so
 * an editor's several writes make one event. Every poll interval the dirs are looked at again
 * whatever inotify said: a dir that did not exist (no network yet) is watched once it appears,
 * one removed and made again is watched anew, and changes inotify cannot see (a config that is a
 * symlink into another dir, a full inotify queue, no inotify at all) are still found. One named
 * daemon thread does all of it; {@link #close} stops it.
 *
 * <p>The default network is the first usable config in the conf dir when all its plugins are
 * found; see {@link #notReadyReason()} for why there is none.
 */
public final class ConfDirWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfDirWatcher.class);

  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);
  // A dir written to without pause (a large plugin being copied) still settles in bounded time.
  private static final int MAX_DEBOUNCE_ROUNDS = 20;

  private final Path confDir;
  private final PluginPaths plugins;
  private final Consumer<Optional<NetworkConfigList>> listener;
  private final Duration poll;
  private final Duration debounce;
  private final WatchService watcher;
  private final Map<Path, WatchKey> keys = new LinkedHashMap<>();
  private final Set<ConfigRefusal> logged = new HashSet<>();
  private final Set<Path> unwatchable = new HashSet<>();
  private final Thread thread;
  private volatile NetworkState state;
  private volatile boolean closed;

  private ConfDirWatcher(Path confDir, PluginPaths plugins,
      Consumer<Optional<NetworkConfigList>> listener, Duration poll, Duration debounce) {
    this.confDir = confDir;
    this.plugins = plugins;
    this.listener = listener;
    this.poll = poll;
    this.debounce = debounce;
    this.watcher = newWatchService();
    this.thread = Thread.ofPlatform().daemon().name("cni-conf-watcher").unstarted(this::run);
  }

  /** Watches with the default poll interval (2 s) and debounce delay (100 ms). */
  public static ConfDirWatcher start(Path confDir, PluginPaths plugins,
      Consumer<Optional<NetworkConfigList>> listener) {
    return start(confDir, plugins, listener, DEFAULT_POLL, DEFAULT_DEBOUNCE);
  }

  /**
   * Reads the default network now (so {@link #current()} is right on return) and watches for
   * changes. The listener is called on the watcher's thread, only for changes after this call.
   */
  public static ConfDirWatcher start(Path confDir, PluginPaths plugins,
      Consumer<Optional<NetworkConfigList>> listener, Duration poll, Duration debounce) {
    if (poll.isNegative() || poll.isZero() || debounce.isNegative()) {
      throw new IllegalArgumentException("poll must be positive and debounce not negative");
    }
    ConfDirWatcher w = new ConfDirWatcher(confDir, plugins, listener, poll, debounce);
    w.watchDirs();
    w.state = w.read();
    w.report(w.state, null);
    w.thread.start();
    return w;
  }

  /** The default network now: the first usable config, all its plugins found. */
  public Optional<NetworkConfigList> current() {
    return state.current();
  }

  /** The first usable config, whether its plugins are found or not. */
  public Optional<NetworkConfigList> configured() {
    return state.configured();
  }

  /** Why there is no default network (for {@code NetworkReady=false}); empty when there is one. */
  public String notReadyReason() {
    return state.reason();
  }

  boolean isRunning() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    closed = true;
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.debug("closing the CNI conf dir watch: {}", e.toString());
      }
    }
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!closed) {
        watchDirs();
        refresh();
        if (await(poll)) {
          settle();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closing
    }
  }

  /** Waits until no change has come for the debounce delay. */
  private void settle() throws InterruptedException {
    for (int i = 0; i < MAX_DEBOUNCE_ROUNDS && !closed && await(debounce); i++) {
      // another change came: wait again
    }
  }

  /** Waits up to {@code timeout} for changes in a watched dir; true when some came. */
  private boolean await(Duration timeout) throws InterruptedException {
    if (watcher == null) {
      Thread.sleep(timeout);
      return false;
    }
    WatchKey key = watcher.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (key == null) {
      return false;
    }
    while (key != null) {
      key.pollEvents();
      key.reset();
      key = watcher.poll();
    }
    return true;
  }

  private void refresh() {
    NetworkState before = state;
    try {
      NetworkState now = read();
      state = now;
      report(now, before);
      if (!now.current().equals(before.current())) {
        listener.accept(now.current());
      }
    } catch (RuntimeException e) {
      log.warn("CNI conf dir watch of {}: {}", confDir, e.toString(), e);
    }
  }

  private NetworkState read() {
    return NetworkState.of(confDir, plugins);
  }

  /** Logs refusals once each (not at every poll) and changes of the default network. */
  private void report(NetworkState now, NetworkState before) {
    Set<ConfigRefusal> refusals = new LinkedHashSet<>(now.refusals());
    for (ConfigRefusal refusal : refusals) {
      if (!logged.contains(refusal)) {
        log.warn("{}; skipped", refusal.message());
      }
    }
    logged.retainAll(refusals);
    logged.addAll(refusals);
    if (before != null && now.current().equals(before.current()) && now.reason().equals(before.reason())) {
      return;
    }
    now.current().ifPresentOrElse(
        n -> log.info("default CNI network: {} ({})", n.name(), n.source()),
        () -> log.info("no default CNI network: {}", now.reason()));
  }

  /** Watches each dir that exists and is not watched yet; forgets those gone. */
  private void watchDirs() {
    if (watcher == null) {
      return;
    }
    List<Path> dirs = new ArrayList<>();
    dirs.add(confDir);
    dirs.addAll(plugins.dirs());
    for (Path dir : new LinkedHashSet<>(dirs)) {
      WatchKey key = keys.get(dir);
      if (key != null && !key.isValid()) {
        keys.remove(dir);
        key = null;
      }
      if (key == null && Files.isDirectory(dir)) {
        try {
          keys.put(dir, dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
          unwatchable.remove(dir);
        } catch (IOException e) {
          if (unwatchable.add(dir)) {
            log.warn("cannot watch {} for CNI changes ({}); looking every {} ms instead", dir,
                e.toString(), poll.toMillis());
          }
        }
      }
    }
  }

  private static WatchService newWatchService() {
    try {
      return FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      log.warn("no file watch for CNI configs ({}); looking for changes by polling only", e.toString());
      return null;
    }
  }
}
