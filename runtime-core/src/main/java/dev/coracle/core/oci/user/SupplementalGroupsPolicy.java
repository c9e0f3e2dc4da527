package dev.coracle.core.oci.user;

/** Which groups a container's process belongs to beyond its primary group (CRI's SupplementalGroupsPolicy). */
public enum SupplementalGroupsPolicy {
  /** The groups the image's /etc/group lists the user in, plus the ones CRI asks for (the default). */
  MERGE,
  /** Only the groups CRI asks for: the image cannot add any. */
  STRICT
}
