package dev.coracle.core.sys;

/**
 * Size and fill of a file system. Free bytes are those an unprivileged user may still use
 * (what {@code df} shows as available). File systems with no inode limit (btrfs, some
 * overlays) report zero inodes.
 */
public record FsUsage(long totalBytes, long freeBytes, long totalInodes, long freeInodes) {}
