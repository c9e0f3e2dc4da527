package dev.coracle.core.oci.user;

import dev.coracle.core.error.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who a container's process runs as, from CRI's security context and the image's {@code User},
 * resolved against the image's own /etc/passwd and /etc/group (never the host's).
 *
 * <p>The user, first rule that applies:
 * <ol>
 *   <li>CRI's run_as_user: that uid; its primary group from the image's passwd entry, 0 without;
 *   <li>CRI's run_as_username: that user of the image's passwd, which must exist;
 *   <li>the image's User: {@code name}, {@code uid}, {@code name:group}, {@code uid:gid},
 *       {@code uid:groupname} or {@code name:gid}; a name must exist in the image's passwd (or
 *       group), a number need not; without a group part the primary group is the passwd
 *       entry's, 0 without one;
 *   <li>nothing: root (uid 0).
 * </ol>
 * CRI's run_as_group then replaces the primary group; CRI allows it only together with
 * run_as_user or run_as_username. The image's User is ignored entirely once CRI names the user.
 *
 * <p>Additional groups: with {@link SupplementalGroupsPolicy#MERGE} the groups the image's
 * /etc/group lists the user's name in, plus CRI's supplemental groups; with
 * {@link SupplementalGroupsPolicy#STRICT} only CRI's. Sorted, without duplicates and without the
 * primary group. Missing /etc/passwd or /etc/group files are as empty ones.
 */
public final class UserResolver {

  private UserResolver() {}

  /**
   * @param rootfs the image's root filesystem
   * @param imageUser the image config's User; null or blank for none
   * @param policy null means {@link SupplementalGroupsPolicy#MERGE}
   * @throws InvalidArgumentException naming a user or group that the image does not have, an id
   *     out of range, a malformed User, or run_as_group without a user
   */
  public static ResolvedUser resolve(Path rootfs, String imageUser, Long runAsUser, String runAsUsername,
      Long runAsGroup, List<Long> supplementalGroups, SupplementalGroupsPolicy policy) {
    boolean criNamesUser = runAsUser != null || !blank(runAsUsername);
    if (runAsGroup != null && !criNamesUser) {
      throw new InvalidArgumentException("run_as_group is set without run_as_user or run_as_username");
    }
    checkId(runAsUser, "run_as_user");
    checkId(runAsGroup, "run_as_group");
    List<Long> supplemental = supplementalGroups == null ? List.of() : supplementalGroups;
    supplemental.forEach(gid -> checkId(gid, "supplemental group"));

    EtcFiles etc = EtcFiles.parse(RootfsFiles.read(rootfs, "/etc/passwd").orElse(""),
        RootfsFiles.read(rootfs, "/etc/group").orElse(""));
    Identity who;
    if (runAsUser != null) {
      who = byUid(etc, runAsUser);
    } else if (!blank(runAsUsername)) {
      who = byName(etc, runAsUsername.strip(), "run_as_username");
    } else if (!blank(imageUser)) {
      who = fromImageUser(etc, imageUser.strip());
    } else {
      who = byUid(etc, 0);
    }
    long gid = runAsGroup != null ? runAsGroup : who.gid();

    TreeSet<Long> additional = new TreeSet<>(supplemental);
    if (policy != SupplementalGroupsPolicy.STRICT && who.entry().isPresent()) {
      additional.addAll(etc.groupsListing(who.entry().get().name()));
    }
    additional.remove(gid);
    EtcFiles.Passwd entry = who.entry().orElse(null);
    return new ResolvedUser(who.uid(), gid, List.copyOf(additional), entry == null ? null : entry.name(),
        entry == null ? null : entry.home());
  }

  /** A uid, its primary gid, and its passwd entry when the image has one. */
  private record Identity(long uid, long gid, Optional<EtcFiles.Passwd> entry) {}

  private static Identity byUid(EtcFiles etc, long uid) {
    Optional<EtcFiles.Passwd> entry = etc.userWithUid(uid);
    return new Identity(uid, entry.map(EtcFiles.Passwd::gid).orElse(0L), entry);
  }

  private static Identity byName(EtcFiles etc, String name, String source) {
    EtcFiles.Passwd entry = etc.userNamed(name).orElseThrow(() -> new InvalidArgumentException(
        "user \"" + name + "\" (" + source + ") is not in the image's /etc/passwd"));
    return new Identity(entry.uid(), entry.gid(), Optional.of(entry));
  }

  private static Identity fromImageUser(EtcFiles etc, String imageUser) {
    int colon = imageUser.indexOf(':');
    String userPart = colon < 0 ? imageUser : imageUser.substring(0, colon);
    String groupPart = colon < 0 ? null : imageUser.substring(colon + 1);
    if (userPart.isEmpty() || (groupPart != null && (groupPart.isEmpty() || groupPart.contains(":")))) {
      throw new InvalidArgumentException("the image's User \"" + imageUser + "\" is not user[:group]");
    }
    Identity who = numeric(userPart)
        ? byUid(etc, parseId(userPart, "the image's User \"" + imageUser + "\""))
        : byName(etc, userPart, "the image's User");
    if (groupPart == null) {
      return who;
    }
    long gid = numeric(groupPart)
        ? parseId(groupPart, "the image's User \"" + imageUser + "\"")
        : etc.groupNamed(groupPart).map(EtcFiles.Group::gid).orElseThrow(() -> new InvalidArgumentException(
            "group \"" + groupPart + "\" (the image's User) is not in the image's /etc/group"));
    return new Identity(who.uid(), gid, who.entry());
  }

  private static boolean numeric(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static long parseId(String text, String source) {
    Long id = EtcFiles.id(text);
    if (id == null) {
      throw new InvalidArgumentException(source + ": id " + text + " is out of range (0 to " + EtcFiles.MAX_ID + ")");
    }
    return id;
  }

  private static void checkId(Long id, String what) {
    if (id != null && (id < 0 || id > EtcFiles.MAX_ID)) {
      throw new InvalidArgumentException(what + " " + id + " is out of range (0 to " + EtcFiles.MAX_ID + ")");
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
