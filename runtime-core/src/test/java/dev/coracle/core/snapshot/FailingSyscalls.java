package dev.coracle.core.snapshot;

import dev.coracle.core.sys.DelegatingSyscalls;
import dev.coracle.core.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Path;

/** The real system calls, except that the mounts a test picks fail. */
final class FailingSyscalls extends DelegatingSyscalls {

  /** Which mount calls fail. */
  interface MountFilter {
    boolean fails(String fsType, long flags);
  }

  static boolean isOverlay(String fsType, long flags) {
    return "overlay".equals(fsType);
  }

  static boolean isRemount(String fsType, long flags) {
    return (flags & MS_REMOUNT) != 0;
  }

  private final MountFilter failing;

  FailingSyscalls(LinuxSyscalls real, MountFilter failing) {
    super(real);
    this.failing = failing;
  }

  @Override
  public void mount(String source, Path target, String fsType, long flags, String data) throws IOException {
    if (failing.fails(fsType, flags)) {
      throw new IOException("injected");
    }
    super.mount(source, target, fsType, flags, data);
  }

  @Override
  public void mountIn(Path workingDir, String source, Path target, String fsType, long flags, String data)
      throws IOException {
    if (failing.fails(fsType, flags)) {
      throw new IOException("injected");
    }
    super.mountIn(workingDir, source, target, fsType, flags, data);
  }
}
