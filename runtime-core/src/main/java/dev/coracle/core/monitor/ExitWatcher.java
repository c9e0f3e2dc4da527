package dev.coracle.core.monitor;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports containers' exits from conmon's exit directory, where conmon writes a file named by
 * the container ID holding the exit code as text. conmon writes it to a temporary name
 * ({@code <id>.XXXXXX}) and renames it, so a file under an ID's name is always complete;
 * the temporary names hold a dot, which no container ID here does, and are ignored.
 *
 * <p>Each exit is reported once, whether found by {@link #scan} or by the watch; deleting the
 * file (when the container is removed) forgets it, so a new file of that name is news again.
 */
public final class ExitWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExitWatcher.class);

  private final Path exitDir;
  private final Consumer<ContainerExit> listener;
  private final WatchService watchService;
  private final Thread thread;
  /** The exit files reported so far, by name, with the modification time they had then. */
  private final Map<String, FileTime> reported = new HashMap<>();

  private ExitWatcher(Path exitDir, Consumer<ContainerExit> listener) throws IOException {
    this.exitDir = exitDir;
    this.listener = listener;
    this.watchService = exitDir.getFileSystem().newWatchService();
    exitDir.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
    this.thread = Thread.ofPlatform().daemon().name("exit-watcher " + exitDir).unstarted(this::watch);
  }

  /**
   * Starts watching {@code exitDir} (created if missing); {@code listener} hears each new exit
   * on the watcher's own thread. Exits recorded before this call are not heard: get them from
   * {@link #scan}, after this call so that none falls between the two.
   */
  public static ExitWatcher start(Path exitDir, Consumer<ContainerExit> listener) throws IOException {
    Files.createDirectories(exitDir);
    ExitWatcher watcher = new ExitWatcher(exitDir, listener);
    watcher.thread.start();
    return watcher;
  }

  /** The exits already recorded in the directory that have not been reported yet. */
  public List<ContainerExit> scan() throws IOException {
    List<ContainerExit> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(exitDir)) {
      for (Path file : files) {
        claim(file.getFileName().toString()).ifPresent(found::add);
      }
    }
    return found;
  }

  /** Reads one container's exit file; empty when there is none (yet) or it is not readable. */
  public static Optional<ContainerExit> read(Path exitDir, String containerId) {
    Path file = exitDir.resolve(containerId);
    try {
      FileTime time = Files.getLastModifiedTime(file);
      String text = Files.readString(file).strip();
      return Optional.of(new ContainerExit(containerId, Integer.parseInt(text), time.toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      log.warn("unreadable exit file {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    watchService.close();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          handle(event);
        }
        if (!key.reset()) {
          log.error("exit directory {} is gone: no more container exits will be seen", exitDir);
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // close() was called.
    }
  }

  private void handle(WatchEvent<?> event) {
    if (event.kind() == OVERFLOW) {
      try {
        scan().forEach(this::tell);
      } catch (IOException e) {
        log.error("cannot rescan exit directory {}: {}", exitDir, e.toString());
      }
      return;
    }
    String name = event.context().toString();
    if (event.kind() == ENTRY_DELETE) {
      synchronized (reported) {
        reported.remove(name);
      }
    } else {
      claim(name).ifPresent(this::tell);
    }
  }

  /** The exit recorded under {@code name} if it is one and was not reported yet; marks it reported. */
  private Optional<ContainerExit> claim(String name) {
    if (name.startsWith(".") || name.contains(".")) {
      return Optional.empty();
    }
    Optional<ContainerExit> exit = read(exitDir, name);
    if (exit.isEmpty()) {
      return exit;
    }
    FileTime time = FileTime.from(exit.get().exitTime());
    synchronized (reported) {
      return time.equals(reported.put(name, time)) ? Optional.empty() : exit;
    }
  }

  private void tell(ContainerExit exit) {
    try {
      listener.accept(exit);
    } catch (RuntimeException e) {
      log.error("the exit listener failed on {}", exit, e);
    }
  }
}
