package dev.coracle.core.container;

import dev.coracle.core.oci.user.SupplementalGroupsPolicy;
import java.util.List;

/**
 * A container's security settings (CRI's {@code LinuxContainerSecurityContext}).
 *
 * @param runAsUser the uid to run as; null for the image's user
 * @param runAsGroup the gid to run as; null for the user's primary group
 * @param runAsUsername a user name from the image's /etc/passwd; empty for none
 * @param maskedPaths as kubelet sends them (see {@code MaskedPaths} for the rule)
 * @param seccomp the seccomp profile; {@link Profile#UNCONFINED} when none is asked for, as CRI says
 * @param apparmor the AppArmor profile, applied where the host has AppArmor; unset means the
 *     runtime's default, as CRI defines it for AppArmor (and unlike seccomp)
 */
public record ContainerSecurity(
    boolean privileged,
    List<String> addCapabilities,
    List<String> dropCapabilities,
    List<String> addAmbientCapabilities,
    Long runAsUser,
    Long runAsGroup,
    String runAsUsername,
    List<Long> supplementalGroups,
    SupplementalGroupsPolicy supplementalGroupsPolicy,
    boolean readonlyRootfs,
    boolean noNewPrivs,
    List<String> maskedPaths,
    List<String> readonlyPaths,
    Profile seccomp,
    Profile apparmor,
    SelinuxLabel selinux,
    NamespaceModes namespaces) {

  public static final ContainerSecurity DEFAULT = new ContainerSecurity(false, List.of(), List.of(), List.of(), null,
      null, "", List.of(), SupplementalGroupsPolicy.MERGE, false, false, List.of(), List.of(), Profile.UNCONFINED,
      Profile.RUNTIME_DEFAULT, SelinuxLabel.NONE, NamespaceModes.POD);

  public ContainerSecurity {
    addCapabilities = copy(addCapabilities);
    dropCapabilities = copy(dropCapabilities);
    addAmbientCapabilities = copy(addAmbientCapabilities);
    runAsUsername = runAsUsername == null ? "" : runAsUsername;
    supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
    supplementalGroupsPolicy = supplementalGroupsPolicy == null ? SupplementalGroupsPolicy.MERGE
        : supplementalGroupsPolicy;
    maskedPaths = copy(maskedPaths);
    readonlyPaths = copy(readonlyPaths);
    seccomp = seccomp == null ? Profile.UNCONFINED : seccomp;
    apparmor = apparmor == null ? Profile.RUNTIME_DEFAULT : apparmor;
    selinux = selinux == null ? SelinuxLabel.NONE : selinux;
    namespaces = namespaces == null ? NamespaceModes.POD : namespaces;
  }

  private static List<String> copy(List<String> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** A seccomp or AppArmor profile: CRI's {@code SecurityProfile}. */
  public record Profile(Kind kind, String localhostRef) {
    public static final Profile UNCONFINED = new Profile(Kind.UNCONFINED, "");
    public static final Profile RUNTIME_DEFAULT = new Profile(Kind.RUNTIME_DEFAULT, "");

    public Profile {
      localhostRef = localhostRef == null ? "" : localhostRef;
    }

    public enum Kind {
      RUNTIME_DEFAULT,
      UNCONFINED,
      /** {@code localhostRef} names the profile: a file for seccomp, a loaded profile for AppArmor. */
      LOCALHOST
    }
  }

  /** SELinux options, passed through to the runtime as a label. */
  public record SelinuxLabel(String user, String role, String type, String level) {
    public static final SelinuxLabel NONE = new SelinuxLabel("", "", "", "");

    public boolean isEmpty() {
      return user.isEmpty() && role.isEmpty() && type.isEmpty() && level.isEmpty();
    }

    /** {@code user:role:type:level}, the form runtimes take. */
    @Override
    public String toString() {
      return String.join(":", user, role, type, level);
    }
  }

  /**
   * Which namespaces the container shares (CRI's {@code NamespaceOption}).
   *
   * @param targetId the container whose PID namespace a {@link Mode#TARGET} pid mode joins
   */
  public record NamespaceModes(Mode network, Mode pid, Mode ipc, String targetId) {
    public static final NamespaceModes POD = new NamespaceModes(Mode.POD, Mode.CONTAINER, Mode.POD, "");

    public NamespaceModes {
      targetId = targetId == null ? "" : targetId;
    }

    /** CRI's NamespaceMode. */
    public enum Mode {
      POD,
      CONTAINER,
      NODE,
      TARGET
    }
  }
}
