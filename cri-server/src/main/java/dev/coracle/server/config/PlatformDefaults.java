package dev.coracle.server.config;

import dev.coracle.hcs.backend.WindowsHandlers;
import dev.coracle.server.listen.ListenerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The built-in defaults that differ by operating system, all in this one place: where the
 * configuration file is read from, the state directories, the CNI directories, and how kubelet
 * reaches the daemon. Linux keeps the FHS paths; Windows keeps everything under
 * {@code C:\ProgramData\coracle}, the machine-wide application data directory a service running
 * as LocalSystem can write, and serves a named pipe (WINDOWS.md §10).
 *
 * @param listener how this operating system is reached: a unix socket, or a named pipe
 * @param configFile the file read when {@code --config} names none (it may be absent)
 * @param rootDir the default {@code root_dir}
 * @param stateDir the default {@code state_dir}
 * @param cniConfDir the default {@code cni.conf_dir}
 * @param cniBinDirs the default {@code cni.bin_dirs}
 */
public record PlatformDefaults(ListenerKind listener, Path configFile, Path rootDir, Path stateDir, Path cniConfDir,
    List<Path> cniBinDirs) {

  static final PlatformDefaults LINUX = new PlatformDefaults(ListenerKind.UNIX_SOCKET,
      Path.of("/etc/coracle/config.toml"), Path.of("/var/lib/coracle"), Path.of("/run/coracle"),
      Path.of("/etc/cni/net.d"), List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")));

  private static final String PROGRAM_DATA = "C:\\ProgramData\\coracle\\";

  /**
   * Built from strings, not resolved against each other: on Linux (where tests look at them) a
   * Windows path is one opaque name, and its separators must stay what Windows reads.
   */
  static final PlatformDefaults WINDOWS = new PlatformDefaults(ListenerKind.NAMED_PIPE,
      Path.of(PROGRAM_DATA + "config.toml"), Path.of(PROGRAM_DATA + "root"), Path.of(PROGRAM_DATA + "state"),
      Path.of(PROGRAM_DATA + "cni\\conf"), List.of(Path.of(PROGRAM_DATA + "cni\\bin")));

  private static final PlatformDefaults HOST = forOs(System.getProperty("os.name", ""));

  public PlatformDefaults {
    cniBinDirs = List.copyOf(cniBinDirs);
  }

  /** The defaults of this JVM's operating system. */
  public static PlatformDefaults host() {
    return HOST;
  }

  /** The defaults of the operating system named as {@code os.name} names it ("Linux", "Windows Server 2022"). */
  public static PlatformDefaults forOs(String osName) {
    return ListenerKind.forOs(osName) == ListenerKind.NAMED_PIPE ? WINDOWS : LINUX;
  }

  /**
   * The runtime handlers a node has when the configuration names none, as {@code
   * default_runtime} may name them: {@code runc} and {@code crun} on Linux; containerd's two on
   * Windows (WINDOWS.md §5), where {@code runc}, the key's default, stands for "not set".
   */
  public Set<String> builtInHandlers() {
    return windows()
        ? Set.of("runc", WindowsHandlers.PROCESS, WindowsHandlers.HYPERVISOR)
        : Set.of("runc", "crun");
  }

  /** Whether these are a Windows node's defaults. */
  public boolean windows() {
    return listener == ListenerKind.NAMED_PIPE;
  }

  /** The default {@code listen}: a socket in {@code stateDir}, or the default pipe. */
  public String listen(Path stateDir) {
    return listener.defaultEndpoint(stateDir);
  }
}
