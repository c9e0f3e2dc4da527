package dev.coracle.hcs.image;

import dev.coracle.core.error.InvalidArgumentException;
import dev.coracle.core.image.unpack.LayerStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Windows PAX records of a layer entry (WINDOWS.md §3; go-winio {@code backuptar}):
 * {@code MSWINDOWS.fileattr} decimal Win32 attributes, {@code MSWINDOWS.rawsd} a base64
 * self-relative security descriptor, {@code MSWINDOWS.sd} the legacy SDDL form,
 * {@code MSWINDOWS.mountpoint} (a link that is a junction), {@code MSWINDOWS.xattr.<name>}
 * base64 extended attributes. {@code LIBARCHIVE.creationtime} the tar reader applies itself.
 */
final class WindowsPax {

  static final String FILE_ATTRIBUTES = "MSWINDOWS.fileattr";
  static final String RAW_SECURITY_DESCRIPTOR = "MSWINDOWS.rawsd";
  static final String SECURITY_DESCRIPTOR = "MSWINDOWS.sd";
  static final String MOUNT_POINT = "MSWINDOWS.mountpoint";
  static final String XATTR = "MSWINDOWS.xattr.";

  private WindowsPax() {}

  static WindowsLayerEntry entry(LayerStream.Entry tar, WindowsEntryName name, WindowsLayerEntry.Kind kind) {
    Map<String, String> pax = tar.paxRecords();
    return new WindowsLayerEntry(name.path(), kind, name.stream(), tar.size(), attributes(tar, kind),
        base64(tar, RAW_SECURITY_DESCRIPTOR), pax.get(SECURITY_DESCRIPTOR), tar.linkName(),
        pax.containsKey(MOUNT_POINT), extendedAttributes(tar), tar.created(), tar.modified(), tar.accessed(),
        tar.changed());
  }

  private static int attributes(LayerStream.Entry tar, WindowsLayerEntry.Kind kind) {
    String text = tar.paxRecords().get(FILE_ATTRIBUTES);
    if (text == null) {
      return kind == WindowsLayerEntry.Kind.DIRECTORY ? WindowsLayerEntry.FILE_ATTRIBUTE_DIRECTORY : 0;
    }
    try {
      return Integer.parseUnsignedInt(text.trim());
    } catch (NumberFormatException e) {
      throw WindowsEntryName.refused(tar.name(), FILE_ATTRIBUTES + " \"" + text + "\" is not a 32-bit decimal number");
    }
  }

  private static Map<String, byte[]> extendedAttributes(LayerStream.Entry tar) {
    Map<String, byte[]> eas = new LinkedHashMap<>();
    for (String key : tar.paxRecords().keySet()) {
      if (key.startsWith(XATTR) && key.length() > XATTR.length()) {
        eas.put(key.substring(XATTR.length()), base64(tar, key));
      }
    }
    return eas;
  }

  private static byte[] base64(LayerStream.Entry tar, String key) {
    String text = tar.paxRecords().get(key);
    if (text == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "Windows layer entry \"" + tar.name() + "\" is refused: " + key + " is not base64: " + e.getMessage());
    }
  }
}
