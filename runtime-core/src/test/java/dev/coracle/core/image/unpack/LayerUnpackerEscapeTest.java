package dev.coracle.core.image.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.Compression;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No layer entry may create or change anything outside the layer root. Each test unpacks into
 * {@code base/layer} next to {@code base/outside/keep} and checks, afterwards, that everything
 * outside the layer is exactly as before.
 */
class LayerUnpackerEscapeTest {

  private final LinuxSyscalls sys = LinuxSyscalls.get();
  private final LayerUnpacker unpacker = new LayerUnpacker(sys);

  @TempDir
  Path base;
  Path layer;
  Path outside;
  /** A name that exists nowhere on this machine, to detect writes through a link to "/". */
  private static final String UNIQUE = "coracle-escape-" + UUID.randomUUID();
  private Map<String, String> before;

  @BeforeEach
  void createLayerAndOutside() throws IOException {
    layer = Files.createDirectory(base.resolve("layer"));
    outside = Files.createDirectory(base.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "original");
    before = snapshotOutsideLayer();
  }

  @AfterEach
  void nothingOutsideTheLayerChanged() throws IOException {
    assertEquals(before, snapshotOutsideLayer());
    assertFalse(Files.exists(Path.of("/", UNIQUE), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(Path.of("/etc", UNIQUE), LinkOption.NOFOLLOW_LINKS));
    assertNull(sys.lgetxattr(outside, "trusted.overlay.opaque"));
  }

  /** Each case: a layer (given the absolute path of "outside") and the entry it must refuse. */
  static Stream<Arguments> escapes() {
    return Stream.of(
        refused("../x", o -> new TestLayer().file("../x", "escaped")),
        refused("a/../../x", o -> new TestLayer().dir("a").file("a/../../x", "escaped")),
        refused("/../outside/keep", o -> new TestLayer().file("/../outside/keep", "overwritten")),
        refused("evil/" + UNIQUE, o -> new TestLayer().symlink("evil", "/").file("evil/" + UNIQUE, "escaped")),
        refused("evil/etc/" + UNIQUE, o -> new TestLayer().symlink("evil", "/").file("evil/etc/" + UNIQUE, "x")),
        refused("evil/keep", o -> new TestLayer().symlink("evil", o).file("evil/keep", "overwritten")),
        refused("evil/x", o -> new TestLayer().symlink("evil", "../..").file("evil/x", "escaped")),
        refused("evil/sub/x", o -> new TestLayer().symlink("evil", "..").file("evil/sub/x", "escaped")),
        refused("evil/d/", o -> new TestLayer().symlink("evil", o).dir("evil/d")),
        refused("evil/l", o -> new TestLayer().symlink("evil", o).symlink("evil/l", "/etc/passwd")),
        refused("evil/fifo", o -> new TestLayer().symlink("evil", o).node("evil/fifo", TarConstants.LF_FIFO, 0, 0)),
        refused("evil/null", o -> new TestLayer().symlink("evil", o).node("evil/null", TarConstants.LF_CHR, 1, 3)),
        refused("a/evil/x", o -> new TestLayer().dir("a").symlink("a/evil", o).file("a/evil/x", "escaped")),
        refused("h", o -> new TestLayer().hardLink("h", "../../outside/keep")),
        refused("h", o -> new TestLayer().hardLink("h", "../outside/keep")),
        refused("h", o -> new TestLayer().hardLink("h", o + "/keep")),
        refused("h", o -> new TestLayer().symlink("esc", "../outside/keep").hardLink("h", "esc")),
        refused("h", o -> new TestLayer().symlink("evil", o).hardLink("h", "evil/keep")),
        refused("evil/h", o -> new TestLayer().file("f", "x").symlink("evil", o).hardLink("evil/h", "f")),
        refused("../.wh.x", o -> new TestLayer().file("../.wh.x", "")),
        refused("../.wh.outside", o -> new TestLayer().file("../.wh.outside", "")),
        refused("a/.wh...", o -> new TestLayer().dir("a").file("a/.wh...", "")),
        refused("evil/.wh.keep", o -> new TestLayer().symlink("evil", o).file("evil/.wh.keep", "")),
        refused("evil/.wh..wh..opq", o -> new TestLayer().symlink("evil", o).file("evil/.wh..wh..opq", "")),
        refused("./", o -> new TestLayer().symlink("./", o)));
  }

  private static Arguments refused(String entry, Function<String, TestLayer> layer) {
    return Arguments.of(entry, layer);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void unpack_escapingEntry_isRefusedNamingTheEntry(String entry, Function<String, TestLayer> layerOf) {
    byte[] tar = layerOf.apply(outside.toString()).tar();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer));

    assertTrue(e.getMessage().startsWith("layer entry \"" + entry + "\" "), e.getMessage());
  }

  @Test
  void unpack_escapeMessage_saysWhy() {
    byte[] tar = new TestLayer().file("../../etc/passwd", "x").tar();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer));

    assertEquals("layer entry \"../../etc/passwd\" would be written outside the layer root", e.getMessage());
  }

  @Test
  void unpack_absoluteName_landsInsideTheLayer() throws IOException {
    byte[] tar = new TestLayer().file("/etc/" + UNIQUE, "inside").tar();

    unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer);

    assertEquals("inside", Files.readString(layer.resolve("etc/" + UNIQUE)));
  }

  @Test
  void unpack_dotDotThatStaysInside_isNormalised() throws IOException {
    byte[] tar = new TestLayer().dir("a").file("a/../b", "b").tar();

    unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer);

    assertEquals("b", Files.readString(layer.resolve("b")));
  }

  @Test
  void unpack_existingSymlinkAtTheEntrysName_isReplacedNotFollowed() throws IOException {
    byte[] tar = new TestLayer()
        .symlink("f", outside.resolve("keep").toString())
        .file("f", "replaced the link")
        .symlink("d", outside.toString())
        .dir("d")
        .file("d/keep", "inside")
        .symlink("n", outside.resolve("keep").toString())
        .node("n", TarConstants.LF_FIFO, 0, 0)
        .symlink("w", outside.resolve("keep").toString())
        .file(".wh.w", "")
        .tar();

    unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer);

    assertEquals("replaced the link", Files.readString(layer.resolve("f")));
    assertFalse(Files.isSymbolicLink(layer.resolve("f")));
    assertEquals("inside", Files.readString(layer.resolve("d/keep")));
    assertTrue(Files.isDirectory(layer.resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.isSymbolicLink(layer.resolve("n")));
    assertFalse(Files.isSymbolicLink(layer.resolve("w")));
  }

  @Test
  void unpack_hardLinkToASymlinkThatStaysInside_isAllowed() throws IOException {
    byte[] tar = new TestLayer()
        .symlink("sh", "/bin/busybox")
        .symlink("rel", "a/../b")
        .hardLink("sh2", "sh")
        .hardLink("rel2", "rel")
        .tar();

    unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer);

    assertEquals("/bin/busybox", Files.readSymbolicLink(layer.resolve("sh2")).toString());
    assertEquals(Files.getAttribute(layer.resolve("rel"), "unix:ino", LinkOption.NOFOLLOW_LINKS),
        Files.getAttribute(layer.resolve("rel2"), "unix:ino", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void unpack_hardLinkToAMissingEntry_isRefused() {
    byte[] tar = new TestLayer().hardLink("h", "nowhere").tar();

    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> unpacker.unpack(new ByteArrayInputStream(tar), Compression.NONE, layer));

    assertEquals("layer entry \"h\" is a hard link to \"nowhere\", which no earlier entry of this layer created",
        e.getMessage());
  }

  /** Every path under base except inside the layer, with its kind, content and mode. */
  private Map<String, String> snapshotOutsideLayer() throws IOException {
    Map<String, String> snapshot = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(base)) {
      for (Path path : paths.filter(p -> !p.startsWith(layer)).toList()) {
        Map<String, Object> attrs =
            Files.readAttributes(path, "unix:mode,uid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.readString(path) : "";
        snapshot.put(base.relativize(path).toString(), attrs.get("mode") + " " + attrs.get("uid") + " "
            + attrs.get("lastModifiedTime") + " " + content);
      }
    }
    return snapshot;
  }

}
