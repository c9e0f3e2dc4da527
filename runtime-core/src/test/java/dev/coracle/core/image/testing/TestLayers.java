package dev.coracle.core.image.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** The contents of the test images' layers. */
final class TestLayers {

  static final Path BUSYBOX = Path.of("/bin/busybox");

  /** The applets linked in /bin: what tests run in containers (sh, id, sleep, httpd, nc, ...). */
  static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "id", "sleep", "true", "false", "env",
      "httpd", "wget", "ps", "mkdir", "rm", "touch", "stat", "head", "tail", "grep", "hostname", "mount",
      "nslookup", "ip", "ifconfig", "nc", "top", "kill", "date", "uname", "which", "find", "xargs", "tr", "wc",
      "sort", "dd", "chmod", "chown", "ln", "readlink", "seq", "printf", "test", "[", "yes", "du", "df", "free");

  static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      daemon:x:1:1:daemon:/usr/sbin:/bin/false
      app:x:1000:1000:app:/home/app:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;

  static final String GROUP = """
      root:x:0:
      daemon:x:1:
      app:x:1000:
      extra:x:2000:app
      nogroup:x:65534:
      """;

  /** Longer than the 100 bytes a ustar header holds: needs a PAX path record. */
  static final String LONG_PATH = "deep/" + "d".repeat(60) + "/" + "e".repeat(60) + "/file-with-a-long-path";

  private static byte[] busybox;

  private TestLayers() {}

  /** A minimal root: static busybox with its applets, users root/daemon/app/nobody, /tmp 1777, /home/app. */
  static LayerTar busyboxBase() {
    LayerTar layer = new LayerTar()
        .dir("bin", 0755)
        .file("bin/busybox", 0755, busyboxBinary())
        .dir("dev", 0755)
        .dir("etc", 0755)
        .file("etc/passwd", 0644, PASSWD)
        .file("etc/group", 0644, GROUP)
        .dir("home", 0755)
        .dir("home/app", 0755, 1000, 1000)
        .dir("proc", 0755)
        .dir("root", 0700)
        .dir("sys", 0755)
        .dir("tmp", 01777);
    for (String applet : APPLETS) {
      layer.symlink("bin/" + applet, "busybox");
    }
    return layer;
  }

  /** The bytes of the host's static busybox, read once. */
  static synchronized byte[] busyboxBinary() {
    if (busybox == null) {
      try {
        busybox = Files.readAllBytes(BUSYBOX);
      } catch (IOException e) {
        throw new UncheckedIOException(BUSYBOX + " is missing: apt-get install busybox-static", e);
      }
    }
    return busybox;
  }

  /** The lower layer of {@code layered}: busybox plus files the upper layer removes or hides. */
  static LayerTar layeredBase() {
    return busyboxBase()
        .file("data/keep", 0644, "keep\n")
        .file("data/gone", 0644, "gone\n")
        .file("opq/a", 0644, "a\n")
        .file("opq/b", 0644, "b\n");
  }

  /** The upper layer of {@code layered}: every kind of entry an unpacker must get right. */
  static LayerTar layeredTop() {
    return new LayerTar()
        // Parents written with the lower layer's metadata, as real layer tars carry them.
        .dir("bin", 0755)
        .dir("data", 0755)
        .dir("home", 0755)
        .dir("home/app", 0755, 1000, 1000)
        .dir("opq", 0755)
        .file("data/.wh.gone", 0644, new byte[0])
        .file("opq/.wh..wh..opq", 0644, new byte[0])
        .file("opq/c", 0644, "c\n")
        // Rewritten here because a hard link's target must be in the same layer.
        .file("data/keep", 0644, "keep, rewritten by layer 2\n")
        .hardlink("data/hard", "data/keep")
        .charDevice("dev-test/null", 0666, 1, 3)
        .fifo("dev-test/fifo", 0644)
        .file("bin/suid", 04755, "#!/bin/sh\nid\n")
        .file("home/app/owned", 0640, 1000, 1000, "owned by app\n".getBytes(StandardCharsets.UTF_8))
        .file("data/xattr", 0644, "has an xattr\n")
        .xattr("data/xattr", "user.coracle", "yes")
        .symlink("link", "/data/keep")
        .file(LONG_PATH, 0644, "a path longer than the 100 bytes of a ustar name\n");
  }

  /** A tiny layer whose {@code /arch} names its platform, so pulling the wrong child shows. */
  static LayerTar arch(Platform platform) {
    return new LayerTar().file("arch", 0644, platform.architecture()
        + (platform.variant() == null ? "" : "/" + platform.variant()) + "\n");
  }

  /** One layer that tries {@code kind} of escape, plus an honest file. */
  static LayerTar escape(TestImages.Escape kind) {
    byte[] text = ("written by the " + kind + " escape test layer\n").getBytes(StandardCharsets.UTF_8);
    String victim = TestImages.Escape.VICTIM;
    LayerTar layer = new LayerTar().file("escape-kind", 0644, kind + "\n");
    return switch (kind) {
      case DOT_DOT -> layer.raw("../../../" + victim, LayerTar.Kind.FILE, null, text);
      case ABSOLUTE -> layer.raw("/tmp/" + victim, LayerTar.Kind.FILE, null, text);
      case SYMLINK_PARENT -> layer
          .raw("escape", LayerTar.Kind.SYMLINK, "/tmp", new byte[0])
          .raw("escape/" + victim, LayerTar.Kind.FILE, null, text);
      case SYMLINK_DOTDOT -> layer
          .raw("escape", LayerTar.Kind.SYMLINK, "../../..", new byte[0])
          .raw("escape/" + victim, LayerTar.Kind.FILE, null, text);
      case HARDLINK_OUT -> layer.raw("escape", LayerTar.Kind.HARDLINK, "../../../" + victim, new byte[0]);
    };
  }

  /** Files {@code first..first+count-1} of incompressible, reproducible bytes under {@code bulk/}. */
  static LayerTar bulk(int first, int count, long fileSize) {
    LayerTar layer = new LayerTar();
    for (int i = first; i < first + count; i++) {
      layer.file("bulk/%06d.bin".formatted(i), 0644, 0, 0, new PseudoRandom(i, fileSize));
    }
    return layer;
  }

  /** Bytes from a seeded generator: the same file every run, and gzip cannot shrink them. */
  private record PseudoRandom(long seed, long size) implements LayerTar.Content {

    @Override
    public void writeTo(OutputStream out) throws IOException {
      SplittableRandom random = new SplittableRandom(seed);
      byte[] buffer = new byte[1 << 16];
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(left, buffer.length));
      }
    }
  }
}
