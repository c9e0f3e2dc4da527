package dev.coracle.core.container;

import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The host side of a container's mounts: bind sources and image sub-paths. */
final class HostPaths {

  private HostPaths() {}

  /**
   * A bind source that does not exist is made as a directory, as kubelet's runtimes have always
   * done (a hostPath volume of type "" relies on it); it must be absolute.
   */
  static void ensureBindSources(List<ContainerConfig.MountRequest> mounts) throws IOException {
    for (ContainerConfig.MountRequest mount : mounts) {
      if (mount.isImage()) {
        continue;
      }
      if (!mount.hostPath().startsWith("/")) {
        throw new InvalidArgumentException("mount " + mount.containerPath() + ": host path \"" + mount.hostPath()
            + "\" is not absolute");
      }
      Path source = Path.of(mount.hostPath());
      if (!Files.exists(source)) {
        Files.createDirectories(source);
      }
    }
  }

  /**
   * The sub-path of a mounted image volume, which must exist and, once its links are followed,
   * stay inside the volume.
   */
  static Path subPath(Path mounted, String subPath) {
    if (subPath.isEmpty()) {
      return mounted;
    }
    Path relative = Path.of(subPath).normalize();
    if (relative.isAbsolute() || relative.startsWith("..")) {
      throw new InvalidArgumentException("image_sub_path \"" + subPath + "\" must be a relative path inside the image");
    }
    try {
      Path real = mounted.resolve(relative).toRealPath();
      if (!real.startsWith(mounted.toRealPath())) {
        throw new InvalidArgumentException("image_sub_path \"" + subPath + "\" leads out of the image");
      }
      return real;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidArgumentException("image_sub_path \"" + subPath + "\" does not exist in the image");
    } catch (IOException e) {
      throw new InternalException("cannot resolve image_sub_path \"" + subPath + "\": " + e.getMessage(), e);
    }
  }

  /** A 64-character lowercase hex digest, the form snapshot keys take. */
  static String digestHex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
