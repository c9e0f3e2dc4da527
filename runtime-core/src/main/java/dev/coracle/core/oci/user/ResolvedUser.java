package dev.coracle.core.oci.user;

import java.util.List;

/**
 * The identity a container's process runs with.
 *
 * @param additionalGids sorted, without duplicates and without {@code gid}
 * @param username the user's name in the image's /etc/passwd; null when the uid has no entry
 * @param home the user's home directory from the same entry (for HOME); null without one
 */
public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String username, String home) {

  public ResolvedUser {
    additionalGids = List.copyOf(additionalGids);
  }
}
