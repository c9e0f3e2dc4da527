package dev.coracle.core.oci.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.coracle.core.error.InternalException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.spec.Seccomp;
import dev.coracle.core.oci.spec.SpecJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seccomp filters a container can get: CRI's RuntimeDefault, Localhost (a profile file on the
 * node) and Unconfined.
 *
 * <p>RuntimeDefault is the runtime's own allow-list, {@code seccomp-default.json} next to this
 * class's package: every system call not named fails with EPERM. Calls that only a capability
 * makes useful (mount, reboot, bpf, ...) are allowed exactly when that capability is in the
 * container's bounding set, so granting CAP_SYS_ADMIN also opens mount, namespaces, clone3 and
 * the like; the kernel still checks the capability itself. A few calls are answered ENOSYS
 * ("this kernel has no such call") rather than EPERM, because their callers fall back cleanly on
 * ENOSYS and on nothing else:
 * <ul>
 *   <li>clone3 (unless CAP_SYS_ADMIN): its flags sit in memory where a filter cannot read them,
 *       so it cannot be held to the namespace rule clone is held to; glibc retries with clone;
 *   <li>io_uring_setup/enter/register: the source of many kernel privilege escalations; every
 *       io_uring user must already cope with kernels without it;
 *   <li>keyctl, add_key, request_key: the kernel keyring is not isolated per container.
 * </ul>
 * Other decisions, each written in the profile's comments: clone and unshare are allowed without
 * namespace flags (CLONE_NEWUSER included: no new user namespaces without CAP_SYS_ADMIN);
 * personality only to the Linux, 32-bit and uname-26 personas; socket for every family but
 * AF_VSOCK (not network-namespaced: it reaches the hypervisor of a virtual node);
 * ptrace, process_vm_readv/writev, kcmp and pidfd_getfd on kernels 4.8 and later, since which a
 * tracer can no longer change a call after the filter has passed it; kexec, swapon/swapoff,
 * modify_ldt, uselib and other host-wide or obsolete calls never.
 */
public final class SeccompProfiles {

  static final String RESOURCE = "/dev/coracle/core/oci/seccomp-default.json";

  private final Arch arch;
  private final KernelVersion kernel;

  public SeccompProfiles(Arch arch, KernelVersion kernel) {
    this.arch = arch;
    this.kernel = kernel;
  }

  /** For this machine's architecture and kernel. */
  public static SeccompProfiles forHost() {
    return new SeccompProfiles(Arch.host(), KernelVersion.host());
  }

  /** RuntimeDefault for a container with the default capabilities. */
  public Seccomp runtimeDefault() {
    return runtimeDefault(Set.copyOf(Capabilities.DEFAULT));
  }

  /**
   * RuntimeDefault for a container whose bounding set is {@code capabilities} (names like
   * CAP_SYS_ADMIN, as {@link Capabilities#resolve} returns them), covering the machine's
   * architecture and its compatible ABIs.
   */
  public Seccomp runtimeDefault(Set<String> capabilities) {
    Seccomp seccomp = DefaultProfile.FILE.evaluate(arch, kernel, canonical(capabilities));
    return new Seccomp(seccomp.defaultAction(), seccomp.defaultErrnoRet(), arch.seccompArchitectures(),
        seccomp.flags(), seccomp.listenerPath(), seccomp.listenerMetadata(), seccomp.syscalls());
  }

  /**
   * A Localhost profile: the OCI or Docker-format JSON file at {@code file} (an absolute path on
   * the node), evaluated for a container whose bounding set is {@code capabilities}.
   *
   * @throws InvalidArgumentException when the path is not absolute, the file is missing or not a
   *     regular file, or its content is not a valid profile; the message names the file
   */
  public Seccomp localhost(Path file, Set<String> capabilities) {
    if (!file.isAbsolute()) {
      throw new InvalidArgumentException("seccomp profile path \"" + file + "\" is not absolute");
    }
    byte[] json;
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new InvalidArgumentException("seccomp profile " + file + " is not a regular file");
      }
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidArgumentException("seccomp profile " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidArgumentException("cannot read seccomp profile " + file + ": " + e.getMessage(), e);
    }
    return parse(json, file.toString()).evaluate(arch, kernel, canonical(capabilities));
  }

  /** Unconfined: no filter, which the spec writes as no {@code seccomp} object at all. */
  public static Seccomp unconfined() {
    return null;
  }

  // Profiles name capabilities as CAP_X; a caller's "sys_admin" must still match.
  private static Set<String> canonical(Set<String> capabilities) {
    return capabilities.stream()
        .map(name -> name.strip().toUpperCase(Locale.ROOT))
        .map(name -> name.startsWith("CAP_") ? name : "CAP_" + name)
        .collect(Collectors.toUnmodifiableSet());
  }

  static ProfileFile parse(byte[] json, String source) {
    try {
      ProfileFile profile = SpecJson.read(json, ProfileFile.class);
      if (profile == null) {
        throw new InvalidArgumentException("seccomp profile " + source + " is empty (null)");
      }
      return profile.validated(source);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("seccomp profile " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidArgumentException("cannot read seccomp profile " + source + ": " + e.getMessage(), e);
    }
  }

  /** The bundled profile, read once; a broken resource is a bug of the build, not of a request. */
  private static final class DefaultProfile {

    static final ProfileFile FILE = load();

    private static ProfileFile load() {
      try (InputStream in = SeccompProfiles.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new InternalException("the runtime's default seccomp profile " + RESOURCE + " is missing");
        }
        return parse(in.readAllBytes(), RESOURCE);
      } catch (IOException | InvalidArgumentException e) {
        throw new InternalException("the runtime's default seccomp profile cannot be read: " + e.getMessage(), e);
      }
    }
  }
}
