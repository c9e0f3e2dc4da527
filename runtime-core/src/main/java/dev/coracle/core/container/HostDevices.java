package dev.coracle.core.container;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Linux;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Device nodes of the host, read with stat(2) for the devices a container is given. */
final class HostDevices {

  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  /** Not devices of the host but per-container file systems the runtime mounts itself. */
  private static final Set<String> SKIPPED = Set.of("pts", "shm", "mqueue", "hugepages", "fd");

  private HostDevices() {}

  /** The nodes the request names, by host path; a path that is no device is refused. */
  static Map<String, Linux.Device> requested(List<ContainerConfig.DeviceRequest> requests) throws IOException {
    Map<String, Linux.Device> found = new LinkedHashMap<>();
    for (ContainerConfig.DeviceRequest request : requests) {
      Path path = Path.of(request.hostPath());
      try {
        Linux.Device device = node(path.toRealPath());
        if (device == null) {
          throw new InvalidArgumentException("device " + request.hostPath() + " is not a character or block device");
        }
        found.put(request.hostPath(), device);
      } catch (NoSuchFileException e) {
        throw new InvalidArgumentException("device " + request.hostPath() + " does not exist on this host");
      }
    }
    return found;
  }

  /** Every character and block device under /dev, for a privileged container. */
  static List<Linux.Device> all(Path devRoot) throws IOException {
    List<Linux.Device> devices = new ArrayList<>();
    Files.walkFileTree(devRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(devRoot) && SKIPPED.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isOther()) {
          Linux.Device device = node(file);
          if (device != null) {
            devices.add(device);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // a node that went away meanwhile
      }
    });
    return devices;
  }

  /** The node at {@code path} as the spec describes it; null when it is no device. */
  static Linux.Device node(Path path) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      default -> null;
    };
    if (type == null) {
      return null;
    }
    long rdev = (Long) attrs.get("rdev");
    // glibc's gnu_dev_major/minor: the 64-bit dev_t keeps the low bits in the middle.
    long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
    return new Linux.Device(path.toString(), type, major, minor, mode & 07777,
        ((Integer) attrs.get("uid")).longValue(), ((Integer) attrs.get("gid")).longValue());
  }
}
