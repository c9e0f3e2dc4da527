package dev.coracle.hcs.hostprocess;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.hcs.document.MountInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mount of a HostProcess container as a symbolic link under its rootfs (WINDOWS.md §6,
 * containerd 1.6 behaviour): {@code C:\data\x} becomes {@code <rootfs>\data\x} pointing at the
 * host path. A link cannot be read-only, so a read-only mount is not enforced; named-pipe
 * mounts are refused (§6), and so are container paths on another drive or leaving the rootfs.
 *
 * @param relative the container path's components below the drive
 */
record MountLink(String hostPath, List<String> relative) {

  MountLink {
    relative = List.copyOf(relative);
  }

  static List<MountLink> of(List<MountInput> mounts) {
    List<MountLink> links = new ArrayList<>();
    for (MountInput mount : mounts == null ? List.<MountInput>of() : mounts) {
      links.add(of(mount));
    }
    return links;
  }

  static MountLink of(MountInput mount) {
    String container = mount.containerPath();
    if (isPipe(container) || isPipe(mount.hostPath())) {
      throw new InvalidArgumentException("mount " + container + ": HostProcess containers do not support named-pipe "
          + "mounts");
    }
    String path = container;
    if (path.length() >= 2 && path.charAt(1) == ':') {
      if (Character.toUpperCase(path.charAt(0)) != 'C') {
        throw new InvalidArgumentException("mount " + container + ": a HostProcess container's mounts must be on C:");
      }
      path = path.substring(2);
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("[\\\\/]+")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new InvalidArgumentException("mount " + container + ": the container path must not contain ..");
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      throw new InvalidArgumentException("mount " + container + ": cannot mount over the container's root");
    }
    return new MountLink(mount.hostPath(), parts);
  }

  /** Where the link goes under the directory the rootfs is mounted at. */
  Path under(Path mountPoint) {
    Path link = mountPoint;
    for (String part : relative) {
      link = link.resolve(part);
    }
    return link;
  }

  private static boolean isPipe(String path) {
    String p = path.replace('/', '\\').toLowerCase(Locale.ROOT);
    return p.startsWith("\\\\.\\pipe\\");
  }
}
