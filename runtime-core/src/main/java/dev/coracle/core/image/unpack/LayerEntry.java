package dev.coracle.core.image.unpack;

import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * One tar entry of a layer, headers (ustar, GNU and PAX) already merged.
 *
 * @param name the name as the archive spells it, for messages and normalising
 * @param mode the twelve permission bits (setuid, setgid, sticky and rwx)
 * @param atime null when the archive records none
 * @param xattrs extended attributes from {@code SCHILY.xattr.*} and {@code LIBARCHIVE.xattr.*}
 *     PAX records, values as raw bytes
 */
record LayerEntry(String name, Type type, int mode, int uid, int gid, FileTime mtime, FileTime atime,
    String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

  enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, OTHER }
}
