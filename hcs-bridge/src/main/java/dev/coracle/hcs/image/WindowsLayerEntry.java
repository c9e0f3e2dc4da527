package dev.coracle.hcs.image;

import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * One object of a Windows layer tar, as a {@link WindowsLayerWriter} writes it (WINDOWS.md §3,
 * go-winio {@code backuptar}): the entry's name checked and normalised, its PAX records
 * decoded.
 *
 * @param path the layer-relative path, {@code /}-separated, starting with {@code Files},
 *     {@code Hives} or {@code UtilityVM}; for an alternate data stream, the file's path
 * @param stream the alternate data stream's name ({@code Zone.Identifier} of
 *     {@code Files/a.txt:Zone.Identifier}); "" for every other kind
 * @param size bytes of data that follow (file or stream contents)
 * @param attributes Win32 {@code FILE_ATTRIBUTE_*} bits from {@code MSWINDOWS.fileattr};
 *     without that record, {@code FILE_ATTRIBUTE_DIRECTORY} for a directory and 0 otherwise
 * @param securityDescriptor the self-relative security descriptor ({@code MSWINDOWS.rawsd},
 *     base64 in the tar), or null
 * @param sddl the legacy {@code MSWINDOWS.sd} descriptor in SDDL, or null
 * @param linkTarget a symbolic link's or junction's target as written; "" for other kinds
 * @param mountPoint true when the link is a junction ({@code MSWINDOWS.mountpoint})
 * @param extendedAttributes {@code MSWINDOWS.xattr.<name>} values, decoded from base64
 * @param created {@code LIBARCHIVE.creationtime}, or null
 */
public record WindowsLayerEntry(
    String path,
    Kind kind,
    String stream,
    long size,
    int attributes,
    byte[] securityDescriptor,
    String sddl,
    String linkTarget,
    boolean mountPoint,
    Map<String, byte[]> extendedAttributes,
    FileTime created,
    FileTime modified,
    FileTime accessed,
    FileTime changed) {

  public enum Kind { DIRECTORY, FILE, SYMLINK, ALTERNATE_STREAM }

  /** {@code FILE_ATTRIBUTE_DIRECTORY}. */
  public static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;

  public WindowsLayerEntry {
    stream = stream == null ? "" : stream;
    linkTarget = linkTarget == null ? "" : linkTarget;
    extendedAttributes = Map.copyOf(extendedAttributes);
  }
}
