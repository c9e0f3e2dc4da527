package dev.coracle.hcs.hostprocess;

import com.sun.jna.WString;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.lifecycle.CleanupStack;
import dev.coracle.hcs.nativeapi.JobApi;
import dev.coracle.hcs.storage.LayerStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HostProcess container's files on the host (WINDOWS.md §6, the containerd 1.6 behaviour,
 * without bindflt): a scratch layer over the image's layers, mounted as for process isolation
 * (§3), its volume mounted at {@code <mount root>\<id>\} with {@code SetVolumeMountPointW}, and
 * each mount a symbolic link under it. That directory is the rootfs location, {@code
 * CONTAINER_SANDBOX_MOUNT_POINT}, with its trailing backslash.
 */
final class RootfsMount {

  private static final Logger log = LoggerFactory.getLogger(RootfsMount.class);

  /**
   * What is made for one container.
   *
   * @param scratch the scratch layer's directory
   * @param mountPoint the directory the volume is mounted at
   * @param location the rootfs location: the mount point with a trailing separator
   * @param links the mount links made, in order
   */
  record Rootfs(Path scratch, Path mountPoint, String location, List<Path> links) {}

  private final JobApi api;
  private final LayerStorage storage;
  private final Path scratchRoot;
  private final Path mountRoot;

  RootfsMount(JobApi api, LayerStorage storage, Path scratchRoot, Path mountRoot) {
    this.api = api;
    this.storage = storage;
    this.scratchRoot = scratchRoot;
    this.mountRoot = mountRoot;
  }

  /** Makes it all; each step pushes its undo onto {@code undo}. */
  Rootfs mount(String id, List<Path> layers, List<MountLink> mounts, CleanupStack undo) {
    Path dir = scratchRoot.resolve(id);
    Path scratch = dir.resolve("scratch");
    io(() -> Files.createDirectories(dir));
    undo.push("remove the scratch directory", () -> deleteTree(dir));
    storage.createScratch(scratch, layers);
    undo.push("destroy the scratch layer", () -> storage.destroyLayer(scratch));
    String volume = storage.mountScratch(scratch, layers);
    undo.push("unmount the scratch layer", () -> storage.unmountScratch(scratch));
    Path mountPoint = mountRoot.resolve(id);
    io(() -> Files.createDirectories(mountPoint));
    undo.push("remove the mount point", () -> Files.deleteIfExists(mountPoint));
    String location = withSeparator(mountPoint);
    Win32.check(api, api.SetVolumeMountPointW(new WString(location), new WString(volume)), "SetVolumeMountPointW");
    undo.push("unmount the volume", () -> Win32.check(api, api.DeleteVolumeMountPointW(new WString(location)),
        "DeleteVolumeMountPointW"));
    List<Path> links = new ArrayList<>();
    for (MountLink mount : mounts) {
      Path link = mount.under(mountPoint);
      io(() -> {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(mount.hostPath()));
      });
      undo.push("remove the link " + link, () -> Files.deleteIfExists(link));
      links.add(link);
    }
    return new Rootfs(scratch, mountPoint, location, List.copyOf(links));
  }

  /** Undoes {@link #mount}: every step is tried; the first failure is thrown after the rest ran. */
  void unmount(Rootfs rootfs) {
    Steps steps = new Steps();
    for (Path link : rootfs.links().reversed()) {
      steps.run(() -> Files.deleteIfExists(link));
    }
    steps.run(() -> Win32.check(api, api.DeleteVolumeMountPointW(new WString(rootfs.location())),
        "DeleteVolumeMountPointW"));
    steps.run(() -> Files.deleteIfExists(rootfs.mountPoint()));
    steps.run(() -> storage.unmountScratch(rootfs.scratch()));
    steps.run(() -> storage.destroyLayer(rootfs.scratch()));
    steps.run(() -> deleteTree(rootfs.scratch().getParent()));
    steps.rethrow();
  }

  /**
   * What a previous daemon left for {@code id}, taken apart as far as it goes: its job and
   * processes ended with it (kill-on-close), but the mounts outlive it.
   */
  void unmountLeftovers(String id) {
    Path mountPoint = mountRoot.resolve(id);
    Path scratch = scratchRoot.resolve(id).resolve("scratch");
    if (Files.exists(mountPoint)) {
      if (!api.DeleteVolumeMountPointW(new WString(withSeparator(mountPoint)))) {
        log.debug("{}: no volume mounted ({})", mountPoint, api.lastError());
      }
      io(() -> Files.deleteIfExists(mountPoint));
    }
    if (Files.exists(scratch)) {
      Steps steps = new Steps();
      steps.run(() -> storage.unmountScratch(scratch));
      steps.run(() -> storage.destroyLayer(scratch));
      steps.run(() -> deleteTree(scratch.getParent()));
      steps.rethrow();
    }
  }

  private static String withSeparator(Path dir) {
    return dir.toString() + dir.getFileSystem().getSeparator();
  }

  /**
   * The scratch's own directory with what is left in it once the layer is destroyed. Never
   * used on a mount point: a mounted volume shows as a plain directory to a walk, and only an
   * empty mount point directory is removed ({@code Files.deleteIfExists}).
   */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private interface IoStep {
    void run() throws Exception;
  }

  private static void io(IoStep step) {
    try {
      step.run();
    } catch (Exception e) {
      throw new InternalException("HostProcess rootfs: " + e.getMessage(), e);
    }
  }

  /** Runs every step, keeping the first failure. */
  private static final class Steps {
    private RuntimeException first;

    void run(IoStep step) {
      try {
        step.run();
      } catch (Exception e) {
        log.warn("HostProcess rootfs cleanup: {}", e.toString());
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new InternalException(e.getMessage(), e);
        }
      }
    }

    void rethrow() {
      if (first != null) {
        throw first;
      }
    }
  }
}
