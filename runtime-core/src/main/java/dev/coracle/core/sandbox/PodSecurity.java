package dev.coracle.core.sandbox;

import java.util.List;

/**
 * The pod-level security context, recorded for the pod's containers (which apply it) and
 * reported back; the infra process itself always runs unprivileged in an empty root.
 *
 * @param privileged the pod may have privileged containers
 * @param seccomp the pod's default seccomp profile for its containers
 * @param selinux SELinux options passed through to the runtime as given
 * @param runAsUser the uid containers run as unless they say otherwise; null when unset
 * @param runAsGroup the gid likewise; null when unset
 */
public record PodSecurity(boolean privileged, Profile seccomp, SelinuxOptions selinux, Long runAsUser,
    Long runAsGroup, List<Long> supplementalGroups, boolean readonlyRootfs) {

  public static final PodSecurity DEFAULT = new PodSecurity(false, null, null, null, null, List.of(), false);

  public PodSecurity {
    seccomp = seccomp == null ? Profile.UNSET : seccomp;
    selinux = selinux == null ? SelinuxOptions.NONE : selinux;
    supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
  }

  /**
   * A seccomp (or AppArmor) profile choice.
   *
   * @param type {@code ""} (unset), {@code RuntimeDefault}, {@code Unconfined} or {@code Localhost}
   * @param localhostRef the profile file for {@code Localhost}
   */
  public record Profile(String type, String localhostRef) {
    public static final Profile UNSET = new Profile("", "");

    public Profile {
      type = type == null ? "" : type;
      localhostRef = localhostRef == null ? "" : localhostRef;
    }
  }

  /** SELinux label parts; all empty when the pod gives none. */
  public record SelinuxOptions(String user, String role, String type, String level) {
    public static final SelinuxOptions NONE = new SelinuxOptions("", "", "", "");

    public SelinuxOptions {
      user = user == null ? "" : user;
      role = role == null ? "" : role;
      type = type == null ? "" : type;
      level = level == null ? "" : level;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
      return user.isEmpty() && role.isEmpty() && type.isEmpty() && level.isEmpty();
    }
  }
}
