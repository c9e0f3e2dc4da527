package dev.coracle.core.container;

import dev.coracle.core.container.ContainerSecurity.Profile;
import dev.coracle.core.container.ContainerSecurity.SelinuxLabel;
import dev.coracle.core.error.FailedPreconditionException;
import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.oci.security.SeccompProfiles;
import dev.coracle.core.oci.spec.Seccomp;
import java.nio.file.Path;
import java.util.Set;

/** What confines a container's process beyond its capabilities: AppArmor, seccomp, SELinux, OOM score. */
final class SpecConfinement {

  private final ContainerSpecBuilder.Host host;

  SpecConfinement(ContainerSpecBuilder.Host host) {
    this.host = host;
  }

  /**
   * RuntimeDefault is the configured default profile, as containerd does it (not the literal
   * "runtime/default"), except for a privileged container, which gets none; Unconfined sets
   * nothing. Where the host has no AppArmor there is nothing to pass: RuntimeDefault and
   * Unconfined set nothing, and a Localhost profile, which a user named to be confined by, is
   * refused rather than silently dropped.
   */
  String appArmor(Profile profile, boolean privileged) {
    if (!host.appArmorEnabled()) {
      if (profile.kind() == Profile.Kind.LOCALHOST) {
        throw new FailedPreconditionException("AppArmor profile \"" + profile.localhostRef()
            + "\" was asked for, but AppArmor is not enabled on this host");
      }
      return null;
    }
    return switch (profile.kind()) {
      case UNCONFINED -> null;
      case RUNTIME_DEFAULT -> privileged ? null : host.appArmorDefaultProfile();
      case LOCALHOST -> localhostRef(profile, "AppArmor");
    };
  }

  /** A privileged container runs without a filter, as under containerd and CRI-O. */
  Seccomp seccomp(ContainerSecurity security, Set<String> bounding) {
    if (security.privileged()) {
      return SeccompProfiles.unconfined();
    }
    return switch (security.seccomp().kind()) {
      case UNCONFINED -> SeccompProfiles.unconfined();
      case RUNTIME_DEFAULT -> host.seccomp().runtimeDefault(bounding);
      case LOCALHOST -> host.seccomp().localhost(Path.of(localhostRef(security.seccomp(), "seccomp")), bounding);
    };
  }

  // Older kubelets wrote Localhost profiles as "localhost/<ref>" in the deprecated string fields.
  private static String localhostRef(Profile profile, String what) {
    String ref = profile.localhostRef().startsWith("localhost/")
        ? profile.localhostRef().substring("localhost/".length()) : profile.localhostRef();
    if (ref.isEmpty()) {
      throw new InvalidArgumentException("a Localhost " + what + " profile needs a localhost_ref");
    }
    return ref;
  }

  Integer oomScoreAdj(Integer requested) {
    if (requested == null || host.oomScoreFloor() == null) {
      return requested;
    }
    return Math.max(requested, host.oomScoreFloor());
  }

  String selinuxLabel(SelinuxLabel requested) {
    SelinuxLabel base = host.selinuxDefault();
    if (base.isEmpty() || requested.isEmpty()) {
      return null;
    }
    return new SelinuxLabel(pick(requested.user(), base.user()), pick(requested.role(), base.role()),
        pick(requested.type(), base.type()), pick(requested.level(), base.level())).toString();
  }

  private static String pick(String asked, String fallback) {
    return asked.isEmpty() ? fallback : asked;
  }
}
