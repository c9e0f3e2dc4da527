package dev.coracle.cni.config;

import static dev.coracle.cni.config.TestFiles.binary;
import static dev.coracle.cni.config.TestFiles.conflist;
import static dev.coracle.cni.config.TestFiles.file;
import static dev.coracle.cni.config.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfDirWatcherTest {

  // Long enough that no poll comes in the middle of a test; inotify does the work.
  private static final Duration NO_POLL = Duration.ofSeconds(30);
  private static final Duration FAST_POLL = Duration.ofMillis(50);
  private static final Duration DEBOUNCE = Duration.ofMillis(100);

  @TempDir Path dir;
  private Path conf;
  private Path bin;
  private PluginPaths plugins;
  private final BlockingQueue<Optional<NetworkConfigList>> events = new LinkedBlockingQueue<>();
  private final List<ConfDirWatcher> watchers = new ArrayList<>();

  @BeforeEach
  void binaries() throws Exception {
    conf = dir.resolve("net.d");
    bin = dir.resolve("bin");
    plugins = new PluginPaths(List.of(bin));
    binary(bin, "bridge");
    binary(bin, "portmap");
  }

  @AfterEach
  void stop() {
    watchers.forEach(ConfDirWatcher::close);
  }

  private ConfDirWatcher watch(Duration poll, Duration debounce) {
    ConfDirWatcher w = ConfDirWatcher.start(conf, plugins, events::add, poll, debounce);
    watchers.add(w);
    return w;
  }

  private Optional<NetworkConfigList> next() throws InterruptedException {
    Optional<NetworkConfigList> event = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(event, "no change reported within 5 s");
    return event;
  }

  private static String name(Optional<NetworkConfigList> event) {
    return event.map(NetworkConfigList::name).orElse("<none>");
  }

  @Test
  void start_readsTheDefaultNow() throws Exception {
    write(conf, "10-a.conflist", conflist("a", "bridge"));

    ConfDirWatcher w = watch(NO_POLL, DEBOUNCE);

    assertEquals("a", w.current().orElseThrow().name());
    assertEquals("", w.notReadyReason());
  }

  @Test
  void watch_aConfigAddedThenEditedThenRemoved_isOneEventEach() throws Exception {
    Files.createDirectories(conf);
    // A debounce well above the few microseconds between an editor's writes.
    ConfDirWatcher w = watch(NO_POLL, Duration.ofMillis(400));
    assertTrue(w.current().isEmpty());
    assertEquals("no CNI network config in " + conf, w.notReadyReason());

    Path file = write(conf, "10-a.conflist", conflist("a", "bridge"));
    assertEquals("a", name(next()));

    // An editor saving in place: truncate, then the new text in several writes.
    byte[] edited = conflist("b", "bridge", "portmap").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int at = 0; at < edited.length; at += 16) {
        ch.write(ByteBuffer.wrap(edited, at, Math.min(16, edited.length - at)));
      }
    }
    assertEquals("b", name(next()));

    Files.delete(file);
    assertEquals("<none>", name(next()));

    assertTrue(events.isEmpty(), "one event per change, none between: " + events);
    assertTrue(w.current().isEmpty());
  }

  @Test
  void watch_aConfDirMadeAfterStart_isPickedUp() throws Exception {
    ConfDirWatcher w = watch(FAST_POLL, DEBOUNCE);
    assertTrue(w.notReadyReason().endsWith(conf + " does not exist"), w.notReadyReason());

    write(conf, "10-late.conflist", conflist("late", "bridge"));

    assertEquals("late", name(next()));
    assertEquals("late", w.current().orElseThrow().name());
  }

  @Test
  void watch_aConfDirRemovedAndMadeAgain_isWatchedAnew() throws Exception {
    Path file = write(conf, "10-a.conflist", conflist("a", "bridge"));
    watch(FAST_POLL, DEBOUNCE);

    Files.delete(file);
    Files.delete(conf);
    assertEquals("<none>", name(next()));

    write(conf, "10-b.conflist", conflist("b", "bridge"));
    assertEquals("b", name(next()));
  }

  @Test
  void watch_pluginsAppearing_makeTheConfiguredNetworkCurrent() throws Exception {
    write(conf, "10-a.conflist", "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\","
        + "\"ipam\":{\"type\":\"host-local\"}},{\"type\":\"tuning\"}]}");
    ConfDirWatcher w = watch(NO_POLL, DEBOUNCE);
    assertTrue(w.current().isEmpty());
    assertEquals("a", w.configured().orElseThrow().name());
    assertEquals("CNI network a (" + conf.resolve("10-a.conflist") + "): plugins host-local, tuning not found in "
        + bin, w.notReadyReason());

    binary(bin, "tuning");
    Path hostLocal = file(bin, "host-local", "rw-r--r--");
    Files.setPosixFilePermissions(hostLocal, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertEquals("a", name(next()));
    assertEquals("", w.notReadyReason());
  }

  @Test
  void watch_anEarlierFileBecomingValid_takesOver() throws Exception {
    Path broken = write(conf, "10-a.conflist", "{\"name\":\"a\"");
    write(conf, "20-b.conflist", conflist("b", "bridge"));
    ConfDirWatcher w = watch(NO_POLL, DEBOUNCE);
    assertEquals("b", w.current().orElseThrow().name());

    Files.writeString(broken, conflist("a", "bridge"));

    assertEquals("a", name(next()));
  }

  @Test
  void watch_aTouchWithoutChange_isNoEvent() throws Exception {
    Path file = write(conf, "10-a.conflist", conflist("a", "bridge"));
    watch(NO_POLL, DEBOUNCE);

    // Replaced whole with the same content (a truncating rewrite would show a half-written file
    // for a moment, which a loaded machine lets the debounce see).
    Path same = write(conf.getParent(), "same.tmp", conflist("a", "bridge"));
    Files.move(same, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    write(conf, "20-b.conflist", conflist("b", "bridge"));
    Files.delete(file);

    // The rewrite and the later file change nothing; the removal makes b the default.
    assertEquals("b", name(next()));
    assertTrue(events.isEmpty(), events.toString());
  }

  @Test
  void close_stopsTheThread() throws Exception {
    ConfDirWatcher w = watch(NO_POLL, DEBOUNCE);
    assertTrue(w.isRunning());

    w.close();

    assertFalse(w.isRunning());
  }
}
